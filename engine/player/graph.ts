// The live mix graph: each channel's cached inserts-and-pan stage, its fader
// applied on the fly, buses fed in the mixer's order, summed into the mix bus.
// The sums run in exactly engine/render/mixer.ts's order, so a block here is
// bit for bit the offline render's block.
import type { BusModel, SessionModel, TrackModel } from "../../core/model";
import { audibleChannels } from "../render/mixer";
import type { BlockCache, StereoBlock } from "./blockCache";
import { Fader } from "../render/fader";
import { addInto } from "../render/sum";
import { digest, faderHash, stageHash } from "./hashes";
import { StageRenderer, type BusFeed } from "./stage";

export interface GraphNode {
  model: TrackModel | BusModel;
  stage: StageRenderer;
  fader: Fader;
  audible: boolean;
  /** Everything the channel's output depends on. */
  fullHash: string;
  /** Its pre-fader block of the last `renderBlock`. */
  pre?: StereoBlock;
}

export class LiveGraph {
  readonly nodes: GraphNode[] = [];
  readonly mix: [Float32Array, Float32Array];
  readonly length: number;
  /** Blocks in the timeline. */
  readonly blocks: number;
  /** Hash of the whole mix (every audible channel's full hash, in order). */
  readonly hash: string;
  private readonly feedersOf = new Map<string, GraphNode[]>();
  private readonly busIds: Set<string>;
  /** Stage renderers taken over from the previous graph (still its on failure). */
  readonly reused = new Set<StageRenderer>();
  private readonly feeds = new Map<StageRenderer, BusFeed>();

  /** Builds the graph, taking over stage renderers of `previous` whose hash is unchanged. */
  constructor(readonly model: SessionModel, folder: string, readonly cache: BlockCache, previous: Map<string, StageRenderer>) {
    const size = cache.block;
    this.mix = [new Float32Array(size), new Float32Array(size)];
    const audible = audibleChannels(model);
    const channels: (TrackModel | BusModel)[] = [...model.tracks, ...model.buses];
    this.busIds = new Set(model.buses.map((b) => b.id));
    try {
      this.build(channels, audible, folder, previous);
    } catch (error) {
      for (const n of this.nodes) if (!this.reused.has(n.stage)) n.stage.close();
      throw error;
    }
    for (const [stage, feed] of this.feeds) stage.retarget(feed);
    const end = Math.max(0, ...this.nodes.map((n) => n.stage.end));
    this.length = end + Math.round(model.tail * model.sampleRate);
    this.blocks = Math.ceil(this.length / size);
    this.hash = digest(...this.nodes.filter((n) => n.audible).map((n) => n.fullHash));
  }

  private build(channels: (TrackModel | BusModel)[], audible: Set<string>, folder: string, previous: Map<string, StageRenderer>): void {
    const { model, cache } = this;
    const size = cache.block;
    for (const [position, ch] of channels.entries()) {
      let hash = stageHash(ch, folder);
      if (ch.kind === "bus") hash = digest(hash, ...this.feeders(ch.id, position).map((n) => `${n.model.id}:${n.fullHash}`));
      const reused = previous.get(hash);
      if (reused) this.reused.add(reused);
      previous.delete(hash);
      const feed = ch.kind === "bus" ? this.busFeed(ch.id, position) : undefined;
      const stage = reused ?? new StageRenderer(ch, hash, folder, model.sampleRate, cache, feed);
      if (reused && feed) this.feeds.set(reused, feed);
      const isOn = audible.has(ch.id);
      this.nodes.push({ model: ch, stage, fader: new Fader(ch, model.sampleRate, size), audible: isOn, fullHash: digest(hash, faderHash(ch), String(isOn)) });
    }
  }

  /** Audible channels before `position` that feed bus `id` (by out or send), in the mixer's order. */
  private feeders(id: string, position: number): GraphNode[] {
    let found = this.feedersOf.get(id);
    if (!found) {
      found = this.nodes.slice(0, position).filter((n) => n.audible && (n.model.out === id || n.model.sends.some((s) => s.to === id)));
      this.feedersOf.set(id, found);
    }
    return found;
  }

  private busFeed(id: string, position: number): BusFeed {
    return {
      fill: (index, into, approx) => this.feedBus(id, position, index, into, approx),
      near: (index) => this.feeders(id, position).every((n) => n.stage.near(index)),
    };
  }

  /** Sums what feeds a bus at a block into its strip input, in the mixer's order. */
  private feedBus(id: string, position: number, index: number, into: Float32Array[], approx: boolean): void {
    const start = index * this.cache.block;
    const frames = this.framesOf(index);
    for (const n of this.feeders(id, position)) {
      const pre = n.stage.block(index, this.length, approx);
      n.fader.apply(pre, start, frames);
      if (n.model.out === id) addInto(into, n.fader.output, frames);
      for (const send of n.fader.sends) {
        if (send.to !== id) continue;
        const level = n.fader.sendLevel(send);
        const tap = send.pre ? pre : n.fader.output;
        // As the mixer does it: a track's send signal is rounded to 32 bits before it is summed
        // (it is computed by engine/render/trackRender.ts, possibly in a worker); a bus's is not.
        const rounded = n.model.kind === "track";
        for (let ch = 0; ch < 2; ch++) {
          const d = into[ch];
          const s = tap[ch];
          if (rounded) for (let i = 0; i < frames; i++) d[i] += Math.fround(s[i] * level[i]);
          else for (let i = 0; i < frames; i++) d[i] += s[i] * level[i];
        }
      }
    }
  }

  framesOf(index: number): number {
    return Math.max(0, Math.min(this.cache.block, this.length - index * this.cache.block));
  }

  /**
   * Renders block `index` into `mix`; each audible node's `fader.output` holds its output. With
   * `approx`, stages far behind answer with warm starts (stage.ts); returns whether the block is exact.
   */
  renderBlock(index: number, approx = false): boolean {
    const frames = this.framesOf(index);
    const start = index * this.cache.block;
    this.mix[0].fill(0);
    this.mix[1].fill(0);
    let exact = true;
    // Buses first: their sequential stages may need earlier blocks of everything upstream.
    for (const n of this.nodes) if (n.audible && n.model.kind === "bus") n.stage.block(index, this.length, approx);
    for (const n of this.nodes) {
      if (!n.audible) continue;
      n.pre = n.stage.block(index, this.length, approx);
      if (n.stage.approximate) exact = false;
      n.fader.apply(n.pre, start, frames);
      if (!this.busIds.has(n.model.out)) addInto(this.mix, n.fader.output, frames);
    }
    return exact;
  }

  /** The audible stage furthest behind whose exact render has to catch up with a warm start, if any. */
  laggard(): StageRenderer | undefined {
    let found: StageRenderer | undefined;
    for (const n of this.nodes) if (n.audible && n.stage.behind && (!found || n.stage.exactNext < found.exactNext)) found = n.stage;
    return found;
  }

  /** The stage renderers by hash, for the next graph to take over. */
  renderers(): Map<string, StageRenderer> {
    return new Map(this.nodes.map((n) => [n.stage.hash, n.stage]));
  }
}
