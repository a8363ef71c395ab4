// Assembles engine/dsp/wasm/kernels.wat into engine/dsp/wasm/generated/kernels.ts
// (the module's bytes, base64). Run by esbuild.mjs before bundling.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import wabt from "wabt";

const here = dirname(fileURLToPath(import.meta.url));
const STAMP = "// Generated from engine/dsp/wasm/kernels.wat by engine/dsp/wasm/build.mjs. Do not edit.\n";

export async function buildKernels() {
  const source = readFileSync(join(here, "kernels.wat"), "utf8");
  const tools = await wabt();
  const module = tools.parseWat("kernels.wat", source, { saturating_float_to_int: true, simd: true });
  try {
    module.validate();
    const { buffer } = module.toBinary({});
    mkdirSync(join(here, "generated"), { recursive: true });
    const base64 = Buffer.from(buffer).toString("base64");
    writeFileSync(join(here, "generated", "kernels.ts"), `${STAMP}export const KERNELS_WASM = "${base64}";\n`);
  } finally {
    module.destroy();
  }
}
