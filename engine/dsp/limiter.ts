// The true-peak lookahead limiter. The project's TruePeakMeter gives, per
// frame, the largest 4x-oversampled value of every channel (`D` frames late);
// the gain each interval needs is min(1, target / true peak), where the target
// is the ceiling less HEADROOM_DB. The output is the input delayed by
// `latency` = L + D frames (L = lookahead in frames), so the gain computer sees
// L frames into the output's future:
//   1. a sliding minimum (monotonic deque, O(1) amortised) over L + E + 1
//      frames: the lowest gain needed from E frames before to L frames after
//      the frame being output;
//   2. two moving averages of that minimum, together L - E + 1 frames long: an
//      S-shaped ramp down that reaches a peak's gain E frames before the peak
//      and stays at most that gain until E frames after it (every average
//      covers it), then an S-shaped ramp back up;
//   3. a one-pole release (time constant `release`) that may only hold the
//      gain below that curve, never raise it above.
// E = min(D, L / 2): with the meter's D = 16 at 48 kHz, every sample inside the
// interpolator's 32-frame span around a peak is turned down at least as far
// as that peak needs. The renderer compensates `latency` and drains the last
// `latency` frames of a render with `flush`. Blocks are at most
// MAX_BLOCK_FRAMES frames.
import { checkBlock, MAX_BLOCK_FRAMES, paramChecker } from "./block";
import { EFFECTS } from "../../core/catalogue";
import { dB, dbToGain, type Gain } from "../../core/units";
import { checkSampleRate } from "../loudness/scale";
import { TruePeakMeter } from "../loudness/truePeakMeter";

/** Largest `frames` per `process` or `flush` call; the scratch buffers are preallocated at this size. */
export { MAX_BLOCK_FRAMES };
/**
 * The limiter aims this far under the ceiling. Gain that changes within the
 * interpolator's span moves the in-between points a little (up to 0.019 dB
 * measured at the shortest lookahead, 0.5 ms, with a 1 ms release, on
 * full-band noise 13 dB over the ceiling; under 0.0001 dB from 2 ms on), and
 * float32 output rounds; the headroom keeps both under the ceiling.
 */
export const HEADROOM_DB = 0.02;
/** The release snaps to its target once within this much of it (keeps the gain exactly 1 when nothing is limited). */
const SNAP = 1e-9;

type LimiterParam = keyof typeof EFFECTS.limiter.params;
const UNITS: Record<LimiterParam, string> = { ceiling: "dBTP", release: "s", lookahead: "s" };
const { read: readParam } = paramChecker("limiter", UNITS);

/** The minimum of the last `length` values pushed: a monotonic deque in two preallocated rings. */
class SlidingMinimum {
  private readonly values: Float64Array;
  private readonly times: Float64Array;
  private head = 0;
  private count = 0;
  private time = 0;

  constructor(readonly length: number) {
    this.values = new Float64Array(length);
    this.times = new Float64Array(length);
  }

  /** Adds a value and returns the minimum of the window ending with it. */
  push(value: number): number {
    const size = this.length;
    if (this.count > 0 && this.times[this.head] <= this.time - size) {
      this.head = this.head + 1 === size ? 0 : this.head + 1;
      this.count--;
    }
    while (this.count > 0) {
      const back = (this.head + this.count - 1) % size;
      if (this.values[back] < value) break;
      this.count--;
    }
    const at = (this.head + this.count) % size;
    this.values[at] = value;
    this.times[at] = this.time++;
    this.count++;
    return this.values[this.head];
  }

  /** The state after pushing `n` ones into a window that holds only ones: the newest one alone. */
  skipOnes(n: number): void {
    this.head = 0;
    this.count = 1;
    this.values[0] = 1;
    this.times[0] = this.time + n - 1;
    this.time += n;
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
    this.time = 0;
  }
}

/** The mean of the last `length` values pushed (1 before any), summed afresh every lap so no error builds up. */
class MovingAverage {
  private readonly ring: Float64Array;
  private pos = 0;
  private sum: number;

  constructor(readonly length: number) {
    this.ring = new Float64Array(length).fill(1);
    this.sum = length;
  }

  push(value: number): number {
    this.sum += value - this.ring[this.pos];
    this.ring[this.pos] = value;
    if (++this.pos === this.length) {
      this.pos = 0;
      this.sum = 0;
      for (let i = 0; i < this.length; i++) this.sum += this.ring[i];
    }
    return this.sum / this.length;
  }

