// The player's A/B mode: A is the session's mix at a revision (rendered by
// the engine from git into renders/.revisions/, cached by content hash, read
// back in chunks), B the current mix from the live renderer. Each chunk the
// webview asks for is answered with both sides' audio for the same frames, so
// the webview switches between them at once, at the same playhead. B is
// measured again after edits settle, for the loudness matching and spectra.
import * as vscode from "vscode";
import { AnalyseMixRequest, RenderRevisionRequest, RevisionChunkRequest, type RenderRevisionResult } from "../core/protocol/revision";
import type { LiveSource } from "../core/protocol/player";
import type { CompareView, HostToPlayer } from "../core/protocol/webview";
import type { CommandContext } from "./commandTypes";
import { messageOf, type PlayerSession } from "./playerSession";

/** B is measured by rendering it whole: wait for edits to settle. */
const MEASURE_DEBOUNCE_MS = 1500;

export class PlayerCompare implements vscode.Disposable {
  view?: CompareView;
  private render?: RenderRevisionResult;
  private measureTimer?: NodeJS.Timeout;
  private measureCancel?: vscode.CancellationTokenSource;
  private disposed = false;

  constructor(private readonly ctx: CommandContext, private readonly session: PlayerSession, private readonly post: (m: HostToPlayer) => void) {}

  /** Renders (or finds in the cache) the revision and enters A/B mode; B's measurement follows. */
  async start(rev: string, label: string, token?: vscode.CancellationToken, onProgress?: (fraction: number, message?: string) => void): Promise<RenderRevisionResult> {
    const r = await this.ctx.engine.request(RenderRevisionRequest, { session: this.session.doc.uri.fsPath, rev }, {
      token, onProgress: (p) => onProgress?.(p.fraction ?? 0, p.message),
    });
    this.render = r;
    this.view = { rev, commit: r.commit, label: label === rev ? `${rev} · ${r.commit.slice(0, 7)}` : label, frames: r.frames, sampleRate: r.sampleRate, cached: r.cached, a: r.analysis, b: null };
    this.post({ type: "compare", compare: this.view });
    void this.measure();
    return r;
  }

  /** The session's text changed: B sounds different now, so measure it again once edits settle. */
  edited(): void {
    clearTimeout(this.measureTimer);
    this.measureCancel?.cancel();
    this.measureTimer = setTimeout(() => void this.measure(), MEASURE_DEBOUNCE_MS);
  }

  /** Both sides' audio for frames [startFrame, startFrame + frames). */
  chunk(seq: number, startFrame: number, frames: number, source: LiveSource): void {
    const id = this.session.state?.sessionId;
    const path = this.render?.path;
    if (!id || !path) return this.post({ type: "chunkFailed", seq, message: "The comparison is not ready." });
    Promise.all([
      this.session.liveChunk(id, startFrame, frames, source),
      this.ctx.engine.request(RevisionChunkRequest, { path, startFrame, frames }),
    ]).then(
      ([chunk, revision]) => this.post({ type: "chunk", seq, chunk, revision }),
      (error: unknown) => this.post({ type: "chunkFailed", seq, message: messageOf(error) }),
    );
  }

  /** The webview (re)loaded: tell it the comparison again. */
  resend(): void {
    if (this.view) this.post({ type: "compare", compare: this.view });
  }

  private async measure(): Promise<void> {
    if (this.disposed || !this.view) return;
    const cancel = new vscode.CancellationTokenSource();
    this.measureCancel = cancel;
    const doc = this.session.doc;
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    try {
      const b = await this.ctx.engine.request(AnalyseMixRequest, { session: { path: doc.uri.fsPath, text: doc.getText(), roots } }, { token: cancel.token });
      if (cancel.token.isCancellationRequested || this.disposed || !this.view) return;
      this.view = { ...this.view, b };
      this.post({ type: "compare", compare: this.view });
    } catch (error) {
      if (!cancel.token.isCancellationRequested) {
        this.ctx.output.warn(`player: could not measure the current mix for A/B: ${messageOf(error)}`);
        this.post({ type: "engineError", message: `A/B: the current mix could not be measured (${messageOf(error)}); loudness is not matched until it can be.` });
      }
    } finally {
      cancel.dispose();
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.measureTimer);
    this.measureCancel?.cancel();
  }
}
