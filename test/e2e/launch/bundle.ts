// Bundles the extension-host test module and its tests for either launcher:
// .cache/e2e/index.js (run()) and .cache/e2e/tests/*.test.js, with `vscode` and mocha left to
// the extension host and the checkout's node_modules.
import { cpSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build, stop, type BuildOptions } from "esbuild";

export interface E2eBundle {
  /** The run() module: extensionTestsPath. */
  index: string;
  dir: string;
  remove(): void;
}

const OPTIONS: BuildOptions = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: "inline",
  external: ["vscode", "mocha"],
  logLevel: "warning",
};

/**
 * Builds the bundles under `<root>/.cache/e2e/<pid>` (one folder a run, so two runs never share
 * one; inside the checkout, so `mocha` resolves from its node_modules); stops esbuild's service.
 */
export async function bundleE2e(root: string): Promise<E2eBundle> {
  const dir = join(root, ".cache", "e2e", String(process.pid));
  rmSync(dir, { recursive: true, force: true });
  const suite = join(root, "test", "e2e", "suite");
  const tests = readdirSync(suite).filter((name) => name.endsWith(".test.ts"));
  try {
    await build({ ...OPTIONS, entryPoints: [join(root, "test", "e2e", "index.ts")], outfile: join(dir, "index.js") });
    await build({ ...OPTIONS, entryPoints: tests.map((t) => join(suite, t)), outdir: join(dir, "tests") });
  } finally {
    await stop();
  }
  return { index: join(dir, "index.js"), dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies the test workspace (test/e2e/workspace) to `dest`, so tests may edit it freely. */
export function copyWorkspace(root: string, dest: string): string {
  cpSync(join(root, "test", "e2e", "workspace"), dest, { recursive: true });
  return dest;
}
