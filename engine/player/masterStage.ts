// The master chain over the live mix, for the Mastering view: run
// sequentially from frame 0 (limiters and compressors carry state) and cached
// like the channels, keyed by the mix's hash, the master settings and the
// normalising gain. The chain's latency is trimmed as `mixdown master` does.
import { dB } from "../../core/units";
import { MasterChain } from "../master/chain";
import type { BlockCache, StereoBlock } from "./blockCache";
import type { LiveGraph } from "./graph";
import { digest, masterHash } from "./hashes";

export class MasterStage {
  readonly hash: string;
  private chain?: MasterChain;
  private next = 0;
  private readonly io: [Float32Array, Float32Array];

  constructor(private readonly graph: LiveGraph, private readonly normaliseDb: number, private readonly cache: BlockCache) {
    this.hash = digest("master", graph.hash, masterHash(graph.model.master, normaliseDb));
    this.io = [new Float32Array(cache.block), new Float32Array(cache.block)];
  }

  get latency(): number {
    return this.chain?.latency ?? this.make().latency;
  }

  /** Master output frames [start, start + frames) into `out` at `offset`. */
  read(start: number, frames: number, out: Float32Array[], offset: number): void {
    const size = this.cache.block;
    const from = start + this.latency;
    for (let at = 0; at < frames; ) {
      const t = from + at;
      const index = Math.floor(t / size);
      const within = t - index * size;
      const n = Math.min(frames - at, size - within);
      const block = this.block(index);
      out[0].set(block[0].subarray(within, within + n), offset + at);
      out[1].set(block[1].subarray(within, within + n), offset + at);
      at += n;
    }
  }

  private make(): MasterChain {
    this.chain = new MasterChain(this.graph.model.master, this.graph.model.sampleRate, this.cache.block, dB(this.normaliseDb));
    return this.chain;
  }

  private block(index: number): StereoBlock {
    const hit = this.cache.get(this.hash, index);
    if (hit) return hit;
    if (!this.chain || index < this.next) {
      this.make();
      this.next = 0;
    }
    const size = this.cache.block;
    let out: StereoBlock | undefined;
    for (; this.next <= index; this.next++) {
      if (this.next < this.graph.blocks) {
        this.graph.renderBlock(this.next);
        this.io[0].set(this.graph.mix[0]);
        this.io[1].set(this.graph.mix[1]);
      } else {
        this.io[0].fill(0);
        this.io[1].fill(0);
      }
      this.chain!.process(this.io, this.next * size, size, this.graph.model.sampleRate);
      out = this.cache.put(this.hash, this.next, this.io, size);
    }
    return out!;
  }

  close(): void {
    this.cache.dropHash(this.hash);
  }
}
