// Summing into a bus: the kernel's float32 adds must give the bits of one JavaScript add per source, in order.
import { strict as assert } from "node:assert";
import { addInto, sumInto } from "../../engine/render/sum";
import { mulberry32 } from "../random";

describe("engine: summing sources into a bus", () => {
  it("sumInto equals addInto once per source in order, bit for bit, for 0 to 9 sources", () => {
    const r = mulberry32(11);
    const frames = 1001; // not a multiple of the kernel's four frames a step
    // Magnitudes from 1e-6 to 1e3, so the order of the adds shows in the bits.
    const signal = () => [0, 1].map(() => Float32Array.from({ length: frames }, () => (r() * 2 - 1) * 10 ** (r() * 9 - 6)));
    let differed = false;
    for (let count = 0; count <= 9; count++) {
      const sources = Array.from({ length: count }, signal);
      const start = signal();
      const one = start.map((c) => Float32Array.from(c));
      for (const s of sources) addInto(one, s, frames);
      const four = start.map((c) => Float32Array.from(c));
      sumInto(four, sources, frames);
      assert.deepEqual(four, one, `${count} sources`);
      // The test can tell: summing the same sources in reverse order gives other bits.
      const reversed = start.map((c) => Float32Array.from(c));
      sumInto(reversed, [...sources].reverse(), frames);
      differed ||= reversed.some((c, ch) => c.some((v, i) => v !== one[ch][i]));
    }
    assert.ok(differed, "order matters to the bits");
  });

  it("adds only the first `frames` frames", () => {
    const dest = [new Float32Array(8), new Float32Array(8)];
    const ones = [new Float32Array(8).fill(1), new Float32Array(8).fill(1)];
    sumInto(dest, [ones, ones, ones, ones, ones], 3);
    assert.deepEqual([...dest[0]], [5, 5, 5, 0, 0, 0, 0, 0]);
  });
});
