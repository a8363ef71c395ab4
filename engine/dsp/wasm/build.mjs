// Assembles engine/dsp/wasm/kernels.wat into engine/dsp/wasm/generated/kernels.ts
// (the module's bytes, base64, with its name section so a profile names the
// kernels), after filling in the memory offsets of layout.mjs, and writes
// those offsets to engine/dsp/wasm/generated/layout.ts for kernels.ts.
// Run by esbuild.mjs before bundling.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import wabt from "wabt";
import { BLOCK, fillOffsets, PAGES, placeRegions } from "./layout.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const STAMP = "// Generated from engine/dsp/wasm/kernels.wat and layout.mjs by engine/dsp/wasm/build.mjs. Do not edit.\n";

/** kernels.wat with its placeholders filled in (PAGES is the memory's size in pages). */
export function kernelSource(path = join(here, "kernels.wat")) {
  const placed = placeRegions();
  const pages = [{ name: "PAGES", type: "u8", count: 0, at: PAGES }];
  return fillOffsets(readFileSync(path, "utf8"), [...placed, ...pages]);
}

/** The module's bytes from WebAssembly text (SIMD and saturating conversions on). */
export async function assemble(name, source, { names = true } = {}) {
  const tools = await wabt();
  const module = tools.parseWat(name, source, { saturating_float_to_int: true, simd: true });
  try {
    module.validate();
    return Buffer.from(module.toBinary({ write_debug_names: names }).buffer);
  } finally {
    module.destroy();
  }
}

function layoutModule() {
  const entries = placeRegions().map(
    (r) => `  ${r.name}: { at: ${r.at}, count: ${r.count}, bytes: ${r.bytes}, type: "${r.type}", align: ${r.align}${r.within ? `, within: "${r.within}"` : ""} },`,
  );
  return [
    STAMP,
    "/** Each memory region of the kernels: byte offset, element count, bytes, element type, alignment. */",
    `export const REGIONS = {\n${entries.join("\n")}\n} as const;`,
    "",
    "export type RegionName = keyof typeof REGIONS;",
    "/** The kernels' memory, in bytes. */",
    `export const MEMORY_BYTES = ${PAGES * 65536};`,
    "/** The block the kernels are laid out for (block.ts MAX_BLOCK_FRAMES must match). */",
    `export const LAYOUT_BLOCK = ${BLOCK};`,
    "",
  ].join("\n");
}

export async function buildKernels() {
  const bytes = await assemble("kernels.wat", kernelSource());
  mkdirSync(join(here, "generated"), { recursive: true });
  writeFileSync(join(here, "generated", "kernels.ts"), `${STAMP}export const KERNELS_WASM = "${bytes.toString("base64")}";\n`);
  writeFileSync(join(here, "generated", "layout.ts"), layoutModule());
}
