// The EQ: a cascade of RBJ Audio EQ Cookbook biquads, one per band, computed in
// double precision in Direct Form I (its state holds only past inputs and
// outputs, so coefficients can change under automation without a glitch).
import type { BandType } from "../../core/catalogue";
import type { EqBandModel } from "../../core/model";
import { MAX_BLOCK_FRAMES } from "./block";
import { KERNEL_BANDS, kernels, type Kernels } from "./wasm/kernels";

/** The band fields the filter uses (an `EqBandModel` without its origin). */
export type EqBand = Pick<EqBandModel, "type" | "freq" | "gain" | "q" | "slope">;

/** Normalised coefficients: y = b0 x + b1 x1 + b2 x2 - a1 y1 - a2 y2. */
export interface BiquadCoefficients {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/** Highest centre/corner frequency, as a fraction of the sample rate: the cookbook needs f0 < fs/2. */
const MAX_FREQ_RATIO = 0.49;
/** State values below this are flushed to zero after each block, to keep denormals out. */
const DENORMAL = 1e-30;

/**
 * The cookbook coefficients for a band, divided by a0. A frequency above 0.49 fs
 * (e.g. 24 kHz at 44.1 kHz) is lowered to 0.49 fs.
 */
export function biquadCoefficients(band: EqBand, sampleRate: number): BiquadCoefficients {
  checkBand(band, sampleRate);
  const w0 = (2 * Math.PI * Math.min(band.freq, MAX_FREQ_RATIO * sampleRate)) / sampleRate;
  const cos = Math.cos(w0);
  const sin = Math.sin(w0);
  const A = Math.pow(10, band.gain / 40);
  const alpha = sin / (2 * band.q);
  const [b0, b1, b2, a0, a1, a2] = raw(band.type, cos, sin, A, alpha, band.slope);
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0 };
}

function checkBand(band: EqBand, sampleRate: number): void {
  const bad = (what: string) => new Error(`EQ ${band.type} band: ${what}`);
  if (!(sampleRate > 0) || !Number.isFinite(sampleRate)) throw bad(`sample rate ${sampleRate} Hz is not positive`);
  if (!(band.freq > 0) || !Number.isFinite(band.freq)) throw bad(`frequency ${band.freq} Hz must be above 0`);
  if (!(band.q > 0) || !Number.isFinite(band.q)) throw bad(`q ${band.q} must be above 0`);
  if (!(band.slope > 0) || !Number.isFinite(band.slope)) throw bad(`slope ${band.slope} must be above 0`);
  if (!Number.isFinite(band.gain)) throw bad(`gain ${band.gain} dB is not a number`);
}

