// The inserts-and-pan stage of one channel, cached by block. Strips carry
// state (filters, compressors, reverb tails), so block k is only exact after
// blocks 0..k-1: the exact run renders from frame 0, as the offline mixer
// does, and a block evicted behind it restarts it from 0.
//
// When a block is wanted far beyond the exact run (more than the warm-up
// window), a caller that accepts an approximation gets a warm start instead: a
// second strip with fresh state begins WARM_SECONDS before the block and
// renders on from there (EQ and compressor states settle within the window;
// reverb and delay tails from before it are missing). Its blocks are cached
// under their own key. `catchUp` (run in the background by catchup.ts) moves
// the exact run forward a block at a time until it has passed what the warm
// start served; then the warm start is dropped and blocks are exact again.
import type { BusModel, TrackModel } from "../../core/model";
import { TakeSource } from "../render/takeSource";
import type { BlockCache, StereoBlock } from "./blockCache";
import { StripRun, type RunInput } from "./stripRun";

/** How far before the wanted block a warm start begins. */
export const WARM_SECONDS = 1;

/** A bus's input: the mix graph's sum of what feeds it. */
export interface BusFeed {
  /** Sums the feeders' block `index` into `into` (their approximate blocks allowed when `approx`). */
  fill(index: number, into: Float32Array[], approx: boolean): void;
  /** Every feeder can give block `index` exactly without a long render. */
  near(index: number): boolean;
}

export class StageRenderer {
  private exact?: StripRun;
  private warm?: StripRun;
  /** Takes opened by the constructor, for the first exact run. */
  private opened?: TakeSource[];
  /** Blocks rendered since creation, exact or not (for tests and the benchmark). */
  rendered = 0;
  /** The last `block` returned an approximate block. */
  approximate = false;
  /** Timeline frames the takes cover (0 for a bus). */
  readonly end: number;
  readonly channels: 1 | 2;
  /** Where each take ends on the timeline. */
  readonly takeEnds: number[];
  /** The warm-up window in blocks: also how far ahead the exact run is rendered on demand. */
  readonly warmBlocks: number;
  private readonly warmKey: string;

  constructor(
    readonly model: TrackModel | BusModel,
    readonly hash: string,
    private readonly folder: string,
    private readonly sampleRate: number,
    private readonly cache: BlockCache,
    private feed?: BusFeed,
  ) {
    // Opening the takes checks them and gives the length; the strip is made on first use.
    const sources = this.openTakes();
    this.opened = sources;
    this.takeEnds = sources.map((s) => s.end);
    this.end = Math.max(0, ...this.takeEnds);
    this.channels = sources.some((s) => s.channels === 2) || model.kind === "bus" ? 2 : 1;
    this.warmBlocks = Math.ceil((WARM_SECONDS * sampleRate) / cache.block);
    this.warmKey = `${hash}~warm`;
  }

  /**
   * The pre-fader signal of block `index` (`frames` valid frames, the rest silence). With
   * `approx`, a block far beyond the exact run comes from a warm start (`approximate` is set).
   */
  block(index: number, length: number, approx = false): StereoBlock {
    this.approximate = false;
    const hit = this.cache.get(this.hash, index);
    if (hit) return hit;
    if (!approx || this.near(index)) return this.renderExact(index, length);
    this.approximate = true;
    return this.cache.get(this.warmKey, index) ?? this.renderWarm(index, length);
  }

  /** Block `index` is cached or within the warm-up window of the exact run (and so are its feeders'). */
  near(index: number): boolean {
    if (this.cache.has(this.hash, index)) return true;
    const run = this.exact;
    const from = run && index >= run.next ? run.next : 0;
    return index - from <= this.warmBlocks && (!this.feed || this.feed.near(index));
  }

  /** A warm start has served blocks the exact run has not reached yet. */
  get behind(): boolean {
    return this.warm !== undefined;
  }

  /** Where the exact run is (0 when it must start over). */
  get exactNext(): number {
    return this.exact?.next ?? 0;
  }

  /** One step of the exact run towards the warm start's last block; drops the warm start once past it. */
  catchUp(length: number): void {
    const warm = this.warm;
    if (!warm) return;
    const served = warm.next - 1;
    if (this.exact && this.exact.next > served) {
      if (this.cache.has(this.hash, served)) return this.dropWarm();
      this.exact.close(); // evicted behind the run: start over
      this.exact = undefined;
    }
    const run = this.exact ?? this.startExact();
    run.renderTo(run.next, length);
  }

  private renderExact(index: number, length: number): StereoBlock {
    const run = this.exact && index >= this.exact.next ? this.exact : this.startExact();
    return run.renderTo(index, length);
  }

  private startExact(): StripRun {
    this.exact?.close();
    const run = new StripRun(0, this.model, this.channels, this.sampleRate, this.cache, this.hash, this);
    const takes = this.opened ?? this.openTakes();
    this.opened = undefined;
    this.exact = run.attach(this.input(takes, false));
    return run;
  }

  private renderWarm(index: number, length: number): StereoBlock {
    let run = this.warm;
    if (!run || index < run.next || index - run.next > this.warmBlocks) {
      run?.close();
      const first = Math.max(0, index - this.warmBlocks);
      run = new StripRun(first, this.model, this.channels, this.sampleRate, this.cache, this.warmKey, this);
      const from = first * this.cache.block + run.strip.latency;
      const takes = this.model.kind === "track" ? this.model.takes.map((t) => new TakeSource(t, this.folder, this.sampleRate, this.cache.block, from)) : [];
      this.warm = run.attach(this.input(takes, true));
    }
    return run.renderTo(index, length);
  }

  private input(takes: { addInto(start: number, frames: number, out: Float32Array[], fresh?: boolean): void; close(): void }[], approx: boolean): RunInput {
    if (this.model.kind === "bus") return { fill: (index, _start, _frames, into) => this.feed!.fill(index, into, approx), close: () => {} };
    return {
      // `into` is the strip's input, just cleared (StripRun): the first take lands fresh, as in the offline render.
      fill: (_index, start, frames, into) => {
        for (let n = 0; n < takes.length; n++) takes[n].addInto(start, frames, into, n === 0);
      },
      close: () => {
        for (const t of takes) t.close();
      },
    };
  }

  /** A reused bus stage is fed by the new graph (same inputs, by its hash). */
  retarget(feed: BusFeed): void {
    this.feed = feed;
  }

  private openTakes(): TakeSource[] {
    if (this.model.kind !== "track") return [];
    const sources: TakeSource[] = [];
    try {
      for (const take of this.model.takes) sources.push(new TakeSource(take, this.folder, this.sampleRate, this.cache.block));
    } catch (error) {
      for (const s of sources) s.close();
      throw error;
    }
    return sources;
  }

  private dropWarm(): void {
    this.warm?.close();
    this.warm = undefined;
    this.cache.dropHash(this.warmKey);
  }

  close(): void {
    for (const s of this.opened ?? []) s.close();
    this.opened = undefined;
    this.exact?.close();
    this.exact = undefined;
    this.dropWarm();
    this.cache.dropHash(this.hash);
  }
}
