// True-peak and sample-peak metering per ITU-R BS.1770-4 Annex 2: each
// channel is oversampled (4x below 96 kHz) by a polyphase FIR interpolator
// and the largest absolute value of the oversampled signal is the true peak.
// Usable on its own: the limiter reads per-frame true peaks through
// `framePeaks`, the loudness meter only the running maxima.

import { MAX_BLOCK_FRAMES } from "../dsp/block";
import { kernels } from "../dsp/wasm/kernels";
import { foldPhases, pointsPeak, pointsPeakBound, SCREEN_MARGIN, type FoldedPhases } from "./foldedPhases";
import { designInterpolator, oversamplingFor, type PolyphaseInterpolator } from "./interpolator";
import { amplitudeToDb, checkChannelCount, checkFrames, checkLength, checkPlanar, checkSampleRate } from "./scale";

export interface TruePeakOptions {
  /** Coefficients per interpolator phase (even, 4 to 256); 32 by default. */
  tapsPerPhase?: number;
  /** Oversampling factor; by default 4 below 96 kHz, 2 below 192 kHz, else 1. */
  oversampling?: number;
}

/** 32 taps with a Kaiser window (beta 8) stay within 0.002 dB of flat up to 0.42 of the sample rate. */
const DEFAULT_TAPS = 32;

export class TruePeakMeter {
  readonly sampleRate: number;
  readonly channels: number;
  /** Output points per input sample. */
  readonly oversampling: number;
  /** Input samples between a sample's arrival and the last of its points being known. */
  readonly latency: number;
  private readonly taps: number;
  /** Phases 1..factor-1, folded by symmetry; see foldedPhases.ts. */
  private readonly phases: FoldedPhases;
  /** Per channel, the last `taps` samples twice over, so a window is always contiguous. */
  private readonly rings: Float64Array[];
  private readonly positions: Int32Array;
  private readonly interPeaks: Float64Array;
  private readonly samplePeaks: Float64Array;
  /** No in-between point exceeds this times the largest sample of its window. */
  private readonly gainBound: number;
  /**
   * For the kernel `truePeakScan` (4x with screening, up to 64 taps): farPair,
   * farMiddle, the gain bound, the screen's margin, then the folded
   * coefficients; undefined when the running maxima are found here.
   */
  private readonly scan?: Float64Array;

  constructor(sampleRate: number, channels: number, options: TruePeakOptions = {}) {
    checkSampleRate(sampleRate, "TruePeakMeter");
    checkChannelCount(channels, "TruePeakMeter");
    this.sampleRate = sampleRate;
    this.channels = channels;
    const factor = options.oversampling ?? oversamplingFor(sampleRate);
    const design = designInterpolator(factor, options.tapsPerPhase ?? DEFAULT_TAPS);
    this.oversampling = design.factor;
    this.latency = design.latency;
    this.taps = design.taps;
    this.phases = foldPhases(design);
    this.rings = [];
    for (let ch = 0; ch < channels; ch++) this.rings.push(new Float64Array(2 * design.taps));
    this.positions = new Int32Array(channels);
    this.interPeaks = new Float64Array(channels);
    this.samplePeaks = new Float64Array(channels);
    this.gainBound = gainBound(design);
    const { interleaved, farPair, farMiddle } = this.phases;
    if (interleaved !== null && Number.isFinite(farPair) && design.taps <= 64) this.scan = Float64Array.of(farPair, farMiddle, this.gainBound, SCREEN_MARGIN, ...interleaved);
  }

  /** Meters `frames` frames of planar audio (one array per channel). Allocates nothing. */
  push(planar: readonly Float32Array[], frames: number): void {
    checkPlanar(planar, this.channels, frames, "TruePeakMeter.push");
    for (let ch = 0; ch < this.channels; ch++) this.processChannel(ch, planar[ch], frames, null);
  }

  /**
   * Meters one channel and writes to `out[i]` the largest absolute value of
   * the oversampled signal from input sample i - latency up to, not including,
   * sample i - latency + 1 (samples before the first push count as silence).
   * Channels may be fed this way or by `push`, but each sample exactly once.
   */
  framePeaks(channel: number, input: Float32Array, frames: number, out: Float32Array): void {
    this.checkFrameCall("framePeaks", channel, input, frames, out);
    this.processChannel(channel, input, frames, out);
  }

  /**
   * `framePeaks` for a detector that only cares about peaks above `floor`
   * (the limiter): a stretch of frames whose window cannot reach above it
   * (its largest sample times the interpolator's gain bound) gets 0 without
   * being interpolated. Running maxima then skip those stretches too.
   * Returns false when no stretch could reach above the floor (`out` is all 0).
   */
  framePeaksAbove(channel: number, input: Float32Array, frames: number, out: Float32Array, floor: number): boolean {
    this.checkFrameCall("framePeaksAbove", channel, input, frames, out);
    return this.byWindows(channel, input, frames, out, floor);
  }

