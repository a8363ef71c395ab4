// The mix graph: tracks (takes into their strips), buses in dependency
// order, summed into the mix bus block by block as the routing plan
// (routing.ts: outs, sends, mute and solo) says.
import type { SendModel, SessionModel } from "../../core/model";
import { routingPlan, type Destination, type Rounding, type RoutingPlan } from "./routing";
import { Strip } from "./strip";
import { addSource, sumInto } from "./sum";
import { LocalFeed, type FeedTrack, type TrackFeed } from "./trackFeed";
import { SplitFeed } from "./threads/splitFeed";
import { shareTracks, stereoChainLoad, summedPrefix } from "./threads/threadShare";
import { workersAvailable } from "./threads/trackPool";
import type { TrackMeasure } from "./trackRender";
import { TakeSource } from "./takeSource";

export interface MixerOptions {
  /** Meter each track (peak and loudness) as it renders; see `measures`. */
  metered?: boolean;
  /** Threads that render tracks, this one included (the rest are workers); below 2, all render in this thread. */
  threads?: number;
  /** Work this thread does per block besides mixing (meters, files, a master chain), in threadShare.ts's units. */
  load?: number;
  /**
   * Let a worker sum the first tracks into the mix itself (summedPrefix) and
   * send only their sum: less to copy between threads, the same bits; those
   * tracks' outputs are then not available from `trackOutput`.
   */
  sumOnWorker?: boolean;
}

/** A signal a destination adds with a float32 add: a track's output or send (the feed's, read anew each block) or a bus's output. */
interface Summed {
  track?: FeedTrack;
  /** The track's send, -1 for its output. */
  send: number;
  busOutput?: Float32Array[];
}

/** Consecutive float32 adds, summed in one pass (sumInto; `signals` is filled each block), or a bus's send. */
type Step =
  | { kind: "sum"; from: Summed[]; signals: Float32Array[][] }
  | { kind: "send"; strip: Strip; send: SendModel; pre: boolean; rounding: Rounding };

/** A destination of the routing plan with its sources resolved to buffers, and the bus that runs once they are summed. */
interface Gather {
  dest: Float32Array[];
  steps: Step[];
  bus?: Strip;
}

export class Mixer {
  /** The mix bus (before the master chain), stereo. */
  readonly mix: Float32Array[];
  /** Timeline frames to render: the last take's end plus the session's tail. */
  readonly length: number;
  private readonly feed: TrackFeed;
  /** Which thread renders which playing tracks (ids): this thread's first, then each worker's. */
  readonly placement: string[][];
  private readonly outputs = new Map<string, Float32Array[]>();
  private readonly plan: RoutingPlan;
  private gathers?: Gather[];
  private readonly silence: Float32Array[];
  private readonly buses = new Map<string, Strip>();

  constructor(readonly model: SessionModel, folder: string, readonly block: number, options: MixerOptions = {}) {
    const rate = model.sampleRate;
    this.mix = [new Float32Array(block), new Float32Array(block)];
    this.silence = [new Float32Array(block), new Float32Array(block)];
    this.plan = routingPlan(model);
    this.length = mixLength(model, folder);
    const playing = model.tracks.filter((t) => this.plan.audible.has(t.id));
    const feedOptions = { folder, sampleRate: rate, block, metered: options.metered ?? false };
    // Without its worker script (a bundle copied alone) the mix renders in this thread.
    const threads = workersAvailable() ? Math.min(options.threads ?? 1, playing.length) : 1;
    if (threads >= 2) {
      // This thread's share is lighter by what it does besides tracks: its buses, the sums, the caller's load.
      const own = model.buses.reduce((sum, b) => sum + stereoChainLoad(b.inserts) + b.sends.length, playing.length / 4 + (options.load ?? 0));
      // A worker that sums the first tracks itself takes them alone; the rest are shared among the other threads.
      const summed = playing.slice(0, options.sumOnWorker ? summedPrefix(playing, own, threads) : 0);
      const [here, ...shared] = shareTracks(playing.slice(summed.length), [own, ...Array<number>(threads - 1 - (summed.length > 0 ? 1 : 0)).fill(0)]);
      const groups = summed.length > 0 ? [summed, ...shared] : shared;
      this.feed = new SplitFeed(playing, here, groups, { ...feedOptions, length: this.length }, summed.length > 0);
      this.placement = [here, ...groups.filter((g) => g.length > 0)].map((g) => g.map((t) => t.id));
    } else {
      this.feed = new LocalFeed(playing, feedOptions);
      this.placement = [playing.map((t) => t.id)];
    }
    for (const b of model.buses) this.buses.set(b.id, new Strip(b, 2, rate, block));
  }

