// The compressor: feed-forward and stereo-linked, in the log domain, after
// Giannoulis, Massberg & Reiss, "Digital Dynamic Range Compressor Design - A
// Tutorial and Analysis" (JAES 60(6), 2012). Per frame, the loudest channel's
// level in dB goes through the soft-knee gain computer; the gain reduction it
// asks for is smoothed by a one-pole whose coefficient is exp(-1/(t fs)) with
// t = attack while the reduction grows and t = release while it shrinks
// ("smooth branching" detector); one gain, plus makeup, is applied to every
// channel. Latency 0. Blocks are at most MAX_BLOCK_FRAMES frames.
import { checkBlock, MAX_BLOCK_FRAMES, paramChecker } from "./block";
import { amplitudeToDbFast, dbToAmplitudeFast } from "./fastMath";
import { Glide } from "./glide";
import { EFFECTS } from "../../core/catalogue";

/** Largest `frames` per `process` call; the per-frame gain buffer is preallocated at this size. */
export { MAX_BLOCK_FRAMES };
/** Automated threshold, ratio and makeup glide linearly to a new value over this long. */
const GLIDE_SECONDS = 0.01;
/** Levels below this amplitude (-200 dBFS) count as -200 dB, far under any threshold. */
const FLOOR_AMPLITUDE = 1e-10;

type CompParam = keyof typeof EFFECTS.comp.params;
const UNITS: Record<CompParam, string> = { threshold: "dB", ratio: ":1", knee: "dB", attack: "s", release: "s", makeup: "dB" };
const { read: readParam, check: checkParam } = paramChecker<CompParam>("comp", UNITS);

/**
 * The static gain computer in dB of reduction (>= 0) for an input level:
 * 0 below the knee, `slope` (= 1 - 1/ratio) times the overshoot above it, and
 * the quadratic slope (x - T + W/2)^2 / (2W) inside it (Giannoulis eq. 4).
 */
export function gainReductionDb(levelDb: number, thresholdDb: number, slope: number, kneeDb: number): number {
  const over = levelDb - thresholdDb;
  if (2 * over <= -kneeDb) return 0;
  if (2 * over < kneeDb) {
    const x = over + kneeDb / 2;
    return (slope * x * x) / (2 * kneeDb);
  }
  return slope * over;
}


export class Compressor {
  /** Frames between input and output: none. */
  readonly latency = 0;
  private readonly threshold: Glide;
  /** 1 - 1/ratio, glided rather than the ratio itself so the curve moves evenly. */
  private readonly slope: Glide;
  private readonly makeup: Glide;
  private readonly knee: number;
  private readonly attackCoeff: number;
  private readonly releaseCoeff: number;
  /** Linear gain per frame of the current block, makeup included. */
  private readonly gains: Float64Array;
  /** Smoothed gain reduction in dB (>= 0). */
  private reduction = 0;
  private blockMaxReduction = 0;

