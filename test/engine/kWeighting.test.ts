// The K-weighting filter's kernel against the arithmetic its class documents:
// two direct-form-I stages, stage 2 with numerator [1, -2, 1], the squares
// added a pair of samples at a time, an odd count's last sample alone, and the
// state carried from call to call.
import { strict as assert } from "node:assert";
import { designKWeighting, KWeightingFilter } from "../../engine/loudness/kWeighting";
import { mulberry32 } from "../random";

/** The documented arithmetic, sample pair by sample pair, over calls of the given lengths. */
function transcribed(sampleRate: number, input: Float32Array, calls: number[]): number[] {
  const { shelf: s, highPass: h } = designKWeighting(sampleRate);
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0, z1 = 0, z2 = 0;
  const sums: number[] = [];
  let at = 0;
  for (const count of calls) {
    let sum = 0;
    const end = at + count;
    for (; at + 1 < end; at += 2) {
      const x = input[at];
      const xb = input[at + 1];
      const y = s.b0 * x + s.b1 * x1 + s.b2 * x2 - s.a2 * y2 - s.a1 * y1;
      const z = y - 2 * y1 + y2 - h.a2 * z2 - h.a1 * z1;
      const yb = s.b0 * xb + s.b1 * x + s.b2 * x1 - s.a2 * y1 - s.a1 * y;
      const zb = yb - 2 * y + y1 - h.a2 * z1 - h.a1 * z;
      sum += z * z + zb * zb;
      [x2, x1, y2, y1, z2, z1] = [x, xb, y, yb, z, zb];
    }
    if (at < end) {
      const x = input[at++];
      const y = s.b0 * x + s.b1 * x1 + s.b2 * x2 - s.a2 * y2 - s.a1 * y1;
      const z = y - 2 * y1 + y2 - h.a2 * z2 - h.a1 * z1;
      [x2, x1, y2, y1, z2, z1] = [x1, x, y1, y, z1, z];
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

