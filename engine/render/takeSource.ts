// A take on the timeline: streamed from its WAV file in blocks, placed at
// `at`, with clip gain and fades. Reading is sequential, block after block.
import { resolve } from "node:path";
import type { TakeModel } from "../../core/model";
import { ResampledReader, type FrameReader } from "../io/resampledReader";
import { openWavReader } from "../io/wavRead";
import { EngineError } from "./errors";
import { addScaled } from "./sum";

export class TakeSource {
  readonly channels: number;
  /** First and last (exclusive) timeline frames the take covers. */
  readonly start: number;
  readonly end: number;
  private readonly reader: FrameReader;
  private readonly scratch: Float32Array[];
  private readonly fadeIn: number;
  private readonly fadeOut: number;
  private readonly skipAhead: number = 0;

  /**
   * Opens the take so that the first `addInto` may start at timeline frame
   * `from` (0: the take's start). From later on, the file is seeked rather
   * than read up to there (the live renderer's warm starts); a take at another
   * rate is seeked to a frame where the resampler's phase lines up with the
   * timeline, and the resampler starts with zeros behind it.
   */
  constructor(readonly take: TakeModel, folder: string, sampleRate: number, maxBlock: number, from = 0) {
    const path = resolve(folder, take.path);
    this.start = Math.round(take.at * sampleRate);
    const offset = Math.max(0, from - this.start);
    try {
      const file = openWavReader(path);
      // A take at another rate is resampled as it streams (band-limited, see engine/io/resample.ts).
      if (file.sampleRate === sampleRate) {
        if (offset > 0) file.seek(offset);
        this.reader = file;
      } else {
        const g = gcd(file.sampleRate, sampleRate);
        const up = sampleRate / g;
        const whole = Math.floor(offset / up);
        if (whole > 0) file.seek(whole * (file.sampleRate / g));
        this.reader = new ResampledReader(file, sampleRate);
        this.skipAhead = offset - whole * up;
      }
    } catch (error) {
      throw new EngineError(`Take '${take.path}' cannot be read: ${(error as Error).message}`, take.origin);
    }
    if (this.reader.channels > 2) {
      this.reader.close();
      throw new EngineError(`Take '${take.path}' has ${this.reader.channels} channels; a take is mono or stereo.`, take.origin);
    }
    this.channels = this.reader.channels;
    this.end = this.start + this.reader.frames;
    this.fadeIn = Math.min(this.reader.frames, Math.round(take.fadeIn * sampleRate));
    this.fadeOut = Math.min(this.reader.frames, Math.round(take.fadeOut * sampleRate));
    this.scratch = Array.from({ length: this.channels }, () => new Float32Array(maxBlock));
    this.skip(this.skipAhead);
  }

  /** Reads and drops `frames` frames (the resampled frames before a seeked start). */
  private skip(frames: number): void {
    for (let left = frames; left > 0; ) {
      const n = this.reader.read(Math.min(left, this.scratch[0].length), this.scratch);
      if (n === 0) return;
      left -= n;
    }
  }

  /**
   * Adds the take's frames in [blockStart, blockStart + frames) into `out` (1
   * or 2 channels). `fresh`: `out` holds +0 where the take lands (a strip's
   * input just cleared, no take added before): at unit gain the frames are
   * copied, not added (the same values, except that a -0 sample stays -0).
   */
  addInto(blockStart: number, frames: number, out: Float32Array[], fresh = false): void {
    const from = Math.max(blockStart, this.start);
    const to = Math.min(blockStart + frames, this.end);
    if (to <= from) return;
    // A mono float take is read in place (the reader's own buffer), else copied into the scratch.
    const view = this.channels === 1 ? this.reader.readView?.(to - from) : undefined;
    const n = view ? view.length : this.reader.read(to - from, this.scratch);
    const offset = from - blockStart;
    // Between the fades the gain is the clip gain: no per-sample envelope.
    const first = from - this.start;
    const steady = first >= this.fadeIn && this.end - this.start - (first + n - 1) > this.fadeOut;
    const g = this.take.gain;
    for (let ch = 0; ch < out.length; ch++) {
      const src = view ?? this.scratch[Math.min(ch, this.channels - 1)];
      const dst = out[ch];
      if (steady && fresh && g === 1) dst.set(src.subarray(0, n), offset);
      else if (steady) addScaled(dst, offset, src, n, g);
      else for (let i = 0; i < n; i++) dst[offset + i] += src[i] * this.gainAt(first + i);
    }
  }

  /** Clip gain times the fades (raised-cosine), at a frame of the take. */
  private gainAt(frame: number): number {
    let g: number = this.take.gain;
    if (frame < this.fadeIn) g *= 0.5 - 0.5 * Math.cos((Math.PI * (frame + 0.5)) / this.fadeIn);
    const fromEnd = this.end - this.start - frame;
    if (fromEnd <= this.fadeOut) g *= 0.5 - 0.5 * Math.cos((Math.PI * (fromEnd - 0.5)) / this.fadeOut);
    return g;
  }

  close(): void {
    this.reader.close();
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
