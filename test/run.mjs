// `npm test`: build, type-check, then every suite, ending with one line:
// `N passed, N failed` (and `, N skipped` when some were skipped).
//   unit   mocha, test/**/*.test.ts outside the folders below
//   audio  mocha, test/audio/: a real PulseAudio server with a virtual speaker and microphone
//   e2e    the extension-host suite (test/e2e/) in a real editor: test-electron or code-server
//   ui     mocha + Playwright, test/ui/: the workbench in Chromium against code-server
// The build (`node esbuild.mjs`: the parser from the grammar, the kernels, the bundles) runs first
// on every run, whatever --suite says, so no suite tests a stale parser or stale kernels; if it
// fails, nothing else runs. The type-check (`tsc --noEmit`) runs with the unit suite.
// Suites that need more than Node are provisioned first (test/provision/). One that cannot be
// provisioned is reported as skipped with the reason; with CI=true that counts as a failure.
// Options: --grep PATTERN (every suite), --suite NAME (repeatable; all suites by default).
// A full run with the audio suite also records for 10 minutes beside the suites (test/audio/soak.ts;
// MIXDOWN_SOAK_SECONDS sets the length).
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/cjs/api";
import Mocha from "mocha";

const root = join(fileURLToPath(import.meta.url), "..", "..");
process.chdir(root);
register();
const require = createRequire(import.meta.url);
const { provisioned } = require("./provision/index.ts");
const { runE2e } = require("./e2e/launch/index.ts");
const { leftovers, stopAllGroups, stopEsbuildServices } = require("./harness/processes.ts");

const SUITES = ["unit", "audio", "e2e", "ui"];
/** Folders the unit run leaves to their own suites (or that hold no tests). */
const NOT_UNIT = new Set(["fixtures", "e2e", "ui", "audio", "harness", "provision"]);

function option(name) {
  const values = [];
  process.argv.forEach((arg, i) => arg === name && process.argv[i + 1] && values.push(process.argv[i + 1]));
  return values;
}
const grep = option("--grep")[0];
const chosen = option("--suite");
for (const s of chosen) if (!SUITES.includes(s)) throw new Error(`--suite ${s}: expected one of ${SUITES.join(", ")}`);
const selected = new Set(chosen.length ? chosen : SUITES);
const strict = process.env.CI === "true";

const total = { passed: 0, failed: 0, skipped: 0 };
const summary = [];
const clock = () => {
  const started = Date.now();
  return () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
};

function counted(suite, passed, failed, pending, took, note = "") {
  total.passed += passed;
  total.failed += failed;
  total.skipped += pending;
  summary.push(`${suite}: ${passed} passed, ${failed} failed${pending ? `, ${pending} pending` : ""} (${took})${note}`);
}

function skipped(suite, reason) {
  if (strict) {
    total.failed += 1;
    summary.push(`${suite}: FAILED, not run because CI=true forbids skipping: ${reason}`);
  } else {
    total.skipped += 1;
    summary.push(`${suite}: skipped: ${reason}`);
  }
}

function broken(suite, reason, took) {
  total.failed += 1;
  summary.push(`${suite}: FAILED to run (${took}): ${reason}`);
}

function typecheck() {
  const tsc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."], { stdio: "inherit" });
  return tsc.status === 0;
}

function build() {
  const run = spawnSync(process.execPath, ["esbuild.mjs"], { stdio: "inherit" });
  return run.status === 0;
}

function testFiles(dir, skip = NOT_UNIT) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!skip.has(name)) out.push(...testFiles(full, skip));
    } else if (name.endsWith(".test.ts")) out.push(full);
  }
  return out.sort();
}

