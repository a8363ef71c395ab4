// Track, bus and master bodies to their models: takes, inserts, channel strip.
import type { Automate, BlockItem, MasterNode, Range, Setting, Strip, Take } from "./ast";
import type { AutomationModel, EffectModel, Expectation, ExportModel, SendModel, TakeModel } from "./model";
import { expectKey, lowerExpect } from "./expects";
import { lowerAutomation } from "./lowerAutomation";
import { extraArgs, lowerEffect } from "./lowerEffect";
import { duplicateFix, type StripKind } from "./lowerShared";
import { EFFECT_TYPES } from "./catalogue";
import { SETTINGS, statementsFor } from "./statements";
import { didYouMean } from "./suggest";
import { dB, dbToGain, linear, seconds, type Gain } from "./units";
import { describe, readPan, readTime, readValue, type ReadContext } from "./values";

export interface LowerStripContext extends ReadContext {
  text: string;
}

export interface StripResult {
  inserts: EffectModel[];
  gain: Gain;
  pan: number;
  sends: SendModel[];
  out: string;
  mute: boolean;
  solo: boolean;
  automation: AutomationModel[];
  input: string | null;
  takes: TakeModel[];
  alternatives: TakeModel[];
  loudness: number | null;
  export: ExportModel | null;
  expects: Expectation[];
}

export function stripKind(node: Strip): StripKind {
  return node.kind === "Track" ? "track" : node.kind === "Bus" ? "bus" : "master";
}

export function lowerStrip(ctx: LowerStripContext, node: Strip): StripResult {
  const kind = stripKind(node);
  const r: StripResult = {
    inserts: [], gain: linear(1), pan: 0, sends: [], out: "master", mute: false, solo: false,
    automation: [], input: null, takes: [], alternatives: [], loudness: null, export: null, expects: [],
  };
  const seen = new Map<string, Range>();
  const once = (name: string, item: { range: Range }): boolean => {
    const first = seen.get(name);
    if (first) {
      ctx.sink.error("duplicate-setting", item.range, `'${name}' is set twice in this ${kind}; only one can apply. Remove one of them.`, {
        related: [{ message: `the first '${name}'`, range: first }],
        fixes: [duplicateFix(item)],
      });
      return false;
    }
    seen.set(name, item.range);
    return true;
  };
  const automations: Automate[] = [];
  for (const item of node.body.items) lowerItem(ctx, kind, item, r, once, automations);
  for (const a of automations) {
    const model = lowerAutomation(ctx, a, { kind, inserts: r.inserts, sends: r.sends }, ctx.text);
    if (model) r.automation.push(model);
  }
  return r;
}

type Once = (name: string, item: { range: Range }) => boolean;

function lowerItem(ctx: LowerStripContext, kind: StripKind, item: BlockItem, r: StripResult, once: Once, automations: Automate[]): void {
  const notHere = (what: string, range: Range) =>
    ctx.sink.error("unknown-statement", range, `'${what}' does not belong in a ${kind}. A ${kind} takes: ${statementsFor(kind).join(", ")}, and effects (${EFFECT_TYPES.join(", ")}).`);
  switch (item.kind) {
    case "Comment":
    case "Bad":
      return;
    case "Take":
      if (kind !== "track") return notHere(item.active ? "take" : "alt", item.range);
      (item.active ? r.takes : r.alternatives).push(lowerTake(ctx, item));
      return;
    case "Send":
      if (kind === "master") return notHere("send", item.range);
      return lowerSend(ctx, item, r);
    case "Out":
      if (kind === "master") return notHere("out", item.range);
      if (once("out", item)) r.out = item.name;
      return extraArgs(ctx, item.args, `out ${item.name}`);
    case "InputRef":
      if (kind !== "track") return notHere("input", item.range);
      if (once("input", item)) r.input = item.name;
      return extraArgs(ctx, item.args, `input ${item.name}`);
    case "Automate":
      automations.push(item);
      return;
    case "Effect": {
      const effect = lowerEffect(ctx, item, kind);
      if (effect) r.inserts.push(effect);
      return;
    }
    case "Setting":
      return lowerSetting(ctx, kind, item, r, once);
  }
}

function lowerSetting(ctx: LowerStripContext, kind: StripKind, s: Setting, r: StripResult, once: Once): void {
  const allowed = statementsFor(kind);
  if (!allowed.includes(s.name)) {
    const { hint, match } = didYouMean(s.name, [...allowed, ...EFFECT_TYPES]);
    const what = s.name || describe(s.args[0]);
    ctx.sink.error("unknown-statement", s.name ? s.nameRange : s.range, `A ${kind} has no statement '${what}'.${hint}`, {
      fixes: match ? [{ title: `Change to '${match}'`, edits: [{ range: s.nameRange, newText: match }], preferred: true }] : undefined,
    });
    return;
  }
  if (s.name === "expect") return addExpect(ctx, s, r, once);
  if (!once(s.name, s)) return;
  switch (s.name) {
    case "gain": {
      const db = readValue(ctx, s.args[0], SETTINGS.gain, "gain", s.nameRange);
      if (db !== undefined) r.gain = dbToGain(dB(db));
      return extraArgs(ctx, s.args.slice(1), "gain");
    }
    case "pan": {
      const pan = readPan(ctx, s.args, 0, s.nameRange);
      if (pan.value !== undefined) r.pan = pan.value;
      return extraArgs(ctx, s.args.slice(pan.used), "pan");
    }
    case "mute":
    case "solo":
      r[s.name] = true;
      return extraArgs(ctx, s.args, s.name);
    case "loudness": {
      const lufs = readValue(ctx, s.args[0], SETTINGS.loudness, "loudness", s.nameRange);
      if (lufs !== undefined) r.loudness = lufs;
      return extraArgs(ctx, s.args.slice(1), "loudness");
    }
    case "export":
      r.export = lowerExport(ctx, s);
      return;
    default:
      // statements with their own nodes (take, send...) written without their form
      ctx.sink.error("invalid-value", s.range, `'${s.name}' is written: ${s.name === "automate" ? "automate TARGET {" : s.name} ...; see docs/language.md.`);
  }
}

