// The mix graph: tracks (takes into their strips), buses in dependency
// order, sends and outs, mute and solo, summed into the mix bus, block by block.
import type { BusModel, ChannelModel, SessionModel, TrackModel } from "../../core/model";
import { Strip } from "./strip";
import { TakeSource } from "./takeSource";

interface TrackNode {
  model: TrackModel;
  strip: Strip;
  sources: TakeSource[];
}

export class Mixer {
  /** The mix bus (before the master chain), stereo. */
  readonly mix: Float32Array[];
  /** Timeline frames to render: the last take's end plus the session's tail. */
  readonly length: number;
  readonly tracks: TrackNode[] = [];
  private readonly buses = new Map<string, Strip>();
  private readonly audible: Set<string>;

  constructor(readonly model: SessionModel, folder: string, readonly block: number) {
    const rate = model.sampleRate;
    this.mix = [new Float32Array(block), new Float32Array(block)];
    this.audible = audibleChannels(model);
    try {
      for (const t of model.tracks) {
        const sources = t.takes.map((take) => new TakeSource(take, folder, rate, block));
        this.tracks.push({ model: t, sources, strip: new Strip(t, sources.some((s) => s.channels === 2) ? 2 : 1, rate, block) });
      }
    } catch (error) {
      this.close();
      throw error;
    }
    for (const b of model.buses) this.buses.set(b.id, new Strip(b, 2, rate, block));
    const end = Math.max(0, ...this.tracks.flatMap((t) => t.sources.map((s) => s.end)));
    this.length = end + Math.round(model.tail * rate);
  }

  /** Renders timeline frames [start, start + frames) into `mix`. */
  renderBlock(start: number, frames: number): void {
    for (const ch of this.mix) ch.fill(0, 0, frames);
    for (const bus of this.buses.values()) bus.clearInput();
    for (const t of this.tracks) {
      if (!this.audible.has(t.model.id)) continue;
      t.strip.clearInput();
      // A track's insert latency is compensated by reading its takes that far ahead.
      for (const s of t.sources) s.addInto(start + t.strip.latency, frames, t.strip.input);
      t.strip.process(start, frames);
      this.route(t.strip, frames);
    }
    for (const bus of this.buses.values()) {
      if (!this.audible.has(bus.model.id)) continue;
      bus.process(start, frames);
      this.route(bus, frames);
    }
  }

  /** Adds a processed strip's output to its out and its sends to their buses. */
  private route(strip: Strip, frames: number): void {
    const dest = strip.model.out === "master" ? this.mix : this.buses.get(strip.model.out)?.input ?? this.mix;
    addInto(dest, strip.output, frames);
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
    const t = this.tracks.find((x) => x.model.id === id)!;
    if (!this.audible.has(id)) for (const ch of t.strip.output) ch.fill(0);
    return t.strip.output;
  }

  close(): void {
    for (const t of this.tracks) for (const s of t.sources) s.close();
  }
}

function addInto(dest: Float32Array[], src: Float32Array[], frames: number): void {
  for (let ch = 0; ch < dest.length; ch++) {
    const d = dest[ch];
    const s = src[ch];
    for (let i = 0; i < frames; i++) d[i] += s[i];
  }
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

export type { BusModel };
