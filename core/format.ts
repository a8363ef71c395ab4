// The canonical formatter: one setting per line, two-space indents, units
// spelled and spaced one way, comments kept, blank lines kept (at most one).
// It refuses files with syntax errors rather than guess at them.
import type { Arg, Block, BlockItem, FileNode, TopItem } from "./ast";
import type { Diagnostic } from "./diagnostics";
import { parseSession } from "./parse";
import { canonicalUnit } from "./units";

const INDENT = "  ";

export type FormatResult = { ok: true; text: string } | { ok: false; errors: Diagnostic[] };

export function format(text: string): FormatResult {
  const { file, sink } = parseSession(text);
  if (sink.hasErrors) return { ok: false, errors: sink.items };
  return { ok: true, text: printFile(file, text) };
}

/** Prints a tree already parsed from `text` without syntax errors. */
export function printFile(file: FileNode, text: string): string {
  const out: string[] = [];
  let prev: TopItem | undefined;
  for (const item of file.items) {
    if (prev && (blankBetween(text, prev.range[1], item.range[0]) || (isBlock(prev) && isBlock(item)))) out.push("");
    printItem(item, 0, text, out);
    prev = item;
  }
  return out.length ? out.join("\n") + "\n" : "";
}

function isBlock(item: TopItem): boolean {
  return item.kind !== "Comment" && item.kind !== "Bad";
}

function blankBetween(text: string, from: number, to: number): boolean {
  return /\n[ \t]*\r?\n/.test(text.slice(from, to).replace(/\r\n?/g, "\n"));
}

function printItem(item: TopItem | BlockItem, depth: number, text: string, out: string[]): void {
  const pad = INDENT.repeat(depth);
  const line = (s: string, comment?: string): void => void out.push(pad + s + trailing(comment));
  switch (item.kind) {
    case "Comment":
      return void out.push(`${pad}#${item.text}`);
    case "Bad":
      // Only reached for files without syntax errors, which have no Bad nodes.
      return void out.push(pad + item.text);
    case "Session":
      return printBlock(pad, `session${item.title ? " " + printArg(item.title) : ""}`, item.body, depth, text, out);
    case "Input":
      return printBlock(pad, `input ${item.name}`, item.body, depth, text, out);
    case "Track":
    case "Bus":
      return printBlock(pad, `${item.kind.toLowerCase()} ${item.name}`, item.body, depth, text, out);
    case "Master":
      return printBlock(pad, "master", item.body, depth, text, out);
    case "Effect":
      return printBlock(pad, item.path ? `${item.name} ${printArg(item.path)}` : item.name, item.body, depth, text, out);
    case "Automate":
      return printBlock(pad, words(["automate", ...item.target.map(printArg)]), item.body, depth, text, out);
    case "Take": {
      const head = `${item.active ? "take" : "alt"} ${printArg(item.path)}`;
      if (item.body) return printBlock(pad, head, item.body, depth, text, out);
      return line(head, item.comment);
    }
    case "Send":
      return line(words(["send", item.name, ...item.args.map(printArg)]), item.comment);
    case "Out":
      return line(words(["out", item.name, ...item.args.map(printArg)]), item.comment);
    case "InputRef":
      return line(words(["input", item.name, ...item.args.map(printArg)]), item.comment);
    case "Setting":
      return line(words([item.name, ...item.args.map(printArg)]), item.comment);
  }
}

function printBlock(pad: string, head: string, body: Block, depth: number, text: string, out: string[]): void {
  out.push(`${pad}${head} {${trailing(body.comment)}`);
  let prev: BlockItem | undefined;
  for (const item of body.items) {
    if (prev && blankBetween(text, prev.range[1], item.range[0])) out.push("");
    printItem(item, depth + 1, text, out);
    prev = item;
  }
  out.push(`${pad}}`);
}

function trailing(comment: string | undefined): string {
  return comment === undefined ? "" : ` #${comment.trimEnd()}`;
}

function words(parts: string[]): string {
  return parts.filter((p) => p.length > 0).join(" ");
}

export function printArg(arg: Arg): string {
  switch (arg.kind) {
    case "Number": {
      if (arg.unit === undefined) return arg.text;
      const unit = canonicalUnit(arg.unit);
      // An unknown unit was written joined (`2dbb`); spacing it would make it a word.
      if (unit === undefined) return `${arg.text}${arg.unit}`;
      return unit === "%" ? `${arg.text}%` : `${arg.text} ${unit}`;
    }
    case "String":
      return `"${arg.value.replace(/[\\"]/g, (c) => "\\" + c)}"`;
    default:
      return arg.text;
  }
}
