// The compressor: feed-forward and stereo-linked, in the log domain, after
// Giannoulis, Massberg & Reiss, "Digital Dynamic Range Compressor Design - A
// Tutorial and Analysis" (JAES 60(6), 2012). Per frame, the loudest channel's
// level goes through the soft-knee gain computer; the gain reduction it asks
// for is smoothed by a one-pole whose coefficient is exp(-1/(t fs)) with
// t = attack while the reduction grows and t = release while it shrinks
// ("smooth branching" detector); one gain, plus makeup, is applied to every
// channel. Latency 0. Blocks are at most MAX_BLOCK_FRAMES frames.
//
// Levels, thresholds and reductions are in octaves of amplitude (dB /
// DB_PER_OCTAVE) so that the per-sample loop needs only log2 and 2^x, read
// from fastMath's tables.
import { checkBlock, MAX_BLOCK_FRAMES, paramChecker } from "./block";
import * as fastMath from "./fastMath";
import { Glide } from "./glide";
import { EFFECTS } from "../../core/catalogue";

// Copied into this module: compiled to CommonJS module by module (tsx, the
// tests), an imported name is a property read at every use, too slow per sample.
const { BITS, DB_PER_OCTAVE, EXP2_SLOPE, EXP2_TABLE, FRACTION_MASK, LOG2_SLOPE, LOG2_TABLE, MANTISSA_SHIFT, POW2, POW2_OFFSET, SIZE } = fastMath;

/** Largest `frames` per `process` call; the per-frame gain buffer is preallocated at this size. */
export { MAX_BLOCK_FRAMES };
/** Automated threshold, ratio and makeup glide linearly to a new value over this long. */
const GLIDE_SECONDS = 0.01;
/**
 * Frames per call of the per-sample loop. A first call that runs a whole block
 * gets optimised mid-loop (on-stack replacement) before V8 has type feedback
 * for the lines around the loop (it starts recording only once a function is
 * warm): the optimised code then bails out on those lines, and blocks went on
 * running in the mid-loop compilation, which boxes its numbers, for over a
 * thousand blocks. Calls of a few hundred frames are profiled whole first.
 */
const CHUNK_FRAMES = 512;

// Scratch shared by every compressor on the thread: `process` runs to the end
// without yielding and keeps nothing in them. As module-level constants, the
// optimised loops address them with no per-sample type checks.
/** The loudest channel's absolute value per frame (two channels or more). */
const PEAKS = new Float32Array(MAX_BLOCK_FRAMES);
/** The linear gain per frame (two channels or more), makeup included. */
const GAINS = new Float64Array(MAX_BLOCK_FRAMES);
/** A sample's float32 bit pattern, for log2 (as in fastMath's log2f). */
const SAMPLE = new Float32Array(1);
const SAMPLE_BITS = new Uint32Array(SAMPLE.buffer);

type CompParam = keyof typeof EFFECTS.comp.params;
const UNITS: Record<CompParam, string> = { threshold: "dB", ratio: ":1", knee: "dB", attack: "s", release: "s", makeup: "dB" };
const { read: readParam, check: checkParam } = paramChecker<CompParam>("comp", UNITS);

