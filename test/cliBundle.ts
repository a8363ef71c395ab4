// The `mixdown` CLI bundled from the current source (engine/cli/main.ts) into a
// temporary folder, once per test run, so tests of new commands do not depend
// on a fresh `npm run build`. Removed when the test process exits.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GIT_ENV } from "./gitRepo";
import { ROOT } from "./helpers";

let bundled: string | undefined;

export function cliBundle(): string {
  if (bundled) return bundled;
  const dir = mkdtempSync(join(tmpdir(), "mixdown-cli-bundle-"));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  // Renders run tracks in worker threads, whose script is found beside the CLI.
  const entries = [{ out: "cli", in: join(ROOT, "engine", "cli", "main.ts") }, { out: "trackWorker", in: join(ROOT, "engine", "render", "threads", "trackWorker.ts") }].filter((e) => existsSync(e.in));
  esbuild.buildSync({ entryPoints: entries, outdir: dir, bundle: true, platform: "node", format: "cjs", target: "node20", logLevel: "error" });
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return (bundled = join(dir, "cli.js"));
}

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `mixdown ARGS` in `cwd` (git sees no global config). */
export function mixdown(cwd: string, ...args: string[]): CliRun {
  const r = spawnSync(process.execPath, [cliBundle(), ...args], { cwd, env: GIT_ENV, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
