// The streaming loudness meter of ITU-R BS.1770-4 / EBU R128: K-weighted
// energy in 100 ms steps gives momentary (400 ms) and short-term (3 s)
// loudness every 100 ms, integrated loudness over gated 400 ms blocks with
// 75% overlap, loudness range (EBU Tech 3342), and true and sample peaks.
// After construction, `push` allocates nothing; memory grows only by one
// number per 100 ms for the gating blocks (and the optional history).

import { gatedLoudness } from "./gating";
import { GrowingSeries } from "./growingSeries";
import { KWeightingFilter } from "./kWeighting";
import { LoudnessRangeHistogram } from "./loudnessRange";
import {
  amplitudeToDb,
  checkChannelCount,
  checkPlanar,
  checkSampleRate,
  defaultChannelWeights,
  powerToLufs,
} from "./scale";
import { SubblockRing } from "./subblockRing";
import { TruePeakMeter, type TruePeakOptions } from "./truePeakMeter";

/** What a whole programme measures. */
export interface LoudnessResult {
  /** Integrated (programme) loudness, LUFS. */
  integrated: number;
  /** Loudness range, LU (0 for silence or programmes under 3 s). */
  range: number;
  /** Largest true peak of any channel, dBTP. */
  truePeak: number;
  /** Largest absolute sample of any channel, dBFS. */
  samplePeak: number;
  /** Largest momentary loudness, LUFS. */
  momentaryMax: number;
  /** Largest short-term loudness, LUFS. */
  shortTermMax: number;
}

export interface LoudnessMeterOptions {
  /** Per-channel weights (BS.1770-4 Table 3); by default from the channel count, see `defaultChannelWeights`. */
  channelWeights?: readonly number[];
  /** Keep the short-term loudness of every 100 ms step for `shortTermHistory()`. Off by default. */
  keepHistory?: boolean;
  truePeak?: TruePeakOptions;
}

/** Steps per second: every reading is updated each 100 ms. */
export const STEPS_PER_SECOND = 10;
const MOMENTARY_STEPS = 4;
const SHORT_TERM_STEPS = 30;

/** `pushGroup`'s filters and inputs for the block at hand. */
const GROUP_FILTERS: KWeightingFilter[] = [];
const GROUP_INPUTS: Float32Array[] = [];

export class LoudnessMeter {
  /** Seconds between two values of `shortTermHistory()`. */
  static readonly historyInterval = 1 / STEPS_PER_SECOND;
  readonly sampleRate: number;
  readonly channels: number;
  private readonly weights: Float64Array;
  private readonly filters: KWeightingFilter[] = [];
  /** The channels' (or a group's meters') sums of one step's stretch, from KWeightingFilter.sumOfSquaresGroup. */
  private readonly groupSums = new Float64Array(4);
  private readonly ring: SubblockRing;
  private readonly blocks = new GrowingSeries();
  private readonly rangeHistogram = new LoudnessRangeHistogram();
  private readonly history: GrowingSeries | null;
  private readonly peaks: TruePeakMeter;
  private steps = 0;
  private stepFrames: number;
  private stepRemaining: number;
  private stepEnergy = 0;
  private frames = 0;
  private momentaryPower = 0;
  private shortTermPower = 0;
  private momentaryMaxPower = 0;
  private shortTermMaxPower = 0;

  constructor(sampleRate: number, channels: number, options: LoudnessMeterOptions = {}) {
    checkSampleRate(sampleRate, "LoudnessMeter");
    checkChannelCount(channels, "LoudnessMeter");
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.weights = channelWeights(channels, options.channelWeights);
    for (let ch = 0; ch < channels; ch++) this.filters.push(new KWeightingFilter(sampleRate));
    this.ring = new SubblockRing(SHORT_TERM_STEPS, sampleRate / STEPS_PER_SECOND);
    this.history = options.keepHistory ? new GrowingSeries() : null;
    this.peaks = new TruePeakMeter(sampleRate, channels, options.truePeak);
    this.stepFrames = this.stepLength(0);
    this.stepRemaining = this.stepFrames;
  }

