// One sequential render of a channel's inserts-and-pan stage: a strip with its
// inputs, started at block `first` with fresh state, rendering block after
// block into the block cache under `key`. The exact run starts at block 0 (as
// the offline mixer does); a warm-start run starts a little before where it is
// first wanted (see stage.ts).
import type { ChannelModel } from "../../core/model";
import { Strip } from "../render/strip";
import type { BlockCache, StereoBlock } from "./blockCache";

/** What the run reads from: its takes (a track), or the mix graph's sum of its feeders (a bus). */
export interface RunInput {
  /** Adds the input of block `index` (timeline frame `start`, strip latency included) into `into`. */
  fill(index: number, start: number, frames: number, into: Float32Array[]): void;
  close(): void;
}

export class StripRun {
  readonly strip: Strip;
  /** Next block the strip will render. */
  next: number;
  private input?: RunInput;

  constructor(
    readonly first: number,
    model: ChannelModel,
    channels: 1 | 2,
    sampleRate: number,
    private readonly cache: BlockCache,
    readonly key: string,
    private readonly stats: { rendered: number },
  ) {
    this.strip = new Strip(model, channels, sampleRate, cache.block);
    this.next = first;
  }

  /** Its input, made once the strip (and so its latency) exists. */
  attach(input: RunInput): this {
    this.input = input;
    return this;
  }

  /** Renders blocks up to `index` (not before `next`) and returns block `index`. */
  renderTo(index: number, length: number): StereoBlock {
    let out: StereoBlock | undefined;
    while (this.next <= index) out = this.renderOne(length);
    return out!;
  }

  private renderOne(length: number): StereoBlock {
    const size = this.cache.block;
    const index = this.next++;
    const start = index * size;
    const frames = Math.max(0, Math.min(size, length - start));
    const strip = this.strip;
    if (frames === 0) return this.cache.put(this.key, index, strip.output, 0);
    strip.clearInput();
    this.input!.fill(index, start + strip.latency, frames, strip.input);
    strip.processPreFader(start, frames);
    this.stats.rendered++;
    return this.cache.put(this.key, index, strip.preFader, frames);
  }

  close(): void {
    this.input?.close();
    this.input = undefined;
  }
}