  constructor(params: Readonly<Record<string, number>>, readonly sampleRate: number, readonly channels: number) {
    if (!Number.isFinite(sampleRate) || sampleRate <= 0) throw new RangeError(`comp: sample rate ${sampleRate} Hz is not a positive number`);
    if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`comp: ${channels} channels; it needs a whole number of at least 1`);
    const glide = Math.max(1, Math.round(GLIDE_SECONDS * sampleRate));
    this.threshold = new Glide(readParam(params, "threshold"), glide);
    this.slope = new Glide(1 - 1 / readParam(params, "ratio"), glide);
    this.makeup = new Glide(readParam(params, "makeup"), glide);
    this.knee = readParam(params, "knee");
    this.attackCoeff = Math.exp(-1 / (readParam(params, "attack") * sampleRate));
    this.releaseCoeff = Math.exp(-1 / (readParam(params, "release") * sampleRate));
    this.gains = new Float64Array(MAX_BLOCK_FRAMES);
  }

  /** The largest gain reduction of the last block, in dB (0 = untouched, 6 = turned down 6 dB); makeup not counted. */
  get maxGainReductionDb(): number {
    return this.blockMaxReduction;
  }

  /** Automates threshold (dB), ratio or makeup (dB): the value glides there over 10 ms, the detector carries on. */
  setParam(name: string, value: number): void {
    if (name === "threshold") this.threshold.set(checkParam(name, value));
    else if (name === "ratio") this.slope.set(1 - 1 / checkParam(name, value));
    else if (name === "makeup") this.makeup.set(checkParam(name, value));
    else throw new RangeError(`comp: '${name}' cannot be automated; automate threshold, ratio or makeup`);
  }

  /** Forgets the detector (no gain reduction) and finishes any glide. */
  reset(): void {
    this.reduction = 0;
    this.blockMaxReduction = 0;
    this.threshold.settle();
    this.slope.settle();
    this.makeup.settle();
  }

  /** Compresses `frames` frames of each channel; `outputs` may be `inputs`. Allocates nothing. */
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void {
    checkBlock("comp", inputs, outputs, frames, this.channels);
    this.computeGains(inputs, frames);
    const gains = this.gains;
    for (let ch = 0; ch < this.channels; ch++) {
      const input = inputs[ch];
      const output = outputs[ch];
      for (let i = 0; i < frames; i++) output[i] = input[i] * gains[i];
    }
  }

  /** Fills `gains` for the block: linked level, gain computer, branching smoother, makeup. */
  private computeGains(inputs: readonly Float32Array[], frames: number): void {
    const moving = this.threshold.moving || this.slope.moving || this.makeup.moving;
    const reduction = moving ? this.gainsGliding(inputs, frames) : this.gainsSteady(inputs, frames);
    // Keep denormals out of the recursion as the reduction dies away.
    this.reduction = reduction < 1e-12 ? 0 : reduction;
  }

  /** The loudest channel's absolute value at each frame, into `gains` (as scratch). */
  private linkedPeaks(inputs: readonly Float32Array[], frames: number): Float64Array {
    const peaks = this.gains;
    const first = inputs[0];
    for (let i = 0; i < frames; i++) peaks[i] = Math.abs(first[i]);
    for (let ch = 1; ch < this.channels; ch++) {
      const input = inputs[ch];
      for (let i = 0; i < frames; i++) {
        const a = Math.abs(input[i]);
        if (a > peaks[i]) peaks[i] = a;
      }
    }
    return peaks;
  }

  /**
   * The common case, no parameter moving: constants in locals, and no
   * logarithm for a level under the knee or exponential for a settled gain.
   */
  private gainsSteady(inputs: readonly Float32Array[], frames: number): number {
    const gains = this.linkedPeaks(inputs, frames);
    const threshold = this.threshold.value;
    const slope = this.slope.value;
    const knee = this.knee;
    const makeup = this.makeup.value;
    const makeupGain = Math.pow(10, makeup / 20);
    /** Levels at or under this amplitude ask for no reduction. */
    const quiet = Math.pow(10, (threshold - knee / 2) / 20);
    const attack = this.attackCoeff;
    const release = this.releaseCoeff;
    let reduction = this.reduction;
    let blockMax = 0;
    // Levels to wanted reduction, then the smoother (reduction per frame), then gains:
    // three simple loops run faster than one that does everything.
    for (let i = 0; i < frames; i++) {
      const peak = gains[i];
      gains[i] = peak <= quiet ? 0 : gainReductionDb(amplitudeToDbFast(Math.max(peak, FLOOR_AMPLITUDE)), threshold, slope, knee);
    }
    for (let i = 0; i < frames; i++) {
      const wanted = gains[i];
      const coeff = wanted > reduction ? attack : release;
      reduction = coeff * reduction + (1 - coeff) * wanted;
      if (reduction > blockMax) blockMax = reduction;
      gains[i] = reduction;
    }
    for (let i = 0; i < frames; i++) {
      const r = gains[i];
      gains[i] = r === 0 ? makeupGain : dbToAmplitudeFast(makeup - r);
    }
    this.blockMaxReduction = blockMax;
    return reduction;
  }

  /** While threshold, ratio or makeup glide: every parameter per frame. */
  private gainsGliding(inputs: readonly Float32Array[], frames: number): number {
    const gains = this.linkedPeaks(inputs, frames);
    const knee = this.knee;
    const attack = this.attackCoeff;
    const release = this.releaseCoeff;
    let reduction = this.reduction;
    let blockMax = 0;
    for (let i = 0; i < frames; i++) {
      const peak = Math.max(gains[i], FLOOR_AMPLITUDE);
      const wanted = gainReductionDb(amplitudeToDbFast(peak), this.threshold.next(), this.slope.next(), knee);
      const coeff = wanted > reduction ? attack : release;
      reduction = coeff * reduction + (1 - coeff) * wanted;
      if (reduction > blockMax) blockMax = reduction;
      gains[i] = dbToAmplitudeFast(this.makeup.next() - reduction);
    }
    this.blockMaxReduction = blockMax;
    return reduction;
  }
}
