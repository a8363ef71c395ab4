// Hover: docs for keywords, effects and parameters; take file facts; the
// time a `bar N` position resolves to.
import { MarkupKind, type Hover } from "vscode-languageserver";
import type { Arg, Range } from "../../core/ast";
import { effectParams, isBand, isEffect, BAND_PARAMS } from "../../core/catalogue";
import { MEASURES } from "../../core/expects";
import { toLspRange } from "../../core/positions";
import { barSeconds, formatClock } from "../../core/timebase";
import type { SessionState } from "../documents";
import { bandDoc, effectDoc, paramDoc, statementDoc } from "./docs";
import { locate } from "./locate";
import { takeSummary } from "./takeInfo";
import { fxDoc, fxParam } from "./userEffects";
import { nodeUserEffects } from "../../platform/faustEffects";

const within = (r: Range, offset: number) => offset >= r[0] && offset <= r[1];

/** The hover at an offset; a take's is measured off the main path, so it may come later. */
export function hover(state: SessionState, offset: number): Hover | null | Promise<Hover> {
  const found = hoverText(state, offset);
  if (!found) return null;
  const range = toLspRange(state.doc, found.range);
  const make = (value: string): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range });
  return typeof found.text === "string" ? make(found.text) : found.text.then(make);
}

function hoverText(state: SessionState, offset: number): { text: string | Promise<string>; range: Range } | undefined {
  const where = locate(state.analysis.file, offset);
  const node = where.chain[where.chain.length - 1];
  const keyword = (word: string, at: number) => ({ text: statementDoc(word) ?? "", range: [at, at + word.length] as Range });
  switch (node.kind) {
    case "Track":
    case "Bus":
    case "Input":
      if (within(node.nameRange, offset)) return { text: defSummary(state, node.kind.toLowerCase(), node.name), range: node.nameRange };
      if (offset < node.nameRange[0]) return keyword(node.kind.toLowerCase(), node.range[0]);
      return undefined;
    case "Session":
    case "Master":
      return offset < node.range[0] + node.kind.length ? keyword(node.kind.toLowerCase(), node.range[0]) : undefined;
    case "Effect":
      if (within(node.nameRange, offset) && isEffect(node.name)) return { text: effectDoc(node.name), range: node.nameRange };
      if (node.name === "fx" && node.path && state.folder && (within(node.nameRange, offset) || within(node.path.range, offset))) {
        const status = nodeUserEffects(state.folder).lookup(node.path.value);
        return { text: status.ok ? fxDoc(status.effect) : `**fx** \`${node.path.value}\`: a Faust program (${status.message})`, range: node.path.range };
      }
      return undefined;
    case "Take":
      if (within(node.path.range, offset)) return state.folder ? { text: takeSummary(state.folder, node.path.value), range: node.path.range } : undefined;
      return keyword(node.active ? "take" : "alt", node.range[0]);
    case "Send":
    case "Out":
    case "InputRef": {
      if (within(node.nameRange, offset)) return { text: defSummary(state, node.kind === "InputRef" ? "input" : "bus", node.name), range: node.nameRange };
      const word = node.kind === "InputRef" ? "input" : node.kind.toLowerCase();
      return offset < node.nameRange[0] ? keyword(word, node.range[0]) : argHover(state, node.args, offset);
    }
    case "Automate":
      return offset < node.range[0] + "automate".length ? keyword("automate", node.range[0]) : undefined;
    case "Setting":
      if (within(node.nameRange, offset) && node.name && where.effect === "fx") {
        const spec = fxParam(state, where, node.name);
        return spec ? { text: paramDoc(node.name, spec), range: node.nameRange } : undefined;
      }
      if (within(node.nameRange, offset) && node.name) return settingHover(where.block, where.effect, node.name, node.nameRange, state, node.args);
      return argHover(state, node.args, offset, node.name === "bar" ? node.nameRange : undefined);
    default:
      return undefined;
  }
}

function settingHover(block: string, effect: string | undefined, name: string, range: Range, state: SessionState, args: Arg[]) {
  if (block === "effect" && effect === "eq" && isBand(name)) return { text: bandDoc(name), range };
  if (block === "effect" && effect && isEffect(effect)) {
    const spec = effectParams(effect)[name];
    return spec ? { text: paramDoc(name, spec), range } : undefined;
  }
  if (name === "bar") return barHover(state, args[0], range);
  const text = statementDoc(name);
  return text ? { text, range } : undefined;
}

function argHover(state: SessionState, args: Arg[], offset: number, barWord?: Range) {
  const i = args.findIndex((a) => within(a.range, offset));
  if (i < 0) return undefined;
  const arg = args[i];
  const before = i > 0 ? args[i - 1] : undefined;
  if (arg.kind === "Word" && arg.text === "bar") return barHover(state, args[i + 1], arg.range);
  if (before?.kind === "Word" && before.text === "bar") return barHover(state, arg, before.range);
  if (i === 0 && barWord) return barHover(state, arg, barWord);
  if (i === 0 && arg.kind === "Word" && Object.prototype.hasOwnProperty.call(MEASURES, arg.text)) {
    const m = MEASURES[arg.text as keyof typeof MEASURES];
    return { text: `**expect ${arg.text}**: ${m.doc} In ${m.unit}; for example \`${m.example}\`.`, range: arg.range };
  }
  if (arg.kind === "Word" && Object.prototype.hasOwnProperty.call(BAND_PARAMS, arg.text)) {
    return { text: paramDoc(arg.text, BAND_PARAMS[arg.text as keyof typeof BAND_PARAMS]), range: arg.range };
  }
  return undefined;
}

function barHover(state: SessionState, arg: Arg | undefined, word: Range) {
  if (arg?.kind !== "Number") return undefined;
  const [bar, beat] = arg.text.split(".").map(Number);
  const m = state.analysis.model;
  const seconds = barSeconds({ tempo: m.tempo, meter: m.meter }, bar, beat || 1);
  const range: Range = [word[0], arg.range[1]];
  if (seconds === null) return { text: "`bar` positions need a `tempo` in the session block.", range };
  return { text: `**bar ${arg.text}** is at **${formatClock(seconds)}** (${m.tempo} bpm, ${m.meter.beats}/${m.meter.unit}).`, range };
}

function defSummary(state: SessionState, kind: string, name: string): string {
  const m = state.analysis.model;
  if (kind === "track") {
    const t = m.tracks.find((x) => x.id === name);
    if (t) return `**track ${name}**: ${t.takes.length} take(s), ${t.inserts.map((e) => e.type).join(" → ") || "no inserts"}, out ${t.out}.`;
  }
  if (kind === "bus") {
    const b = m.buses.find((x) => x.id === name);
    const feeders = [...m.tracks, ...m.buses].filter((c) => c.out === name || c.sends.some((s) => s.to === name)).map((c) => c.id);
    if (b) return `**bus ${name}**: fed by ${feeders.join(", ") || "nothing yet"}; ${b.inserts.map((e) => e.type).join(" → ") || "no inserts"}; out ${b.out}.`;
  }
  if (kind === "input") {
    const i = m.inputs.find((x) => x.id === name);
    if (i) return `**input ${name}**: device ${i.device}, channel ${i.channels.join(" ")}.`;
  }
  return `No ${kind} named '${name}'.`;
}
