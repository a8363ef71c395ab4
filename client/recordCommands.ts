// Record Track, Stop Recording and Measure Latency: the engine records in its own process
// (engine/rpc/record.ts); the client picks the track, shows the meter, and when the take stops
// applies the engine's edits to the session document as one undoable edit, saves it, and only
// then lets the engine drop the take's crash journal. Crashed takes are offered back on open.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import * as vscode from "vscode";
import { ResponseError } from "vscode-jsonrpc/node";
import { analyze } from "../core/analyze";
import type { TrackNode } from "../core/ast";
import { EngineErrorCode } from "../core/protocol/engine";
import { AdoptTakeRequest, MeasureLatencyRequest, OrphanTakesRequest, RecordStartRequest, RecordStopRequest, TakeCommittedRequest, TakeEditsRequest, type MeasureLatencyResult, type RecordStartParams, type RecordStartResult } from "../core/protocol/record";
import type { RecordingUpdate } from "../core/protocol/webview";
import type { TextEdit } from "../core/recordEdit";
import { targetSession, type CommandContext, type Factory } from "./commandTypes";
import { showError } from "./notify";
import { currentPlayer } from "./playerCommands";
import { chooseDevice, chooseStart, startText } from "./recordPickers";
import { dbfs, RecordingStatus } from "./recordStatus";
import { trustRefusal, type TrustedAction } from "./trust";

/** What a caller (a test, a keybinding's args) may pass instead of answering pickers. */
export interface RecordArgs {
  uri?: vscode.Uri;
  track?: string;
  seconds?: number;
  from?: number;
  countIn?: number;
  click?: boolean;
  device?: string;
  /** null: record without playing the session. */
  output?: string | null;
  latencyMs?: number;
}

export type RecordOutcome =
  | { ok: true; result: RecordStartResult }
  | { ok: false; reason: "untrusted" | "no-session" | "unsaved" | "no-track" | "cancelled" | "failed" | "not-added"; message: string };

let status: RecordingStatus | undefined;
/** The recording status bar item, once a take was recorded (tests read it). */
export const currentRecording = (): RecordingStatus | undefined => status;

/** (uri, track) from a CodeLens, or RecordArgs. */
function recordArgs(a: unknown, b: unknown): RecordArgs {
  if (a instanceof vscode.Uri) return { uri: a, track: typeof b === "string" ? b : undefined };
  return a && typeof a === "object" ? (a as RecordArgs) : {};
}

function refuse(ctx: CommandContext, action: TrustedAction): string | undefined {
  const refusal = trustRefusal(vscode.workspace.isTrusted, action);
  if (refusal) {
    ctx.output.warn(refusal);
    void vscode.window.showWarningMessage(`Mixdown: ${refusal}`, "Manage Workspace Trust").then((p) => p && vscode.commands.executeCommand("workbench.trust.manage"));
  }
  return refusal;
}

function tracksOf(doc: vscode.TextDocument): TrackNode[] {
  return analyze(doc.getText()).file.items.filter((i): i is TrackNode => i.kind === "Track");
}

/** The track under the cursor, else one picked (or a new one named). */
async function chooseTrack(doc: vscode.TextDocument): Promise<string | undefined> {
  const tracks = tracksOf(doc);
  const editor = vscode.window.activeTextEditor;
  if (editor?.document === doc) {
    const at = doc.offsetAt(editor.selection.active);
    const under = tracks.find((t) => t.range[0] <= at && at <= t.range[1]);
    if (under) return under.name;
  }
  const NEW = "$(add) New track...";
  const picked = await vscode.window.showQuickPick([...tracks.map((t) => t.name), NEW], { placeHolder: "Record which track?" });
  if (picked !== NEW) return picked;
  return vscode.window.showInputBox({
    prompt: "Name of the new track",
    validateInput: (v) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(v) ? (tracks.some((t) => t.name === v) ? `${v} already exists` : undefined) : "letters, digits, _ and -"),
  });
}

function toWorkspaceEdit(doc: vscode.TextDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.range[0]), doc.positionAt(e.range[1])), e.text);
  return edit;
}

