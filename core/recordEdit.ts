// The session edit that records a take: the new take becomes the track's active `take` at its
// position, and the takes it replaces stay in the file as `alt` lines, so no take ever leaves the
// session's history. Pure: text in, text edits out; everything else in the file is untouched.
import type { Block, FileNode, Take, TrackNode } from "./ast";
import { parseSession } from "./parse";

export interface TextEdit {
  /** [start, end) in UTF-16 offsets of the original text. */
  range: [number, number];
  text: string;
}

export interface RecordedTake {
  /** Track name; created (with `input`, if given) when the session has no such track. */
  track: string;
  /** Take path as written in the session, relative to the session file ("takes/vox-3.wav"). */
  path: string;
  /** Timeline position in seconds (>= 0). */
  at: number;
  /** Length in seconds: active takes overlapping [at, at + length) become `alt`. */
  length: number;
  /** Lengths of the track's existing takes by path; a take of unknown length counts as overlapping. */
  takeLengths?: ReadonlyMap<string, number>;
  /** For a new track: the input it records from. */
  input?: string;
}

/** `at` text: m:ss.sss, with up to six decimals when the position is not a whole millisecond. */
export function formatAt(seconds: number): string {
  const micro = Math.round(Math.max(0, seconds) * 1e6);
  const m = Math.floor(micro / 60e6);
  const rest = (micro - m * 60e6) / 1e6;
  const s = rest.toFixed(6).replace(/(\.\d{3}\d*?)0+$/, "$1");
  return `${m}:${rest < 10 ? "0" : ""}${s}`;
}

/** A string literal in the session syntax. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function findTrack(file: FileNode, name: string): TrackNode | undefined {
  return file.items.find((i): i is TrackNode => i.kind === "Track" && i.name === name);
}

/** The indentation of the line holding `offset`. */
function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function takeLines(indent: string, unit: string, t: RecordedTake, eol: string): string {
  return `${indent}take ${quote(t.path)} {${eol}${indent}${unit}at ${formatAt(t.at)}${eol}${indent}}${eol}`;
}

function overlaps(take: Take, t: RecordedTake): boolean {
  const at = takeAt(take);
  const length = t.takeLengths?.get(take.path.value);
  if (length === undefined || at === undefined) return true;
  return at < t.at + t.length && t.at < at + length;
}

/** The take's `at` in seconds when it is written as a clock or `N s`/`N ms`; undefined otherwise (bars). */
function takeAt(take: Take): number | undefined {
  const setting = take.body?.items.find((i) => i.kind === "Setting" && i.name === "at");
  if (!setting) return 0;
  if (setting.kind !== "Setting" || setting.args.length === 0) return undefined;
  const a = setting.args[0];
  if (a.kind === "Clock") return a.seconds;
  if (a.kind === "Number" && a.unit === "s") return a.value;
  if (a.kind === "Number" && a.unit === "ms") return a.value / 1000;
  return undefined;
}

/** The edits that record `t` into the session `text`. Throws when the text does not parse well enough to edit. */
export function recordTakeEdits(text: string, t: RecordedTake): TextEdit[] {
  const { file } = parseSession(text);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const track = findTrack(file, t.track);
  if (!track) return [newTrackEdit(text, file, t, eol)];
  const body: Block = track.body;
  if (!body.closed) throw new Error(`track ${t.track}'s block has no closing '}'; close it before recording`);
  const takes = body.items.filter((i): i is Take => i.kind === "Take");
  const edits: TextEdit[] = [];
  for (const take of takes) {
    if (!take.active || !overlaps(take, t)) continue;
    const s = take.range[0];
    if (text.startsWith("take", s)) edits.push({ range: [s, s + 4], text: "alt" });
  }
  const first = body.items[0];
  const last = takes[takes.length - 1];
  const closing = body.range[1] - 1;
  const indent = first ? indentAt(text, first.range[0]) : `${indentAt(text, track.range[0])}  `;
  const unit = guessUnit(text, track, indent);
  if (last) {
    const after = lineEnd(text, last.range[1]);
    edits.push({ range: [after, after], text: takeLines(indent, unit, t, eol) });
  } else {
    const at = first ? lineStart(text, first.range[0]) : lineStart(text, closing);
    edits.push({ range: [at, at], text: takeLines(indent, unit, t, eol) });
  }
  return edits;
}

/** The offset just after the end of the line holding `offset - 1`. */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl + 1;
}

/** One indentation step: the track body's indentation beyond the track's own. */
function guessUnit(text: string, track: TrackNode, indent: string): string {
  const outer = indentAt(text, track.range[0]);
  const step = indent.startsWith(outer) ? indent.slice(outer.length) : "";
  return step || "  ";
}

function newTrackEdit(text: string, file: FileNode, t: RecordedTake, eol: string): TextEdit {
  const master = file.items.find((i) => i.kind === "Master");
  const input = t.input ? `  input ${t.input}${eol}` : "";
  const block = `track ${t.track} {${eol}${input}${takeLines("  ", "  ", t, eol)}}${eol}`;
  if (master) {
    const at = lineStart(text, master.range[0]);
    return { range: [at, at], text: `${block}${eol}` };
  }
  const end = text.length;
  const sep = end === 0 ? "" : text.endsWith("\n") ? eol : `${eol}${eol}`;
  return { range: [end, end], text: `${sep}${block}` };
}

/** Applies non-overlapping edits (any order) to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range[0] - a.range[0] || b.range[1] - a.range[1]);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range[0]) + e.text + out.slice(e.range[1]);
  return out;
}

/** Every take and alt path the session names, per track. */
export function takePaths(text: string): Map<string, string[]> {
  const { file } = parseSession(text);
  const out = new Map<string, string[]>();
  for (const item of file.items) {
    if (item.kind !== "Track") continue;
    out.set(item.name, item.body.items.filter((i): i is Take => i.kind === "Take").map((i) => i.path.value));
  }
  return out;
}
