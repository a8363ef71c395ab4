// Parsing: the generated parser, guarded so that no text can crash or hang it,
// and the syntax diagnostics read off the tree it builds.
import type { Arg, Block, BlockItem, FileNode, TopItem } from "./ast";
import { DiagnosticSink } from "./diagnostics";
import { parse as generatedParse } from "./generated/parser";
import { closest } from "./suggest";

/** Sessions nest three levels (track > take/eq > nothing); anything past this is junk. */
export const MAX_DEPTH = 32;

export interface ParseResult {
  file: FileNode;
  sink: DiagnosticSink;
}

/** A parsed chunk, its ranges in file offsets as of the parse that last used it. */
interface Chunk {
  items: TopItem[];
  base: number;
}

/**
 * Parsed top-level chunks by their text, for re-parsing only what an edit
 * touched. A document keeps one across versions (the language server does).
 * Reused chunks are moved to their new offset in place: a tree from an older
 * parse with the same cache must not be used after a newer parse.
 */
export class ParseCache {
  private chunks = new Map<string, Chunk[]>();
  private next = new Map<string, Chunk[]>();

  /** A chunk with this text not yet used by the current parse, moved to `base`. */
  take(text: string, base: number): TopItem[] | undefined {
    const chunk = this.chunks.get(text)?.pop();
    if (!chunk) return undefined;
    if (chunk.base !== base) shiftInPlace(chunk.items, base - chunk.base);
    chunk.base = base;
    this.keep(text, chunk);
    return chunk.items;
  }

  keep(text: string, chunk: Chunk): void {
    const list = this.next.get(text);
    if (list) list.push(chunk);
    else this.next.set(text, [chunk]);
  }

  /** Keeps only the chunks the last parse used. */
  sweep(): void {
    this.chunks = this.next;
    this.next = new Map();
  }
}

export function parseSession(text: string, cache?: ParseCache): ParseResult {
  const sink = new DiagnosticSink();
  const deep = findTooDeep(text);
  if (deep !== undefined) {
    sink.error("too-deep", [deep, deep + 1], `Braces nest more than ${MAX_DEPTH} deep here; a session nests at most three levels (track, effect, band). Remove the extra '{'.`);
    return { file: { kind: "File", items: [], range: [0, text.length] }, sink };
  }
  let file: FileNode;
  try {
    file = parseChunks(text, cache ?? new ParseCache());
  } catch (error) {
    // The grammar recovers from every mistake it knows; this is a last line of defence.
    const offset = (error as { location?: { start: { offset: number } } }).location?.start.offset ?? 0;
    sink.error("syntax-error", [offset, Math.min(text.length, offset + 1)], `This file could not be read here: ${(error as Error).message}`);
    return { file: { kind: "File", items: [], range: [0, text.length] }, sink };
  }
  reportSyntax(file, sink);
  return { file, sink };
}

/**
 * A line that starts a top-level block (the grammar's TopHeader) starts a new
 * top-level item wherever it appears: an unclosed block before it ends there.
 * So the file parses as the concatenation of the chunks between such lines.
 * (The string is matched atomically, `(?=(...))\1`, as the grammar reads it.)
 */
const TOP_HEADER = /^[ \t]*(?:(?:track|bus|input)[ \t]+[A-Za-z_][A-Za-z0-9_-]*[ \t]*\{|master[ \t]*\{|session(?:[ \t]+"(?=((?:[^"\\\r\n]|\\[^\r\n])*))\1"?)?[ \t]*\{)/gm;

function chunkStarts(text: string): number[] {
  const starts = [0];
  TOP_HEADER.lastIndex = 0;
  for (let m = TOP_HEADER.exec(text); m; m = TOP_HEADER.exec(text)) {
    if (m.index > 0) starts.push(m.index);
    if (m[0].length === 0) TOP_HEADER.lastIndex++;
  }
  return starts;
}

function parseChunks(text: string, cache: ParseCache): FileNode {
  const starts = chunkStarts(text);
  const items: TopItem[] = [];
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i];
    const chunk = text.slice(from, i + 1 < starts.length ? starts[i + 1] : text.length);
    let parsed = cache.take(chunk, from);
    if (!parsed) {
      parsed = generatedParse(chunk).items;
      if (from !== 0) shiftInPlace(parsed, from);
      cache.keep(chunk, { items: parsed, base: from });
    }
    for (const item of parsed) items.push(item);
  }
  cache.sweep();
  return { kind: "File", items, range: [0, text.length] };
}