async function engineFailure(ctx: CommandContext, error: unknown): Promise<string> {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ResponseError && error.code === EngineErrorCode.Cancelled) ctx.output.info(message);
  else void showError(ctx.output, message);
  return message;
}

/** Puts the recorded take into the document (one undoable edit), saves it, then drops the take's journal. */
async function addTake(ctx: CommandContext, doc: vscode.TextDocument, version: number, r: RecordStartResult, track: string): Promise<boolean> {
  const edits = doc.version === version ? r.edits
    : await ctx.engine.request(TakeEditsRequest, { session: doc.uri.fsPath, text: doc.getText(), track, take: r.take, at: r.at, seconds: r.seconds });
  if (!(await vscode.workspace.applyEdit(toWorkspaceEdit(doc, edits))) || !(await doc.save())) return false;
  await ctx.engine.request(TakeCommittedRequest, { path: r.path });
  return true;
}

async function recordTrack(ctx: CommandContext, args: RecordArgs): Promise<RecordOutcome> {
  const doc = await targetSession(args.uri);
  if (!doc) return { ok: false, reason: "no-session", message: "Open a .session file first." };
  const refusal = refuse(ctx, "record a take");
  if (refusal) return { ok: false, reason: "untrusted", message: refusal };
  if (doc.uri.scheme !== "file" || doc.isUntitled || (doc.isDirty && !(await doc.save()))) {
    const message = "Save the session to a file first: takes are written beside it, in takes/.";
    void vscode.window.showWarningMessage(`Mixdown: ${message}`);
    return { ok: false, reason: "unsaved", message };
  }
  const track = args.track ?? (await chooseTrack(doc));
  if (!track) return { ok: false, reason: "no-track", message: "No track chosen." };
  const settings = vscode.workspace.getConfiguration("mixdown.record", doc.uri);
  const captureCommand = settings.get<string>("captureCommand") || undefined;
  const model = analyze(doc.getText()).model;
  const from = args.from ?? (await chooseStart(doc, model));
  if (from === undefined) return { ok: false, reason: "cancelled", message: "Recording cancelled: no start chosen." };
  let device = args.device;
  if (device === undefined && !model.tracks.some((t) => t.id === track && t.input)) {
    const chosen = await chooseDevice(ctx, captureCommand);
    if (chosen === undefined) return { ok: false, reason: "cancelled", message: "Recording cancelled: no device chosen." };
    device = chosen ?? undefined;
  }
  const params: RecordStartParams = {
    session: { path: doc.uri.fsPath, text: doc.getText(), roots: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath) },
    track, from, seconds: args.seconds, device, latencyMs: args.latencyMs,
    countIn: args.countIn ?? settings.get<number>("countIn", 0), click: args.click ?? settings.get<boolean>("click", false),
    output: args.output !== undefined ? args.output : settings.get<string>("output") || "default",
    captureCommand,
  };
  const version = doc.version;
  status ??= new RecordingStatus();
  const meter = status;
  await meter.start(track);
  const toPlayer = (update: RecordingUpdate) => currentPlayer()?.recording(doc, update);
  toPlayer({ phase: "start", track, from });
  ctx.output.info(`recording ${track} into ${vscode.workspace.asRelativePath(doc.uri)} from ${startText(from, model)}`);
  let result: RecordStartResult;
  try {
    result = await ctx.engine.request(RecordStartRequest, params, {
      onProgress: (p) => {
        if (!p.level) return;
        meter.update(track, p.level);
        toPlayer({ phase: "level", level: p.level });
      },
    });
  } catch (error) {
    await meter.stop();
    toPlayer({ phase: "stop", take: null, seconds: meter.last?.seconds ?? 0, peak: meter.last?.peak ?? 0, clipped: meter.last?.clipped ?? false });
    const message = await engineFailure(ctx, error);
    // A take cut short (the engine stopped mid-take) is on disk: offer it now.
    void offerCrashedTakes(ctx, doc).catch(() => undefined);
    return { ok: false, reason: "failed", message };
  }
  await meter.stop();
  toPlayer({ phase: "stop", take: result.take, seconds: result.seconds, peak: result.peak, clipped: result.clipped });
  const summary = `${result.take}: ${result.seconds.toFixed(2)} s at ${result.at.toFixed(3)} s, peak ${dbfs(result.peak)}`;
  ctx.output.info(`recorded ${summary} (placed by ${result.placement}, latency ${result.latencyMs.toFixed(2)} ms)`);
  if (!(await addTake(ctx, doc, version, result, track).catch(() => false))) {
    const message = `${result.take} was recorded but could not be added to ${vscode.workspace.asRelativePath(doc.uri)}; it is safe on disk and will be offered again when the session opens.`;
    void showError(ctx.output, message);
    return { ok: false, reason: "not-added", message };
  }
  if (result.clipped) void vscode.window.showWarningMessage(`Mixdown: recorded ${summary}. The input CLIPPED: lower its gain and record again (the take is kept).`);
  else void vscode.window.showInformationMessage(`Mixdown: recorded ${summary}.`);
  return { ok: true, result };
}

