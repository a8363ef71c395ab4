// One build: the parser from the grammar, the DSP kernels from their WebAssembly text, then every bundle into dist/.
import { build } from "esbuild";
import { chmodSync, copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildGrammar } from "./grammar/build.mjs";
import { buildKernels } from "./engine/dsp/wasm/build.mjs";

const node = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: true,
  // The Faust compiler (LGPL-3.0) is never bundled: it runs from its own files in dist/faust/.
  external: ["vscode", "@grame/faustwasm"],
  logLevel: "warning",
};

/** Node bundles: [entry, output]. Entries that do not exist yet are skipped. */
const NODE_BUNDLES = [
  ["engine/cli/main.ts", "dist/cli.js"],
  ["server/server.ts", "dist/server.js"],
  ["client/extension.ts", "dist/extension.js"],
  ["engine/rpc/main.ts", "dist/engine.js"],
  // Worker threads of the renders in dist/cli.js and dist/engine.js (found beside them).
  ["engine/render/threads/trackWorker.ts", "dist/trackWorker.js"],
];

const browser = { bundle: true, platform: "browser", format: "iife", target: "chrome114", sourcemap: true, logLevel: "warning" };
const BROWSER_BUNDLES = [
  ["webview/main.ts", "dist/webview.js"],
  ["webview/player.css", "dist/webview.css"],
];

/** The Faust compiler's files, copied unmodified from its package into dist/faust/ (see platform/faustCompile.ts). */
const FAUST_FILES = [
  "package.json", "COPYING.txt", "README.md", "dist/esm/index.js",
  "libfaust-wasm/libfaust-wasm.js", "libfaust-wasm/libfaust-wasm.wasm", "libfaust-wasm/libfaust-wasm.data",
];

function copyFaust() {
  for (const file of FAUST_FILES) {
    const target = join("dist", "faust", file);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join("node_modules", "@grame", "faustwasm", file), target);
  }
}

export async function buildAll() {
  buildGrammar();
  await buildKernels();
  for (const [entry, outfile] of NODE_BUNDLES) {
    if (!existsSync(entry)) continue;
    await build({ ...node, entryPoints: [entry], outfile });
  }
  chmodSync("dist/cli.js", 0o755);
  copyFaust();
  // The player webview: browser code, one script and one stylesheet (see client/playerHtml.ts).
  for (const [entry, outfile] of BROWSER_BUNDLES) await build({ ...browser, entryPoints: [entry], outfile });
}

await buildAll();
