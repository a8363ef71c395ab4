// Offsets to line/character positions, in one place: TextDocument.positionAt.
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Range } from "./ast";
import type { Diagnostic } from "./diagnostics";

export interface Position {
  line: number;
  character: number;
}

export interface LspRange {
  start: Position;
  end: Position;
}

export function lineIndex(text: string): TextDocument {
  return TextDocument.create("file:///session", "mixdown", 0, text);
}

export function toLspRange(doc: TextDocument, range: Range): LspRange {
  return { start: doc.positionAt(range[0]), end: doc.positionAt(range[1]) };
}

/** The JSON shape of `mixdown check --json`: LSP-style 0-based positions. */
export function diagnosticJson(doc: TextDocument, d: Diagnostic) {
  return { severity: d.severity, code: d.code, message: d.message, range: toLspRange(doc, d.range) };
}
