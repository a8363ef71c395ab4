// Where every channel's signal goes, worked out once from the model: for each
// bus and the mix bus, its sources in the order they are added, and how each
// is rounded. Float adds do not associate, so this order is part of the mix:
// the offline mixer (mixer.ts) and the player's graph (player/graph.ts) both
// sum over this one plan, so a block is the same bits in both.
//
// The order: a destination's sources are the audible channels that feed it,
// tracks then buses, each in the model's order, each channel's output before
// its sends (in the model's order). Offline, every track source is there once
// the tracks have rendered and every bus source once that bus has run; buses
// run in the model's order, which is dependency order (SessionModel.buses), so
// a destination summed in this order just before it runs (a bus) or at the end
// of the block (the mix bus) gets exactly the adds the mixer made when it
// pushed each track's and each bus's signals as they came.
import type { ChannelModel, SessionModel } from "../../core/model";

/** How a source is added to its destination's running sum (a Float32Array). */
export type Rounding =
  /** dest[i] += signal[i], a float32 add: a channel's output. */
  | "float32"
  /**
   * dest[i] += fround(tap[i] * level[i]): a track's send, whose signal
   * trackRender.ts stores in a Float32Array (in a worker, maybe) before it is
   * summed; the add of that stored signal is then a float32 add.
   */
  | "roundedProduct"
  /** dest[i] = fround(dest[i] + tap[i] * level[i]), product and sum in double, rounded once: a bus's send. */
  | "product";

/** One signal a destination adds. */
export interface Source {
  /** The channel's place in [...model.tracks, ...model.buses]. */
  channel: number;
  id: string;
  kind: "track" | "bus";
  /** The channel's post-fader output (to its `out`), or one of its sends, tapping before or after the fader. */
  tap: "output" | "pre" | "post";
  /** The send's index in the channel's `sends` (-1 for the output). */
  send: number;
  rounding: Rounding;
}

export interface Destination {
  /** A bus id, or "master" for the mix bus. */
  id: string;
  /** Its place in [...model.tracks, ...model.buses] (-1 for the mix bus). */
  channel: number;
  /** A bus that is muted (or not soloed) is not heard: nothing need sum or run it. */
  audible: boolean;
  /** In the order they are added, from +0. */
  sources: Source[];
}

export interface RoutingPlan {
  readonly audible: ReadonlySet<string>;
  /** Every bus in the model's (dependency) order, then the mix bus, last. */
  readonly destinations: readonly Destination[];
  /** The mix bus's destination (the last). */
  readonly mix: Destination;
}

/**
 * The plan for `model` with the channels in `audible` playing. Only audible
 * channels are sources; an output to an unknown bus goes to the mix bus, a
 * send to one nowhere; a bus hears only buses before it in the model (all
 * that feed it, in dependency order).
 */
export function routingPlan(model: SessionModel, audible: ReadonlySet<string> = audibleChannels(model)): RoutingPlan {
  const channels: ChannelModel[] = [...model.tracks, ...model.buses];
  const first = model.tracks.length;
  const byId = new Map<string, Destination>();
  const destinations: Destination[] = model.buses.map((b, n) => ({ id: b.id, channel: first + n, audible: audible.has(b.id), sources: [] }));
  for (const d of destinations) byId.set(d.id, d);
  const mix: Destination = { id: "master", channel: -1, audible: true, sources: [] };
  destinations.push(mix);
  channels.forEach((c, channel) => {
    if (!audible.has(c.id)) return;
    const kind = channel < first ? "track" : "bus";
    const give = (to: Destination | undefined, source: Omit<Source, "channel" | "id" | "kind">) => {
      if (to && (to === mix || to.channel > channel)) to.sources.push({ channel, id: c.id, kind, ...source });
    };
    give(byId.get(c.out) ?? mix, { tap: "output", send: -1, rounding: "float32" });
    c.sends.forEach((s, send) => give(byId.get(s.to), { tap: s.pre ? "pre" : "post", send, rounding: kind === "track" ? "roundedProduct" : "product" }));
  });
  return { audible, destinations, mix };
}

/** The channels that feed a destination, each once, in the order of its sources. */
export function feederChannels(destination: Destination): number[] {
  const found: number[] = [];
  for (const s of destination.sources) if (found[found.length - 1] !== s.channel) found.push(s.channel);
  return found;
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
