// Linkwitz-Riley crossovers, shared by the multiband compressor and the
// de-esser. An LR4 low-pass (high-pass) is two cascaded second-order
// Butterworth low-passes (high-passes), Q = 1/√2, each the RBJ cookbook's
// bilinear transform prewarped at the corner: -6.02 dB at the corner and
// 24 dB per octave beyond it. Low and high are in phase, and their sum is the
// second-order allpass with the same denominator, (s² - √2 ωs + ω²) /
// (s² + √2 ωs + ω²), exactly, also after the bilinear transform: flat
// magnitude, phase turned.
//
// `BandSplit` cuts a signal at N rising corners into N + 1 bands, as a
// cascade: split at the first corner, split the high part at the next, and so
// on. A band that leaves the cascade early misses the allpass the later splits
// apply to what goes on, so each band is passed through the allpass of every
// later corner: all bands then share one phase, and their sum is the product
// of the corners' allpasses (flat within rounding).
//
// Every section runs in Direct Form I in double precision, a state per
// channel; states under 1e-30 are flushed after each block (no denormals).
// Nothing is allocated per block; blocks are at most MAX_BLOCK_FRAMES frames.
import { biquadCoefficients, type BiquadCoefficients } from "./biquad";
import { MAX_BLOCK_FRAMES } from "./block";
import { dB, hertz } from "../../core/units";

export { MAX_BLOCK_FRAMES };

/** The highest corner as a fraction of the sample rate (the cookbook needs f0 < fs/2). */
export const MAX_CORNER_RATIO = 0.49;
const DENORMAL = 1e-30;

type Samples = Float32Array | Float64Array;

/** A second-order Butterworth low- or high-pass at `freq`: one half of an LR4. */
export function butterworth(type: "lowpass" | "highpass", freq: number, sampleRate: number): BiquadCoefficients {
  checkCorner(freq, sampleRate);
  return biquadCoefficients({ type, freq: hertz(freq), gain: dB(0), q: Math.SQRT1_2, slope: 1 }, sampleRate);
}

/** The allpass an LR4 pair at `freq` sums to: the Butterworth denominator, its numerator reversed. */
export function lr4Allpass(freq: number, sampleRate: number): BiquadCoefficients {
  const { a1, a2 } = butterworth("lowpass", freq, sampleRate);
  return { b0: a2, b1: a1, b2: 1, a1, a2 };
}

function checkCorner(freq: number, sampleRate: number): void {
  if (!Number.isFinite(sampleRate) || sampleRate <= 0) throw new RangeError(`crossover: sample rate ${sampleRate} Hz is not a positive number`);
  if (!Number.isFinite(freq) || freq <= 0 || freq >= MAX_CORNER_RATIO * sampleRate) {
    throw new RangeError(`crossover: corner ${freq} Hz must be above 0 and below ${MAX_CORNER_RATIO * sampleRate} Hz at ${sampleRate} Hz; give a lower frequency or a higher session rate.`);
  }
}

/** One second-order section over any number of channels, Direct Form I in double precision. */
export class Section {
  /** x1, x2, y1, y2 per channel. */
  private readonly state: Float64Array;

  constructor(private readonly c: BiquadCoefficients, channels: number) {
    this.state = new Float64Array(4 * channels);
  }

  /** Filters `frames` samples of channel `ch` from `input` into `output` (which may be `input`). */
  run(ch: number, input: Samples, output: Samples, frames: number): void {
    const { b0, b1, b2, a1, a2 } = this.c;
    const s = this.state;
    const at = 4 * ch;
    let x1 = s[at], x2 = s[at + 1], y1 = s[at + 2], y2 = s[at + 3];
    for (let i = 0; i < frames; i++) {
      const x = input[i];
      const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      output[i] = y;
    }
    s[at] = x1;
    s[at + 1] = x2;
    s[at + 2] = Math.abs(y1) < DENORMAL ? 0 : y1;
    s[at + 3] = Math.abs(y2) < DENORMAL ? 0 : y2;
  }

  reset(): void {
    this.state.fill(0);
  }
}

/** One LR4 crossover: a low-pass and a high-pass of two Butterworth sections each. */
export class Crossover {
  private readonly low: [Section, Section];
  private readonly high: [Section, Section];

  constructor(readonly freq: number, sampleRate: number, channels: number) {
    const lp = butterworth("lowpass", freq, sampleRate);
    const hp = butterworth("highpass", freq, sampleRate);
    this.low = [new Section(lp, channels), new Section(lp, channels)];
    this.high = [new Section(hp, channels), new Section(hp, channels)];
  }

  /** Channel `ch` of `input` into its low and high parts; `high` may be `input` (the low part is taken first). */
  split(ch: number, input: Samples, low: Samples, high: Samples, frames: number): void {
    this.low[0].run(ch, input, low, frames);
    this.low[1].run(ch, low, low, frames);
    this.high[0].run(ch, input, high, frames);
    this.high[1].run(ch, high, high, frames);
  }

  reset(): void {
    for (const s of [...this.low, ...this.high]) s.reset();
  }
}

/** N rising LR4 corners: N + 1 bands that share one phase and sum flat. */
export class BandSplit {
  readonly bands: number;
  private readonly crossovers: Crossover[];
  /** For band j, the allpasses of the corners after j (phase compensation). */
  private readonly allpasses: Section[][];
  /** What is left above the corners done so far, in double precision. */
  private readonly rest = new Float64Array(MAX_BLOCK_FRAMES);

  constructor(readonly corners: readonly number[], sampleRate: number, channels: number) {
    if (corners.length < 1) throw new RangeError("crossover: a band split needs at least one corner");
    for (let k = 1; k < corners.length; k++) {
      if (!(corners[k] > corners[k - 1])) throw new RangeError(`crossover: corners ${corners.join(", ")} Hz are not rising; give each above the one before.`);
    }
    this.bands = corners.length + 1;
    this.crossovers = corners.map((f) => new Crossover(f, sampleRate, channels));
    this.allpasses = corners.map((_, j) => corners.slice(j + 1).map((f) => new Section(lr4Allpass(f, sampleRate), channels)));
  }

  /** Channel `ch` of `input` into `bands` (low to high, `this.bands` of them, each its own array); allocates nothing. */
  split(ch: number, input: Samples, bands: readonly Samples[], frames: number): void {
    const rest = this.rest;
    const n = this.crossovers.length;
    this.crossovers[0].split(ch, input, bands[0], rest, frames);
    for (let k = 1; k < n; k++) this.crossovers[k].split(ch, rest, bands[k], rest, frames);
    const top = bands[n];
    for (let i = 0; i < frames; i++) top[i] = rest[i];
    for (let j = 0; j < n; j++) for (const ap of this.allpasses[j]) ap.run(ch, bands[j], bands[j], frames);
  }

  reset(): void {
    for (const c of this.crossovers) c.reset();
    for (const list of this.allpasses) for (const ap of list) ap.reset();
  }
}
