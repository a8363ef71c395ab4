// The de-esser: split-band, by a complementary split. Per channel, the band
// is the input through the RBJ band-pass (0 dB peak) at `freq` with `q`, in
// double precision (crossover.ts's `Section`); the rest is the input minus the
// band, so rest + band is the input exactly. The detector hears the band: per
// frame, the loudest channel's |band| in dB over the threshold is the
// reduction it asks for, capped at -range; the reduction is smoothed by a
// one-pole with `attack` while it grows and `release` while it shrinks (the
// compressor's smooth branching), and one gain g = 10^(-reduction / 20) serves
// every channel. The output is
//
//   y = x + (g - 1) · (band + wide · (x - band))
//
// that is rest + g · band at `wide` 0% (only the band turned down: a dynamic
// bell cut, exactly -reduction dB at the centre) and g · x at 100% (the whole
// signal, the issue's `mode wide`). While the reduction is 0, g is exactly 1
// and y is x, bit for bit. Threshold and range are automatable (10 ms glide).
// Latency 0; blocks are at most MAX_BLOCK_FRAMES frames; nothing is allocated
// while processing.
import { checkBlock, MAX_BLOCK_FRAMES, paramChecker } from "./block";
import { biquadCoefficients } from "./biquad";
import { Section } from "./crossover";
import { Glide } from "./glide";
import type { EFFECTS } from "../../core/catalogue";
import { dB, hertz } from "../../core/units";

export { MAX_BLOCK_FRAMES };
const GLIDE_SECONDS = 0.01;
/** A smoothed reduction under this (dB) is exactly none. */
const NO_REDUCTION = 1e-9;
const DB_PER_LOG2 = 20 * Math.log10(2);

type DeesserParam = keyof typeof EFFECTS.deesser.params;
const UNITS: Record<DeesserParam, string> = { freq: "Hz", q: "", threshold: "dB", range: "dB", wide: "(0..1)", attack: "s", release: "s" };
const { read: readParam, check: checkParam, setup: checkSetup } = paramChecker("deesser", UNITS);

export class Deesser {
  readonly latency = 0;
  private readonly bandpass: Section;
  private readonly threshold: Glide;
  private readonly range: Glide;
  private readonly wide: number;
  private readonly attack: number;
  private readonly release: number;
  /** Per channel, the band of the current block. */
  private readonly bands: Float64Array[];
  private readonly gains = new Float64Array(MAX_BLOCK_FRAMES);
  /** The loudest channel's |band| at each frame. */
  private readonly peaks = new Float64Array(MAX_BLOCK_FRAMES);
  private readonly thresholds = new Float64Array(MAX_BLOCK_FRAMES);
  private readonly ranges = new Float64Array(MAX_BLOCK_FRAMES);
  /** Smoothed reduction in dB (>= 0). */
  private reduction = 0;
  private largest = 0;

  constructor(params: Readonly<Record<string, number>>, readonly sampleRate: number, readonly channels: number) {
    checkSetup(params, sampleRate, channels);
    const band = { type: "bandpass" as const, freq: hertz(readParam(params, "freq")), gain: dB(0), q: readParam(params, "q"), slope: 1 };
    this.bandpass = new Section(biquadCoefficients(band, sampleRate), channels);
    const glide = Math.max(1, Math.round(GLIDE_SECONDS * sampleRate));
    this.threshold = new Glide(readParam(params, "threshold"), glide);
    this.range = new Glide(readParam(params, "range"), glide);
    this.wide = readParam(params, "wide");
    this.attack = 1 - Math.exp(-1 / (readParam(params, "attack") * sampleRate));
    this.release = 1 - Math.exp(-1 / (readParam(params, "release") * sampleRate));
    this.bands = Array.from({ length: channels }, () => new Float64Array(MAX_BLOCK_FRAMES));
  }

  /** The largest reduction of the last block, in dB (0 = untouched). */
  get maxGainReductionDb(): number {
    return this.largest;
  }

  /** Automates threshold or range (dB): the value glides there over 10 ms. */
  setParam(name: string, value: number): void {
    if (name === "threshold") this.threshold.set(checkParam(name, value));
    else if (name === "range") this.range.set(checkParam(name, value));
    else throw new RangeError(`deesser: '${name}' cannot be automated; automate threshold or range`);
  }

  reset(): void {
    this.bandpass.reset();
    this.reduction = 0;
    this.largest = 0;
    this.threshold.settle();
    this.range.settle();
  }

