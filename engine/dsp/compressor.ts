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
// from fastMath's tables. The loop runs in WebAssembly (kernels.wat's
// `compress`), which does the arithmetic written out in `compress` below;
// two mono compressors can run side by side (`processPair`, `compress2`).
import { checkBlock, MAX_BLOCK_FRAMES, paramChecker } from "./block";
import * as fastMath from "./fastMath";
import { COMP2_FIELDS, kernels, type Kernels } from "./wasm/kernels";
import { Glide } from "./glide";
import { EFFECTS } from "../../core/catalogue";

const { DB_PER_OCTAVE, POW2_OFFSET } = fastMath;

/** Largest `frames` per `process` call. */
export { MAX_BLOCK_FRAMES };
/** Automated threshold, ratio and makeup glide linearly to a new value over this long. */
const GLIDE_SECONDS = 0.01;

/** The loudest channel's absolute value per frame (two channels or more): scratch shared by the thread's compressors. */
const PEAKS = new Float32Array(MAX_BLOCK_FRAMES);

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
   * The reduction after each frame of the last block that ran alone
   * (`process`), for maxGainReductionDb. Keeping the largest as the scalar
   * loop goes costs a branch that mispredicts whenever the reduction
   * overtakes it: 12% of the loop's time.
   */
  private readonly reductions = new Float64Array(MAX_BLOCK_FRAMES);
  private blockFrames = 0;
  /** The largest reduction of the last block (octaves), kept by `compress2` in a lane; NaN: find it in `reductions`. */
  private largest = 0;

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
    if (Number.isNaN(this.largest)) this.largest = largestOf(this.reductions, this.blockFrames);
    return this.largest * DB_PER_OCTAVE;
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
    this.largest = 0;
    this.threshold.settle();
    this.slope.settle();
    this.makeup.settle();
    this.updateCurve();
  }

  /**
   * Compresses `frames` frames of each channel; `outputs` may be `inputs`. Allocates nothing.
   * One channel is compressed in the per-sample loop itself; more are linked:
   * the loop reads the loudest channel's magnitude and gives a gain per frame.
   */
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void {
    checkBlock("comp", inputs, outputs, frames, this.channels);
    const mono = this.channels === 1;
    const k = kernels();
    k.input.set((mono ? inputs[0] : linkedPeaks(inputs, this.channels, frames)).subarray(0, frames));
    if (this.gliding) {
      // Gliding: a frame at a time, each with its own threshold, ratio and makeup.
      for (let i = 0; i < frames; i++) {
        this.threshold.next();
        this.slope.next();
        this.makeup.next();
        this.updateCurve();
        this.compress(k, mono, i, i + 1);
      }
    } else this.compress(k, mono, 0, frames);
    this.reductions.set(k.reductions.subarray(0, frames));
    this.blockFrames = frames;
    this.largest = NaN;
    this.flushReduction();
    if (mono) outputs[0].set(k.output.subarray(0, frames));
    else for (let ch = 0; ch < this.channels; ch++) applyGains(inputs[ch], outputs[ch], k.gains, frames);
  }

  /** Whether `processPair` takes these two: two mono compressors. */
  static pairable(first: Compressor, second: Compressor): boolean {
    return first !== second && first.channels === 1 && second.channels === 1;
  }

  /**
   * Two mono compressors, each over its own channel (`a`, `b`, in place), in
   * one pass: the kernel `compress2` runs them side by side, a lane each, for
   * little more than the cost of one. Each channel gets exactly the bits its
   * own `process` would give it. While either glides they run one by one.
   */
  static processPair(first: Compressor, second: Compressor, a: Float32Array, b: Float32Array, frames: number): void {
    if (!Compressor.pairable(first, second)) throw new Error("comp: only two mono compressors run as a pair");
    if (first.gliding || second.gliding) {
      first.process([a], [a], frames);
      second.process([b], [b], frames);
      return;
    }
    checkBlock("comp", [a], [a], frames, 1);
    checkBlock("comp", [b], [b], frames, 1);
    const k = kernels();
    k.input.set(a.subarray(0, frames));
    k.input2.set(b.subarray(0, frames));
    first.toLane(k.compressor2, 0);
    second.toLane(k.compressor2, 1);
    k.compress2(frames);
    first.fromLane(k.compressor2, 0);
    second.fromLane(k.compressor2, 1);
    a.set(k.output.subarray(0, frames));
    b.set(k.output2.subarray(0, frames));
  }

  private get gliding(): boolean {
    return this.threshold.moving || this.slope.moving || this.makeup.moving;
  }

  /** Writes this compressor's constants and reduction into lane `lane` of `compress2`'s COMP2. */
  private toLane(comp2: Float64Array, lane: 0 | 1): void {
    for (let j = 0; j < LARGEST; j++) comp2[2 * j + lane] = this[COMP2_FIELDS[j] as Exclude<(typeof COMP2_FIELDS)[number], "largest">];
  }

  /** Takes the reduction and the block's largest reduction back from lane `lane` of COMP2. */
  private fromLane(comp2: Float64Array, lane: 0 | 1): void {
    this.reduction = comp2[2 * REDUCTION + lane];
    this.largest = comp2[2 * LARGEST + lane];
    this.flushReduction();
  }

  /** After a block: keeps denormals out of the recursion as the reduction dies away. */
  private flushReduction(): void {
    if (this.reduction < 1e-12) this.reduction = 0;
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
   * Frames [from, to) of the kernels' input, in the kernel `compress`: per frame,
   *   level     = log2|sample| as fastMath's log2f (only over `quiet`, so normal),
   *   wanted    = gainReductionDb in octaves without ifs: halfSlope (above + |above|)
   *               with above = level - kneeTop, plus, with a knee, halfSlope x² kneeScale
   *               where x = |above + W| - |above| + W = 2 clamp(over + W/2, 0, W);
   *   reduction = keep reduction + mean wanted + spread |wanted - reduction|, the
   *               branching smoother r += (wanted > r ? attack : release) (wanted - r)
   *               without its branch, which would mispredict each time the waveform
   *               crosses r;
   *   gain      = 2^(makeup - reduction) as fastMath's exp2 without its clamp (levels of
   *               float32 samples are under 129 octaves and thresholds over -10, so the
   *               reduction stays under 140 octaves, well inside POW2);
   * into the output (sample times gain) or, linked, the gains.
   */
  private compress(k: Kernels, mono: boolean, from: number, to: number): void {
    this.reduction = k.compress(from, to, this.reduction, mono ? 0 : 1, this.quiet, this.kneeTop, this.halfSlope, this.exp2Base, this.knee, this.kneeScale, this.keep, this.mean, this.spread);
  }
}

/** Where `compress2` keeps a lane's reduction and largest reduction in COMP2 (the constants come before). */
const REDUCTION = COMP2_FIELDS.indexOf("reduction");
const LARGEST = COMP2_FIELDS.indexOf("largest");

/** The largest of `reductions[0..frames)`, or 0. */
function largestOf(reductions: Float64Array, frames: number): number {
  let largest = 0;
  for (let i = 0; i < frames; i++) largest = Math.max(largest, reductions[i]);
  return largest;
}

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

function applyGains(input: Float32Array, output: Float32Array, gains: Float64Array, frames: number): void {
  for (let i = 0; i < frames; i++) output[i] = input[i] * gains[i];
}
