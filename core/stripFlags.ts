// The `mute` and `solo` flags of a track or bus as text edits: finding the
// strip (by name or by an offset inside it) and toggling the flag's line.
// The extension applies the edit as a normal undoable WorkspaceEdit.
import type { BusNode, FileNode, Range, Setting, TrackNode } from "./ast";

export type StripFlag = "mute" | "solo";

export type FlaggableStrip = TrackNode | BusNode;

/** A replacement of `range` (UTF-16 offsets) by `newText`. */
export interface TextEdit {
  range: Range;
  newText: string;
}

export interface FlagToggle {
  strip: FlaggableStrip;
  flag: StripFlag;
  /** Whether the flag is set after the edit. */
  on: boolean;
  edit: TextEdit;
}

/** Tracks and buses of the file, in order. */
export function flaggableStrips(file: FileNode): FlaggableStrip[] {
  return file.items.filter((item): item is FlaggableStrip => item.kind === "Track" || item.kind === "Bus");
}

/** The track or bus named `name`, or the one whose block holds `offset`. */
export function findStrip(file: FileNode, where: { name?: string; offset?: number }): FlaggableStrip | undefined {
  const strips = flaggableStrips(file);
  if (where.name !== undefined) return strips.find((s) => s.name === where.name);
  const at = where.offset;
  if (at === undefined) return undefined;
  return strips.find((s) => s.range[0] <= at && at <= s.range[1]);
}

/** The strip's `mute`/`solo` lines (a flag takes no value). */
export function flagLines(strip: FlaggableStrip, flag: StripFlag): Setting[] {
  return strip.body.items.filter((i): i is Setting => i.kind === "Setting" && i.name === flag && i.args.length === 0 && !i.rest);
}

export function hasFlag(strip: FlaggableStrip, flag: StripFlag): boolean {
  return flagLines(strip, flag).length > 0;
}

/**
 * The edit that toggles `flag` on `strip`: removes its line when present (the
 * whole line, comment included), otherwise adds `flag` as the block's last line,
 * indented like the block's other statements.
 */
export function toggleFlag(text: string, strip: FlaggableStrip, flag: StripFlag): FlagToggle {
  const [line] = flagLines(strip, flag);
  if (line) return { strip, flag, on: false, edit: { range: wholeLine(text, line.range), newText: "" } };
  return { strip, flag, on: true, edit: insertion(text, strip, flag) };
}

/** The line holding `range`, with its line break; or just `range` when the line holds more. */
function wholeLine(text: string, range: Range): Range {
  let start = range[0];
  while (start > 0 && (text[start - 1] === " " || text[start - 1] === "\t")) start--;
  let end = range[1];
  // A trailing comment belongs to the flag's line.
  while (end < text.length && text[end] !== "\n" && text[end] !== "\r") end++;
  const lineStarts = start === 0 || text[start - 1] === "\n";
  if (!lineStarts) return range;
  if (text.startsWith("\r\n", end)) end += 2;
  else if (text[end] === "\n") end += 1;
  return [start, end];
}

function insertion(text: string, strip: FlaggableStrip, flag: StripFlag): TextEdit {
  const body = strip.body;
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const indent = indentOf(text, body.items[0]?.range[0]) ?? "  ";
  if (!body.closed) {
    // No `}` to put it before: after the block's text.
    return { range: [body.range[1], body.range[1]], newText: `${eol}${indent}${flag}` };
  }
  const close = body.range[1] - 1;
  let lineStart = close;
  while (lineStart > 0 && (text[lineStart - 1] === " " || text[lineStart - 1] === "\t")) lineStart--;
  if (lineStart === 0 || text[lineStart - 1] === "\n") {
    return { range: [lineStart, lineStart], newText: `${indent}${flag}${eol}` };
  }
  // `track x { }` on one line: open it up.
  const before = text.slice(body.range[0] + 1, close).trimEnd();
  return { range: [body.range[0] + 1, close], newText: `${before}${eol}${indent}${flag}${eol}` };
}

function indentOf(text: string, offset: number | undefined): string | undefined {
  if (offset === undefined) return undefined;
  let start = offset;
  while (start > 0 && (text[start - 1] === " " || text[start - 1] === "\t")) start--;
  return start === 0 || text[start - 1] === "\n" ? text.slice(start, offset) : undefined;
}