/** [b0, b1, b2, a0, a1, a2] straight from the cookbook. */
function raw(type: BandType, cos: number, sin: number, A: number, alpha: number, slope: number): number[] {
  switch (type) {
    case "lowpass":
      return [(1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha];
    case "highpass":
      return [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha];
    case "bandpass": // constant 0 dB peak gain
      return [alpha, 0, -alpha, 1 + alpha, -2 * cos, 1 - alpha];
    case "notch":
      return [1, -2 * cos, 1, 1 + alpha, -2 * cos, 1 - alpha];
    case "bell":
      return [1 + alpha * A, -2 * cos, 1 - alpha * A, 1 + alpha / A, -2 * cos, 1 - alpha / A];
    case "lowshelf":
    case "highshelf":
      return shelf(type === "lowshelf", cos, sin, A, slope);
  }
}

function shelf(low: boolean, cos: number, sin: number, A: number, slope: number): number[] {
  // Shelf slope S; a steeper S than the gain allows would make the root negative.
  const alpha = (sin / 2) * Math.sqrt(Math.max(0, (A + 1 / A) * (1 / slope - 1) + 2));
  const k = 2 * Math.sqrt(A) * alpha;
  if (low) {
    return [
      A * ((A + 1) - (A - 1) * cos + k),
      2 * A * ((A - 1) - (A + 1) * cos),
      A * ((A + 1) - (A - 1) * cos - k),
      (A + 1) + (A - 1) * cos + k,
      -2 * ((A - 1) + (A + 1) * cos),
      (A + 1) + (A - 1) * cos - k,
    ];
  }
  return [
    A * ((A + 1) + (A - 1) * cos + k),
    -2 * A * ((A - 1) + (A + 1) * cos),
    A * ((A + 1) + (A - 1) * cos - k),
    (A + 1) - (A - 1) * cos + k,
    2 * ((A - 1) - (A + 1) * cos),
    (A + 1) - (A - 1) * cos - k,
  ];
}

/** |H(e^jw)| at a frequency, as a linear factor. */
export function magnitudeAt(c: BiquadCoefficients, freqHz: number, sampleRate: number): number {
  const w = (2 * Math.PI * freqHz) / sampleRate;
  const c1 = Math.cos(w);
  const s1 = Math.sin(w);
  const c2 = Math.cos(2 * w);
  const s2 = Math.sin(2 * w);
  const numRe = c.b0 + c.b1 * c1 + c.b2 * c2;
  const numIm = -(c.b1 * s1 + c.b2 * s2);
  const denRe = 1 + c.a1 * c1 + c.a2 * c2;
  const denIm = -(c.a1 * s1 + c.a2 * s2);
  return Math.sqrt((numRe * numRe + numIm * numIm) / (denRe * denRe + denIm * denIm));
}

/**
 * The EQ effect of one insert: its bands in series on every channel. `process`
 * allocates nothing; `setBand` changes a band's coefficients and keeps its state.
 */
/** One lane of a paired run: an EQ's coefficients and its state from `base` (a channel's). */
interface Lane {
  coeffs: Float64Array;
  state: Float64Array;
  base: number;
}

/** A mono EQ's idle second lane: silence in (lanes do not mix, so it changes no bit of lane 0), its output and state scratch. */
const SILENCE = new Float32Array(MAX_BLOCK_FRAMES);
const IDLE_OUT = new Float32Array(MAX_BLOCK_FRAMES);
let idleState = new Float64Array(0);

function idleLane(coeffs: Float64Array, bands: number): Lane {
  if (idleState.length < 4 * bands) idleState = new Float64Array(4 * bands);
  idleState.fill(0);
  return { coeffs, state: idleState, base: 0 };
}

export class EqProcessor {
  /** Frames between input and output: none. */
  readonly latency = 0;
  /** b0 b1 b2 a1 a2 per band. */
  private readonly coeffs: Float64Array;
  /** x1 x2 y1 y2 per channel per band. */
  private readonly state: Float64Array;
  private readonly bands: number;

  constructor(bands: readonly EqBand[], readonly channels: number, readonly sampleRate: number) {
    if (!Number.isInteger(channels) || channels < 1) throw new Error(`EQ: ${channels} channels; it needs at least 1`);
    this.bands = bands.length;
    this.coeffs = new Float64Array(5 * bands.length);
    this.state = new Float64Array(4 * bands.length * channels);
    bands.forEach((band, i) => this.setBand(i, band));
  }

  /** Replaces band `index`'s coefficients (for automation); the filter state carries on. */
  setBand(index: number, band: EqBand): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.bands) throw new Error(`EQ: no band ${index} (it has ${this.bands})`);
    const c = biquadCoefficients(band, this.sampleRate);
    const at = 5 * index;
    this.coeffs[at] = c.b0;
    this.coeffs[at + 1] = c.b1;
    this.coeffs[at + 2] = c.b2;
    this.coeffs[at + 3] = c.a1;
    this.coeffs[at + 4] = c.a2;
  }

  /** True when every filter's state is zero: silence in gives silence out, so a renderer may skip it. */
  get idle(): boolean {
    return this.state.every((v) => v === 0);
  }

  /** Clears the filter state (silence in, silence out). */
  reset(): void {
    this.state.fill(0);
  }

  /** Filters `frames` samples of each channel; `outputs` may be `inputs`. */
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void {
    if (inputs.length < this.channels || outputs.length < this.channels) {
      throw new Error(`EQ: ${this.channels} channels to process but ${inputs.length} inputs and ${outputs.length} outputs`);
    }
    if (this.channels === 2 && this.bands > 0) {
      // A stereo EQ runs its channels side by side, a lane each, as a pair of mono EQs does.
      const lanes: [Lane, Lane] = [{ coeffs: this.coeffs, state: this.state, base: 0 }, { coeffs: this.coeffs, state: this.state, base: 4 * this.bands }];
      for (let from = 0; from < frames; from += MAX_BLOCK_FRAMES) {
        const to = Math.min(frames, from + MAX_BLOCK_FRAMES);
        EqProcessor.runLanes(lanes, this.bands, inputs[0].subarray(from, to), inputs[1].subarray(from, to), outputs[0].subarray(from, to), outputs[1].subarray(from, to), to - from);
      }
      this.flushDenormals();
      return;
    }
    for (let ch = 0; ch < this.channels; ch++) {
      if (this.bands === 0) {
        if (outputs[ch] !== inputs[ch]) outputs[ch].set(inputs[ch].subarray(0, frames));
      } else {
        // One channel runs in lane 0 of the pair kernels, lane 1 idle over silence (as fast as the
        // one-lane kernels were or faster, bench/kernels.ts); long blocks a kernel block at a time.
        const lanes: [Lane, Lane] = [{ coeffs: this.coeffs, state: this.state, base: 4 * this.bands * ch }, idleLane(this.coeffs, this.bands)];
        for (let from = 0; from < frames; from += MAX_BLOCK_FRAMES) {
          const to = Math.min(frames, from + MAX_BLOCK_FRAMES);
          EqProcessor.runLanes(lanes, this.bands, inputs[ch].subarray(from, to), SILENCE, outputs[ch].subarray(from, to), IDLE_OUT, to - from);
        }
      }
    }
    this.flushDenormals();
  }

  /**
   * Two mono EQs with as many bands, each over its own channel, in one pass:
   * the kernels run the two side by side, a lane each (f64x2), which costs
   * little more than one. Each channel gets exactly the bits its own
   * `process` would give it. `a` and `b` are filtered in place.
   */
  static processPair(first: EqProcessor, second: EqProcessor, a: Float32Array, b: Float32Array, frames: number): void {
    if (!EqProcessor.pairable(first, second)) throw new Error("EQ: only two mono EQs with as many bands run as a pair");
    if (frames > MAX_BLOCK_FRAMES || a.length < frames || b.length < frames) throw new RangeError(`EQ: a pair's block of ${frames} frames is longer than its channels or ${MAX_BLOCK_FRAMES}`);
    EqProcessor.runLanes([{ coeffs: first.coeffs, state: first.state, base: 0 }, { coeffs: second.coeffs, state: second.state, base: 0 }], first.bands, a, b, a, b, frames);
    first.flushDenormals();
    second.flushDenormals();
  }

  /** Whether `processPair` takes these two. */
  static pairable(first: EqProcessor, second: EqProcessor): boolean {
    return first !== second && first.channels === 1 && second.channels === 1 && first.bands === second.bands && first.bands > 0;
  }

  /**
   * `bands` bands over two channels side by side, lane 0 with the first
   * lane's coefficients and state, lane 1 with the second's: `a`, `b` in,
   * `outA`, `outB` out (they may be the same arrays), at most a kernel block.
   * The first run of three bands reads IN and IN2 itself, and the last
   * writes OUT and OUT2 when no single band follows.
   */
  private static runLanes(lanes: [Lane, Lane], bands: number, a: Float32Array, b: Float32Array, outA: Float32Array, outB: Float32Array, frames: number): void {
    const k = kernels();
    k.input.set(a.subarray(0, frames));
    k.input2.set(b.subarray(0, frames));
    const groups = Math.floor(bands / KERNEL_BANDS);
    const singles = bands % KERNEL_BANDS;
    if (groups === 0) k.widen2(frames);
    for (let g = 0; g < groups; g++) EqProcessor.runBandsPaired(k, lanes, KERNEL_BANDS, g * KERNEL_BANDS, frames, g === 0, g === groups - 1 && singles === 0);
    for (let band = groups * KERNEL_BANDS; band < bands; band++) EqProcessor.runBandsPaired(k, lanes, 1, band, frames, false, false);
    if (groups === 0 || singles > 0) k.narrow2(frames);
    outA.set(k.output.subarray(0, frames));
    outB.set(k.output2.subarray(0, frames));
  }

  /** Bands [band, band + count) of two lanes over the kernels' WORK2 (or from IN, IN2 and into OUT, OUT2: `widen`, `narrow`). */
  private static runBandsPaired(k: Kernels, [first, second]: [Lane, Lane], count: 1 | 3, band: number, frames: number, widen: boolean, narrow: boolean): void {
    const c = 5 * band;
    const s1 = first.base + 4 * band;
    const s2 = second.base + 4 * band;
    for (let j = 0; j < 5 * count; j++) {
      k.coefficients2[2 * j] = first.coeffs[c + j];
      k.coefficients2[2 * j + 1] = second.coeffs[c + j];
    }
    for (let j = 0; j < 4 * count; j++) {
      k.state2[2 * j] = first.state[s1 + j];
      k.state2[2 * j + 1] = second.state[s2 + j];
    }
    if (count === 3) k.threeBands2(frames, widen ? 1 : 0, narrow ? 1 : 0);
    else k.oneBand2(frames);
    for (let j = 0; j < 4 * count; j++) {
      first.state[s1 + j] = k.state2[2 * j];
      second.state[s2 + j] = k.state2[2 * j + 1];
    }
  }


  private flushDenormals(): void {
    const st = this.state;
    for (let i = 0; i < st.length; i++) if (Math.abs(st[i]) < DENORMAL) st[i] = 0;
  }
}