  /** Meters `frames` frames of planar audio, one array per channel (extra arrays are ignored). */
  push(planar: readonly Float32Array[], frames: number): void {
    checkPlanar(planar, this.channels, frames, "LoudnessMeter.push");
    let offset = 0;
    while (offset < frames) {
      const count = Math.min(frames - offset, this.stepRemaining);
      if (this.channels === 2 && this.weights[0] !== 0 && this.weights[1] !== 0) {
        // Both channels' filters at once (the same bits as one after the other).
        KWeightingFilter.sumOfSquaresGroup(this.filters, planar, offset, count, this.groupSums);
        this.stepEnergy += this.weights[0] * this.groupSums[0];
        this.stepEnergy += this.weights[1] * this.groupSums[1];
      } else {
        for (let ch = 0; ch < this.channels; ch++) {
          const weight = this.weights[ch];
          if (weight !== 0) this.stepEnergy += weight * this.filters[ch].sumOfSquares(planar[ch], offset, count);
        }
      }
      offset += count;
      this.stepRemaining -= count;
      if (this.stepRemaining === 0) this.completeStep();
    }
    this.peaks.push(planar, frames);
    this.frames += frames;
  }

  /**
   * `push` for two to four mono meters at once, each over its own signal:
   * their K-weighting filters run together (KWeightingFilter.sumOfSquaresGroup),
   * so each meter reads exactly what its own `push` would. Meters that are
   * not all mono, weighted and in step are pushed one after the other.
   */
  static pushGroup(meters: readonly LoudnessMeter[], planars: readonly (readonly Float32Array[])[], frames: number): void {
    if (!LoudnessMeter.inStep(meters)) {
      for (let n = 0; n < meters.length; n++) meters[n].push(planars[n], frames);
      return;
    }
    const a = meters[0];
    const n = meters.length;
    // The group's filters and inputs, in scratch arrays (this runs for every block of a render).
    GROUP_FILTERS.length = GROUP_INPUTS.length = n;
    for (let m = 0; m < n; m++) {
      checkPlanar(planars[m], 1, frames, "LoudnessMeter.pushGroup");
      GROUP_FILTERS[m] = meters[m].filters[0];
      GROUP_INPUTS[m] = planars[m][0];
    }
    const sums = a.groupSums;
    let offset = 0;
    while (offset < frames) {
      const count = Math.min(frames - offset, a.stepRemaining);
      KWeightingFilter.sumOfSquaresGroup(GROUP_FILTERS, GROUP_INPUTS, offset, count, sums);
      offset += count;
      for (let m = 0; m < n; m++) {
        const meter = meters[m];
        meter.stepEnergy += meter.weights[0] * sums[m];
        meter.stepRemaining -= count;
        if (meter.stepRemaining === 0) meter.completeStep();
      }
    }
    for (let m = 0; m < n; m++) {
      meters[m].peaks.push(planars[m], frames);
      meters[m].frames += frames;
    }
  }

  /** Whether `pushGroup` runs these together: two to four different mono meters, weighted, of one rate, in step. */
  private static inStep(meters: readonly LoudnessMeter[]): boolean {
    const n = meters.length;
    if (n < 2 || n > 4) return false;
    const a = meters[0];
    for (let m = 0; m < n; m++) {
      const meter = meters[m];
      if (meter.channels !== 1 || meter.weights[0] === 0 || meter.sampleRate !== a.sampleRate || meter.stepRemaining !== a.stepRemaining || meter.stepFrames !== a.stepFrames) return false;
      for (let o = 0; o < m; o++) if (meters[o] === meter) return false;
    }
    return true;
  }

  /** Momentary loudness (last 400 ms) in LUFS, as of the last completed 100 ms step. */
  momentary(): number {
    return powerToLufs(this.momentaryPower);
  }

