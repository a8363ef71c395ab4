// The AST to the SessionModel: session settings, inputs, strips, routing.
import type { FileNode, InputNode, MasterNode, Range, SessionNode, Setting, Strip } from "./ast";
import { DiagnosticSink } from "./diagnostics";
import { MODEL_VERSION, type BusModel, type InputModel, type MasterModel, type SessionModel, type TrackModel } from "./model";
import { lowerStrip, type LowerStripContext } from "./lowerStrip";
import { extraArgs } from "./lowerEffect";
import { checkReferences, orderBuses } from "./routing";
import { SETTINGS, statementsFor } from "./statements";
import { didYouMean } from "./suggest";
import { collectSymbols, type Symbols } from "./symbols";
import type { Timebase } from "./timebase";
import type { UserEffects } from "./userEffects";
import { linear, seconds, type Seconds } from "./units";
import { describe, readValue, type ReadContext } from "./values";

export interface Lowered {
  model: SessionModel;
  symbols: Symbols;
}

export function lower(file: FileNode, text: string, sink: DiagnosticSink, userEffects?: UserEffects): Lowered {
  const session = single(file, "Session", sink);
  const master = single(file, "Master", sink);
  const base: ReadContext = { sink, timebase: { tempo: null, meter: { beats: 4, unit: 4 } } };
  const settings = session ? lowerSession(base, session) : defaultSession();
  const ctx: LowerStripContext = { sink, timebase: settings.timebase, text, userEffects };
  const symbols = collectSymbols(file);
  checkNames(symbols, sink);
  checkReferences(file, symbols, sink);
  const tracks: TrackModel[] = [];
  const buses: BusModel[] = [];
  const inputs: InputModel[] = [];
  for (const item of file.items) {
    if (item.kind === "Track") tracks.push({ kind: "track", ...channel(ctx, item) });
    else if (item.kind === "Bus") buses.push(bus(ctx, item));
    else if (item.kind === "Input") inputs.push(lowerInput(ctx, item));
  }
  const order = orderBuses(symbols, sink);
  buses.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  if (tracks.length === 0 && !sink.hasErrors) {
    sink.warning("no-tracks", [0, Math.min(text.length, 1)], "This session has no tracks, so it renders silence: add 'track NAME { take \"takes/file.wav\" }'.");
  }
  const model: SessionModel = {
    version: MODEL_VERSION,
    title: settings.title,
    sampleRate: settings.sampleRate,
    tempo: settings.timebase.tempo,
    meter: settings.timebase.meter,
    tail: settings.tail,
    inputs, tracks, buses,
    master: master ? lowerMaster(ctx, master) : { inserts: [], gain: linear(1), automation: [], loudness: null, export: null, expects: [], origin: [0, 0] },
  };
  return { model, symbols };
}

function single<K extends "Session" | "Master">(file: FileNode, kind: K, sink: DiagnosticSink) {
  const all = file.items.filter((i) => i.kind === kind) as (K extends "Session" ? SessionNode : MasterNode)[];
  for (const extra of all.slice(1)) {
    sink.error("duplicate-block", [extra.range[0], extra.range[0] + kind.length], `A session has one ${kind.toLowerCase()} block; merge this one into the first.`, {
      related: [{ message: `the first ${kind.toLowerCase()} block`, range: all[0].range }],
    });
  }
  return all[0];
}

function checkNames(symbols: Symbols, sink: DiagnosticSink): void {
  const seen = new Map<string, Range>();
  for (const def of symbols.defs) {
    const key = def.kind === "input" ? `input:${def.name}` : `strip:${def.name}`;
    if (def.name === "master" && def.kind !== "input") {
      sink.error("duplicate-name", def.nameRange, "'master' is the name of the master bus; choose another name.");
      continue;
    }
    const first = seen.get(key);
    if (first) {
      sink.error("duplicate-name", def.nameRange, `'${def.name}' is already the name of a ${def.kind === "input" ? "input" : "track or bus"}; rename one of them.`, {
        related: [{ message: `the first '${def.name}'`, range: first }],
      });
    } else seen.set(key, def.nameRange);
  }
}

// ------------------------------------------------------------------ blocks

function channel(ctx: LowerStripContext, node: Strip & { name: string }) {
  const r = lowerStrip(ctx, node);
  return {
    id: node.name, inserts: r.inserts, gain: r.gain, pan: r.pan, sends: r.sends, out: r.out,
    mute: r.mute, solo: r.solo, automation: r.automation, expects: r.expects, origin: node.range,
    input: r.input, takes: r.takes, alternatives: r.alternatives,
  };
}