function addExpect(ctx: LowerStripContext, s: Setting, r: StripResult, once: Once): void {
  const e = lowerExpect(ctx, s);
  if (e && once(`expect ${expectKey(e)}`, s)) r.expects.push(e);
}

function lowerSend(ctx: LowerStripContext, item: { name: string; args: import("./ast").Arg[]; range: Range; nameRange: Range }, r: StripResult): void {
  const db = readValue(ctx, item.args[0], SETTINGS.send, `send ${item.name}`, item.nameRange);
  let used = 1;
  let pre = false;
  const next = item.args[1];
  if (next?.kind === "Word" && next.text === "pre") {
    pre = true;
    used = 2;
  } else if (next?.kind === "Word" && next.text === "post") used = 2;
  extraArgs(ctx, item.args.slice(used), `send ${item.name}`);
  if (r.sends.some((s) => s.to === item.name)) {
    ctx.sink.error("duplicate-setting", item.range, `There is already a send to '${item.name}' here; remove one of them.`, { fixes: [duplicateFix(item)] });
    return;
  }
  if (db !== undefined) r.sends.push({ to: item.name, level: dbToGain(dB(db)), pre, origin: item.range });
}

function lowerTake(ctx: LowerStripContext, take: Take): TakeModel {
  const model: TakeModel = { path: take.path.value, at: seconds(0), fadeIn: seconds(0), fadeOut: seconds(0), gain: linear(1), origin: take.range, pathRange: take.path.range };
  if (!take.path.value.trim()) ctx.sink.error("invalid-value", take.path.range, "A take needs the path of its WAV file, relative to the session file.");
  const seen = new Set<string>();
  for (const item of take.body?.items ?? []) {
    if (item.kind !== "Setting") {
      if (item.kind !== "Comment" && item.kind !== "Bad") ctx.sink.error("unknown-statement", item.range, "A take block takes: at, fade in, fade out, gain.");
      continue;
    }
    const key = item.name === "fade" ? `fade ${item.args[0]?.kind === "Word" ? item.args[0].text : ""}` : item.name;
    if (seen.has(key)) {
      ctx.sink.error("duplicate-setting", item.range, `'${key}' is set twice in this take; remove one of them.`, { fixes: [duplicateFix(item)] });
      continue;
    }
    seen.add(key);
    lowerTakeSetting(ctx, item, model);
  }
  return model;
}

function lowerTakeSetting(ctx: LowerStripContext, s: Setting, model: TakeModel): void {
  if (s.name === "at") {
    const t = readTime(ctx, s.args, 0, "at", s.nameRange);
    if (t.seconds !== undefined) model.at = seconds(t.seconds);
    return extraArgs(ctx, s.args.slice(t.used), "at");
  }
  if (s.name === "gain") {
    const db = readValue(ctx, s.args[0], SETTINGS.gain, "gain", s.nameRange);
    if (db !== undefined) model.gain = dbToGain(dB(db));
    return extraArgs(ctx, s.args.slice(1), "gain");
  }
  if (s.name === "fade") {
    const dir = s.args[0];
    if (dir?.kind !== "Word" || (dir.text !== "in" && dir.text !== "out")) {
      ctx.sink.error("invalid-value", dir?.range ?? s.nameRange, "Write 'fade in 10 ms' or 'fade out 200 ms'.");
      return;
    }
    const length = readValue(ctx, s.args[1], SETTINGS.fade, `fade ${dir.text}`, s.range);
    if (length !== undefined) model[dir.text === "in" ? "fadeIn" : "fadeOut"] = seconds(length);
    return extraArgs(ctx, s.args.slice(2), `fade ${dir.text}`);
  }
  const { hint, match } = didYouMean(s.name, ["at", "fade", "gain"]);
  ctx.sink.error("unknown-statement", s.name ? s.nameRange : s.range, `A take has no setting '${s.name || describe(s.args[0])}'.${hint} It takes: at, fade in, fade out, gain.`, {
    fixes: match ? [{ title: `Change to '${match}'`, edits: [{ range: s.nameRange, newText: match }], preferred: true }] : undefined,
  });
}

function lowerExport(ctx: LowerStripContext, s: Setting): ExportModel | null {
  const [path, bits, ...extra] = s.args;
  if (path?.kind !== "String" || !path.value.trim()) {
    ctx.sink.error("invalid-value", path?.range ?? s.nameRange, "Write the export path in quotes: export \"mix/song.wav\" 24 bit.");
    return null;
  }
  let depth: 16 | 24 | 32 = 24;
  if (bits) {
    if (bits.kind !== "Number" || (bits.unit !== undefined && !/^bits?$/i.test(bits.unit)) || ![16, 24, 32].includes(bits.value)) {
      ctx.sink.error("invalid-value", bits.range, `Export depth is 16 bit, 24 bit or 32 bit (float), not '${describe(bits)}'.`);
      return null;
    }
    depth = bits.value as 16 | 24 | 32;
  }
  extraArgs(ctx, extra, "export");
  return { path: path.value, bits: depth, origin: s.range };
}

export type { MasterNode };
