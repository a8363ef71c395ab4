// The K-weighting pre-filter of ITU-R BS.1770-4: a high-frequency shelf
// (stage 1, the acoustic effect of the head) followed by the RLB high-pass
// (stage 2). BS.1770 publishes the coefficients for 48 kHz only; here both
// stages come from their analog prototypes through the bilinear transform
// with the prototype parameters fitted to the published 48 kHz coefficients
// (as libebur128 does), which reproduces them to about 1e-14 and gives the
// same response at any other rate.

import type { BiquadCoefficients } from "../dsp/biquad";
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

/**
 * The K-weighting filter of one channel, streaming. Both stages run in
 * transposed direct form II in double precision; the state is four numbers.
 */
export class KWeightingFilter {
  private readonly shelf: BiquadCoefficients;
  private readonly highPass: BiquadCoefficients;
  private s1 = 0;
  private s2 = 0;
  private h1 = 0;
  private h2 = 0;

  constructor(sampleRate: number) {
    const coefficients = designKWeighting(sampleRate);
    this.shelf = coefficients.shelf;
    this.highPass = coefficients.highPass;
  }

  /**
   * Filters `count` samples of `input` from `start` and returns the sum of
   * the squares of the filtered samples (the filtered signal is not kept).
   */
  sumOfSquares(input: Float32Array, start: number, count: number): number {
    const { b0, b1, b2, a1, a2 } = this.shelf;
    const c1 = this.highPass.a1;
    const c2 = this.highPass.a2;
    let s1 = this.s1;
    let s2 = this.s2;
    let h1 = this.h1;
    let h2 = this.h2;
    let sum = 0;
    const end = start + count;
    for (let i = start; i < end; i++) {
      const x = input[i];
      const y = b0 * x + s1;
      s1 = b1 * x - a1 * y + s2;
      s2 = b2 * x - a2 * y;
      // Stage 2 with b = [1, -2, 1].
      const z = y + h1;
      h1 = -2 * y - c1 * z + h2;
      h2 = y - c2 * z;
      sum += z * z;
    }
    this.s1 = flush(s1);
    this.s2 = flush(s2);
    this.h1 = flush(h1);
    this.h2 = flush(h2);
    return sum;
  }

  /** Forgets the past, as if the input had been silent. */
  reset(): void {
    this.s1 = 0;
    this.s2 = 0;
    this.h1 = 0;
    this.h2 = 0;
  }
}
