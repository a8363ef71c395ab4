// What every command factory gets, and how commands find the session they act on.
import * as vscode from "vscode";
import type { EngineHost } from "./engineHost";
import type { ReportDocuments } from "./loudnessReport";
import type { RenderStatus } from "./statusBar";

export interface CommandContext {
  output: vscode.LogOutputChannel;
  engine: EngineHost;
  status: RenderStatus;
  reports: ReportDocuments;
}

export type Factory = (ctx: CommandContext) => (...args: never[]) => unknown;

/** The active editor's session document, or a message saying how to get one. */
export function activeSession(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.languageId === "mixdown") return doc;
  void vscode.window.showWarningMessage("Mixdown: open a .session file first.");
  return undefined;
}

/** The session a command acts on: the given URI (a CodeLens, a test) or the active editor's. */
export async function targetSession(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  if (!uri) return activeSession();
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
  if (doc.languageId === "mixdown") return doc;
  void vscode.window.showWarningMessage(`Mixdown: ${uri.fsPath} is not a .session file.`);
  return undefined;
}
