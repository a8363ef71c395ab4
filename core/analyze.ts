// One call from text to everything the tools need: tree, model, names and
// diagnostics. The CLI, the language server and the engine all start here.
import type { FileNode } from "./ast";
import { sortDiagnostics, type Diagnostic } from "./diagnostics";
import { lower } from "./lower";
import type { SessionModel } from "./model";
import { parseSession, type ParseCache } from "./parse";
import type { Symbols } from "./symbols";
import { checkTakes, type FileProbe } from "./takes";
import type { UserEffects } from "./userEffects";

export interface Analysis {
  file: FileNode;
  model: SessionModel;
  symbols: Symbols;
  diagnostics: Diagnostic[];
  /** No diagnostic is an error: the model can be rendered. */
  ok: boolean;
  /** The syntax is clean, so the formatter can print the tree. */
  syntaxOk: boolean;
}

export interface AnalyzeOptions {
  /** Checks take files; without it, takes are not looked at. */
  probe?: FileProbe;
  /** Re-parses only the top-level blocks that changed since the last call with this cache. */
  parseCache?: ParseCache;
  /** Compiles the `fx` programs and checks their parameters; without it, `fx` blocks are not checked. */
  userEffects?: UserEffects;
}

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const { file, sink } = parseSession(text, options.parseCache);
  const syntaxOk = !sink.hasErrors;
  const { model, symbols } = lower(file, text, sink, options.userEffects);
  if (options.probe) checkTakes(model, options.probe, sink);
  const diagnostics = sortDiagnostics(sink.items);
  return { file, model, symbols, diagnostics, ok: !diagnostics.some((d) => d.severity === "error"), syntaxOk };
}
