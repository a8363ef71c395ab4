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

export function parseSession(text: string): ParseResult {
  const sink = new DiagnosticSink();
  const deep = findTooDeep(text);
  if (deep !== undefined) {
    sink.error("too-deep", [deep, deep + 1], `Braces nest more than ${MAX_DEPTH} deep here; a session nests at most three levels (track, effect, band). Remove the extra '{'.`);
    return { file: { kind: "File", items: [], range: [0, text.length] }, sink };
  }
  let file: FileNode;
  try {
    file = generatedParse(text);
  } catch (error) {
    // The grammar recovers from every mistake it knows; this is a last line of defence.
    const offset = (error as { location?: { start: { offset: number } } }).location?.start.offset ?? 0;
    sink.error("syntax-error", [offset, Math.min(text.length, offset + 1)], `This file could not be read here: ${(error as Error).message}`);
    return { file: { kind: "File", items: [], range: [0, text.length] }, sink };
  }
  reportSyntax(file, sink);
  return { file, sink };
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
