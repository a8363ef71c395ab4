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
// DB_PER_OCTAVE) so that the per-sample loop needs only log2 and 2^x, which
// fastMath computes in float32 as a few multiply-adds. The loop runs in
// WebAssembly (kernels.wat's `compress4`, its arithmetic written out beside
// it): four compressors side by side, a lane each, so up to four mono
// compressors run at once (`processGroup`); one alone runs in `compress1`,
// which gives lane 0's bits at about a third of the cost.
// Levels and gains are float32, as the samples are; the gain computer and the
// smoother run in double precision, so a long release settles exactly.
import { checkBlock, MAX_BLOCK_FRAMES, paramChecker } from "./block";
import { DB_PER_OCTAVE } from "./fastMath";
import { COMP4_FIELDS, COMPRESSOR_LANES, kernels, type Kernels } from "./wasm/kernels";
import { applyGains, loudest } from "./wasm/reference";
import { Glide } from "./glide";
import { EFFECTS } from "../../core/catalogue";

/** Largest `frames` per `process` call. */
export { MAX_BLOCK_FRAMES };
/** Automated threshold, ratio and makeup glide linearly to a new value over this long. */
const GLIDE_SECONDS = 0.01;

/** The loudest channel's absolute value per frame (two channels or more): scratch shared by the thread's compressors. */
const PEAKS = new Float32Array(MAX_BLOCK_FRAMES);

/** Where a lane's fields sit in COMP4 (kernels.ts). */
const FIELD = Object.fromEntries(COMP4_FIELDS.map((name, j) => [name, j * COMPRESSOR_LANES])) as Record<(typeof COMP4_FIELDS)[number], number>;

