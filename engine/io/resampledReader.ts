// A WAV reader at another sample rate: the file's frames through the
// band-limited resampler, pulled block by block (memory flat in length).
import { MAX_BLOCK_FRAMES, Resampler } from "./resample";
import type { WavReader } from "./wavRead";

/** What the renderer reads a take through: sequential blocks of planar frames. */
export interface FrameReader {
  readonly channels: number;
  readonly sampleRate: number;
  /** Frames in all, at `sampleRate`. */
  readonly frames: number;
  read(frames: number, out: Float32Array[]): number;
  /** `read` without the copy where the reader can (a mono float file read as is): see WavReader.readView. */
  readView?(frames: number): Float32Array | undefined;
  close(): void;
}

export class ResampledReader implements FrameReader {
  readonly channels: number;
  readonly frames: number;
  private readonly resampler: Resampler;
  private readonly input: Float32Array[];
  private ended = false;

  constructor(private readonly reader: WavReader, readonly sampleRate: number) {
    this.channels = reader.channels;
    this.resampler = new Resampler(reader.sampleRate, sampleRate, reader.channels);
    this.frames = Math.round((reader.frames * this.resampler.up) / this.resampler.down);
    this.input = Array.from({ length: reader.channels }, () => new Float32Array(MAX_BLOCK_FRAMES));
  }

  read(frames: number, out: Float32Array[]): number {
    let done = 0;
    while (done < frames) {
      if (this.resampler.available === 0) {
        if (this.ended) break;
        const n = this.reader.read(MAX_BLOCK_FRAMES / 2, this.input);
        if (n > 0) this.resampler.push(this.input, n);
        else {
          this.resampler.end();
          this.ended = true;
        }
        continue;
      }
      const views = out.map((ch) => ch.subarray(done));
      done += this.resampler.pull(views, Math.min(frames - done, MAX_BLOCK_FRAMES));
    }
    return done;
  }

  close(): void {
    this.reader.close();
  }
}