  private checkFrameCall(method: string, channel: number, input: Float32Array, frames: number, out: Float32Array): void {
    const label = `TruePeakMeter.${method}`;
    if (!Number.isInteger(channel) || channel < 0 || channel >= this.channels) {
      throw new RangeError(`${label}: channel ${channel} does not exist; the meter has ${this.channels}.`);
    }
    checkFrames(frames, label);
    checkLength(input, frames, label, "the input");
    checkLength(out, frames, label, "the output");
  }

  /**
   * The true peak so far as a linear amplitude, of one channel or (without an
   * argument) of all. The points after the last `latency` samples are not
   * known yet; like other meters, the end of the stream does not add them.
   */
  truePeak(channel?: number): number {
    if (channel !== undefined) return Math.max(this.interPeaks[channel], this.samplePeaks[channel]);
    let peak = 0;
    for (let ch = 0; ch < this.channels; ch++) peak = Math.max(peak, this.truePeak(ch));
    return peak;
  }

  /** The true peak in dBTP; -Infinity for silence. */
  truePeakDb(channel?: number): number {
    return amplitudeToDb(this.truePeak(channel));
  }

  /** The largest absolute sample value so far, of one channel or of all. */
  samplePeak(channel?: number): number {
    if (channel !== undefined) return this.samplePeaks[channel];
    let peak = 0;
    for (let ch = 0; ch < this.channels; ch++) peak = Math.max(peak, this.samplePeaks[ch]);
    return peak;
  }

  /** The sample peak in dBFS; -Infinity for silence. */
  samplePeakDb(channel?: number): number {
    return amplitudeToDb(this.samplePeak(channel));
  }

  /** Forgets everything, as after construction. */
  reset(): void {
    for (const ring of this.rings) ring.fill(0);
    this.positions.fill(0);
    this.interPeaks.fill(0);
    this.samplePeaks.fill(0);
  }

  private processChannel(channel: number, input: Float32Array, frames: number, out: Float32Array | null): void {
    if (out === null && this.oversampling === 1) {
      // No oversampling: the true peak is the sample peak, and no window is needed.
      this.samplePeaks[channel] = Math.max(this.samplePeaks[channel], largestMagnitude(input, frames));
      return;
    }
    if (out !== null) this.processEveryFrame(channel, input, 0, frames, out);
    else this.byWindows(channel, input, frames, null, 0);
  }

  /** Evaluates every point of frames [from, to) and writes each frame's peak to `out`. */
  private processEveryFrame(channel: number, input: Float32Array, from: number, to: number, out: Float32Array): void {
    const ring = this.rings[channel];
    const taps = this.taps;
    const delayed = taps - 1 - this.latency;
    const phases = this.phases;
    let pos = this.positions[channel];
    let interPeak = this.interPeaks[channel];
    let samplePeak = this.samplePeaks[channel];
    for (let i = from; i < to; i++) {
      const x = input[i];
      ring[pos] = x;
      ring[pos + taps] = x;
      samplePeak = Math.max(samplePeak, Math.abs(x));
      pos = pos + 1 === taps ? 0 : pos + 1;
      // The window, oldest to newest, is now ring[pos .. pos + taps - 1].
      const point = pointsPeak(phases, ring, pos);
      if (point > interPeak) interPeak = point; // a NaN point never wins
      out[i] = Math.max(point, Math.abs(ring[pos + delayed]));
    }
    this.positions[channel] = pos;
    this.interPeaks[channel] = interPeak;
    this.samplePeaks[channel] = samplePeak;
  }

  /**
   * Walks the input a window of `taps` frames at a time, keeping the sample
   * peak. A stretch whose window cannot reach above the floor (its largest
   * sample times the gain bound) is skipped (with `out`, it gets 0); the
   * others are interpolated. The floor is `floor`, or without `out` the true
   * peak so far (the running maxima are all that is wanted). Skipped samples
   * are not stored one by one: the ring is refilled from the input when a
   * later stretch needs it, and at the end of the call (the ring holds
   * exactly the last `taps` samples, so nothing else about it matters).
   */
  private byWindows(channel: number, input: Float32Array, frames: number, out: Float32Array | null, floor: number): boolean {
    // Pieces of whole stretches that fit the kernels' block (with a window of history before them).
    const piece = Math.floor((MAX_BLOCK_FRAMES - this.taps) / this.taps) * this.taps;
    if (frames > piece) {
      let any = false;
      for (let from = 0; from < frames; from += piece) {
        const to = Math.min(frames, from + piece);
        if (this.byWindows(channel, input.subarray(from, to), to - from, out && out.subarray(from, to), floor)) any = true;
      }
      return any;
    }
    const ring = this.rings[channel];
    const taps = this.taps;
    let before = 0;
    for (let j = 0; j < taps; j++) before = Math.max(before, Math.abs(ring[j]));
    // Each stretch's largest sample, from the kernel `chunkPeaks` (the loop that kept the
    // largest as it went mispredicted its branch each time the largest grew).
    const k = kernels();
    k.input.set(input.subarray(0, frames));
    k.chunkPeaks(frames, taps);
    const maxima = k.output;
    if (out === null && this.scan) return this.scanInKernel(channel, frames, before);
    /** Input frames [stored, start) are not in the ring yet. */
    let stored = 0;
    let any = false;
    for (let start = 0, c = 0; start < frames; start += taps, c++) {
      const end = Math.min(frames, start + taps);
      const chunkMax = maxima[c];
      this.samplePeaks[channel] = Math.max(this.samplePeaks[channel], chunkMax);
      // No sample of a window ending in this stretch is larger than `reach`.
      const reach = Math.max(before, chunkMax);
      const evaluate = reach * this.gainBound > (out ? floor : this.interPeaks[channel]);
      if (evaluate) {
        any = true;
        this.catchUp(channel, input, stored, start);
        if (out) this.processEveryFrame(channel, input, start, end, out);
        else this.positions[channel] = this.consume(channel, input, start, end, reach);
        stored = end;
      } else out?.fill(0, start, end);
      before = chunkMax;
    }
    this.catchUp(channel, input, stored, frames);
    return any;
  }

