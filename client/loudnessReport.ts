// "Mixdown: Show Loudness Report": a read-only Markdown document
// (`mixdown-report:` scheme) made from the session's report files, refreshed
// when they change.
import * as vscode from "vscode";
import { readReports, reportMarkdown, sessionStemOf } from "./reportText";

export const REPORT_SCHEME = "mixdown-report";

export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly shown = new Map<string, vscode.Uri>();

  /** The report document's URI for a session. */
  uriFor(session: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${sessionStemOf(session.fsPath)} loudness.md`, query: session.toString() });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const session = vscode.Uri.parse(uri.query);
    return reportMarkdown(vscode.workspace.asRelativePath(session), readReports(session.fsPath));
  }

  /** Opens the report beside the editor; undefined (nothing opened) when there is no report yet. */
  async show(session: vscode.Uri): Promise<string | undefined> {
    const reports = readReports(session.fsPath);
    if (!reports.mix && !reports.master) return undefined;
    const uri = this.uriFor(session);
    this.shown.set(session.toString(), uri);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, "markdown");
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return doc.getText();
  }

  /** A report file changed: refresh the open report documents. */
  refresh(): void {
    for (const uri of this.shown.values()) this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