  /** The state after pushing `n` ones into a ring of ones (the sum stays exactly `length`). */
  skipOnes(n: number): void {
    this.pos = (this.pos + n) % this.length;
    this.sum = this.length;
  }

  reset(): void {
    this.ring.fill(1);
    this.pos = 0;
    this.sum = this.length;
  }
}

/** A block of input, kept while a channel's output (which may be its input) is written. */
const SCRATCH = new Float32Array(MAX_BLOCK_FRAMES);

export class Limiter {
  /** Frames between input and output: the lookahead plus the true-peak detector's delay. */
  readonly latency: number;
  /** The lookahead in frames (L). */
  readonly lookaheadFrames: number;
  /** The linear level aimed at: the ceiling less the headroom. */
  private readonly aim: Gain;
  private readonly releaseRate: number;
  private readonly meter: TruePeakMeter;
  private readonly peaks: Float32Array[] = [];
  private readonly gains: Float64Array;
  private readonly delay: Float32Array[] = [];
  private readonly zeros: Float32Array[] = [];
  private readonly minimum: SlidingMinimum;
  private readonly firstAverage: MovingAverage;
  private readonly secondAverage: MovingAverage;
  private delayPos = 0;
  private gain = 1;
  private reductionSum = 0;
  private reductionMax = 0;
  private framesSeen = 0;
  /** The last frame (counted as framesSeen) whose true peak asked for reduction. */
  private lastReduced = -Infinity;
  /** Frames of 1 it takes to fill the minimum's window and both averages' rings with 1. */
  private readonly settleFrames: number;