/** Moves every range in a tree by `by`, in place (no node shares a range array). */
function shiftInPlace(node: unknown, by: number): void {
  if (Array.isArray(node)) {
    for (const child of node) if (child !== null && typeof child === "object") shiftInPlace(child, by);
    return;
  }
  const record = node as Record<string, unknown>;
  for (const key in record) {
    const value = record[key];
    if (value === null || typeof value !== "object") continue;
    if (key === "range" || key === "nameRange" || key === "unitRange") {
      (value as number[])[0] += by;
      (value as number[])[1] += by;
    } else shiftInPlace(value, by);
  }
}

/** The offset of the first `{` past MAX_DEPTH (strings and comments skipped), if any. */
function findTooDeep(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  let inComment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      inString = false;
      inComment = false;
    } else if (inComment) {
      continue;
    } else if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 35) inComment = true;
    else if (c === 123 && ++depth > MAX_DEPTH) return i;
    else if (c === 125 && depth > 0) depth--;
  }
  return undefined;
}

const TOP_KEYWORDS = ["session", "input", "track", "bus", "master"];

function reportSyntax(file: FileNode, sink: DiagnosticSink): void {
  for (const item of file.items) reportItem(item, sink, "top");
}

function reportItem(item: TopItem | BlockItem, sink: DiagnosticSink, where: "top" | "block"): void {
  switch (item.kind) {
    case "Bad":
      return reportBad(item.text, item.range, item.stray === true, where, sink);
    case "Session":
      if (item.title) reportArgs([item.title], sink);
      return reportBlock(item.body, sink, "session");
    case "Input":
    case "Track":
    case "Bus":
      return reportBlock(item.body, sink, `${item.kind.toLowerCase()} '${item.name}'`);
    case "Master":
      return reportBlock(item.body, sink, "master");
    case "Effect":
      if (item.path) reportArgs([item.path], sink);
      return reportBlock(item.body, sink, `'${item.name}'`);
    case "Automate":
      reportArgs(item.target, sink);
      return reportBlock(item.body, sink, "automate");
    case "Take":
      reportArgs([item.path], sink);
      if (item.body) reportBlock(item.body, sink, "take");
      return reportRest(item.rest, sink);
    case "Setting":
    case "Send":
    case "Out":
    case "InputRef":
      reportArgs(item.args, sink);
      return reportRest(item.rest, sink);
    case "Comment":
      return;
  }
}

function reportBlock(block: Block, sink: DiagnosticSink, what: string): void {
  for (const item of block.items) reportItem(item, sink, "block");
  if (!block.closed) {
    const at = block.range[0];
    sink.error("unclosed-block", [at, at + 1], `The block of ${what} is not closed: add '}' on a line of its own after its last line.`);
  }
}

function reportBad(text: string, range: [number, number], stray: boolean, where: "top" | "block", sink: DiagnosticSink): void {
  if (stray) {
    sink.error("stray-brace", range, "This '}' closes nothing: remove it, or add the block it should close.");
    return;
  }
  const firstLine = text.split(/\r?\n/)[0];
  const end = range[0] + firstLine.length;
  const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(firstLine)?.[0];
  if (where === "top" && word) {
    if (TOP_KEYWORDS.includes(word)) {
      sink.error("syntax-error", [range[0], end], `'${firstLine}' is not a complete ${word} header: write ${word === "master" ? "master {" : `${word} NAME {`} with the name and '{' on the same line.`);
      return;
    }
    const match = closest(word, TOP_KEYWORDS);
    const hint = match ? ` Did you mean '${match}'?` : "";
    sink.error("syntax-error", [range[0], range[0] + word.length], `'${word}' does not start a block at the top of a session: use session, input, track, bus or master.${hint}`, {
      fixes: match ? [{ title: `Change to '${match}'`, edits: [{ range: [range[0], range[0] + word.length], newText: match }], preferred: true }] : undefined,
    });
    return;
  }
  sink.error("syntax-error", [range[0], Math.max(end, range[0] + 1)], `Cannot read '${firstLine}': a statement is a name followed by values, such as 'gain -4 dB', or a block header such as 'eq {'.`);
}

function reportRest(rest: { text: string; range: [number, number] } | undefined, sink: DiagnosticSink): void {
  if (rest) sink.error("unexpected-text", rest.range, `Unexpected '${rest.text}': remove it, or put it in a comment after '#'.`);
}

function reportArgs(args: Arg[], sink: DiagnosticSink): void {
  for (const arg of args) {
    if (arg.kind === "String" && !arg.closed) {
      sink.error("unclosed-string", arg.range, "This string has no closing quote: add '\"' at its end.");
    }
  }
}
