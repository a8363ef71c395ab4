// The mix graph: tracks (takes into their strips), buses in dependency
// order, sends and outs, mute and solo, summed into the mix bus, block by block.
import type { ChannelModel, SessionModel } from "../../core/model";
import { Strip } from "./strip";
import { addInto, sumInto } from "./sum";
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

/** A destination's sources: a track's output (send -1) or one of its sends; `signals` is filled each block. */
interface Route {
  dest: Float32Array[];
  from: { track: FeedTrack; send: number }[];
  signals: Float32Array[][];
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
  private routing?: Route[];
  private readonly silence: Float32Array[];
  private readonly buses = new Map<string, Strip>();
  private readonly audible: Set<string>;

  constructor(readonly model: SessionModel, folder: string, readonly block: number, options: MixerOptions = {}) {
    const rate = model.sampleRate;
    this.mix = [new Float32Array(block), new Float32Array(block)];
    this.silence = [new Float32Array(block), new Float32Array(block)];
    this.audible = audibleChannels(model);
    this.length = mixLength(model, folder);
    const playing = model.tracks.filter((t) => this.audible.has(t.id));
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
    // Each bus sums what the tracks give it, in the model's order (see sum.ts); a worker's
    // tracks point at another slot each block, so their signals are read anew.
    for (const t of this.feed.tracks) this.outputs.set(t.model.id, t.output);
    for (const route of this.routes()) {
      const signals = route.signals;
      for (let n = 0; n < route.from.length; n++) {
        const { track, send } = route.from[n];
        signals[n] = send < 0 ? track.output : track.sends[send];
      }
      sumInto(route.dest, signals, frames);
    }
    for (const bus of this.buses.values()) {
      if (!this.audible.has(bus.model.id)) continue;
      bus.process(start, frames);
      this.routeBus(bus, frames);
    }
  }

  /**
   * Where each track's output and sends go, by destination in the order each
   * is first given something, each destination's sources in the model's
   * order: made at the first block (the feed's tracks do not change).
   */
  private routes(): Route[] {
    if (this.routing) return this.routing;
    const byDest = new Map<Float32Array[], Route>();
    const give = (dest: Float32Array[], track: FeedTrack, send: number) => {
      const route = byDest.get(dest) ?? { dest, from: [], signals: [] };
      route.from.push({ track, send });
      byDest.set(dest, route);
    };
    for (const t of this.feed.tracks) {
      give(this.destination(t.model), t, -1);
      t.model.sends.forEach((s, n) => {
        const bus = this.buses.get(s.to);
        if (bus) give(bus.input, t, n);
      });
    }
    return (this.routing = [...byDest.values()]);
  }

  private destination(channel: ChannelModel): Float32Array[] {
    return channel.out === "master" ? this.mix : this.buses.get(channel.out)?.input ?? this.mix;
  }

  /** Adds a processed bus's output to its out and its sends to their buses. */
  private routeBus(strip: Strip, frames: number): void {
    addInto(this.destination(strip.model), strip.output, frames);
    for (const send of strip.sends) {
      const bus = this.buses.get(send.to);
      if (!bus) continue;
      const level = strip.sendLevel(send);
      const tap = send.pre ? strip.preFader : strip.output;
      for (let ch = 0; ch < 2; ch++) {
        const d = bus.input[ch];
        const s = tap[ch];
        for (let i = 0; i < frames; i++) d[i] += s[i] * level[i];
      }
    }
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

/**
 * Which channels play. `mute` silences a channel. When anything is soloed, a
 * channel plays if it is soloed, feeds a soloed bus, or is fed by a soloed channel.
 */
export function audibleChannels(model: SessionModel): Set<string> {
  const all: ChannelModel[] = [...model.tracks, ...model.buses];
  const feeds = new Map<string, string[]>(all.map((c) => [c.id, [c.out, ...c.sends.map((s) => s.to)]]));
  const soloed = all.filter((c) => c.solo).map((c) => c.id);
  const on = new Set<string>();
  if (soloed.length === 0) all.forEach((c) => on.add(c.id));
  else {
    const downstream = (id: string, seen: Set<string>) => {
      for (const next of feeds.get(id) ?? []) if (!seen.has(next)) { seen.add(next); downstream(next, seen); }
      return seen;
    };
    for (const id of soloed) for (const d of downstream(id, new Set([id]))) on.add(d);
    for (const c of all) if ([...downstream(c.id, new Set())].some((d) => soloed.includes(d))) on.add(c.id);
  }
  for (const c of all) if (c.mute) on.delete(c.id);
  return on;
}

