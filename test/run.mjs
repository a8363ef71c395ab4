// `npm test`: type-check, then every mocha suite in one run, ending with one
// line: `N passed, N failed` (and `, N skipped` when some were skipped).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/cjs/api";
import Mocha from "mocha";

const root = join(fileURLToPath(import.meta.url), "..", "..");
process.chdir(root);

function typecheck() {
  const tsc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."], { stdio: "inherit" });
  return tsc.status === 0;
}

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== "fixtures" && name !== "e2e") out.push(...testFiles(full));
    } else if (name.endsWith(".test.ts")) out.push(full);
  }
  return out.sort();
}

async function runMocha(files, grep) {
  register();
  const mocha = new Mocha({ forbidOnly: true, reporter: "spec", timeout: 60000, grep });
  for (const f of files) mocha.addFile(f);
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
}

const grep = process.argv.includes("--grep") ? process.argv[process.argv.indexOf("--grep") + 1] : undefined;
const checked = typecheck();
if (!checked) console.error("tsc --noEmit failed: the type errors above must be fixed.");
const files = testFiles(join(root, "test"));
console.log(`running ${files.length} test files: ${files.map((f) => relative(root, f)).join(", ")}`);
const stats = await runMocha(files, grep);
const failed = stats.failures + (checked ? 0 : 1);
const skipped = stats.pending;
console.log(`${stats.passes} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exitCode = failed > 0 ? 1 : 0;
