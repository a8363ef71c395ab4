// A session as a flat list of settings, each owned by a block and keyed by
// what it sets: `track vox` / `comp ratio` / `4`. Formatting, comments and the
// order of things whose order means nothing (settings in a block, tracks in
// the file, takes, automation points) do not change the list; the order of
// inserts and EQ bands, which does mean something, is part of it.
// `mixdown diff` compares two lists; `mixdown diff --textconv` prints one.
import type { Arg, Automate, Block, Effect, FileNode, Setting, Take } from "./ast";
import { printArg } from "./format";
import { canonicalUnit } from "./units";

export interface SettingEntry {
  /** `session`, `input mic`, `track vox`, `bus verb` or `master`. */
  owner: string;
  /** What is set: `gain`, `comp ratio`, `eq band 2`, `send verb`, `take`, `automate gain at 0:10`. */
  key: string;
  /** The value as the user writes it (canonical spelling): `-2 dB`, `takes/vox-1.wav`. */
  shown: string;
  /** The meaning, for comparison: numbers in base units (2 kHz and 2000 Hz are equal). */
  norm: string;
  /** The key of the entry this one belongs to (an effect's, a take's, an automation's). */
  parent?: string;
}

export interface OwnerEntry {
  owner: string;
  kind: "session" | "input" | "track" | "bus" | "master";
  name: string;
}

export interface SessionDescription {
  owners: OwnerEntry[];
  entries: SettingEntry[];
}

export function describeSession(file: FileNode): SessionDescription {
  const owners: OwnerEntry[] = [];
  const entries: SettingEntry[] = [];
  for (const item of file.items) {
    if (item.kind === "Comment" || item.kind === "Bad") continue;
    const kind = item.kind === "Session" ? "session" : item.kind === "Input" ? "input" : item.kind === "Track" ? "track" : item.kind === "Bus" ? "bus" : "master";
    const name = "name" in item ? item.name : kind;
    const owner = kind === "session" || kind === "master" ? kind : `${kind} ${name}`;
    if (owners.some((o) => o.owner === owner)) continue;
    owners.push({ owner, kind, name });
    const add = (key: string, args: Arg[], parent?: string) => entries.push({ owner, key, shown: shownArgs(args), norm: normArgs(args), parent });
    if (item.kind === "Session" && item.title) add("title", [item.title]);
    describeBlock(item.body, add);
  }
  owners.sort((a, b) => ownerRank(a) - ownerRank(b) || natural(a.name, b.name));
  entries.sort((a, b) => owners.findIndex((o) => o.owner === a.owner) - owners.findIndex((o) => o.owner === b.owner) || natural(a.key, b.key));
  return { owners, entries };
}

type Add = (key: string, args: Arg[], parent?: string) => void;

function describeBlock(body: Block, add: Add): void {
  const takes: Take[] = [];
  const effects: Effect[] = [];
  for (const item of body.items) {
    switch (item.kind) {
      case "Setting":
        describeSetting(item, add);
        break;
      case "Send":
        add(`send ${item.name}`, item.args);
        break;
      case "Out":
        add("out", [word(item.name), ...item.args]);
        break;
      case "InputRef":
        add("input", [word(item.name), ...item.args]);
        break;
      case "Take":
        if (item.active) takes.push(item);
        else describeTake(item, `alt ${item.path.value}`, add, false);
        break;
      case "Effect":
        effects.push(item);
        break;
      case "Automate":
        describeAutomation(item, add);
        break;
    }
  }
  takes.sort((a, b) => takeTime(a) - takeTime(b) || natural(a.path.value, b.path.value));
  takes.forEach((t, i) => describeTake(t, takes.length > 1 ? `take ${i + 1}` : "take", add, true));
  describeEffects(effects, add);
}

