// Summing into a bus: the kernel's float32 adds must give the bits of one JavaScript add per source, in order.
import { strict as assert } from "node:assert";
import { MAX_BLOCK_FRAMES } from "../../engine/dsp/block";
import { accumulateScaled } from "../../engine/dsp/wasm/reference";
import { addInto, addScaled, sumInto } from "../../engine/render/sum";
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

  it("addScaled equals `dest[at + i] += src[i] * gain` on Float32Arrays, bit for bit (signed zeros, odd lengths, an offset)", () => {
    const r = mulberry32(5);
    const bits = (a: Float32Array) => [...new Uint32Array(a.buffer, a.byteOffset, a.length)];
    for (const gain of [1, 0.5, Math.SQRT1_2, -1.3, 1e-3, 0, -0]) {
      for (const frames of [0, 1, 2, 7, 1001, 4096]) {
        const at = frames % 5;
        // Signed zeros and magnitudes far apart, so a single float32 rounding of the product or the sum would show.
        const value = () => (r() < 0.1 ? (r() < 0.5 ? -0 : 0) : (r() * 2 - 1) * 10 ** (r() * 9 - 6));
        const src = Float32Array.from({ length: frames }, value);
        const start = Float32Array.from({ length: frames + 6 }, value);
        const loop = Float32Array.from(start);
        accumulateScaled(loop.subarray(at), src, frames, gain); // the kernels' reference: that loop
        const kernel = Float32Array.from(start);
        addScaled(kernel, at, src, frames, gain);
        assert.deepEqual(bits(kernel), bits(loop), `gain ${gain}, ${frames} frames`);
      }
    }
  });

  it("addScaled on a run longer than the kernels' block adds it a kernel block at a time, with the same result", () => {
    const frames = MAX_BLOCK_FRAMES + 3;
    const dest = new Float32Array(frames).fill(0.25);
    addScaled(dest, 0, new Float32Array(frames).fill(2), frames, 0.5);
    assert.ok(dest.every((v) => v === 1.25));
    // Each piece at its place: the bits of the loop over the whole run, at an offset.
    const r = mulberry32(3);
    const src = Float32Array.from({ length: 2 * MAX_BLOCK_FRAMES + 5 }, () => r() * 2 - 1);
    const start = Float32Array.from({ length: src.length + 3 }, () => r() * 2 - 1);
    const loop = Float32Array.from(start);
    accumulateScaled(loop.subarray(3), src, src.length, Math.SQRT1_2);
    const kernel = Float32Array.from(start);
    addScaled(kernel, 3, src, src.length, Math.SQRT1_2);
    assert.deepEqual(kernel, loop);
  });

  it("a float32 add and the double product's sum rounded once differ where the product is inexact (what accumulateScaled keeps)", () => {
    // Guards the test above: with a gain whose product is inexact, rounding the product to float32 first gives other bits somewhere.
    const r = mulberry32(9);
    const src = Float32Array.from({ length: 4096 }, () => r() * 2 - 1);
    const dest = Float32Array.from({ length: 4096 }, () => r() * 2 - 1);
    const exact = Float32Array.from(dest);
    addScaled(exact, 0, src, 4096, Math.SQRT1_2);
    const twice = dest.map((d, i) => d + Math.fround(src[i] * Math.SQRT1_2));
    assert.ok(twice.some((v, i) => v !== exact[i]));
  });
});
