// Completion that knows where the cursor is: statements valid in this block,
// effects, unset parameters as snippets, names, take paths, units, targets.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from "vscode-languageserver";
import { BAND_PARAMS, BANDS, EFFECT_TYPES, EFFECTS, effectParams, isEffect, type BandSpec, type ParamSpec } from "../../core/catalogue";
import { STATEMENTS, SETTINGS, statementsFor, type BlockKind } from "../../core/statements";
import { formatValue, UNIT_KINDS, KNOWN_UNITS } from "../../core/units";
import type { SessionState } from "../documents";
import { locate, type Located } from "./locate";
import { listTakeFiles } from "./takeFiles";
import { paramDoc, effectDoc } from "./docs";
import { fxAt, fxParam } from "./userEffects";

export function complete(state: SessionState, offset: number): CompletionItem[] {
  const { doc, analysis } = state;
  const text = doc.getText();
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const where = locate(analysis.file, offset);
  const names = (kind: "bus" | "input") => analysis.symbols.defs.filter((d) => d.kind === kind).map((d) => d.name);
  let m: RegExpExecArray | null;
  if ((m = /^\s*(?:take|alt)\s+"([^"]*)$/.exec(prefix))) return state.folder ? takePaths(state.folder, m[1]) : [];
  if (/^\s*out\s+[\w-]*$/.test(prefix)) return nameItems([...names("bus"), "master"], "bus");
  if (/^\s*send\s+[\w-]*$/.test(prefix)) return nameItems(names("bus"), "bus");
  if (/^\s*input\s+[\w-]*$/.test(prefix) && where.block === "track") return nameItems(names("input"), "input");
  if (/^\s*automate\s+[\w\s-]*$/.test(prefix)) return targetItems(where);
  if ((m = /^\s*(\S+)?.*?[-+]?\d+(?:\.\d*)?\s?$/.exec(prefix)) && /\d\s?$/.test(prefix)) return unitItems(state, where, m[1]);
  if (/^\s*[\w-]*$/.test(prefix)) return statementItems(state, where, text);
  return [];
}

function nameItems(names: string[], what: string): CompletionItem[] {
  return names.map((name) => ({ label: name, kind: CompletionItemKind.Reference, detail: what }));
}

function takePaths(folder: string, typed: string): CompletionItem[] {
  return listTakeFiles(folder)
    .filter((p) => p.startsWith(typed.slice(0, typed.lastIndexOf("/") + 1)))
    .map((path) => ({ label: path, kind: CompletionItemKind.File, detail: "take", insertText: path.slice(typed.lastIndexOf("/") + 1) }));
}

function unitItems(state: SessionState, where: Located, statement: string | undefined): CompletionItem[] {
  let spec: ParamSpec | undefined;
  if (where.block === "effect" && where.effect && isEffect(where.effect)) spec = effectParams(where.effect)[statement ?? ""];
  if (where.block === "effect" && where.effect === "fx") spec = fxParam(state, where, statement ?? "");
  if (!spec && where.block === "effect" && where.effect === "eq") return ["Hz", "kHz", "dB"].map(unit);
  if (!spec && statement && SETTINGS[statement]) spec = SETTINGS[statement];
  const units = spec ? Object.keys(UNIT_KINDS[spec.kind].units) : KNOWN_UNITS;
  return units.map(unit);
}

function unit(u: string): CompletionItem {
  return { label: u, kind: CompletionItemKind.Unit, detail: "unit" };
}

function snippet(label: string, body: string, kind: CompletionItemKind, detail: string, doc: string): CompletionItem {
  return { label, kind, detail, insertText: body, insertTextFormat: InsertTextFormat.Snippet, documentation: { kind: MarkupKind.Markdown, value: doc } };
}

/** `threshold ${1:-20} dB`: the parameter with its default as the placeholder. */
function paramSnippet(name: string, spec: ParamSpec): string {
  const shown = formatValue(spec.kind, spec.default);
  const [value, unitText] = shown.endsWith("%") ? [shown.slice(0, -1), "%"] : shown.split(" ");
  return `${name} \${1:${value}}${unitText ? (unitText === "%" ? "%" : ` ${unitText}`) : ""}`;
}

