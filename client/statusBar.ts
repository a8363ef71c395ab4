// The status bar item: the last render's integrated loudness and true peak for
// the active session (the master's when it has been mastered), "rendering…"
// while the engine works; a click shows the loudness report.
import * as vscode from "vscode";
import { readReports, statusText } from "./reportText";

export class RenderStatus implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem("mixdown.loudness", vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[] = [];
  private working: string | undefined;
  /** The session the item shows: the active session editor's, else the last one rendered. */
  private session: vscode.Uri | undefined;

  /** `onReports`: a report file changed (the open report documents refresh). */
  constructor(onReports: () => void = () => undefined) {
    this.item.name = "Mixdown loudness";
    this.item.command = "mixdown.showLoudnessReport";
    const watcher = vscode.workspace.createFileSystemWatcher("**/renders/*.report.json");
    this.subscriptions.push(
      watcher,
      ...[watcher.onDidChange, watcher.onDidCreate, watcher.onDidDelete].map((on) => on(() => {
        this.update();
        onReports();
      })),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  /** The engine is working on something ("Rendering"). */
  busy(verb: string): void {
    this.working = verb;
    this.update();
  }

  idle(session: vscode.Uri): void {
    this.working = undefined;
    this.session = session;
    this.update();
  }

  /** What the item says now (tests read it). */
  get text(): string {
    return this.item.text;
  }

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc?.languageId === "mixdown" && doc.uri.scheme === "file") this.session = doc.uri;
    if (this.working) {
      this.item.text = `$(sync~spin) Mixdown: ${this.working.toLowerCase()}…`;
      this.item.tooltip = "The Mixdown engine is working; cancel it from its notification.";
      this.item.show();
      return;
    }
    if (!this.session) return this.item.hide();
    const text = statusText(readReports(this.session.fsPath));
    this.item.text = text ? `$(pulse) ${text}` : "$(pulse) not rendered";
    this.item.tooltip = text
      ? `Mixdown: last render of ${vscode.workspace.asRelativePath(this.session)}. Click for the loudness report.`
      : `Mixdown: ${vscode.workspace.asRelativePath(this.session)} has not been rendered yet (Mixdown: Render Mix).`;
    this.item.command = { title: "Show Loudness Report", command: "mixdown.showLoudnessReport", arguments: [this.session] };
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
