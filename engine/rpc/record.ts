// The engine's recording requests (core/protocol/engine.ts), registered by engine/rpc/main.ts: one
// take at a time, recorded with the same parts as `mixdown record` (engine/record/*), its level
// reported on the request's progress token, stopped by `mixdown/recordStop` or a cancel; and the
// session edits that make it the track's take, for the client to apply as an undoable edit.
// Capture and playback tools inherit this process's environment (PULSE_SERVER and so on).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { CancellationToken, MessageConnection } from "vscode-jsonrpc";
import { AdoptTakeRequest, CaptureDevicesRequest, MeasureLatencyRequest, OrphanTakesRequest, RecordStartRequest, RecordStopRequest, TakeCommittedRequest, TakeEditsRequest, type CaptureDevicesResult, type MeasureLatencyParams, type MeasureLatencyResult, type OrphanTakeInfo, type RecordStartParams, type RecordStartResult, type TakeEditsParams, WAVE_COLUMN_SECONDS } from "../../core/protocol/record";
import { recordTakeEdits, takePaths, type TextEdit } from "../../core/recordEdit";
import { wavSeconds } from "../record/commit";
import { CAPTURE_TOOLS, firstInstalled, type Platform } from "../record/backends";
import { buildCue } from "../record/cue";
import { measureLatency, storedLatency, storeLatency } from "../record/latency";
import { CaptureError, recordTake } from "../record/recorder";
import { findOrphanTakes, forgetJournal, repairTake } from "../record/recover";
import { chooseCapture, choosePlayer, listDevices, SetupError, trackInput } from "../record/setup";
import { journalPath } from "../record/takeWriter";
import { WaveSummariser } from "../record/waveColumns";
import { guarded, type Job } from "./render";
import { failure, requestedSession } from "./session";

type MakeJob = (token: CancellationToken, progressToken?: string) => Job;

/** The take being recorded (stopping it aborts `controller`): its journal is not a crash's. */
let current: { controller: AbortController; folder: string; track: string } | undefined;

export function serveRecording(connection: MessageConnection, job: MakeJob): void {
  connection.onRequest(RecordStartRequest, (params, token) => recordGuarded(() => startRecording(params, job(token, params.progressToken)), params.session.path));
  connection.onRequest(RecordStopRequest, () => {
    if (!current || current.controller.signal.aborted) return false;
    current.controller.abort();
    return true;
  });
  connection.onRequest(TakeEditsRequest, (params) => recordGuarded(async () => takeEdits(params), params.session));
  connection.onRequest(TakeCommittedRequest, (params) => recordGuarded(async () => {
    if (!/\.wav$/i.test(params.path)) throw failure(`'${params.path}' is not a take (a .wav file).`);
    forgetJournal(params.path);
  }, params.path));
  connection.onRequest(OrphanTakesRequest, (params) => recordGuarded(async () => orphans(params.session, params.text), params.session));
  connection.onRequest(AdoptTakeRequest, (params) => recordGuarded(async () => adopt(params.session, params.text, params.take), params.session));
  connection.onRequest(CaptureDevicesRequest, (params) => recordGuarded(async () => captureDevices(params.captureCommand)));
  connection.onRequest(MeasureLatencyRequest, (params, token) => recordGuarded(() => latency(params, job(token, params.progressToken)), params.folder));
}

/** Set-up and capture problems are the user's to fix: their messages say what to install or check. */
function recordGuarded<T>(work: () => Promise<T>, path?: string): Promise<T> {
  return guarded(async () => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof SetupError || error instanceof CaptureError) throw failure(`${error.message}.`, { path });
      throw error;
    }
  }, path);
}

async function startRecording(params: RecordStartParams, job: Job): Promise<RecordStartResult> {
  if (current && !current.controller.signal.aborted) throw failure("A take is already being recorded: stop it first (Mixdown: Stop Recording, or Escape).");
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(params.track)) throw failure(`'${params.track}' is not a track name: use letters, digits, _ and -.`);
  const session = requestedSession(params.session);
  const { model, folder } = session;
  const input = trackInput(model, params.track);
  const device = params.device ?? input.device;
  const output = params.output === null ? undefined : params.output ?? "default";
  const choice = chooseCapture({ rate: model.sampleRate, device, channels: input.channels, template: params.captureCommand });
  const player = output === undefined ? undefined : choosePlayer(model.sampleRate, output);
  const from = Math.max(0, params.from ?? 0);
  const cue = player ? await buildCue(model, params.track, folder, { from, countInBars: params.countIn ?? 0, click: !!params.click, seconds: params.seconds }).catch((e: Error) => { throw failure(e.message); }) : undefined;
  const stored = params.latencyMs === undefined ? storedLatency([...session.roots, folder], choice.tool, device, output ?? "default") : undefined;
  const latencyMs = params.latencyMs ?? stored?.latencyMs ?? 0;
  const controller = new AbortController();
  current = { controller, folder, track: params.track };
  job.signal.addEventListener("abort", () => controller.abort(), { once: true });
  let level = 0;
  const wave = new WaveSummariser(choice.takeChannels.length, Math.max(1, Math.round(model.sampleRate * WAVE_COLUMN_SECONDS)));
  try {
    const r = await recordTake({
      folder, sessionPath: session.path, track: params.track, rate: model.sampleRate, captureChannels: choice.captureChannels, takeChannels: choice.takeChannels,
      capture: choice.capture, cue, play: player?.play, witness: player?.witness, latency: latencyMs / 1000, seconds: params.seconds, signal: controller.signal,
      onAudio: (block) => {
        for (let i = 0; i < block.length; i++) { const v = Math.abs(block[i]); if (v > level) level = v; }
        wave.push(block);
      },
      onProgress: (frames, peak) => {
        job.progress({ level: { seconds: frames / model.sampleRate, level, peak, clipped: peak >= 0.999, wave: wave.drain() } });
        level = 0;
      },
    });
    const seconds = r.frames / model.sampleRate;
    const edits = editsFor(session.path, session.text, { track: params.track, path: r.take.relative, at: r.at, length: seconds, input: params.input });
    return { take: r.take.relative, path: r.take.path, at: r.at, frames: r.frames, seconds, peak: r.peak, clipped: r.peak >= 0.999, placement: r.placement, latencyMs, edits };
  } finally {
    if (current?.controller === controller) current = undefined;
  }
}

