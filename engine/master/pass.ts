// One pass of the master chain over a stream of mix blocks, wherever they
// come from (the mix file, or the mixer as it renders): each block is copied,
// run through the chain, trimmed of the chain's latency at the start, metered
// and written; `finish` flushes the latency with silence at the end.
import type { WavWriter } from "../io/wavWrite";
import { LoudnessMeter, type LoudnessResult } from "../loudness";
import type { MasterChain } from "./chain";

export class MasterPass {
  private readonly io: Float32Array[];
  private readonly meter: LoudnessMeter;
  /** Frames run through the chain so far (the mix's, then the flushing silence). */
  private at = 0;

  constructor(private readonly chain: MasterChain, private readonly writer: WavWriter, private readonly sampleRate: number, block: number) {
    this.io = [new Float32Array(block), new Float32Array(block)];
    this.meter = new LoudnessMeter(sampleRate, 2);
  }

  /** Masters `frames` frames of the stereo mix (at most one block; `mix` itself is not changed). */
  push(mix: readonly Float32Array[], frames: number): void {
    for (let ch = 0; ch < 2; ch++) this.io[ch].set(mix[ch].subarray(0, frames));
    this.run(frames);
  }

  /** Masters `frames` frames already placed in the pass's own buffers (see `buffers`). */
  run(frames: number): void {
    const io = this.io;
    const latency = this.chain.latency;
    this.chain.process(io, this.at, frames, this.sampleRate);
    // The chain's latency: drop its first `latency` frames so the master lines up with the mix.
    const skip = Math.max(0, Math.min(frames, latency - this.at));
    const out = skip ? io.map((ch) => ch.subarray(skip, frames)) : io;
    this.meter.push(out, frames - skip);
    this.writer.write(out, frames - skip);
    this.at += frames;
  }

  /** The pass's block buffers, for a reader to fill before `run`. */
  get buffers(): Float32Array[] {
    return this.io;
  }

  /** Runs the chain's latency out with silence, closes the writer, and returns what the master measures. */
  finish(): LoudnessResult {
    const block = this.io[0].length;
    for (let left = this.chain.latency; left > 0; ) {
      const n = Math.min(block, left);
      for (const ch of this.io) ch.fill(0, 0, n);
      this.run(n);
      left -= n;
    }
    this.writer.close();
    return this.meter.result();
  }
}
