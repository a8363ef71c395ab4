// The figures `expect` lines on tracks and buses are checked against: each
// channel's output metered over the whole song. A track is metered where it
// leaves its strip; a bus is metered by rendering the song with only what
// feeds it, its output sent to the mix.
import type { BusModel, ChannelModel, SessionModel, TrackModel } from "../../core/model";
import { linear } from "../../core/units";
import { LoudnessMeter, type LoudnessResult } from "../loudness";
import { CancelledError } from "../render/errors";
import { Mixer } from "../render/mixer";
import { audibleChannels } from "../render/routing";
import { BLOCK } from "../render/render";

const SINK = "\u0000expect-sink";

/** Figures of the tracks and buses that have `expect` lines, by id. */
export async function measureChannels(model: SessionModel, folder: string, signal?: AbortSignal): Promise<Map<string, LoudnessResult>> {
  const figures = new Map<string, LoudnessResult>();
  const tracks = model.tracks.filter((t) => t.expects.length > 0).map((t) => t.id);
  if (tracks.length) {
    const mixer = new Mixer(model, folder, BLOCK);
    const meters = new Map(tracks.map((id) => [id, new LoudnessMeter(model.sampleRate, 2)]));
    await run(mixer, signal, (frames) => {
      for (const [id, meter] of meters) meter.push(mixer.trackOutput(id), frames);
    });
    for (const [id, meter] of meters) figures.set(id, meter.result());
  }
  for (const bus of model.buses.filter((b) => b.expects.length > 0)) {
    const mixer = new Mixer(isolate(model, bus.id), folder, BLOCK);
    const meter = new LoudnessMeter(model.sampleRate, 2);
    await run(mixer, signal, (frames) => meter.push(mixer.mix, frames));
    figures.set(bus.id, meter.result());
  }
  return figures;
}

async function run(mixer: Mixer, signal: AbortSignal | undefined, each: (frames: number) => void): Promise<void> {
  try {
    for (let start = 0, n = 0; start < mixer.length; start += BLOCK, n++) {
      if (n % 8 === 0) {
        await new Promise((r) => setImmediate(r));
        if (signal?.aborted) throw new CancelledError();
      }
      const frames = Math.min(BLOCK, mixer.length - start);
      mixer.renderBlock(start, frames);
      each(frames);
    }
  } finally {
    mixer.close();
  }
}

/**
 * The session with only `busId`'s output in the mix: what feeds the bus plays
 * as in the song (mute and solo kept), everything else is silent, and signal
 * that would leave the bus's feeders for elsewhere goes to a muted sink bus.
 */
export function isolate(model: SessionModel, busId: string): SessionModel {
  const audible = audibleChannels(model);
  const all: ChannelModel[] = [...model.tracks, ...model.buses];
  const feeds = new Set([busId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const c of all) {
      if (!feeds.has(c.id) && [c.out, ...c.sends.map((s) => s.to)].some((to) => feeds.has(to))) {
        feeds.add(c.id);
        grew = true;
      }
    }
  }
  const rewire = <C extends ChannelModel>(c: C): C => {
    const mute = !audible.has(c.id) || !feeds.has(c.id);
    if (c.id === busId) return { ...c, out: "master", sends: [], mute, solo: false };
    return { ...c, out: feeds.has(c.out) ? c.out : SINK, sends: c.sends.filter((s) => feeds.has(s.to)), mute, solo: false };
  };
  const sink: BusModel = {
    kind: "bus", id: SINK, inserts: [], gain: linear(1), pan: 0, sends: [], out: "master", mute: true, solo: false, automation: [], expects: [], origin: [0, 0],
  };
  return { ...model, tracks: model.tracks.map((t) => rewire<TrackModel>(t)), buses: [...model.buses.map((b) => rewire<BusModel>(b)), sink] };
}