  constructor(params: Readonly<Record<string, number>>, readonly sampleRate: number, readonly channels: number) {
    if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`limiter: ${channels} channels; it needs a whole number of at least 1`);
    checkSampleRate(sampleRate, "limiter");
    this.meter = new TruePeakMeter(sampleRate, channels);
    this.aim = dbToGain(dB(readParam(params, "ceiling") - HEADROOM_DB));
    this.releaseRate = 1 - Math.exp(-1 / (readParam(params, "release") * sampleRate));
    const lookahead = Math.max(1, Math.round(readParam(params, "lookahead") * sampleRate));
    const guard = Math.min(this.meter.latency, Math.floor(lookahead / 2));
    this.lookaheadFrames = lookahead;
    this.latency = lookahead + this.meter.latency;
    this.minimum = new SlidingMinimum(lookahead + guard + 1);
    const span = lookahead - guard;
    this.firstAverage = new MovingAverage(Math.floor(span / 2) + 1);
    this.secondAverage = new MovingAverage(span - Math.floor(span / 2) + 1);
    this.settleFrames = this.minimum.length + this.firstAverage.length + this.secondAverage.length;
    this.gains = new Float64Array(MAX_BLOCK_FRAMES);
    for (let ch = 0; ch < channels; ch++) {
      this.peaks.push(new Float32Array(MAX_BLOCK_FRAMES));
      this.delay.push(new Float32Array(this.latency));
      this.zeros.push(new Float32Array(MAX_BLOCK_FRAMES));
    }
  }

  /** The deepest gain reduction since construction or `reset`, in dB (0 = never limited). */
  get maxGainReductionDb(): number {
    return this.reductionMax;
  }

  /** The gain reduction in dB averaged over every frame output since construction or `reset`. */
  get averageGainReductionDb(): number {
    return this.framesSeen > 0 ? this.reductionSum / this.framesSeen : 0;
  }

  /** The limiter has no automatable parameters: this always throws, naming the parameter. */
  setParam(name: string, value: number): void {
    throw new RangeError(`limiter: '${name}' (${value}) cannot be automated; ceiling, release and lookahead are fixed for a render`);
  }

  /** Forgets everything: the delay line, the detector, the gain and the statistics. */
  reset(): void {
    this.meter.reset();
    this.minimum.reset();
    this.firstAverage.reset();
    this.secondAverage.reset();
    for (const line of this.delay) line.fill(0);
    this.delayPos = 0;
    this.gain = 1;
    this.reductionSum = 0;
    this.reductionMax = 0;
    this.framesSeen = 0;
    this.lastReduced = -Infinity;
  }

  /** Limits `frames` frames of each channel, delayed by `latency`; `outputs` may be `inputs`. Allocates nothing. */
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void {
    checkBlock("limiter", inputs, outputs, frames, this.channels);
    // Only peaks above the aim ask for gain reduction: quieter stretches skip the interpolation.
    let reachesAim = false;
    for (let ch = 0; ch < this.channels; ch++) if (this.meter.framePeaksAbove(ch, inputs[ch], frames, this.peaks[ch], this.aim)) reachesAim = true;
    const unity = this.computeGains(frames, reachesAim);
    let pos = this.delayPos;
    for (let ch = 0; ch < this.channels; ch++) pos = unity ? this.delayUnity(this.delay[ch], inputs[ch], outputs[ch], frames) : this.delayChannel(this.delay[ch], inputs[ch], outputs[ch], frames);
    this.delayPos = pos;
  }

  /** Outputs the next `frames` frames as if the input had gone silent: call it with `latency` frames to drain a render. */
  flush(outputs: readonly Float32Array[], frames: number): void {
    this.process(this.zeros, outputs, frames);
  }

  /**
   * Fills `gains`: needed gain, sliding minimum, ramp, release; and keeps the
   * statistics. At rest (gain 1, nothing over the aim for long enough that
   * every window and ring holds only 1) a block with nothing over the aim
   * has gain 1 throughout: the windows are moved on without the per-frame
   * pushes, to the state those pushes would leave. `reachesAim` false: the
   * detector found no stretch that could reach the aim (every peak is 0).
   * Returns true when every gain of the block is 1.
   */
  private computeGains(frames: number, reachesAim: boolean): boolean {
    if (this.gain === 1 && this.framesSeen - 1 - this.lastReduced >= this.settleFrames && !(reachesAim && this.anyAboveAim(frames))) {
      this.gains.fill(1, 0, frames);
      this.minimum.skipOnes(frames);
      this.firstAverage.skipOnes(frames);
      this.secondAverage.skipOnes(frames);
      this.framesSeen += frames;
      return true;
    }
    const channels = this.channels;
    const aim = this.aim;
    let gain = this.gain;
    for (let i = 0; i < frames; i++) {
      let peak = 0;
      for (let ch = 0; ch < channels; ch++) {
        const p = this.peaks[ch][i];
        if (p > peak) peak = p;
      }
      let needed = 1;
      if (peak > aim) {
        needed = aim / peak;
        this.lastReduced = this.framesSeen + i;
      }
      const target = this.secondAverage.push(this.firstAverage.push(this.minimum.push(needed)));
      gain += (target - gain) * this.releaseRate;
      if (gain > target || target - gain < SNAP) gain = target;
      this.gains[i] = gain;
      if (gain < 1) {
        const reduction = -20 * Math.log10(gain);
        this.reductionSum += reduction;
        if (reduction > this.reductionMax) this.reductionMax = reduction;
      }
    }
    this.gain = gain;
    this.framesSeen += frames;
    return false;
  }

  private anyAboveAim(frames: number): boolean {
    const aim = this.aim;
    for (const peaks of this.peaks) for (let i = 0; i < frames; i++) if (peaks[i] > aim) return true;
    return false;
  }

  /**
   * `delayChannel` when every gain is 1: the delayed samples times 1 are the
   * delayed samples, so the line and the input are copied a stretch at a
   * time (the input first into SCRATCH, as the output may be the input).
   */
  private delayUnity(line: Float32Array, input: Float32Array, output: Float32Array, frames: number): number {
    const length = line.length;
    const pos = this.delayPos;
    const saved = SCRATCH.subarray(0, frames);
    saved.set(input.subarray(0, frames));
    // Out: the line from pos on (oldest first), then the input delayed by the line's length.
    const fromLine = Math.min(frames, length);
    const beforeWrap = Math.min(fromLine, length - pos);
    output.set(line.subarray(pos, pos + beforeWrap), 0);
    if (fromLine > beforeWrap) output.set(line.subarray(0, fromLine - beforeWrap), beforeWrap);
    if (frames > length) output.set(saved.subarray(0, frames - length), length);
    // In: the last samples of the input, at the places the loop would have written them.
    for (let i = Math.max(0, frames - length); i < frames; ) {
      const at = (pos + i) % length;
      const n = Math.min(frames - i, length - at);
      line.set(saved.subarray(i, i + n), at);
      i += n;
    }
    return (pos + frames) % length;
  }

  /** Writes the delayed, gained samples of one channel; returns the delay line's new position. */
  private delayChannel(line: Float32Array, input: Float32Array, output: Float32Array, frames: number): number {
    const gains = this.gains;
    const length = line.length;
    let pos = this.delayPos;
    for (let i = 0; i < frames; i++) {
      const delayed = line[pos];
      line[pos] = input[i];
      output[i] = delayed * gains[i];
      pos = pos + 1 === length ? 0 : pos + 1;
    }
    return pos;
  }
}