  /** De-esses `frames` frames of each channel; `outputs` may be `inputs`. Allocates nothing. */
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void {
    checkBlock("deesser", inputs, outputs, frames, this.channels);
    for (let ch = 0; ch < this.channels; ch++) this.bandpass.run(ch, inputs[ch], this.bands[ch], frames);
    this.threshold.fill(this.thresholds, frames);
    this.range.fill(this.ranges, frames);
    this.detect(frames);
    const { wide, gains } = this;
    for (let ch = 0; ch < this.channels; ch++) {
      const x = inputs[ch];
      const y = outputs[ch];
      if (this.largest === 0) {
        // No reduction anywhere in the block: g is 1 throughout and y is x.
        if (y !== x) y.set(x.subarray(0, frames));
        continue;
      }
      const band = this.bands[ch];
      for (let i = 0; i < frames; i++) {
        const xi = x[i];
        const b = band[i];
        y[i] = xi + (gains[i] - 1) * (b + wide * (xi - b));
      }
    }
  }

  /** Each frame's peak over the channels' |band|, into `peaks`; returns the block's largest. */
  private peakOfBands(frames: number): number {
    const { peaks, bands } = this;
    const first = bands[0];
    let loudest = 0;
    for (let i = 0; i < frames; i++) peaks[i] = Math.abs(first[i]);
    for (let ch = 1; ch < bands.length; ch++) {
      const band = bands[ch];
      for (let i = 0; i < frames; i++) {
        const v = Math.abs(band[i]);
        if (v > peaks[i]) peaks[i] = v;
      }
    }
    for (let i = 0; i < frames; i++) if (peaks[i] > loudest) loudest = peaks[i];
    return loudest;
  }

  /**
   * The gain of each frame from the loudest channel's band, into `gains`. The
   * dB detector works in the linear domain where it can: a peak under the
   * block's lowest threshold (less a margin) asks for nothing, one over
   * threshold - range asks for the whole range, and only between does it take
   * a logarithm; the gain is exp2 of the reduction by a polynomial.
   */
  private detect(frames: number): void {
    const { attack, release, gains, thresholds, ranges, peaks } = this;
    let r = this.reduction;
    const loudest = this.peakOfBands(frames);
    let lowest = Infinity;
    let capped = -Infinity;
    for (let i = 0; i < frames; i++) {
      if (thresholds[i] < lowest) lowest = thresholds[i];
      if (thresholds[i] - ranges[i] > capped) capped = thresholds[i] - ranges[i];
    }
    if (r === 0 && !(loudest > 0 && DB_PER_LOG2 * Math.log2(loudest) > lowest)) {
      // Nothing over the threshold and nothing to release: no reduction in the whole block.
      gains.fill(1, 0, frames);
      this.largest = 0;
      return;
    }
    const under = Math.pow(10, lowest / 20) * (1 - 1e-9);
    // Both bounds hold for every frame of the block (margins far over the rounding of the dB
    // arithmetic), so a frame's target is the same function of its peak whatever the block.
    const over = Math.pow(10, capped / 20) * (1 + 1e-9);
    let largest = 0;
    for (let i = 0; i < frames; i++) {
      const peak = peaks[i];
      let target = 0;
      if (peak >= over) target = -ranges[i];
      else if (peak > under) {
        const above = DB_PER_LOG2 * Math.log2(peak) - thresholds[i];
        if (above > 0) target = above < -ranges[i] ? above : -ranges[i];
      }
      r += (target > r ? attack : release) * (target - r);
      if (r < NO_REDUCTION) r = 0;
      gains[i] = r === 0 ? 1 : gainOf(r);
      if (r > largest) largest = r;
    }
    this.reduction = r;
    this.largest = largest;
  }
}

/** The Taylor coefficients of 2^u = e^(u ln 2), (ln 2)^k / k!, k = 0..8. */
const EXP2 = Float64Array.from({ length: 9 }, (_, k) => Math.pow(Math.LN2, k) / Array.from({ length: k }, (_, j) => j + 1).reduce((p, v) => p * v, 1));

/**
 * 10^(-r / 20) for a reduction r of 0..40 dB: 2^(y) with y = -r·log2(10)/20 split
 * into a whole n and a part f - 1/2 in [-1/2, 1/2), whose 2^ is a degree-8
 * polynomial (relative error under 1e-10, 1e-9 dB), times √2 · 2^n.
 */
function gainOf(r: number): number {
  const y = -r * LOG2_10_OVER_20;
  const n = Math.floor(y);
  const u = y - n - 0.5;
  const c = EXP2;
  const p = c[0] + u * (c[1] + u * (c[2] + u * (c[3] + u * (c[4] + u * (c[5] + u * (c[6] + u * (c[7] + u * c[8])))))));
  return p * Math.SQRT2 * POW2[-n];
}
const LOG2_10_OVER_20 = Math.log2(10) / 20;
/** 2^-k for k = 0..7 (a 40 dB reduction is 2^-6.64). */
const POW2 = Float64Array.from({ length: 8 }, (_, k) => Math.pow(2, -k));