  /**
   * byWindows's running maxima by the kernel `truePeakScan` over the block in
   * IN (stretch maxima in OUT): the same stretches evaluated, the same bound
   * and points with the same bits, so the same peak. The ring then holds the
   * block's last `taps` samples. Returns true (stretches may have been evaluated).
   */
  private scanInKernel(channel: number, frames: number, before: number): boolean {
    const k = kernels();
    const taps = this.taps;
    let sample = this.samplePeaks[channel];
    for (let c = 0, n = Math.ceil(frames / taps); c < n; c++) sample = Math.max(sample, k.output[c]);
    this.samplePeaks[channel] = sample;
    const ring = this.rings[channel];
    const pos = this.positions[channel];
    // The window before the block, oldest first.
    k.truePeakHistory.set(ring.subarray(pos, pos + taps));
    k.truePeakConstants.set(this.scan!);
    this.interPeaks[channel] = k.truePeakScan(frames, taps, before, this.interPeaks[channel]);
    const last = k.truePeakHistory.subarray(frames, frames + taps);
    ring.set(last, 0);
    ring.set(last, taps);
    this.positions[channel] = 0;
    return true;
  }

  /** Puts input frames [from, to) into the ring: the last `taps` of them, or all when fewer. */
  private catchUp(channel: number, input: Float32Array, from: number, to: number): void {
    if (to - from < this.taps) {
      if (to > from) this.positions[channel] = this.consume(channel, input, from, to, -1);
      return;
    }
    // A whole window of new samples: the ring starts over at position 0.
    const ring = this.rings[channel];
    const taps = this.taps;
    for (let j = 0, i = to - taps; j < taps; j++, i++) {
      ring[j] = input[i];
      ring[j + taps] = input[i];
    }
    this.positions[channel] = 0;
  }

  /**
   * Stores input[start..end) in the ring and, given the windows' `reach` (-1:
   * none can raise the peak), raises the peak by their points, evaluating in
   * full only the windows whose bound passes it; returns the new position.
   */
  private consume(channel: number, input: Float32Array, start: number, end: number, reach: number): number {
    const ring = this.rings[channel];
    const taps = this.taps;
    let pos = this.positions[channel];
    const phases = this.phases;
    let interPeak = this.interPeaks[channel];
    for (let i = start; i < end; i++) {
      const x = input[i];
      ring[pos] = x;
      ring[pos + taps] = x;
      pos = pos + 1 === taps ? 0 : pos + 1;
      if (reach >= 0 && pointsPeakBound(phases, ring, pos, reach) > interPeak) {
        // A NaN in the window's outer taps passes the bound; a NaN point never wins.
        const point = pointsPeak(phases, ring, pos);
        if (point > interPeak) interPeak = point;
      }
    }
    this.interPeaks[channel] = interPeak;
    return pos;
  }
}

/**
 * The largest |x| of input[0, frames), from the kernel `chunkPeaks` a block
 * at a time (a NaN never wins); a loop keeping the largest as it went
 * mispredicted its branch each time the largest grew.
 */
function largestMagnitude(input: Float32Array, frames: number): number {
  const k = kernels();
  let peak = 0;
  for (let from = 0; from < frames; from += MAX_BLOCK_FRAMES) {
    const n = Math.min(MAX_BLOCK_FRAMES, frames - from);
    k.input.set(input.subarray(from, from + n));
    k.chunkPeaks(n, n);
    peak = Math.max(peak, k.output[0]);
  }
  return peak;
}

/** The largest sum of absolute coefficients of any phase: no point exceeds it times the largest sample. */
function gainBound(design: PolyphaseInterpolator): number {
  let bound = 1;
  for (const phase of design.phases) {
    let sum = 0;
    for (let j = 0; j < phase.length; j++) sum += Math.abs(phase[j]);
    bound = Math.max(bound, sum);
  }
  return bound;
}