async function runMocha(suite, files) {
  const took = clock();
  console.log(`\n${suite}: ${files.length} test files: ${files.map((f) => relative(root, f)).join(", ")}`);
  const mocha = new Mocha({ forbidOnly: true, reporter: "spec", timeout: 60000, grep });
  for (const f of files) mocha.addFile(f);
  await mocha.loadFilesAsync();
  const stats = await new Promise((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
  counted(suite, stats.passes, stats.failures, stats.pending, took());
}

function printE2e(results) {
  for (const t of results.tests) {
    console.log(`  ${t.state === "passed" ? "✔" : t.state === "failed" ? "✖" : "-"} ${t.title}`);
    if (t.error) console.log(t.error.split("\n").map((l) => `      ${l}`).join("\n"));
  }
}

async function e2e(provision) {
  const took = clock();
  console.log("\ne2e: the extension-host suite in a real editor");
  const run = await runE2e(root, provision, grep);
  if (run.status === "skipped") return skipped("e2e", run.reason);
  if (run.status === "broken") return broken(`e2e (${run.launcher})`, run.reason, took());
  printE2e(run.results);
  const { passes, failures, pending, vscodeVersion } = run.results;
  counted("e2e", passes, failures, pending, took(), ` via ${run.launcher}, VS Code ${vscodeVersion}`);
}

/**
 * The 10-minute recording soak (test/audio/soak.ts) runs in a child process beside the suites,
 * on a full run with the audio suite, so its ten minutes overlap theirs; MIXDOWN_SOAK_SECONDS shortens it.
 */
function startSoak() {
  const seconds = Number(process.env.MIXDOWN_SOAK_SECONDS ?? 600);
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "test", "audio", "soak.ts"), String(seconds)], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const done = new Promise((resolve) => child.once("exit", () => resolve(out)));
  const deadline = (seconds + 300) * 1000;
  return {
    seconds,
    async result() {
      const timer = setTimeout(() => child.kill("SIGKILL"), deadline);
      const text = await done;
      clearTimeout(timer);
      const last = text.trim().split("\n").pop() ?? "";
      try {
        return JSON.parse(last);
      } catch {
        return { ok: false, title: `audio: the ${seconds} s recording soak`, detail: `no result (killed after ${deadline / 1000} s?):\n${text.slice(-2000)}` };
      }
    },
  };
}

// Build first, every run, whichever suites: the parser from the grammar, the kernels from their
// WebAssembly text, then the bundles (esbuild.mjs). The suites import the generated parser and
// kernels, so without this they would test whatever the last build left behind.
{
  const took = clock();
  if (!build()) {
    console.log(`\nbuild: FAILED (${took()}): node esbuild.mjs failed (the errors above); no suite was run.`);
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
  summary.push(`build: node esbuild.mjs (${took()})`);
}

let provision;
let soak;
if (selected.has("audio") || selected.has("e2e") || selected.has("ui")) {
  const took = clock();
  provision = provisioned(root);
  console.log(`\nprovision (${took()}):\n${provision.report.map((l) => `  ${l}`).join("\n")}`);
  if (selected.has("audio") && provision.audio.ok && !grep) {
    soak = startSoak();
    console.log(`audio: a ${soak.seconds} s recording soak runs beside the suites (test/audio/soak.ts)`);
  }
}

const unitFiles = testFiles(join(root, "test"));
if (selected.has("unit")) {
  const took = clock();
  const checked = typecheck();
  if (!checked) broken("typecheck", "tsc --noEmit failed: the type errors above must be fixed.", took());
  await runMocha("unit", unitFiles);
}

if (provision) {
  if (selected.has("audio")) {
    if (provision.audio.ok) await runMocha("audio", testFiles(join(root, "test", "audio"), new Set()));
    else skipped("audio", provision.audio.reason);
  }
  if (selected.has("e2e")) await e2e(provision);
  if (selected.has("ui")) {
    const editor = provision.editor();
    if (!editor.ok) skipped("ui", `needs code-server: ${editor.reason}`);
    else if (!provision.browser.ok) skipped("ui", `needs Chromium: ${provision.browser.reason}`);
    else await runMocha("ui", testFiles(join(root, "test", "ui"), new Set()));
  }
}

if (soak) {
  const took = clock();
  const r = await soak.result();
  console.log(`\naudio soak:\n  ${r.ok ? "✔" : "✖"} ${r.title}\n      ${r.detail.split("\n").join("\n      ")}`);
  counted("audio soak", r.ok ? 1 : 0, r.ok ? 0 : 1, 0, `${took()} waited`);
}

// No test may leave a process behind: anything still running is a failure, and is stopped.
// (esbuild's service, which tsx started for this process to compile TypeScript, is ours: stop it
// first, and wait for it to exit: stop() only signals it.)
await stopEsbuildServices(() => require("esbuild").stop());
const left = leftovers();
if (left.length > 0) {
  total.failed += 1;
  summary.push(`processes left behind (now stopped): ${left.join(", ")}`);
  await stopAllGroups();
  for (const line of left) {
    try {
      process.kill(Number(line.split(" ")[0]), "SIGKILL");
    } catch {
      // already gone
    }
  }
}

console.log(`\n${summary.join("\n")}`);
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
// Exit now: the summary is final, and a handle a suite left open (an in-process language
// server's timers, say) must not keep the run alive after it.
process.exit(total.failed > 0 ? 1 : 0);