type CompParam = keyof typeof EFFECTS.comp.params;
const UNITS: Record<CompParam, string> = { threshold: "dB", ratio: ":1", knee: "dB", attack: "s", release: "s", makeup: "dB" };
const { read: readParam, check: checkParam } = paramChecker("comp", UNITS);

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
  /** Amplitude of the knee's foot (float32): samples at or under it ask for no reduction. */
  private quiet = 0;
  /** Threshold + knee / 2 (octaves), where the curve's straight part starts: its integer part plus 127 (the float exponent's bias), and its fraction. */
  private eBase = 0;
  private kneeTopFraction = 0;
  /** (1 - 1/ratio) / 2. */
  private halfSlope = 0;
  /** Makeup in octaves: the gain is 2^(exp2Base - reduction). */
  private exp2Base = 0;
  /** Smoothed gain reduction in octaves (>= 0). */
  private reduction = 0;
  /** The largest reduction of the last block (octaves). */
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
    this.largest = 0;
    this.threshold.settle();
    this.slope.settle();
    this.makeup.settle();
    this.updateCurve();
  }

  /**
   * Compresses `frames` frames of each channel; `outputs` may be `inputs`. Allocates nothing.
   * One channel is compressed by the kernel `compress1` (lane 0 of
   * `compress4`, alone); more are linked: the kernel reads the loudest
   * channel's magnitude and gives a gain per frame.
   */
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void {
    checkBlock("comp", inputs, outputs, frames, this.channels);
    const mono = this.channels === 1;
    const k = kernels();
    const stereo = this.channels === 2;
    if (stereo) {
      // Two channels: the loudest magnitude and the gains by the kernels `loudest2` and `applyGains2`.
      k.input3.set(inputs[0].subarray(0, frames));
      k.input4.set(inputs[1].subarray(0, frames));
      k.loudest2(frames);
    } else k.input.set((mono ? inputs[0] : linkedPeaks(inputs, this.channels, frames)).subarray(0, frames));
    this.largest = 0;
    if (this.gliding) {
      // Gliding: a frame at a time, each with its own threshold, ratio and makeup.
      for (let i = 0; i < frames; i++) {
        this.threshold.next();
        this.slope.next();
        this.makeup.next();
        this.updateCurve();
        this.toLane(k, 0);
        k.compress1(i, i + 1, mono ? 0 : 1);
        this.fromLane(k, 0);
      }
    } else {
      this.toLane(k, 0);
      k.compress1(0, frames, mono ? 0 : 1);
      this.fromLane(k, 0);
    }
    this.flushReduction();
    if (mono) outputs[0].set(k.output.subarray(0, frames));
    else if (stereo) {
      k.applyGains2(frames);
      outputs[0].set(k.output3.subarray(0, frames));
      outputs[1].set(k.output4.subarray(0, frames));
    } else for (let ch = 0; ch < this.channels; ch++) applyGains(inputs[ch], k.output, outputs[ch], frames);
  }

  /** Whether `processGroup` takes these two together: two mono compressors. */
  static pairable(first: Compressor, second: Compressor): boolean {
    return first !== second && first.channels === 1 && second.channels === 1;
  }

  /**
   * Up to four mono compressors, each over its own channel (in place), in one
   * pass: the kernel `compress4` runs them side by side, a lane each, for
   * about the cost of one. Each channel gets exactly the bits its own
   * `process` gives it. While any glides they run one by one.
   */
  static processGroup(comps: readonly Compressor[], channels: readonly Float32Array[], frames: number): void {
    const n = comps.length;
    let valid = n >= 1 && n <= COMPRESSOR_LANES && channels.length === n;
    let gliding = false;
    for (let j = 0; j < n && valid; j++) {
      if (comps[j].channels !== 1) valid = false;
      for (let o = 0; o < j; o++) if (comps[o] === comps[j]) valid = false;
      if (comps[j].gliding) gliding = true;
    }
    if (!valid) throw new Error(`comp: a group is 1 to ${COMPRESSOR_LANES} different mono compressors, one channel each`);
    if (n === 1 || gliding) {
      for (let j = 0; j < n; j++) comps[j].process([channels[j]], [channels[j]], frames);
      return;
    }
    const k = kernels();
    for (let j = 0; j < n; j++) {
      checkBlock("comp", [channels[j]], [channels[j]], frames, 1);
      k.inputs[j].set(channels[j].subarray(0, frames));
      comps[j].largest = 0;
      comps[j].toLane(k, j);
    }
    idleLanes(k, n);
    k.compress4(0, frames, 0);
    for (let j = 0; j < n; j++) {
      comps[j].fromLane(k, j);
      comps[j].flushReduction();
      channels[j].set(k.outputs[j].subarray(0, frames));
    }
  }

  private get gliding(): boolean {
    return this.threshold.moving || this.slope.moving || this.makeup.moving;
  }

  /** Writes this compressor's constants, reduction and largest reduction into lane `lane` of COMP4. */
  private toLane(k: Kernels, lane: number): void {
    const { quiet, eBase, kneeTopFraction, fields } = k.compressors;
    quiet[lane] = this.quiet;
    eBase[lane] = this.eBase;
    kneeTopFraction[lane] = this.kneeTopFraction;
    fields[FIELD.halfSlope + lane] = this.halfSlope;
    fields[FIELD.knee + lane] = this.knee;
    fields[FIELD.kneeScale + lane] = this.kneeScale;
    fields[FIELD.keep + lane] = this.keep;
    fields[FIELD.mean + lane] = this.mean;
    fields[FIELD.spread + lane] = this.spread;
    fields[FIELD.exp2Base + lane] = this.exp2Base;
    fields[FIELD.reduction + lane] = this.reduction;
    fields[FIELD.largest + lane] = this.largest;
  }

  /** Takes the reduction and the largest reduction back from lane `lane`. */
  private fromLane(k: Kernels, lane: number): void {
    this.reduction = k.compressors.fields[FIELD.reduction + lane];
    this.largest = k.compressors.fields[FIELD.largest + lane];
  }

  /** After a block: keeps denormals out of the recursion as the reduction dies away. */
  private flushReduction(): void {
    if (this.reduction < 1e-12) this.reduction = 0;
  }

  /** The loop's constants for the current threshold, ratio and makeup, in octaves. */
  private updateCurve(): void {
    const threshold = this.threshold.value / DB_PER_OCTAVE;
    const kneeTop = threshold + this.knee / 2;
    this.quiet = Math.fround(Math.pow(2, threshold - this.knee / 2));
    this.eBase = 127 + Math.floor(kneeTop);
    this.kneeTopFraction = Math.fround(kneeTop - Math.floor(kneeTop));
    this.halfSlope = this.slope.value / 2;
    this.exp2Base = this.makeup.value / DB_PER_OCTAVE;
  }
}

/** `compress4`'s lanes `from` to 3 run nothing: no reduction, unit gain, whatever is in their inputs. */
function idleLanes(k: Kernels, from: number): void {
  const { quiet, eBase, kneeTopFraction, fields } = k.compressors;
  for (let lane = from; lane < COMPRESSOR_LANES; lane++) {
    quiet[lane] = Infinity;
    eBase[lane] = 127;
    kneeTopFraction[lane] = 0;
    for (let j = 0; j < COMP4_FIELDS.length; j++) fields[j * COMPRESSOR_LANES + lane] = 0;
  }
}

/** The loudest channel's absolute value at each frame, into PEAKS (`loudest2`'s arithmetic, a channel at a time; more than two channels). */
function linkedPeaks(inputs: readonly Float32Array[], channels: number, frames: number): Float32Array {
  loudest(inputs[0], inputs[1], PEAKS, frames);
  for (let ch = 2; ch < channels; ch++) loudest(PEAKS, inputs[ch], PEAKS, frames);
  return PEAKS;
}
