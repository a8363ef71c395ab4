// The K-weighting filter against the kernels' reference of its pairs
// (engine/dsp/wasm/reference.ts kWeightingPairs: two direct-form-I stages,
// stage 2 with numerator [1, -2, 1], the squares added a pair of samples at a
// time) and what the class adds to it: an odd count's last sample alone, and
// the state carried from call to call.
import { strict as assert } from "node:assert";
import { kWeightingPairs } from "../../engine/dsp/wasm/reference";
import { designKWeighting, KWeightingFilter } from "../../engine/loudness/kWeighting";
import { mulberry32 } from "../random";

/** The reference's pairs, then an odd count's last sample as the class documents it, over calls of the given lengths. */
function transcribed(sampleRate: number, input: Float32Array, calls: number[]): number[] {
  const { shelf: s, highPass: h } = designKWeighting(sampleRate);
  const k = [s.b0, s.b1, s.b2, s.a1, s.a2, h.a1, h.a2];
  const st = new Float64Array(6); // x1 x2 y1 y2 z1 z2
  const sums: number[] = [];
  let at = 0;
  for (const count of calls) {
    let sum = kWeightingPairs(k, st, 0, 1, input, at, count >> 1, 0);
    at += 2 * (count >> 1);
    if (count & 1) {
      const [x1, x2, y1, y2, z1, z2] = st;
      const x = input[at++];
      const y = s.b0 * x + s.b1 * x1 + s.b2 * x2 - s.a2 * y2 - s.a1 * y1;
      const z = y - 2 * y1 + y2 - h.a2 * z2 - h.a1 * z1;
      st.set([x, x1, y, y1, z, z1]);
      sum += z * z;
    }
    sums.push(sum);
  }
  return sums;
}

describe("loudness: K-weighting filter", () => {
  it("sums the squares of its output bit for bit as documented, over odd, even and longer-than-a-block calls", () => {
    const rng = mulberry32(5);
    const calls = [1, 2, 4800, 7, 20000, 3, 9000, 1];
    const input = Float32Array.from({ length: calls.reduce((a, b) => a + b) }, (_, i) => 0.6 * Math.sin(i / 17) + 0.3 * (rng() * 2 - 1));
    for (const rate of [44100, 48000, 192000]) {
      const filter = new KWeightingFilter(rate);
      let at = 0;
      const sums = calls.map((count) => {
        const sum = filter.sumOfSquares(input, at, count);
        at += count;
        return sum;
      });
      assert.deepEqual(sums, transcribed(rate, input, calls), `${rate} Hz`);
    }
  });

  it("runs two to four filters as a group with the bits each gives alone", () => {
    const rng = mulberry32(6);
    const calls = [1, 2, 4800, 7, 20000, 3, 9000];
    const total = calls.reduce((a, b) => a + b);
    const inputs = [0.6, 0.2, 0.9, 0.05].map((g, n) => Float32Array.from({ length: total }, (_, i) => g * Math.sin(i / (5 + 4 * n)) + 0.3 * (rng() * 2 - 1)));
    for (const size of [2, 3, 4]) {
      const alone = inputs.slice(0, size).map(() => new KWeightingFilter(48000));
      const grouped = inputs.slice(0, size).map(() => new KWeightingFilter(48000));
      const sums = new Float64Array(size);
      let at = 0;
      for (const count of calls) {
        KWeightingFilter.sumOfSquaresGroup(grouped, inputs, at, count, sums);
        assert.deepEqual([...sums], alone.map((f, n) => f.sumOfSquares(inputs[n], at, count)), `${size} filters: ${count} samples from ${at}`);
        at += count;
      }
    }
    const [a, b] = [new KWeightingFilter(48000), new KWeightingFilter(48000)];
    assert.throws(() => KWeightingFilter.sumOfSquaresGroup([a, new KWeightingFilter(44100)], inputs, 0, 2, new Float64Array(2)), /one sample rate/);
    assert.throws(() => KWeightingFilter.sumOfSquaresGroup([a, a], inputs, 0, 2, new Float64Array(2)), /two to four different filters/);
    assert.throws(() => KWeightingFilter.sumOfSquaresGroup([a, b], inputs.slice(0, 1), 0, 2, new Float64Array(2)), /an input each/);
  });
});