const BLOCK_SNIPPETS: Record<string, string> = {
  session: 'session "${1:Title}" {\n\trate ${2:48} kHz\n\ttempo ${3:120} bpm\n\tmeter ${4:4/4}\n}',
  input: "input ${1:mic} {\n\tdevice default\n\tchannel ${2:1}\n}",
  track: 'track ${1:name} {\n\ttake "${2:takes/file.wav}"\n\tgain ${3:0} dB\n}',
  bus: "bus ${1:name} {\n\t$0\n}",
  master: 'master {\n\tlimiter {\n\t\tceiling ${1:-1} dBTP\n\t}\n\tloudness ${2:-14} LUFS\n\texport "${3:mix/song.wav}" 24 bit\n}',
  take: 'take "${1:takes/file.wav}"',
  alt: 'alt "${1:takes/file.wav}"',
  send: "send ${1:bus} ${2:-12} dB",
  out: "out ${1:master}",
  pan: "pan ${1:center}",
  fade: "fade ${1|in,out|} ${2:10} ms",
  at: "at ${1:0:00}",
  automate: "automate ${1:gain} {\n\t${2:0:00} ${3:0} dB\n}",
  export: 'export "${1:mix/song.wav}" ${2|24,16,32|} bit',
  expect: "expect ${1:loudness -14 LUFS within 0.5}",
  meter: "meter ${1:4/4}",
  device: "device ${1:default}",
  channel: "channel ${1:1}",
  input_ref: "input ${1:name}",
};

function statementItems(state: SessionState, where: Located, text: string): CompletionItem[] {
  if (where.block === "effect") return effectBodyItems(state, where, text);
  if (where.block === "automate") return [];
  const set = setNames(where);
  const items = statementsFor(where.block as BlockKind)
    .filter((name) => !set.has(name) || ["take", "alt", "send", "automate", "expect", "track", "bus", "input"].includes(name))
    .map((name) => {
      const spec = SETTINGS[name];
      const key = name === "input" && where.block === "track" ? "input_ref" : name;
      const body = BLOCK_SNIPPETS[key] ?? (spec ? paramSnippet(name, spec) : name);
      return snippet(name, body, CompletionItemKind.Keyword, STATEMENTS[name].syntax, STATEMENTS[name].doc);
    });
  if (where.block === "track" || where.block === "bus" || where.block === "master") {
    for (const type of EFFECT_TYPES) {
      const allowed: readonly string[] = EFFECTS[type].where;
      if (allowed.includes(where.block)) items.push(snippet(type, `${type} {\n\t$0\n}`, CompletionItemKind.Module, "effect", effectDoc(type)));
    }
  }
  return items;
}

function effectBodyItems(state: SessionState, where: Located, text: string): CompletionItem[] {
  const type = where.effect ?? "";
  if (type === "eq") {
    return (Object.entries(BANDS) as [string, BandSpec][]).map(([name, b]) => {
      let n = 1;
      const parts = b.positional.map((p) => (p === "freq" ? `\${${n++}:1} kHz` : `\${${n++}:0} dB`));
      const named = b.named.map((p) => `${p} \${${n++}:${p === "q" ? 1 : 1}}`);
      return snippet(name, [name, ...parts, ...named].join(" "), CompletionItemKind.Property, "EQ band", `${b.doc}\n\n${paramDoc("freq", BAND_PARAMS.freq)}`);
    });
  }
  const fx = type === "fx" ? fxAt(state, where) : undefined;
  if (fx) {
    const set = setNames(where);
    return Object.entries(fx.params)
      .filter(([name]) => !set.has(name))
      .map(([name, spec]) => snippet(name, paramSnippet(name, spec), CompletionItemKind.Property, `${fx.path} slider`, paramDoc(name, spec)));
  }
  if (!isEffect(type)) return [];
  const set = setNames(where);
  void text;
  return Object.entries(effectParams(type))
    .filter(([name]) => !set.has(name))
    .map(([name, spec]) => snippet(name, paramSnippet(name, spec), CompletionItemKind.Property, `${type} parameter`, paramDoc(name, spec)));
}

/** Names already set in the block at the cursor. */
function setNames(where: Located): Set<string> {
  const block = [...where.chain].reverse().find((n) => n.kind === "Block");
  const set = new Set<string>();
  if (block?.kind === "Block") for (const item of block.items) if (item.kind === "Setting") set.add(item.name);
  return set;
}

function targetItems(where: Located): CompletionItem[] {
  const strip = where.strip;
  if (!strip) return [];
  const labels: string[] = ["gain"];
  if (strip.kind !== "Master") labels.push("pan");
  let eqSeen = false;
  const effectsSeen = new Set<string>();
  for (const item of strip.body.items) {
    if (item.kind === "Send") labels.push(`send ${item.name}`);
    if (item.kind !== "Effect" || !isEffect(item.name) || effectsSeen.has(item.name)) continue;
    effectsSeen.add(item.name);
    if (item.name === "eq" && !eqSeen) {
      eqSeen = true;
      const bands = item.body.items.filter((i) => i.kind === "Setting").length;
      for (let b = 1; b <= bands; b++) for (const p of Object.keys(BAND_PARAMS)) labels.push(`eq ${b} ${p}`);
    } else {
      const params = effectParams(item.name);
      for (const p of Object.keys(params)) if (params[p].automatable) labels.push(`${item.name} ${p}`);
    }
  }
  return labels.map((label) => ({ label, kind: CompletionItemKind.Field, detail: "automation target", filterText: label, insertText: label }));
}
