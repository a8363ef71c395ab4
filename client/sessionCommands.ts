// Commands that read and rewrite the session text: Check, Format.
import * as vscode from "vscode";
import { analyze } from "../core/analyze";
import { format } from "../core/format";
import { activeSession, type Factory } from "./commandTypes";

export const SESSION_COMMANDS = {
  "mixdown.checkSession": (ctx) => () => {
    const doc = activeSession();
    if (!doc) return;
    const result = analyze(doc.getText());
    const problems = result.diagnostics.length;
    ctx.output.appendLine(`${doc.fileName}: ${problems} problem(s)`);
    void vscode.window.showInformationMessage(problems ? `Mixdown: ${problems} problem${problems === 1 ? "" : "s"} (see the Problems panel).` : "Mixdown: no problems.");
    return problems;
  },
  "mixdown.formatSession": (ctx) => async () => {
    const doc = activeSession();
    if (!doc) return;
    const result = format(doc.getText());
    if (!result.ok) {
      ctx.output.appendLine(`${doc.fileName}: not formatted, ${result.errors.length} syntax error(s).`);
      void vscode.window.showErrorMessage("Mixdown: the session has syntax errors (see the Problems panel); fix them, then format.");
      return false;
    }
    if (result.text === doc.getText()) return true;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), result.text);
    return vscode.workspace.applyEdit(edit);
  },
} satisfies Record<string, Factory>;
