// The player's session in the engine's live renderer: opened from the
// editor's text, sent again on each edit (debounced), chunks and the overview
// forwarded. Answers go to the webview through `post`.
import * as vscode from "vscode";
import { ResponseError } from "vscode-jsonrpc/node";
import { EngineErrorCode } from "../core/protocol/engine";
import {
  LiveChunkRequest, LiveCloseRequest, LiveOpenRequest, LiveOverviewRequest, LiveUpdateRequest,
  type LiveChunk, type LiveOverview, type LiveSource, type LiveState,
} from "../core/protocol/player";
import type { HostToPlayer } from "../core/protocol/webview";
import type { CommandContext } from "./commandTypes";

/** Edits closer together than this are sent as one. */
const EDIT_DEBOUNCE_MS = 60;
/** The overview renders the whole session: wait for edits to settle. */
const OVERVIEW_DEBOUNCE_MS = 1500;

export class PlayerSession implements vscode.Disposable {
  state?: LiveState;
  private overview?: LiveOverview;
  private overviewColumns = 0;
  private editTimer?: NodeJS.Timeout;
  private overviewTimer?: NodeJS.Timeout;
  private overviewCancel?: vscode.CancellationTokenSource;
  private soloed: string[] | null = null;
  /** Updates in flight, in order, so a chunk asked for after an edit is rendered from it. */
  private updating: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(private readonly ctx: CommandContext, readonly doc: vscode.TextDocument, private readonly post: (m: HostToPlayer) => void) {}

  async start(): Promise<void> {
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    try {
      this.state = await this.ctx.engine.request(LiveOpenRequest, { session: { path: this.doc.uri.fsPath, text: this.doc.getText(), roots } });
      this.post({ type: "session", state: this.state });
    } catch (error) {
      this.fail(error);
      throw error;
    }
  }

  /** The webview (re)loaded: tell it everything it needs. */
  resend(): void {
    if (this.state) this.post({ type: "session", state: this.state });
    if (this.overview) this.post({ type: "overview", overview: this.overview });
  }

  edited(): void {
    clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => void this.update(), EDIT_DEBOUNCE_MS);
  }

  get solo(): string[] | null {
    return this.soloed;
  }

  setSolo(channels: string[] | null): Promise<void> {
    this.soloed = channels;
    return this.update();
  }

  private update(): Promise<void> {
    const id = this.state?.sessionId;
    if (!id || this.disposed) return Promise.resolve();
    const run = this.updating.then(async () => {
      try {
        const state = await this.ctx.engine.request(LiveUpdateRequest, { sessionId: id, text: this.doc.getText(), solo: this.soloed });
        const changed = state.version !== this.state?.version;
        this.state = state;
        this.post({ type: "session", state });
        if (changed) this.scheduleOverview();
      } catch (error) {
        this.fail(error);
      }
    });
    this.updating = run;
    return run;
  }

  chunk(seq: number, startFrame: number, frames: number, source: LiveSource): void {
    const id = this.state?.sessionId;
    if (!id) return this.post({ type: "chunkFailed", seq, message: "The session is not open in the engine." });
    void this.liveChunk(id, startFrame, frames, source).then(
      (chunk) => this.post({ type: "chunk", seq, chunk }),
      (error: unknown) => this.post({ type: "chunkFailed", seq, message: messageOf(error) }),
    );
  }

  /** A chunk of the current model, asked for after the edits in flight. */
  liveChunk(id: string, startFrame: number, frames: number, source: LiveSource): Promise<LiveChunk> {
    return this.updating.then(() => this.ctx.engine.request(LiveChunkRequest, { sessionId: id, startFrame, frames, source }));
  }

  requestOverview(columns: number): void {
    this.overviewColumns = columns;
    if (this.overview && this.overview.version === this.state?.version && this.overview.columns === columns) return this.resend();
    this.scheduleOverview(0);
  }

  private scheduleOverview(delay = OVERVIEW_DEBOUNCE_MS): void {
    clearTimeout(this.overviewTimer);
    this.overviewCancel?.cancel();
    if (!this.overviewColumns) return;
    this.overviewTimer = setTimeout(() => void this.runOverview(), delay);
  }

  private async runOverview(): Promise<void> {
    const id = this.state?.sessionId;
    if (!id || this.disposed) return;
    const cancel = new vscode.CancellationTokenSource();
    this.overviewCancel = cancel;
    try {
      this.overview = await this.ctx.engine.request(LiveOverviewRequest, { sessionId: id, columns: this.overviewColumns }, { token: cancel.token });
      this.post({ type: "overview", overview: this.overview });
    } catch (error) {
      if (!(error instanceof ResponseError && error.code === EngineErrorCode.Cancelled) && !cancel.token.isCancellationRequested) this.fail(error);
    } finally {
      cancel.dispose();
    }
  }

  private fail(error: unknown): void {
    const message = messageOf(error);
    this.ctx.output.error(`player: ${message}`);
    this.post({ type: "engineError", message });
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.editTimer);
    clearTimeout(this.overviewTimer);
    this.overviewCancel?.cancel();
    const id = this.state?.sessionId;
    if (id) void this.ctx.engine.request(LiveCloseRequest, { sessionId: id }).catch(() => undefined);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