function bus(ctx: LowerStripContext, node: Strip & { name: string }): BusModel {
  const { input: _i, takes: _t, alternatives: _a, ...rest } = channel(ctx, node);
  return { kind: "bus", ...rest };
}

function lowerMaster(ctx: LowerStripContext, node: MasterNode): MasterModel {
  const r = lowerStrip(ctx, node);
  return { inserts: r.inserts, gain: r.gain, automation: r.automation, loudness: r.loudness, export: r.export, expects: r.expects, origin: node.range };
}

interface SessionSettings {
  title: string;
  sampleRate: number;
  timebase: Timebase;
  tail: Seconds;
}

function defaultSession(): SessionSettings {
  return { title: "Untitled", sampleRate: 48000, timebase: { tempo: null, meter: { beats: 4, unit: 4 } }, tail: seconds(SETTINGS.tail.default) };
}

function lowerSession(ctx: ReadContext, node: SessionNode): SessionSettings {
  const s = defaultSession();
  s.title = node.title?.value || "Untitled";
  for (const item of settingsOf(ctx, node.body.items, "session")) {
    const [first, ...extra] = item.args;
    if (item.name === "meter") {
      if (first?.kind === "Fraction" && first.num >= 1 && first.num <= 32 && [1, 2, 4, 8, 16, 32].includes(first.den)) {
        s.timebase.meter = { beats: first.num, unit: first.den };
      } else {
        ctx.sink.error("invalid-value", first?.range ?? item.nameRange, "Write the meter as beats/unit, such as 4/4, 3/4 or 6/8 (unit 1, 2, 4, 8, 16 or 32).");
      }
    } else {
      const value = readValue(ctx, first, SETTINGS[item.name], item.name, item.nameRange);
      if (value !== undefined) {
        if (item.name === "rate") s.sampleRate = Math.round(value);
        else if (item.name === "tempo") s.timebase.tempo = value;
        else s.tail = seconds(value);
      }
    }
    extraArgs(ctx, extra, item.name);
  }
  return s;
}

function lowerInput(ctx: ReadContext, node: InputNode): InputModel {
  const input: InputModel = { id: node.name, device: "default", channels: [1], origin: node.range };
  for (const item of settingsOf(ctx, node.body.items, "input")) {
    if (item.name === "device") {
      const [dev, ...extra] = item.args;
      if (dev?.kind === "String" || dev?.kind === "Word") input.device = dev.kind === "String" ? dev.value : dev.text;
      else ctx.sink.error("invalid-value", dev?.range ?? item.nameRange, "Write 'device default' or the device's name in quotes.");
      extraArgs(ctx, extra, "device");
    } else {
      const channels = item.args.map((a) => (a.kind === "Number" && !a.unit && Number.isInteger(a.value) && a.value >= 1 && a.value <= 64 ? a.value : NaN));
      if (channels.length === 0 || channels.length > 2 || channels.some(Number.isNaN)) {
        ctx.sink.error("invalid-value", item.range, `Write one channel (channel 1) or two for stereo (channel 1 2), numbered 1 to 64${item.args.length ? `, not '${item.args.map(describe).join(" ")}'` : ""}.`);
      } else input.channels = channels;
    }
  }
  return input;
}

/** The settings of a plain block, with unknown and repeated ones reported. */
function settingsOf(ctx: ReadContext, items: SessionNode["body"]["items"], block: "session" | "input"): Setting[] {
  const allowed = statementsFor(block);
  const seen = new Set<string>();
  const out: Setting[] = [];
  for (const item of items) {
    if (item.kind === "Comment" || item.kind === "Bad") continue;
    if (item.kind !== "Setting" || !allowed.includes(item.name)) {
      const name = item.kind === "Setting" ? item.name : item.kind.toLowerCase();
      const { hint, match } = didYouMean(name, allowed);
      const range = item.kind === "Setting" && item.name ? item.nameRange : item.range;
      ctx.sink.error("unknown-statement", range, `A ${block} block has no '${name}'.${hint} It takes: ${allowed.join(", ")}.`, {
        fixes: match && item.kind === "Setting" ? [{ title: `Change to '${match}'`, edits: [{ range: item.nameRange, newText: match }], preferred: true }] : undefined,
      });
      continue;
    }
    if (seen.has(item.name)) {
      ctx.sink.error("duplicate-setting", item.range, `'${item.name}' is set twice in this ${block} block; remove one of them.`, {
        fixes: [{ title: "Remove this line", edits: [{ range: item.range, newText: "" }] }],
      });
      continue;
    }
    seen.add(item.name);
    out.push(item);
  }
  return out;
}
