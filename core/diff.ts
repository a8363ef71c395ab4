// The semantic diff of two sessions: what changed, in words, by track, bus
// and master ("vox: comp ratio 3 -> 4; gain -2 dB -> -1 dB"), and the
// canonical text form git's diff driver shows (`mixdown diff --textconv`).
import { analyze } from "./analyze";
import { EFFECTS, isEffect, type ParamSpec } from "./catalogue";
import { describeSession, type OwnerEntry, type SessionDescription, type SettingEntry } from "./flatten";
import { lineIndex } from "./positions";
import { formatValue } from "./units";

export class SessionReadError extends Error {}

/** Parses a session for comparing; throws SessionReadError naming `label` and the line of the first syntax error. */
export function describeText(text: string, label: string): SessionDescription {
  const a = analyze(text);
  if (!a.syntaxOk) {
    const first = a.diagnostics.find((d) => d.severity === "error")!;
    const line = lineIndex(text).positionAt(first.range[0]).line + 1;
    throw new SessionReadError(`${label}:${line}: cannot compare this session, it does not parse: ${first.message}`);
  }
  return describeSession(a.file);
}

/** One line per setting, qualified by its owner: `track vox: comp ratio 4`. */
export function textconv(d: SessionDescription): string {
  const out: string[] = [];
  for (const o of d.owners) {
    out.push(o.owner);
    for (const e of d.entries) if (e.owner === o.owner) out.push(`${e.owner}: ${e.key}${e.shown ? ` ${e.shown}` : ""}`);
  }
  return out.join("\n") + "\n";
}

export interface DiffOptions {
  /** Take paths (as written) whose audio differs between the two sides. */
  changedTakes?: ReadonlySet<string>;
}

/** The changes from `before` to `after`, one line per owner that changed; [] when the mix is the same. */
export function diffSessions(before: SessionDescription, after: SessionDescription, options: DiffOptions = {}): string[] {
  const lines: string[] = [];
  const owners = [...after.owners];
  for (const o of before.owners) if (!owners.some((x) => x.owner === o.owner)) owners.push(o);
  for (const o of owners) {
    const was = before.owners.find((x) => x.owner === o.owner);
    const now = after.owners.find((x) => x.owner === o.owner);
    if (!was || !now) {
      lines.push(`${o.kind === "session" || o.kind === "master" ? `the ${o.kind} block` : `${o.kind} '${o.name}'`} ${was ? "removed" : "added"}`);
      continue;
    }
    const changes = ownerChanges(o, of(before, o.owner), of(after, o.owner), options.changedTakes ?? new Set());
    if (changes.length) lines.push(`${label(o)}: ${changes.join("; ")}`);
  }
  return lines;
}

function of(d: SessionDescription, owner: string): Map<string, SettingEntry> {
  return new Map(d.entries.filter((e) => e.owner === owner).map((e) => [e.key, e]));
}

function label(o: OwnerEntry): string {
  return o.kind === "track" || o.kind === "bus" ? o.name : o.owner;
}

function ownerChanges(o: OwnerEntry, was: Map<string, SettingEntry>, now: Map<string, SettingEntry>, changedTakes: ReadonlySet<string>): string[] {
  const keys = [...now.keys()];
  for (const k of was.keys()) if (!now.has(k)) keys.push(k);
  keys.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const out: string[] = [];
  for (const key of keys) {
    const a = was.get(key) ?? defaultEntry(key, now.get(key)!);
    const b = now.get(key) ?? defaultEntry(key, was.get(key)!);
    // A whole effect, take or automation added or removed is one change, not one per line in it.
    const parent = (a ?? b)!.parent;
    if (parent && (!was.has(parent) || !now.has(parent))) continue;
    if (key === "inserts" && (!a || !b || !sameSet(a.shown, b.shown))) continue;
    if (a && b && a.norm === b.norm) {
      if (o.kind === "track" && /^take( \d+)?$/.test(key) && changedTakes.has(a.shown)) out.push(`${key} ${a.shown} re-recorded (content changed)`);
      continue;
    }
    out.push(describeChange(key, a, b));
  }
  return out;
}

function describeChange(key: string, a: SettingEntry | undefined, b: SettingEntry | undefined): string {
  if (!a) return `${key}${b!.shown ? ` ${b!.shown}` : ""} added`;
  if (!b) return `${key}${a.shown ? ` ${a.shown}` : ""} removed`;
  const unit = (s: string) => /^(-?[\d.]+) (\S+)$/.exec(s);
  const [ua, ub] = [unit(a.shown), unit(b.shown)];
  if (ua && ub && ua[2] === ub[2]) return `${key} ${ua[1]} -> ${ub[1]} ${ua[2]}`;
  return `${key} ${a.shown || "(on)"} -> ${b.shown || "(on)"}`;
}

const STRIP_DEFAULTS: Record<string, string> = { gain: "0 dB", pan: "center", out: "master" };

/** What a setting is when it is not written: gain 0 dB, pan center, out master, an effect parameter's default. */
function defaultEntry(key: string, other: SettingEntry): SettingEntry | undefined {
  let shown = STRIP_DEFAULTS[key];
  let norm = key === "pan" ? "center" : key === "gain" ? "0dB" : key === "out" ? "master" : undefined;
  const [effect, param, extra] = key.split(" ");
  if (!shown && other.parent === effect && extra === undefined && isEffect(effect)) {
    const spec = (EFFECTS[effect].params as Record<string, ParamSpec>)[param];
    if (spec) {
      shown = formatValue(spec.kind, spec.default);
      norm = defaultNorm(spec, other.norm);
    }
  }
  if (shown === undefined) return undefined;
  return { owner: other.owner, key, shown: `${shown} (default)`, norm: norm ?? `default ${shown}`, parent: other.parent };
}

/** The default in the same base unit as `like` (a normalised value such as `0.01s`). */
function defaultNorm(spec: ParamSpec, like: string): string {
  const unit = /[a-zA-Z%]*$/.exec(like)?.[0] ?? "";
  const value = spec.kind === "percent" ? spec.default * 100 : spec.default;
  return `${Number(value.toPrecision(12))}${unit}`;
}

function sameSet(a: string, b: string): boolean {
  return a.split(" ").sort().join(" ") === b.split(" ").sort().join(" ");
}
