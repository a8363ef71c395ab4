// A take read from the middle, for a warm-started strip (engine/live/stage.ts):
// the file is seeked to the first frame wanted instead of streamed from the
// take's start, so an approximate render at 2:00 reads nothing before 1:59.
// Clip gain and fades as engine/render/takeSource.ts applies them. A take at
// another rate is seeked to a frame where the resampler's phase lines up with
// the timeline and the few frames before the wanted one are skipped; the
// resampler starts with zeros behind it, a transient the warm-up absorbs.
import { resolve } from "node:path";
import type { TakeModel } from "../../core/model";
import { ResampledReader, type FrameReader } from "../io/resampledReader";
import { openWavReader } from "../io/wavRead";
import { EngineError } from "../render/errors";

export class WarmTake {
  readonly channels: number;
  readonly start: number;
  readonly end: number;
  private readonly reader: FrameReader;
  private readonly scratch: Float32Array[];
  private readonly fadeIn: number;
  private readonly fadeOut: number;

  /** Opens the take so that the first `addInto` may start at timeline frame `from`. */
  constructor(readonly take: TakeModel, folder: string, sampleRate: number, maxBlock: number, from: number) {
    const path = resolve(folder, take.path);
    this.start = Math.round(take.at * sampleRate);
    const offset = Math.max(0, from - this.start);
    let frames: number;
    try {
      const file = openWavReader(path);
      this.channels = file.channels;
      this.scratch = Array.from({ length: file.channels }, () => new Float32Array(maxBlock));
      if (file.sampleRate === sampleRate) {
        frames = file.frames;
        file.seek(offset);
        this.reader = file;
      } else {
        const g = gcd(file.sampleRate, sampleRate);
        const up = sampleRate / g;
        const down = file.sampleRate / g;
        const k = Math.floor(offset / up);
        file.seek(k * down);
        const resampled = new ResampledReader(file, sampleRate);
        frames = Math.round((file.frames * up) / down);
        this.reader = resampled;
        this.skip(offset - k * up);
      }
    } catch (error) {
      throw new EngineError(`Take '${take.path}' cannot be read: ${(error as Error).message}`, take.origin);
    }
    this.end = this.start + frames;
    this.fadeIn = Math.min(frames, Math.round(take.fadeIn * sampleRate));
    this.fadeOut = Math.min(frames, Math.round(take.fadeOut * sampleRate));
  }

  private skip(frames: number): void {
    for (let left = frames; left > 0; ) {
      const n = this.reader.read(Math.min(left, this.scratch[0].length), this.scratch);
      if (n === 0) return;
      left -= n;
    }
  }

  /** Adds the take's frames in [blockStart, blockStart + frames) into `out`; blocks come in order from `from`. */
  addInto(blockStart: number, frames: number, out: Float32Array[]): void {
    const from = Math.max(blockStart, this.start);
    const to = Math.min(blockStart + frames, this.end);
    if (to <= from) return;
    const n = this.reader.read(to - from, this.scratch);
    const offset = from - blockStart;
    for (let ch = 0; ch < out.length; ch++) {
      const src = this.scratch[Math.min(ch, this.channels - 1)];
      const dst = out[ch];
      for (let i = 0; i < n; i++) dst[offset + i] += src[i] * this.gainAt(from + i - this.start);
    }
  }

  /** As TakeSource: clip gain times the raised-cosine fades. */
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

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
