// The extension-host test module: VS Code (test-electron) or code-server (smoke-test driver)
// loads it inside the extension host and calls run(). It runs the bundled mocha tests next to it
// and writes their results to MIXDOWN_E2E_RESULTS, which the launcher reads and counts.
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Mocha from "mocha";

/** One test's outcome, as the launcher reads it back. */
export interface E2eTest {
  title: string;
  state: "passed" | "failed" | "pending";
  error?: string;
}

/** What the run() module writes for the launcher. */
export interface E2eResults {
  passes: number;
  failures: number;
  pending: number;
  tests: E2eTest[];
  /** The VS Code version the tests ran in. */
  vscodeVersion: string;
}

function vscodeVersion(): string {
  try {
    // Required lazily so that this module also loads where there is no `vscode` (a type check).
    const vscode = require("vscode") as { version: string };
    return vscode.version;
  } catch {
    return "unknown";
  }
}

/** Test bundles sit in `tests/` beside this bundle (see test/e2e/launch/bundle.mjs). */
function testBundles(): string[] {
  const dir = join(__dirname, "tests");
  return readdirSync(dir)
    .filter((name) => name.endsWith(".test.js"))
    .sort()
    .map((name) => join(dir, name));
}

function record(runner: Mocha.Runner, tests: E2eTest[]): void {
  runner.on("pass", (test) => tests.push({ title: test.fullTitle(), state: "passed" }));
  runner.on("pending", (test) => tests.push({ title: test.fullTitle(), state: "pending" }));
  runner.on("fail", (test, error: unknown) => {
    const message = error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error);
    tests.push({ title: test.fullTitle(), state: "failed", error: message });
  });
}

export function run(): Promise<void> {
  const grep = process.env.MIXDOWN_E2E_GREP || undefined;
  const mocha = new Mocha({ ui: "bdd", color: false, forbidOnly: true, timeout: 60_000, grep, reporter: "spec" });
  for (const file of testBundles()) mocha.addFile(file);
  const tests: E2eTest[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      const results: E2eResults = {
        passes: stats?.passes ?? 0,
        failures: Math.max(failures, stats?.failures ?? 0),
        pending: stats?.pending ?? 0,
        tests,
        vscodeVersion: vscodeVersion(),
      };
      const out = process.env.MIXDOWN_E2E_RESULTS;
      if (out) writeFileSync(out, JSON.stringify(results, null, 2));
      if (results.failures > 0) reject(new Error(`${results.failures} e2e test(s) failed`));
      else resolve();
    });
    record(runner, tests);
  });
}
