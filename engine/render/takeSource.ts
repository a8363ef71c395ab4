// A take on the timeline: streamed from its WAV file in blocks, placed at
// `at`, with clip gain and fades. Reading is sequential, block after block.
import { resolve } from "node:path";
import type { TakeModel } from "../../core/model";
import { ResampledReader, type FrameReader } from "../io/resampledReader";
import { openWavReader } from "../io/wavRead";
import { EngineError } from "./errors";

export class TakeSource {
  readonly channels: number;
  /** First and last (exclusive) timeline frames the take covers. */
  readonly start: number;
  readonly end: number;
  private readonly reader: FrameReader;
  private readonly scratch: Float32Array[];
  private readonly fadeIn: number;
  private readonly fadeOut: number;

  constructor(readonly take: TakeModel, folder: string, sampleRate: number, maxBlock: number) {
    const path = resolve(folder, take.path);
    try {
      const file = openWavReader(path);
      // A take at another rate is resampled as it streams (band-limited, see engine/io/resample.ts).
      this.reader = file.sampleRate === sampleRate ? file : new ResampledReader(file, sampleRate);
    } catch (error) {
      throw new EngineError(`Take '${take.path}' cannot be read: ${(error as Error).message}`, take.origin);
    }
    if (this.reader.channels > 2) {
      this.reader.close();
      throw new EngineError(`Take '${take.path}' has ${this.reader.channels} channels; a take is mono or stereo.`, take.origin);
    }
    this.channels = this.reader.channels;
    this.start = Math.round(take.at * sampleRate);
    this.end = this.start + this.reader.frames;
    this.fadeIn = Math.min(this.reader.frames, Math.round(take.fadeIn * sampleRate));
    this.fadeOut = Math.min(this.reader.frames, Math.round(take.fadeOut * sampleRate));
    this.scratch = Array.from({ length: this.channels }, () => new Float32Array(maxBlock));
  }

  /** Adds the take's frames in [blockStart, blockStart + frames) into `out` (1 or 2 channels). */
  addInto(blockStart: number, frames: number, out: Float32Array[]): void {
    const from = Math.max(blockStart, this.start);
    const to = Math.min(blockStart + frames, this.end);
    if (to <= from) return;
    const n = this.reader.read(to - from, this.scratch);
    const offset = from - blockStart;
    // Between the fades the gain is the clip gain: no per-sample envelope.
    const first = from - this.start;
    const steady = first >= this.fadeIn && this.end - this.start - (first + n - 1) > this.fadeOut;
    const g = this.take.gain;
    for (let ch = 0; ch < out.length; ch++) {
      const src = this.scratch[Math.min(ch, this.channels - 1)];
      const dst = out[ch];
      if (steady) for (let i = 0; i < n; i++) dst[offset + i] += src[i] * g;
      else for (let i = 0; i < n; i++) dst[offset + i] += src[i] * this.gainAt(first + i);
    }
  }

  /** Clip gain times the fades (raised-cosine), at a frame of the take. */
  private gainAt(frame: number): number {
    let g = this.take.gain;
    if (frame < this.fadeIn) g *= 0.5 - 0.5 * Math.cos((Math.PI * (frame + 0.5)) / this.fadeIn);
    const fromEnd = this.end - this.start - frame;
    if (fromEnd <= this.fadeOut) g *= 0.5 - 0.5 * Math.cos((Math.PI * (fromEnd - 0.5)) / this.fadeOut);
    return g;
  }

  close(): void {
    this.reader.close();
  }
}
