// The player panel: one webview (dist/webview.js) for the session being
// played. It forwards the webview's chunk requests to the engine's live
// renderer (client/playerSession.ts), sends each edit's outcome and the
// editor's cursor to the webview, and reveals a track when its lane is clicked.
import * as vscode from "vscode";
import type { LiveState } from "../core/protocol/player";
import type { RenderRevisionResult } from "../core/protocol/revision";
import type { AbSide, HostToPlayer, PlayerStatus, PlayerToHost, RecordingUpdate } from "../core/protocol/webview";
import type { CommandContext } from "./commandTypes";
import { PlayerCompare } from "./playerCompare";
import { cursorAt } from "./playerCursor";
import { playerHtml } from "./playerHtml";
import { PlayerSession } from "./playerSession";

const VIEW_TYPE = "mixdown.player";

export class Player implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private session?: PlayerSession;
  /** A/B mode: the revision compared with the current mix. */
  private comparing?: PlayerCompare;
  private ready = false;
  private queued: HostToPlayer[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The last status the webview reported (tests and the status bar read it). */
  status?: PlayerStatus;
  private readonly statusListeners = new Set<(s: PlayerStatus | undefined) => void>();

  constructor(private readonly ctx: CommandContext, private readonly extensionUri: vscode.Uri) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== this.session?.doc || e.contentChanges.length === 0) return;
        this.session.edited();
        this.comparing?.edited();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => this.cursorMoved(e.textEditor)),
    );
  }

  get document(): vscode.TextDocument | undefined {
    return this.session?.doc;
  }

  get state(): LiveState | undefined {
    return this.session?.state;
  }

  /** The channels Play solo plays, or null. */
  get soloed(): string[] | null {
    return this.session?.solo ?? null;
  }

  /** Shows the player for `doc` (opening it in the engine when it is a new session). */
  async open(doc: vscode.TextDocument): Promise<void> {
    if (this.session?.doc !== doc) {
      this.endCompare();
      this.session?.dispose();
      this.session = new PlayerSession(this.ctx, doc, (m) => this.post(m));
      await this.session.start();
    }
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, "Mixdown Player", { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, "dist")],
    });
    this.ready = false;
    this.panel.webview.html = playerHtml(this.panel.webview, this.extensionUri);
    this.panel.webview.onDidReceiveMessage((m: PlayerToHost) => this.receive(m));
    // Hidden, the webview is unloaded (it keeps its state with setState); shown, it says `ready` again.
    this.panel.onDidChangeViewState((e) => {
      if (!e.webviewPanel.visible) this.ready = false;
    });
    this.panel.onDidDispose(() => {
      this.panel = undefined;
      this.comparing?.dispose();
      this.comparing = undefined;
      this.session?.dispose();
      this.session = undefined;
      this.ready = false;
      this.status = undefined;
      for (const l of this.statusListeners) l(undefined);
    });
  }

  /** The playhead (seconds) when the player is open on `doc`, else undefined (Record Track starts there). */
  playheadFor(doc: vscode.TextDocument): number | undefined {
    return this.panel && this.session?.doc === doc ? this.status?.position : undefined;
  }

  /** The take being recorded into `doc`, for the Recording view (ignored for another session). */
  recording(doc: vscode.TextDocument, update: RecordingUpdate): void {
    if (this.session?.doc === doc) this.post({ type: "recording", update });
  }

  /** Play, pause, stop from the palette or CodeLens. */
  transport(action: "playPause" | "play" | "pause" | "stop", at?: number): void {
    this.post({ type: "transport", action, at });
  }

  /** Play only these channels (Play solo), or the text's own mute and solo. */
  solo(channels: string[] | null): Promise<void> {
    return this.session?.setSolo(channels) ?? Promise.resolve();
  }

  /**
   * A/B mode: renders the session at `rev` (or finds it in the cache) and plays it as A against
   * the current mix as B. Call after `open`.
   */
  async compare(rev: string, label: string, token?: vscode.CancellationToken, onProgress?: (fraction: number, message?: string) => void): Promise<RenderRevisionResult> {
    if (!this.session) throw new Error("open the player on the session first");
    this.endCompare();
    const comparing = new PlayerCompare(this.ctx, this.session, (m) => this.post(m));
    this.comparing = comparing;
    try {
      return await comparing.start(rev, label, token, onProgress);
    } catch (error) {
      if (this.comparing === comparing) this.endCompare();
      throw error;
    }
  }

  /** Hear A, B or the other side of the comparison; false outside A/B mode. */
  ab(side: AbSide | "toggle"): boolean {
    if (!this.comparing?.view) return false;
    this.post({ type: "ab", side });
    return true;
  }

  private endCompare(): void {
    if (!this.comparing) return;
    this.comparing.dispose();
    this.comparing = undefined;
    this.post({ type: "compare", compare: null });
  }

  /** Calls `listener` with each status the webview reports, and with undefined when the panel closes. */
  onStatus(listener: (s: PlayerStatus | undefined) => void): vscode.Disposable {
    this.statusListeners.add(listener);
    return new vscode.Disposable(() => this.statusListeners.delete(listener));
  }

  private post(message: HostToPlayer): void {
    if (!this.panel || !this.ready) {
      // Only the latest session and overview matter to a page that is not listening yet.
      if (message.type === "session" || message.type === "overview" || message.type === "transport" || message.type === "ab") {
        this.queued = this.queued.filter((q) => q.type !== message.type || message.type === "transport");
        this.queued.push(message);
      }
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private receive(message: PlayerToHost): void {
    switch (message.type) {
      case "ready": {
        this.ready = true;
        this.session?.resend();
        this.comparing?.resend();
        const queued = this.queued;
        this.queued = [];
        for (const m of queued) if (m.type === "transport" || m.type === "ab") this.post(m);
        return;
      }
      case "chunk":
        if (this.comparing?.view) this.comparing.chunk(message.seq, message.startFrame, message.frames, message.source);
        else this.session?.chunk(message.seq, message.startFrame, message.frames, message.source);
        return;
      case "overview":
        this.session?.requestOverview(message.columns);
        return;
      case "reveal":
        void this.reveal(message.channel);
        return;
      case "solo":
        void this.solo(message.channels);
        return;
      case "status":
        this.status = message.status;
        for (const l of this.statusListeners) l(message.status);
        return;
      case "endCompare":
        this.endCompare();
        return;
      case "record":
        void this.record(message.action, message.track);
        return;
      case "error":
        this.ctx.output.error(`player: ${message.message}`);
        return;
      default:
        return assertNever(message);
    }
  }

  /** The Record/Stop button: Record Track from the playhead, or Stop Recording. */
  private async record(action: "start" | "stop", track: string | null): Promise<void> {
    const doc = this.session?.doc;
    if (action === "stop") await vscode.commands.executeCommand("mixdown.stopRecording");
    else if (doc) {
      // The engine plays the session while the take records: the player's own playback stops.
      const from = this.status?.position;
      this.transport("pause");
      await vscode.commands.executeCommand("mixdown.recordTrack", { uri: doc.uri, track: track ?? undefined, from });
    }
  }

  /** Shows a channel's definition in the session's editor. */
  private async reveal(channel: string): Promise<void> {
    const doc = this.session?.doc;
    const info = this.session?.state?.channels.find((c) => c.id === channel);
    if (!doc || !info) return;
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    const start = doc.positionAt(info.origin[0]);
    editor.selection = new vscode.Selection(start, start);
    editor.revealRange(new vscode.Range(start, doc.positionAt(info.origin[1])), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private cursorMoved(editor: vscode.TextEditor): void {
    const state = this.session?.state;
    if (!state || editor.document !== this.session?.doc) return;
    this.post({ type: "cursor", ...cursorAt(state, editor.document.offsetAt(editor.selection.active)) });
  }

  dispose(): void {
    this.comparing?.dispose();
    this.session?.dispose();
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

function assertNever(value: never): never {
  throw new Error(`player: unexpected message ${JSON.stringify(value)}`);
}
