// Whole-document formatting with the canonical formatter: one edit, or none
// when the file is canonical or has syntax errors (it is never guessed at).
import type { TextEdit } from "vscode-languageserver";
import { printFile } from "../../core/format";
import type { SessionState } from "../documents";

export function formatDocument(state: SessionState): TextEdit[] {
  const { analysis, doc } = state;
  if (!analysis.syntaxOk) return [];
  const text = doc.getText();
  const formatted = printFile(analysis.file, text);
  if (formatted === text) return [];
  return [{ range: { start: doc.positionAt(0), end: doc.positionAt(text.length) }, newText: formatted }];
}