  /** Renders timeline frames [start, start + frames) into `mix`; blocks come in order from 0. */
  renderBlock(start: number, frames: number): void {
    for (const ch of this.mix) ch.fill(0, 0, frames);
    for (const bus of this.buses.values()) bus.clearInput();
    this.feed.render(start, frames);
    const summed = this.feed.mixStart;
    if (summed) for (let ch = 0; ch < 2; ch++) this.mix[ch].set(summed[ch].subarray(0, frames));
    for (const t of this.feed.tracks) this.outputs.set(t.model.id, t.output);
    // Each audible bus in dependency order, then the mix bus: its sources summed in the plan's
    // order (routing.ts), then the bus run. A worker's tracks point at another slot each block,
    // so their signals are read anew.
    const gathers = this.resolved();
    for (let g = 0; g < gathers.length; g++) {
      const { dest, steps, bus } = gathers[g];
      for (let n = 0; n < steps.length; n++) {
        const step = steps[n];
        if (step.kind === "send") {
          const { strip, send } = step;
          addSource(dest, step.pre ? strip.preFader : strip.output, strip.sendLevel(send), step.rounding, frames);
          continue;
        }
        const { from, signals } = step;
        for (let m = 0; m < from.length; m++) {
          const { track, send, busOutput } = from[m];
          signals[m] = busOutput ?? (send < 0 ? track!.output : track!.sends[send]);
        }
        sumInto(dest, signals, frames);
      }
      bus?.process(start, frames);
    }
  }

  /** The plan's audible destinations resolved to buffers: made at the first block (the feed's tracks do not change). */
  private resolved(): Gather[] {
    if (this.gathers) return this.gathers;
    const tracks = new Map(this.feed.tracks.map((t) => [t.model.id, t]));
    const gathers = this.plan.destinations.filter((d) => d.audible).map((d) => this.resolve(d, tracks));
    return (this.gathers = gathers);
  }

  private resolve(destination: Destination, tracks: Map<string, FeedTrack>): Gather {
    const bus = this.buses.get(destination.id);
    const gather: Gather = { dest: destination === this.plan.mix ? this.mix : bus!.input, steps: [], bus };
    const sources = destination.sources;
    let n = 0;
    // The mix starts from what a worker summed itself (feed.mixStart): the tracks that lead its sources.
    if (destination === this.plan.mix && this.feed.mixStart) while (n < sources.length && sources[n].kind === "track" && !tracks.has(sources[n].id)) n++;
    for (; n < sources.length; n++) {
      const s = sources[n];
      const track = s.kind === "track" ? tracks.get(s.id) : undefined;
      const strip = s.kind === "bus" ? this.buses.get(s.id) : undefined;
      if (s.kind === "track" && (!track || s.rounding === "product")) throw new Error(`Mixer: track '${s.id}' cannot be summed into '${destination.id}' as routed (${s.tap}, ${s.rounding})`);
      // A track's send signal is its rounded product already (trackRender.ts): a float32 add.
      if (track) summedStep(gather.steps).from.push({ track, send: s.send });
      else if (s.tap === "output") summedStep(gather.steps).from.push({ send: -1, busOutput: strip!.output });
      else gather.steps.push({ kind: "send", strip: strip!, send: strip!.model.sends[s.send], pre: s.tap === "pre", rounding: s.rounding });
    }
    return gather;
  }

  /** A track's post-fader output this block (silence when it does not play), for stems. */
  trackOutput(id: string): Float32Array[] {
    return this.outputs.get(id) ?? this.silence;
  }

  /** Each playing track's peak and loudness, after the last block (with `metered`). */
  measures(): Promise<Map<string, TrackMeasure>> {
    return this.feed.measures();
  }

  close(): void {
    this.feed.close();
  }
}

/** Frames in the session's mix: to the end of its last take, plus its tail. */
export function mixLength(model: SessionModel, folder: string): number {
  return timelineEnd(model, folder) + Math.round(model.tail * model.sampleRate);
}

/** The frame just after the last take of any track ends (takes are opened to read their headers). */
function timelineEnd(model: SessionModel, folder: string): number {
  let end = 0;
  for (const t of model.tracks) {
    for (const take of t.takes) {
      const source = new TakeSource(take, folder, model.sampleRate, 1);
      end = Math.max(end, source.end);
      source.close();
    }
  }
  return end;
}

/** The last step when it sums float32 adds, else a new one. */
function summedStep(steps: Step[]): Extract<Step, { kind: "sum" }> {
  const last = steps[steps.length - 1];
  if (last?.kind === "sum") return last;
  const step: Step = { kind: "sum", from: [], signals: [] };
  steps.push(step);
  return step;
}
