// `npm start`: the main job on the bundled example: check the session
// (takes included), render the mix and master it, printing the reports.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "..", "..");
const session = join("examples", "night-drive", "night-drive.session");
const steps = [
  ["check", session],
  ["format", session, "--check"],
  ["render", session],
  ["master", session],
];
for (const args of steps) {
  console.log(`$ mixdown ${args.join(" ")}`);
  const r = spawnSync(process.execPath, [join(root, "dist", "cli.js"), ...args], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