function describeSetting(s: Setting, add: Add): void {
  if (s.name === "expect") {
    const [what, test] = s.args;
    const words = what?.kind === "Word" && test?.kind === "Word" && ["below", "above", "clipping"].includes(test.text) ? 2 : what ? 1 : 0;
    add(["expect", ...s.args.slice(0, words).map(printArg)].join(" "), s.args.slice(words));
  } else if (s.name === "fade" && s.args[0]?.kind === "Word") {
    add(`fade ${s.args[0].text}`, s.args.slice(1));
  } else add(s.name || shownArgs(s.args), s.name ? s.args : []);
}

function describeTake(take: Take, key: string, add: Add, active: boolean): void {
  if (active) add(key, [word(take.path.value)]);
  else add(key, []);
  for (const item of take.body?.items ?? []) if (item.kind === "Setting") describeSetting(item, (k, args) => add(`${key} ${k}`, args, key));
}

function describeEffects(effects: Effect[], add: Add): void {
  const seen = new Map<string, number>();
  for (const effect of effects) {
    const name = effect.path ? `${effect.name} ${effect.path.value}` : effect.name;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    const key = n > 1 ? `${name} ${n}` : name;
    add(key, []);
    const settings = effect.body.items.filter((i): i is Setting => i.kind === "Setting");
    settings.forEach((s, i) => {
      if (effect.name === "eq") add(`${key} band ${i + 1}`, [word(s.name), ...s.args], key);
      else add(`${key} ${s.name}`, s.args, key);
    });
  }
  if (effects.length > 1) add("inserts", effects.map((e) => word(e.name)));
}

function describeAutomation(node: Automate, add: Add): void {
  const key = ["automate", ...node.target.map(printArg)].join(" ");
  add(key, []);
  const points = node.body.items.filter((i): i is Setting => i.kind === "Setting").map((s) => (s.name ? [word(s.name), ...s.args] : s.args));
  const times = new Map<string, number>();
  for (const args of points) {
    const used = args[0]?.kind === "Word" && args[0].text === "bar" ? 2 : 1;
    const time = shownArgs(args.slice(0, used));
    const n = (times.get(time) ?? 0) + 1;
    times.set(time, n);
    add(`${key} at ${time}${n > 1 ? ` (${n})` : ""}`, args.slice(used), key);
  }
}

// ------------------------------------------------------------------ values

const BASE: Record<string, [number, string]> = { kHz: [1000, "Hz"], ms: [0.001, "s"] };

/** Numbers as the user writes them, without a `+` or trailing zeros; units in canonical spelling. */
export function shownArgs(args: Arg[]): string {
  return args.map((a) => {
    if (a.kind === "Number") return printArg({ ...a, text: String(a.value) });
    if (a.kind === "Clock") return a.text.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
    return a.kind === "String" ? a.value : printArg(a);
  }).join(" ");
}

function normArgs(args: Arg[]): string {
  return args.map((a) => {
    if (a.kind === "Clock") return `${a.seconds}s`;
    if (a.kind === "String") return JSON.stringify(a.value);
    if (a.kind !== "Number") return a.text.toLowerCase();
    const unit = a.unit === undefined ? "" : canonicalUnit(a.unit) ?? a.unit;
    const [factor, base] = BASE[unit] ?? [1, unit];
    return `${Number((a.value * factor).toPrecision(12))}${base}`;
  }).join(" ");
}

function word(text: string): Arg {
  return { kind: "Word", text, range: [0, 0] };
}

function takeTime(take: Take): number {
  const at = take.body?.items.find((i): i is Setting => i.kind === "Setting" && i.name === "at");
  const [a, b] = at?.args ?? [];
  if (a?.kind === "Clock") return a.seconds;
  if (a?.kind === "Number") return a.value * (a.unit && canonicalUnit(a.unit) === "ms" ? 0.001 : 1);
  if (a?.kind === "Word" && b?.kind === "Number") return 1e9 + b.value;
  return 0;
}

function ownerRank(o: OwnerEntry): number {
  return ["session", "input", "track", "bus", "master"].indexOf(o.kind);
}

function natural(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}
