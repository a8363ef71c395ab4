// Core diagnostics as LSP diagnostics.
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic } from "../../core/diagnostics";
import { toLspRange } from "../../core/positions";

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

export function toLspDiagnostics(doc: TextDocument, diagnostics: Diagnostic[]): LspDiagnostic[] {
  return diagnostics.map((d) => ({
    range: toLspRange(doc, d.range),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: "mixdown",
    message: d.message,
    relatedInformation: d.related?.map((r) => ({ message: r.message, location: { uri: doc.uri, range: toLspRange(doc, r.range) } })),
  }));
}
