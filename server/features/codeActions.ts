// Quick fixes: the edits core computed for the diagnostics under the cursor,
// taken from the current analysis (so no client needs to keep `data`).
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import { toLspRange } from "../../core/positions";
import type { SessionState } from "../documents";

export function codeActions(state: SessionState, params: CodeActionParams): CodeAction[] {
  const { doc, analysis } = state;
  const from = doc.offsetAt(params.range.start);
  const to = doc.offsetAt(params.range.end);
  const actions: CodeAction[] = [];
  for (const d of analysis.diagnostics) {
    if (!d.fixes?.length || d.range[1] < from || d.range[0] > to) continue;
    const range = toLspRange(doc, d.range);
    const sent: LspDiagnostic[] = params.context.diagnostics.filter((c) => c.code === d.code && c.range.start.line === range.start.line);
    for (const fix of d.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: sent,
        isPreferred: fix.preferred,
        edit: { changes: { [doc.uri]: fix.edits.map((e) => ({ range: toLspRange(doc, e.range), newText: e.newText })) } },
      });
    }
  }
  return actions;
}
