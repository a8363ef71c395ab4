// The growing waveform of a take as compact columns: the minimum and maximum sample of each
// stretch of `framesPerColumn` frames (over all the take's channels), so the player can draw the
// take while it records without the engine streaming raw audio. Fed each block the recorder
// writes; `drain` hands over the finished columns since the last call (sent with each progress
// report). The running column's state is two numbers and a count: nothing allocates per block.
import type { WaveColumns } from "../../core/protocol/record";

export class WaveSummariser {
  private min = Infinity;
  private max = -Infinity;
  private inColumn = 0;
  private done = 0;
  private pending: WaveColumns;

  constructor(private readonly channels: number, private readonly framesPerColumn: number) {
    if (!(channels >= 1) || !(framesPerColumn >= 1)) throw new Error(`WaveSummariser: channels ${channels} and framesPerColumn ${framesPerColumn} must be at least 1`);
    this.pending = { first: 0, min: [], max: [] };
  }

  /** Interleaved samples of `channels` channels (a whole number of frames). */
  push(interleaved: Float32Array): void {
    const c = this.channels;
    for (let i = 0; i + c <= interleaved.length; i += c) {
      for (let k = 0; k < c; k++) {
        const v = interleaved[i + k];
        if (v < this.min) this.min = v;
        if (v > this.max) this.max = v;
      }
      if (++this.inColumn === this.framesPerColumn) this.close();
    }
  }

  /** The columns finished since the last call; `flush` also closes the partial column (at the end of a take). */
  drain(flush = false): WaveColumns {
    if (flush && this.inColumn > 0) this.close();
    const out = this.pending;
    this.pending = { first: this.done, min: [], max: [] };
    return out;
  }

  private close(): void {
    this.pending.min.push(this.min);
    this.pending.max.push(this.max);
    this.done++;
    this.min = Infinity;
    this.max = -Infinity;
    this.inColumn = 0;
  }
}
