// The K-weighting pre-filter of ITU-R BS.1770-4: a high-frequency shelf
// (stage 1, the acoustic effect of the head) followed by the RLB high-pass
// (stage 2). BS.1770 publishes the coefficients for 48 kHz only; here both
// stages come from their analog prototypes through the bilinear transform
// with the prototype parameters fitted to the published 48 kHz coefficients
// (as libebur128 does), which reproduces them to about 1e-14 and gives the
// same response at any other rate.

import type { BiquadCoefficients } from "../dsp/biquad";
import { MAX_BLOCK_FRAMES } from "../dsp/block";
import { kernels } from "../dsp/wasm/kernels";
import { kWeightingPairs } from "../dsp/wasm/reference";
import { checkSampleRate } from "./scale";

export interface KWeightingCoefficients {
  shelf: BiquadCoefficients;
  highPass: BiquadCoefficients;
}

/** Stage 1: a second-order high shelf, +4 dB above about 1.7 kHz. */
const SHELF = { frequency: 1681.974450955533, gainDb: 3.999843853973347, q: 0.7071752369554196 };
/** The exponent that places the shelf's mid-point gain (Vb = Vh^k) as in the 48 kHz filter. */
const SHELF_MID_EXPONENT = 0.4996667741545416;
/** Stage 2: the revised low-frequency B-curve, a second-order high-pass at about 38 Hz. */
const HIGH_PASS = { frequency: 38.13547087602444, q: 0.5003270373238773 };

function designShelf(sampleRate: number): BiquadCoefficients {
  const k = Math.tan((Math.PI * SHELF.frequency) / sampleRate);
  const vh = Math.pow(10, SHELF.gainDb / 20);
  const vb = Math.pow(vh, SHELF_MID_EXPONENT);
  const a0 = 1 + k / SHELF.q + k * k;
  return {
    b0: (vh + (vb * k) / SHELF.q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / SHELF.q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / SHELF.q + k * k) / a0,
  };
}

function designHighPass(sampleRate: number): BiquadCoefficients {
  const k = Math.tan((Math.PI * HIGH_PASS.frequency) / sampleRate);
  const a0 = 1 + k / HIGH_PASS.q + k * k;
  // The published numerator is [1, -2, 1], not normalised to unity pass-band
  // gain; keep it so that every rate matches the 48 kHz reference.
  return { b0: 1, b1: -2, b2: 1, a1: (2 * (k * k - 1)) / a0, a2: (1 - k / HIGH_PASS.q + k * k) / a0 };
}

/** The two K-weighting stages for `sampleRate` (Hz). */
export function designKWeighting(sampleRate: number): KWeightingCoefficients {
  checkSampleRate(sampleRate, "K-weighting");
  return { shelf: designShelf(sampleRate), highPass: designHighPass(sampleRate) };
}

/** States smaller than this are flushed to zero so that silence never runs on denormals. */
const DENORMAL_FLOOR = 1e-30;

function flush(x: number): number {
  return Math.abs(x) < DENORMAL_FLOOR ? 0 : x;
}

/** The running sums of a group's filters between kernel calls. */
const RUNNING = new Float64Array(4);

/**
 * The K-weighting filter of one channel, streaming, in double precision.
 * Each sample waits for the previous one's output, so both stages run in
 * direct form I with the last output's feedback subtracted last: one
 * multiply and one subtraction per stage sit on that chain (transposed
 * direct form II had four operations there). Stage 2 uses its exact
 * numerator [1, -2, 1] as y - 2 y1 + y2.
 */
/** Where filter m's x1 x2 y1 y2 z1 z2 start in the kernels' state (then every 2: two lanes a pair, the second pair at 12). */
function laneBase(m: number): number {
  return 12 * (m >> 1) + (m & 1);
}

export class KWeightingFilter {
  /**
   * b0, b1, b2, a1, a2 of stage 1, then a1, a2 of stage 2. The loop (the
   * kernels' reference, `kWeightingPairs`) reads them from this array rather
   * than from locals: with seven coefficient locals V8 (Node 20) runs short
   * of registers and spills the filter state, which measured about 35% slower.
   */
  private readonly k: Float64Array;
  /** Stage 1's last two inputs and outputs, stage 2's last two outputs: x1 x2 y1 y2 z1 z2. */
  private readonly s = new Float64Array(6);

  constructor(sampleRate: number) {
    const { shelf, highPass } = designKWeighting(sampleRate);
    this.k = Float64Array.of(shelf.b0, shelf.b1, shelf.b2, shelf.a1, shelf.a2, highPass.a1, highPass.a2);
  }

