// One build: the parser from the grammar, then every bundle into dist/.
import { build } from "esbuild";
import { chmodSync, existsSync } from "node:fs";
import { buildGrammar } from "./grammar/build.mjs";

const node = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: true,
  external: ["vscode"],
  logLevel: "warning",
};

/** Node bundles: [entry, output]. Entries that do not exist yet are skipped. */
const NODE_BUNDLES = [
  ["engine/cli.ts", "dist/cli.js"],
  ["server/server.ts", "dist/server.js"],
  ["client/extension.ts", "dist/extension.js"],
  // Worker threads of the renders in dist/cli.js (found beside it).
  ["engine/render/trackWorker.ts", "dist/trackWorker.js"],
];

export async function buildAll() {
  buildGrammar();
  for (const [entry, outfile] of NODE_BUNDLES) {
    if (!existsSync(entry)) continue;
    await build({ ...node, entryPoints: [entry], outfile });
  }
  chmodSync("dist/cli.js", 0o755);
}

await buildAll();