/**
 * The static gain computer in dB of reduction (>= 0) for an input level:
 * 0 below the knee, `slope` (= 1 - 1/ratio) times the overshoot above it, and
 * the quadratic slope (x - T + W/2)^2 / (2W) inside it (Giannoulis eq. 4).
 * The per-sample loop computes the same curve in octaves, see `compress`.
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
  // The numbers the per-sample loop reads start as numbers: V8 keeps a field
  // it first saw undefined (declared without an initialiser) as a tagged
  // pointer, and unboxes it at every use.
  /** Knee width in octaves. */
  private readonly knee: number = 0;
  /** 1 / (4 knee), for the quadratic part of the knee (0 without a knee). */
  private readonly kneeScale: number = 0;
  /** The smoother's weights, see `compress`: 1 - mean, and half the sum and half the difference of its attack and release steps. */
  private readonly keep: number = 0;
  private readonly mean: number = 0;
  private readonly spread: number = 0;
  // From the current threshold, ratio and makeup, by `updateCurve`.
  /** Amplitude of the knee's foot: samples at or under it ask for no reduction. */
  private quiet = 0;
  /** Threshold + knee / 2 (octaves), where the curve's straight part starts. */
  private kneeTop = 0;
  /** (1 - 1/ratio) / 2. */
  private halfSlope = 0;
  /** (makeup + POW2_OFFSET) octaves: 2^(makeup - reduction) is read at (exp2Base - reduction) * SIZE, as in fastMath's exp2. */
  private exp2Base = 0;
  /** Smoothed gain reduction in octaves (>= 0). */
  private reduction = 0;
  /**
   * The reduction after each frame of the last block, for maxGainReductionDb.
   * Keeping the largest as the loop goes costs a branch that mispredicts
   * whenever the reduction overtakes it: 12% of the loop's time.
   */
  private readonly reductions = new Float64Array(MAX_BLOCK_FRAMES);
  private blockFrames = 0;

  constructor(params: Readonly<Record<string, number>>, readonly sampleRate: number, readonly channels: number) {
    if (!Number.isFinite(sampleRate) || sampleRate <= 0) throw new RangeError(`comp: sample rate ${sampleRate} Hz is not a positive number`);
    if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`comp: ${channels} channels; it needs a whole number of at least 1`);
    const glide = Math.max(1, Math.round(GLIDE_SECONDS * sampleRate));
    this.threshold = new Glide(readParam(params, "threshold"), glide);
    this.slope = new Glide(1 - 1 / readParam(params, "ratio"), glide);
    this.makeup = new Glide(readParam(params, "makeup"), glide);
    this.knee = readParam(params, "knee") / DB_PER_OCTAVE;
    this.kneeScale = this.knee > 0 ? 1 / (4 * this.knee) : 0;
    const attack = 1 - Math.exp(-1 / (readParam(params, "attack") * sampleRate));
    const release = 1 - Math.exp(-1 / (readParam(params, "release") * sampleRate));
    this.mean = (attack + release) / 2;
    this.spread = (attack - release) / 2;
    this.keep = 1 - this.mean;
    this.updateCurve();
  }

  /** The largest gain reduction of the last block, in dB (0 = untouched, 6 = turned down 6 dB); makeup not counted. */
  get maxGainReductionDb(): number {
    let largest = 0;
    for (let i = 0; i < this.blockFrames; i++) largest = Math.max(largest, this.reductions[i]);
    return largest * DB_PER_OCTAVE;
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
    this.blockFrames = 0;
    this.threshold.settle();
    this.slope.settle();
    this.makeup.settle();
    this.updateCurve();
  }

  /**
   * Compresses `frames` frames of each channel; `outputs` may be `inputs`. Allocates nothing.
   * One channel is compressed in the per-sample loop itself; more are linked
   * through PEAKS and GAINS.
   */
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void {
    checkBlock("comp", inputs, outputs, frames, this.channels);
    const mono = this.channels === 1;
    const source = mono ? inputs[0] : linkedPeaks(inputs, this.channels, frames);
    const output = mono ? outputs[0] : null;
    this.blockFrames = frames;
    if (this.threshold.moving || this.slope.moving || this.makeup.moving) {
      // Gliding: a frame at a time, each with its own threshold, ratio and makeup.
      for (let i = 0; i < frames; i++) {
        this.threshold.next();
        this.slope.next();
        this.makeup.next();
        this.updateCurve();
        this.compress(source, output, i, i + 1);
      }
    } else {
      for (let from = 0; from < frames; from += CHUNK_FRAMES) this.compress(source, output, from, Math.min(frames, from + CHUNK_FRAMES));
    }
    // Keep denormals out of the recursion as the reduction dies away.
    if (this.reduction < 1e-12) this.reduction = 0;
    if (!mono) for (let ch = 0; ch < this.channels; ch++) applyGains(inputs[ch], outputs[ch], frames);
  }

  /** The loop's constants for the current threshold, ratio and makeup, in octaves. */
  private updateCurve(): void {
    const threshold = this.threshold.value / DB_PER_OCTAVE;
    this.quiet = Math.pow(2, threshold - this.knee / 2);
    this.kneeTop = threshold + this.knee / 2;
    this.halfSlope = this.slope.value / 2;
    this.exp2Base = this.makeup.value / DB_PER_OCTAVE + POW2_OFFSET;
  }

  /**
   * Frames [from, to): level, gain computer, smoother and gain, into `output`
   * (source * gain) or, without one, GAINS. It calls nothing, so its speed
   * does not hang on what V8 inlines. The smoother is the branching one,
   * r += (wanted > r ? attack : release) * (wanted - r), written as
   * keep * r + mean * wanted + spread * |wanted - r|: the branch would
   * mispredict each time the waveform crosses r (measured slower).
   */
  private compress(source: Float32Array, output: Float32Array | null, from: number, to: number): void {
    const { quiet, kneeTop, halfSlope, exp2Base, knee, kneeScale, keep, mean, spread, reductions } = this;
    let reduction = this.reduction;
    // `| 0` keeps the counter an int32 (from a tagged argument it would be tagged).
    for (let i = from | 0; i < to; i++) {
      const sample = source[i];
      let wanted = 0;
      if (Math.abs(sample) > quiet) {
        // log2|sample| as fastMath's log2f (being over `quiet`, it is normal).
        SAMPLE[0] = sample;
        const bits = SAMPLE_BITS[0];
        const k = (bits >>> MANTISSA_SHIFT) & (SIZE - 1);
        const level = ((bits >>> 23) & 0xff) - 127 + LOG2_TABLE[k] + LOG2_SLOPE[k] * (bits & FRACTION_MASK);
        // gainReductionDb without ifs: slope * max(over - W/2, 0), plus slope * x^2 / (2W)
        // inside the knee with x = clamp(over + W/2, 0, W) = (|v| - |v - W| + W) / 2.
        const above = level - kneeTop;
        wanted = halfSlope * (above + Math.abs(above));
        if (knee > 0) {
          const inside = above + knee;
          const x = Math.abs(inside) - Math.abs(inside - knee) + knee;
          wanted += halfSlope * x * x * kneeScale;
        }
      }
      reduction = keep * reduction + mean * wanted + spread * Math.abs(wanted - reduction);
      reductions[i] = reduction;
      // 2^(makeup - reduction) as fastMath's exp2 without its clamp: levels of
      // float32 samples are under 129 octaves and thresholds over -10, so the
      // reduction stays under 140 octaves, well inside POW2.
      const scaled = (exp2Base - reduction) * SIZE;
      const n = scaled | 0;
      const m = n & (SIZE - 1);
      const gain = POW2[n >> BITS] * (EXP2_TABLE[m] + EXP2_SLOPE[m] * (scaled - n));
      if (output === null) GAINS[i] = gain;
      else output[i] = sample * gain;
    }
    this.reduction = reduction;
  }
}

// The loops below are alone in their functions with nothing before them but
// arguments, for the reason given at CHUNK_FRAMES.

/** The loudest channel's absolute value at each frame, into PEAKS. */
function linkedPeaks(inputs: readonly Float32Array[], channels: number, frames: number): Float32Array {
  absInto(inputs[0], frames);
  for (let ch = 1; ch < channels; ch++) louderInto(inputs[ch], frames);
  return PEAKS;
}

function absInto(input: Float32Array, frames: number): void {
  for (let i = 0; i < frames; i++) PEAKS[i] = Math.abs(input[i]);
}

function louderInto(input: Float32Array, frames: number): void {
  for (let i = 0; i < frames; i++) {
    const a = Math.abs(input[i]);
    if (a > PEAKS[i]) PEAKS[i] = a;
  }
}

function applyGains(input: Float32Array, output: Float32Array, frames: number): void {
  for (let i = 0; i < frames; i++) output[i] = input[i] * GAINS[i];
}