async function measureLatency(ctx: CommandContext, arg?: { device?: string; output?: string }): Promise<MeasureLatencyResult | undefined> {
  if (refuse(ctx, "record a take")) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  try {
    const m = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "Mixdown: measuring latency (connect the output to the input)", cancellable: true },
      (_progress, token) => ctx.engine.request(MeasureLatencyRequest, { folder, device: arg?.device, output: arg?.output }, { token }),
    );
    void vscode.window.showInformationMessage(`Mixdown: round-trip latency ${m.latencyMs.toFixed(2)} ms${m.file ? `, stored in ${vscode.workspace.asRelativePath(m.file)}; Record Track uses it` : ""}.`);
    return m;
  } catch (error) {
    await engineFailure(ctx, error);
    return undefined;
  }
}

export const RECORD_COMMANDS = {
  "mixdown.recordTrack": (ctx) => (a?: unknown, b?: unknown) => recordTrack(ctx, recordArgs(a, b)),
  "mixdown.stopRecording": (ctx) => () => ctx.engine.request(RecordStopRequest, {}),
  "mixdown.measureLatency": (ctx) => (arg?: { device?: string; output?: string }) => measureLatency(ctx, arg),
} satisfies Record<string, Factory>;

/** Crash journals (`takes/*.wav.json`) beside a session: only then is the engine asked about orphans. */
function hasJournals(doc: vscode.TextDocument): boolean {
  const dir = join(dirname(doc.uri.fsPath), "takes");
  return existsSync(dir) && readdirSync(dir).some((n) => /\.wav\.json$/i.test(n));
}

/** Offers "Add take to session" for each crashed take beside `doc`. */
export async function offerCrashedTakes(ctx: CommandContext, doc: vscode.TextDocument): Promise<void> {
  if (doc.languageId !== "mixdown" || doc.uri.scheme !== "file" || !vscode.workspace.isTrusted || !hasJournals(doc)) return;
  const orphans = await ctx.engine.request(OrphanTakesRequest, { session: doc.uri.fsPath, text: doc.getText() });
  for (const o of orphans.filter((x) => x.crashed && x.track && !x.unreadable)) {
    const ADD = "Add take to session";
    const picked = await vscode.window.showWarningMessage(
      `Mixdown: ${o.take} (${o.seconds.toFixed(1)} s of track ${o.track}) was recorded but never added to ${vscode.workspace.asRelativePath(doc.uri)}: the recording stopped unexpectedly.`, ADD);
    if (picked !== ADD) continue;
    const edits = await ctx.engine.request(AdoptTakeRequest, { session: doc.uri.fsPath, text: doc.getText(), take: o.take });
    if ((await vscode.workspace.applyEdit(toWorkspaceEdit(doc, edits))) && (await doc.save())) await ctx.engine.request(TakeCommittedRequest, { path: o.path });
  }
}

/** Checks the open sessions now and each session as it opens. */
export function watchCrashedTakes(context: vscode.ExtensionContext, ctx: CommandContext): void {
  const check = (doc: vscode.TextDocument) => void offerCrashedTakes(ctx, doc).catch((e: unknown) => ctx.output.warn(`checking for crashed takes: ${e instanceof Error ? e.message : String(e)}`));
  vscode.workspace.textDocuments.forEach(check);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(check), { dispose: () => status?.dispose() });
}
