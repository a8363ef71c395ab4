// The kernels' memory table (engine/dsp/wasm/layout.mjs, as generated/layout.ts)
// and the module built from it: regions apart, aligned and inside the memory;
// the module's exports exactly the functions kernels.ts expects; and a name
// section naming them, so a profile shows the kernels by name.
import { strict as assert } from "node:assert";
import { KERNELS_WASM } from "../../engine/dsp/wasm/generated/kernels";
import { MEMORY_BYTES, REGIONS, type RegionName } from "../../engine/dsp/wasm/generated/layout";
import { KERNEL_EXPORTS } from "../../engine/dsp/wasm/kernels";

const SIZES: Record<string, number> = { u8: 1, i32: 4, u32: 4, f32: 4, f64: 8, v128: 16 };
const regions = Object.entries(REGIONS).map(([name, r]) => ({ name: name as RegionName, ...r, within: "within" in r ? (r.within as RegionName) : undefined }));
const module = new WebAssembly.Module(Buffer.from(KERNELS_WASM, "base64"));

/** The function names of a name section (subsection 1: a vector of index and name). */
function functionNames(section: ArrayBuffer): string[] {
  const bytes = new Uint8Array(section);
  let at = 0;
  const uleb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[at++];
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
  };
  const names: string[] = [];
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = uleb();
    const end = at + size;
    if (id === 1) {
      for (let n = uleb(); n > 0; n--) {
        uleb(); // the function's index
        const length = uleb();
        names.push(Buffer.from(bytes.subarray(at, at + length)).toString("utf8"));
        at += length;
      }
    }
    at = end;
  }
  return names;
}

describe("kernels: the memory table and the module", () => {
  it("lays out regions that do not overlap (scratch kept inside the region it names)", () => {
    const outer = regions.filter((r) => !r.within).sort((a, b) => a.at - b.at);
    for (let i = 1; i < outer.length; i++) {
      const [a, b] = [outer[i - 1], outer[i]];
      assert.ok(a.at + a.bytes <= b.at, `${a.name} [${a.at}, ${a.at + a.bytes}) runs into ${b.name} at ${b.at}`);
    }
    for (const r of regions.filter((r) => r.within)) {
      const host = REGIONS[r.within!];
      assert.ok(r.at >= host.at && r.at + r.bytes <= host.at + host.bytes, `${r.name} is not inside ${r.within}`);
    }
    const inside = regions.filter((r) => r.within === "WORK2").sort((a, b) => a.at - b.at);
    for (let i = 1; i < inside.length; i++) assert.ok(inside[i - 1].at + inside[i - 1].bytes <= inside[i].at, `${inside[i - 1].name} runs into ${inside[i].name}`);
  });

  it("aligns each region as its type needs, sizes it by its type, and fits it in the memory", () => {
    for (const r of regions) {
      const size = SIZES[r.type];
      assert.ok(size, `${r.name}: unknown type ${r.type}`);
      assert.equal(r.bytes, size * r.count, `${r.name}: bytes`);
      assert.ok(r.align >= size && r.align % size === 0, `${r.name}: alignment ${r.align} for ${r.type}`);
      assert.equal(r.at % r.align, 0, `${r.name} at ${r.at} is not ${r.align}-byte aligned`);
      assert.ok(r.at >= 0 && r.at + r.bytes <= MEMORY_BYTES, `${r.name} ends at ${r.at + r.bytes}, past the memory's ${MEMORY_BYTES} bytes`);
    }
    const memory = WebAssembly.Module.exports(module).find((e) => e.name === "memory");
    assert.equal(memory?.kind, "memory");
    const instance = new WebAssembly.Instance(module, {});
    assert.equal((instance.exports.memory as WebAssembly.Memory).buffer.byteLength, MEMORY_BYTES);
  });

  it("spaces COMP1's splat constants as QUIET, EBASE and KNEE_TOP_FRACTION (the level step reads either at one base)", () => {
    assert.equal(REGIONS.COMP1_EBASE.at - REGIONS.COMP1_QUIET.at, REGIONS.EBASE.at - REGIONS.QUIET.at);
    assert.equal(REGIONS.COMP1_KNEE_TOP_FRACTION.at - REGIONS.COMP1_QUIET.at, REGIONS.KNEE_TOP_FRACTION.at - REGIONS.QUIET.at);
    // The compressor's fields, HALF_SLOPE to LARGEST, are one view of four lanes each.
    const fields = ["HALF_SLOPE", "KNEE", "KNEE_SCALE", "KEEP", "MEAN", "SPREAD", "EXP2_BASE", "REDUCTION", "LARGEST"] as const;
    fields.forEach((f, j) => assert.equal(REGIONS[f].at, REGIONS.HALF_SLOPE.at + 32 * j, f));
  });

  it("exports exactly the functions kernels.ts expects, and its memory: nothing missing, nothing extra", () => {
    const exported = WebAssembly.Module.exports(module);
    const functions = exported.filter((e) => e.kind === "function").map((e) => e.name).sort();
    assert.deepEqual(functions, [...KERNEL_EXPORTS].sort());
    assert.deepEqual(exported.filter((e) => e.kind !== "function").map((e) => e.name), ["memory"]);
  });

  it("carries a name section naming every exported function", () => {
    const sections = WebAssembly.Module.customSections(module, "name");
    assert.equal(sections.length, 1, "one name section");
    const names = functionNames(sections[0]);
    for (const name of KERNEL_EXPORTS) assert.ok(names.includes(name), `the name section lacks ${name} (has ${names.join(", ")})`);
  });
});
