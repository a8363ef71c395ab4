// Diagnostics: what is wrong, where, and what to do. Codes are stable: tools
// and tests match on them, and docs/language.md lists them.
import type { Range } from "./ast";

export type Severity = "error" | "warning" | "info";

export const CODES = {
  "syntax-error": "a line that cannot be read as a statement",
  "unexpected-text": "text left over at the end of a line",
  "unclosed-block": "a block whose `}` is missing",
  "stray-brace": "a `}` with no block to close",
  "unclosed-string": "a string whose closing quote is missing",
  "too-deep": "braces nested deeper than any session needs",
  "unknown-statement": "a statement that this block does not take",
  "unknown-effect": "an effect name that is not in the catalogue",
  "unknown-parameter": "a parameter that this effect does not have",
  "unknown-band": "an EQ band type that does not exist",
  "unknown-name": "a track, bus or input that is not defined",
  "unknown-unit": "a unit Mixdown does not know",
  "unknown-target": "an automation target that does not exist",
  "duplicate-name": "two tracks, buses or inputs with one name",
  "duplicate-setting": "a setting written twice in one block",
  "duplicate-block": "a second session or master block",
  "routing-cycle": "buses that feed themselves through outs and sends",
  "out-of-range": "a value outside what the parameter allows",
  "missing-unit": "a number written without its unit",
  "wrong-unit": "a number with a unit of the wrong kind",
  "missing-value": "a statement without the value it needs",
  "invalid-value": "a value of the wrong form",
  "bar-without-tempo": "a `bar` position in a session without a tempo",
  "automation-order": "automation points out of time order",
  "crossover-order": "crossovers (of a `multiband`) that do not rise from low to high",
  "take-missing": "a take file that does not exist",
  "take-unreadable": "a take file that is not a readable WAV",
  "fx-missing": "an `fx` program file that does not exist",
  "fx-compile": "an `fx` program that does not compile or cannot run as an effect",
  "no-tracks": "a session without tracks",
  "unknown-measure": "an `expect` of something Mixdown does not measure",
  "expect-failed": "an `expect` line that failed in the last `mixdown test` (shown by the language server)",
} as const;

export type Code = keyof typeof CODES;

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A quick fix computed in core, offered by the language server. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

export interface Related {
  message: string;
  range: Range;
}

export interface Diagnostic {
  severity: Severity;
  code: Code;
  message: string;
  range: Range;
  related?: Related[];
  fixes?: Fix[];
}

/** Collects diagnostics for one pass; passes share one sink. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];

  error(code: Code, range: Range, message: string, extra?: Partial<Diagnostic>): void {
    this.items.push({ severity: "error", code, message, range, ...extra });
  }

  warning(code: Code, range: Range, message: string, extra?: Partial<Diagnostic>): void {
    this.items.push({ severity: "warning", code, message, range, ...extra });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
}
