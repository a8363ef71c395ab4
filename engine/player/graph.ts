// The live mix graph: each channel's cached inserts-and-pan stage, its fader
// applied on the fly, buses fed and the mix bus summed over the routing plan
// (engine/render/routing.ts) that engine/render/mixer.ts sums over too, in its
// order and with its roundings, so a block here is bit for bit the offline render's block.
import type { BusModel, SessionModel, TrackModel } from "../../core/model";
import type { BlockCache, StereoBlock } from "./blockCache";
import { Fader } from "../render/fader";
import { feederChannels, routingPlan, type Destination, type RoutingPlan, type Source } from "../render/routing";
import { addSource } from "../render/sum";
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
  private readonly plan: RoutingPlan;
  /** Stage renderers taken over from the previous graph (still its on failure). */
  readonly reused = new Set<StageRenderer>();
  private readonly feeds = new Map<StageRenderer, BusFeed>();

  /** Builds the graph, taking over stage renderers of `previous` whose hash is unchanged. */
  constructor(readonly model: SessionModel, folder: string, readonly cache: BlockCache, previous: Map<string, StageRenderer>) {
    const size = cache.block;
    this.mix = [new Float32Array(size), new Float32Array(size)];
    this.plan = routingPlan(model);
    const channels: (TrackModel | BusModel)[] = [...model.tracks, ...model.buses];
    try {
      this.build(channels, folder, previous);
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

  private build(channels: (TrackModel | BusModel)[], folder: string, previous: Map<string, StageRenderer>): void {
    const { model, cache, plan } = this;
    const size = cache.block;
    for (const [position, ch] of channels.entries()) {
      let hash = stageHash(ch, folder);
      // A bus's destination in the plan: the channels before it that feed it, and how.
      const destination = ch.kind === "bus" ? plan.destinations[position - model.tracks.length] : undefined;
      const feeders = destination ? feederChannels(destination).map((c) => this.nodes[c]) : [];
      if (destination) hash = digest(hash, ...feeders.map((n) => `${n.model.id}:${n.fullHash}`));
      const reused = previous.get(hash);
      if (reused) this.reused.add(reused);
      previous.delete(hash);
      const feed = destination ? this.busFeed(destination, feeders) : undefined;
      const stage = reused ?? new StageRenderer(ch, hash, folder, model.sampleRate, cache, feed);
      if (reused && feed) this.feeds.set(reused, feed);
      const isOn = plan.audible.has(ch.id);
      this.nodes.push({ model: ch, stage, fader: new Fader(ch, model.sampleRate, size), audible: isOn, fullHash: digest(hash, faderHash(ch), String(isOn)) });
    }
  }

  private busFeed(destination: Destination, feeders: GraphNode[]): BusFeed {
    return {
      fill: (index, into, approx) => this.feedBus(destination.sources, index, into, approx),
      near: (index) => feeders.every((n) => n.stage.near(index)),
    };
  }

  /** Sums a bus's sources at a block into its strip input, in the plan's order: each feeder's stage and fader once. */
  private feedBus(sources: readonly Source[], index: number, into: Float32Array[], approx: boolean): void {
    const start = index * this.cache.block;
    const frames = this.framesOf(index);
    let node: GraphNode | undefined;
    let pre: StereoBlock | undefined;
    for (let s = 0; s < sources.length; s++) {
      const source = sources[s];
      if (node !== this.nodes[source.channel]) {
        node = this.nodes[source.channel];
        pre = node.stage.block(index, this.length, approx);
        node.fader.apply(pre, start, frames);
      }
      this.add(into, node.fader, pre!, source, frames);
    }
  }

  /** Adds a source, its channel's fader applied over `pre` for the block, as the plan rounds it. */
  private add(into: Float32Array[], fader: Fader, pre: StereoBlock, source: Source, frames: number): void {
    if (source.tap === "output") return addSource(into, fader.output, undefined, source.rounding, frames);
    const send = fader.sends[source.send];
    addSource(into, source.tap === "pre" ? pre : fader.output, fader.sendLevel(send), source.rounding, frames);
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
    // Each node's sources into the mix are added right after its fader (the plan's sources come
    // in the nodes' order): a later stage's render may apply its feeders' faders to other blocks.
    const sources = this.plan.mix.sources;
    let next = 0;
    for (let position = 0; position < this.nodes.length; position++) {
      const n = this.nodes[position];
      if (!n.audible) continue;
      n.pre = n.stage.block(index, this.length, approx);
      if (n.stage.approximate) exact = false;
      n.fader.apply(n.pre, start, frames);
      for (; next < sources.length && sources[next].channel === position; next++) this.add(this.mix, n.fader, n.pre, sources[next], frames);
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