  /** Short-term loudness (last 3 s) in LUFS, as of the last completed 100 ms step. */
  shortTerm(): number {
    return powerToLufs(this.shortTermPower);
  }

  /** Integrated loudness so far in LUFS; -Infinity until a 400 ms block passes the gates. */
  integrated(): number {
    return gatedLoudness(this.blocks.view());
  }

  /** Loudness range so far in LU. */
  range(): number {
    return this.rangeHistogram.range();
  }

  /** The true-peak meter, for per-channel peaks. */
  get truePeakMeter(): TruePeakMeter {
    return this.peaks;
  }

  /** Seconds of audio pushed so far. */
  get seconds(): number {
    return this.frames / this.sampleRate;
  }

  /**
   * Short-term loudness in LUFS at the end of every 100 ms step so far
   * (value i at (i + 1) / 10 s), if the meter was made with `keepHistory`;
   * otherwise empty. A view, valid until the next `push`.
   */
  shortTermHistory(): Float64Array {
    return this.history === null ? new Float64Array(0) : this.history.view();
  }

  /** Every reading so far. */
  result(): LoudnessResult {
    return {
      integrated: this.integrated(),
      range: this.range(),
      truePeak: this.peaks.truePeakDb(),
      samplePeak: amplitudeToDb(this.peaks.samplePeak()),
      momentaryMax: powerToLufs(this.momentaryMaxPower),
      shortTermMax: powerToLufs(this.shortTermMaxPower),
    };
  }

  /** Forgets everything, as after construction. */
  reset(): void {
    for (const filter of this.filters) filter.reset();
    this.ring.reset();
    this.blocks.clear();
    this.rangeHistogram.reset();
    this.history?.clear();
    this.peaks.reset();
    this.steps = 0;
    this.stepFrames = this.stepLength(0);
    this.stepRemaining = this.stepFrames;
    this.stepEnergy = 0;
    this.frames = 0;
    this.momentaryPower = this.shortTermPower = this.momentaryMaxPower = this.shortTermMaxPower = 0;
  }

  /** Closes a 100 ms step: updates the readings, the gating blocks and the range histogram. */
  private completeStep(): void {
    this.ring.add(this.stepEnergy, this.stepFrames);
    this.steps++;
    this.stepEnergy = 0;
    this.stepFrames = this.stepLength(this.steps);
    this.stepRemaining = this.stepFrames;
    this.momentaryPower = this.ring.power(MOMENTARY_STEPS);
    this.shortTermPower = this.ring.power(SHORT_TERM_STEPS);
    this.momentaryMaxPower = Math.max(this.momentaryMaxPower, this.momentaryPower);
    this.shortTermMaxPower = Math.max(this.shortTermMaxPower, this.shortTermPower);
    // Gating blocks and range values are whole windows only (BS.1770-4, Tech 3342).
    if (this.steps >= MOMENTARY_STEPS) this.blocks.push(this.momentaryPower);
    if (this.steps >= SHORT_TERM_STEPS) this.rangeHistogram.add(this.shortTermPower);
    this.history?.push(powerToLufs(this.shortTermPower));
  }

  /** Frames in step `index`: steps end at round(k * rate / 10), so rates such as 11025 Hz keep time. */
  private stepLength(index: number): number {
    const rate = this.sampleRate / STEPS_PER_SECOND;
    return Math.round((index + 1) * rate) - Math.round(index * rate);
  }
}

function channelWeights(channels: number, given: readonly number[] | undefined): Float64Array {
  if (given === undefined) return defaultChannelWeights(channels);
  if (given.length !== channels || given.some((w) => !Number.isFinite(w) || w < 0)) {
    throw new RangeError(
      `LoudnessMeter: channelWeights [${given.join(", ")}] must hold ${channels} finite weights of at least 0 ` +
        "(1 for L, R, C; 1.41 for surrounds).",
    );
  }
  return Float64Array.from(given);
}