/** The edits recording a take into `text`, the track's existing take lengths read from disk. */
function editsFor(sessionPath: string, text: string, take: { track: string; path: string; at: number; length: number; input?: string }): TextEdit[] {
  const folder = resolve(sessionPath, "..");
  const lengths = new Map<string, number>();
  for (const path of takePaths(text).get(take.track) ?? []) {
    const seconds = wavSeconds(resolve(folder, path));
    if (seconds !== undefined) lengths.set(path, seconds);
  }
  try {
    return recordTakeEdits(text, { ...take, takeLengths: lengths });
  } catch (error) {
    throw failure(`The take ${take.path} was recorded, but cannot be added to the session: ${(error as Error).message}. It is safe on disk; fix the session and it will be offered again.`, { path: sessionPath });
  }
}

/** The devices the installed capture tool lists (none with a command template, or a tool that cannot list). */
function captureDevices(template: string | undefined): CaptureDevicesResult {
  if (template) return { tool: null, devices: [] };
  const tool = firstInstalled(CAPTURE_TOOLS[process.platform as Platform] ?? []);
  return { tool: tool ?? null, devices: tool ? listDevices(tool) : [] };
}

function takeEdits(p: TakeEditsParams): TextEdit[] {
  return editsFor(p.session, p.text, { track: p.track, path: p.take, at: p.at, length: p.seconds });
}

function orphans(sessionPath: string, text: string): OrphanTakeInfo[] {
  const folder = resolve(sessionPath, "..");
  const recording = (track: string | undefined) => current !== undefined && current.folder === folder && current.track === track;
  return findOrphanTakes(folder, text).filter((o) => !recording(o.track)).map((o) => ({
    take: o.relative, path: o.path, track: o.track ?? null, at: o.at ?? null, seconds: o.sampleRate ? o.framesOnDisk / o.sampleRate : 0,
    crashed: existsSync(journalPath(o.path)), unreadable: o.unreadable ?? null,
  }));
}

function adopt(sessionPath: string, text: string, take: string): TextEdit[] {
  const o = findOrphanTakes(resolve(sessionPath, ".."), text).find((x) => x.relative === take);
  if (!o) throw failure(`${take} is not a take outside the session any more (already added, or removed).`, { path: sessionPath });
  if (o.unreadable || !o.track) throw failure(`${take} cannot be added: ${o.unreadable ?? "its track is unknown"}.`, { path: sessionPath });
  repairTake(o);
  return editsFor(sessionPath, text, { track: o.track, path: o.relative, at: o.at ?? 0, length: o.frames / o.sampleRate });
}

async function latency(p: MeasureLatencyParams, job: Job): Promise<MeasureLatencyResult> {
  const device = p.device ?? "default";
  const output = p.output ?? "default";
  const rate = p.rate ?? 48000;
  const choice = chooseCapture({ rate, device, channels: [1], template: p.captureCommand });
  const player = choosePlayer(rate, output);
  if (!player) throw failure("No player found to play the chirps: install PulseAudio's tools (pacat), ffmpeg (ffplay), alsa-utils (aplay) or sox.");
  job.progress({ message: "playing chirps and recording them back" });
  const m = await measureLatency({ rate, captureChannels: choice.captureChannels, takeChannels: choice.takeChannels, capture: choice.capture, play: player.play, witness: player.witness, signal: job.signal })
    .catch((e: Error) => { throw failure(/cancelled/.test(e.message) ? "Cancelled: no latency was measured." : `${e.message}.`); });
  const file = p.folder ? storeLatency(p.folder, { latencyMs: m.latencyMs, measuredAt: new Date().toISOString(), capture: choice.tool, device, output }) : null;
  return { ...m, capture: choice.tool, device, output, file };
}