  /**
   * Filters `count` samples of `input` from `start` and returns the sum of
   * the squares of the filtered samples (the filtered signal is not kept).
   */
  sumOfSquares(input: Float32Array, start: number, count: number): number {
    // The pairs by the kernels' reference (two samples a step: V8's per-iteration
    // overhead, bounds checks and the interrupt check, is as large as the arithmetic).
    const sum = kWeightingPairs(this.k, this.s, 0, 1, input, start, count >> 1, 0);
    this.flushState();
    return count & 1 ? sum + this.squareOfOne(input[start + count - 1]) : sum;
  }

  /**
   * `sumOfSquares` of two to four filters of one sample rate at once, each
   * over its own input: the kernel `kWeighting2` runs two a lane each (f64x2),
   * `kWeighting4` three or four as two such pairs side by side, so each sum
   * has exactly the bits its own `sumOfSquares` gives. Filter n's sum goes to
   * `sums[n]`.
   */
  static sumOfSquaresGroup(filters: readonly KWeightingFilter[], inputs: readonly Float32Array[], start: number, count: number, sums: Float64Array): void {
    const n = filters.length;
    if (!KWeightingFilter.groupable(filters) || inputs.length < n) {
      throw new Error("K-weighting: a group is two to four different filters of one sample rate, with an input each");
    }
    const k = filters[0].k;
    const kern = kernels();
    const four = n > 2;
    const state = four ? kern.state4 : kern.state2;
    state.fill(0);
    for (let m = 0; m < n; m++) filters[m].load(state, laneBase(m));
    const blocks = kern.inputs;
    const running = RUNNING.fill(0);
    let i = start;
    const end = start + count;
    while (end - i >= 2) {
      const pairs = Math.min(MAX_BLOCK_FRAMES, end - i) >> 1;
      for (let m = 0; m < n; m++) blocks[m].set(inputs[m].subarray(i, i + 2 * pairs));
      if (four) {
        if (n === 3) blocks[3].fill(0, 0, 2 * pairs);
        kern.sums4.set(running);
        kern.kWeighting4(pairs, k[0], k[1], k[2], k[3], k[4], k[5], k[6]);
        running.set(kern.sums4);
      } else {
        kern.kWeighting2(pairs, running[0], running[1], k[0], k[1], k[2], k[3], k[4], k[5], k[6]);
        running.set(kern.sums2);
      }
      i += 2 * pairs;
    }
    for (let m = 0; m < n; m++) {
      const f = filters[m];
      const at = laneBase(m);
      f.store(state[at], state[at + 2], state[at + 4], state[at + 6], state[at + 8], state[at + 10]);
      sums[m] = i < end ? running[m] + f.squareOfOne(inputs[m][i]) : running[m];
    }
  }

  /** Two to four different filters with the same coefficients (checked for every block: loops, nothing allocated). */
  private static groupable(filters: readonly KWeightingFilter[]): boolean {
    const n = filters.length;
    if (n < 2 || n > 4) return false;
    const k = filters[0].k;
    for (let m = 1; m < n; m++) {
      const f = filters[m];
      for (let o = 0; o < m; o++) if (filters[o] === f) return false;
      for (let i = 0; i < k.length; i++) if (f.k[i] !== k[i]) return false;
    }
    return true;
  }

  /** Writes x1 x2 y1 y2 z1 z2 to state[at], state[at + 2], ... (a lane of the kernels' pair layout). */
  private load(state: Float64Array, at: number): void {
    for (let j = 0; j < 6; j++) state[at + 2 * j] = this.s[j];
  }

  /** Filters one sample (an odd count's last) and returns the square of the output. */
  private squareOfOne(x: number): number {
    const k = this.k;
    const s = this.s;
    const x1 = s[0], x2 = s[1], y1 = s[2], y2 = s[3], z1 = s[4], z2 = s[5];
    const y = k[0] * x + k[1] * x1 + k[2] * x2 - k[4] * y2 - k[3] * y1;
    const z = y - 2 * y1 + y2 - k[6] * z2 - k[5] * z1;
    this.store(x, x1, y, y1, z, z1);
    return z * z;
  }

  /** Forgets the past, as if the input had been silent. */
  reset(): void {
    this.store(0, 0, 0, 0, 0, 0);
  }

  private store(x1: number, x2: number, y1: number, y2: number, z1: number, z2: number): void {
    const s = this.s;
    s[0] = x1;
    s[1] = x2;
    s[2] = y1;
    s[3] = y2;
    s[4] = z1;
    s[5] = z2;
    this.flushState();
  }

  private flushState(): void {
    const s = this.s;
    for (let j = 0; j < 6; j++) s[j] = flush(s[j]);
  }
}
