// The commands, from one typed table of small factories (rust-analyzer's
// createCommands): each entry builds its handler from the shared context.
import * as vscode from "vscode";
import { analyze } from "../core/analyze";
import { format } from "../core/format";

export interface CommandContext {
  output: vscode.LogOutputChannel;
}

type Factory = (ctx: CommandContext) => (...args: unknown[]) => unknown;

/** The active editor's session document, or a message saying how to get one. */
function activeSession(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.languageId === "mixdown") return doc;
  void vscode.window.showWarningMessage("Mixdown: open a .session file first.");
  return undefined;
}

export const COMMANDS = {
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

export type CommandId = keyof typeof COMMANDS;

export function registerCommands(context: vscode.ExtensionContext, ctx: CommandContext): void {
  for (const [id, factory] of Object.entries(COMMANDS) as [CommandId, Factory][]) {
    context.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx)));
  }
}
