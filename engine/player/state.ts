// What the player is told about the session: channels with their routing,
// takes placed on the timeline, automation lanes, inputs and the master.
import type { AutomationTarget, ChannelModel, EffectModel } from "../../core/model";
import type { LiveChannelInfo, LiveState } from "../../core/protocol/player";
import { gainToDb, type Gain } from "../../core/units";
import type { LiveGraph } from "./graph";

export function describeState(sessionId: string, version: number, graph: LiveGraph, rerendered: string[]): LiveState {
  const model = graph.model;
  const rate = model.sampleRate;
  const channels: LiveChannelInfo[] = graph.nodes.map((n) => {
    const m = n.model;
    return {
      id: m.id,
      kind: m.kind,
      gainDb: db(m.gain),
      pan: m.pan,
      out: m.out,
      mute: m.mute,
      solo: m.solo,
      audible: n.audible,
      input: m.kind === "track" ? m.input : null,
      takes: m.kind === "track" ? m.takes.map((t, i) => ({ path: t.path, start: Math.round(t.at * rate), end: n.stage.takeEnds[i] ?? Math.round(t.at * rate), origin: t.origin })) : [],
      sends: m.sends.map((s) => ({ to: s.to, levelDb: db(s.level), pre: s.pre })),
      inserts: inserts(m.inserts),
      automation: m.automation.map((a) => ({ target: targetName(a.target, m), points: a.points.map((p) => ({ time: p.time, value: p.value, curve: p.curve, origin: p.origin })), origin: a.origin })),
      origin: m.origin,
    };
  });
  return {
    sessionId, version, ok: true, problems: [], title: model.title, sampleRate: rate, frames: graph.length,
    tempo: model.tempo, meter: model.meter,
    inputs: model.inputs.map((i) => ({ id: i.id, device: i.device, channels: i.channels, origin: i.origin })),
    channels,
    master: { inserts: inserts(model.master.inserts), gainDb: db(model.master.gain), loudness: model.master.loudness, origin: model.master.origin },
    rerendered,
  };
}

function db(gain: Gain): number | null {
  const v = gainToDb(gain);
  return Number.isFinite(v) ? Math.round(v * 100) / 100 : null;
}

function inserts(list: EffectModel[]): string[] {
  return list.map((e) => e.type);
}

function targetName(t: AutomationTarget, channel: ChannelModel): string {
  switch (t.kind) {
    case "gain":
    case "pan":
      return t.kind;
    case "send":
      return `send ${t.to}`;
    case "effect":
      return `${channel.inserts[t.effect]?.type ?? "effect"} ${t.param}`;
    case "band":
      return `eq band ${t.band + 1} ${t.param}`;
  }
}
