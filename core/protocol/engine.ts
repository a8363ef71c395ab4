// The engine channel: the extension (client/engineHost.ts) and the engine
// process (engine/rpc/main.ts) over vscode-jsonrpc, through the child process's
// IPC channel. Every message is a typed descriptor; methods start `mixdown/`.
// Long requests take a `progressToken` and report `EngineProgress` on it; a
// request is cancelled with jsonrpc's `$/cancelRequest` (a CancellationToken
// passed to sendRequest), which the engine maps onto an AbortController: the
// render stops within ~100 ms and no partial file is left.
import { NotificationType, ProgressType, RequestType } from "vscode-jsonrpc";
import type { Range } from "../ast";
import type { TextEdit } from "../recordEdit";
import type { LiveChunk } from "./player";
import type { LoudnessFigures, MasteringReport, RenderReport } from "./report";

/** The session to work on: its file (for its folder and name), and optionally its text. */
export interface SessionSource {
  /** Absolute path of the `.session` file. Outputs go beside it (`renders/...`). */
  path: string;
  /** The text to render instead of the file's (an unsaved editor). */
  text?: string;
  /** Further folders outputs may go into (the workspace folders). */
  roots?: string[];
}

interface Progressive {
  /** A token for `EngineProgress` reports, chosen by the client. */
  progressToken?: string;
}

export interface RenderParams extends Progressive {
  session: SessionSource;
  /** Output path (default `renders/<session>-mix.wav`), relative to the session's folder. */
  out?: string;
  bits?: 16 | 24 | 32;
  /** A folder for one stem per track (`<track>.wav`), rendered with the mix. */
  stems?: string;
}

export interface RenderResult {
  /** Absolute path of the rendered mix. */
  path: string;
  report: RenderReport;
  /** Absolute path of the report file written beside it. */
  reportPath: string;
}

export interface MasterParams extends Progressive {
  session: SessionSource;
  /** The mix to master (default: the session's mix render, rendered first when missing or stale). */
  input?: string;
  out?: string;
}

export interface MasterResult {
  /** Absolute path of the mastered file (the session's `export`, or `renders/<session>-master.wav`). */
  path: string;
  report: MasteringReport;
  reportPath: string;
}

export interface StemsParams extends Progressive {
  session: SessionSource;
  /** Folder for the stems, relative to the session's folder (default `renders/<session>-stems`). */
  folder?: string;
}

export interface StemsResult {
  folder: string;
  /** Absolute paths of the stems, one per track. */
  files: string[];
  /** The report of the mix rendered with them. */
  report: RenderReport;
}

export interface LoudnessParams {
  /** Absolute path of a WAV file. */
  path: string;
}

/** A BS.1770-4 / EBU R128 measurement; null where the programme is silent (-Infinity). */
export type LoudnessWire = LoudnessFigures;

export interface EngineProgress {
  /** 0..1 of the work done, when known. */
  fraction?: number;
  /** What the engine is doing ("rendering the mix", "mastering: pass 2"). */
  message?: string;
  /** While recording (`mixdown/recordStart`): the input meter, about every 100 ms. */
  level?: RecordLevel;
}

export interface RecordLevel {
  /** Seconds of take written so far. */
  seconds: number;
  /** Peak sample magnitude since the previous report (0..1+), for a meter. */
  level: number;
  /** Peak of the whole take so far. */
  peak: number;
  /** The input reached full scale at least once. */
  clipped: boolean;
  /** The take's waveform since the previous report: min/max per WAVE_COLUMN_SECONDS, all channels together. */
  wave?: WaveColumns;
}

/** Seconds of take each waveform column summarises while recording. */
export const WAVE_COLUMN_SECONDS = 0.05;

export interface WaveColumns {
  /** Index of the first column in `min`/`max` (columns are numbered from the take's start). */
  first: number;
  min: number[];
  max: number[];
}

export interface EngineInfo {
  /** The engine process's Node version (the runtime VS Code provides). */
  node: string;
  pid: number;
}

/** Client -> engine: render the mix (and stems when asked); writes the WAV and its report. */
export const RenderRequest = new RequestType<RenderParams, RenderResult, EngineErrorData>("mixdown/render");

/** Client -> engine: master the mix to the session's loudness target; writes the export and its report. */
export const MasterRequest = new RequestType<MasterParams, MasterResult, EngineErrorData>("mixdown/master");

/** Client -> engine: render one stem per track (post-fader) into a folder. */
export const ExportStemsRequest = new RequestType<StemsParams, StemsResult, EngineErrorData>("mixdown/exportStems");

/** Client -> engine: measure a WAV file's loudness. */
export const LoudnessRequest = new RequestType<LoudnessParams, LoudnessWire, EngineErrorData>("mixdown/loudness");

/** Client -> engine: who are you (used as a liveness check and in the output channel). */
export const InfoRequest = new RequestType<Record<string, never>, EngineInfo, EngineErrorData>("mixdown/info");

/**
 * A mix measured as a whole, for A/B comparison: integrated loudness, short-term
 * loudness every `interval` seconds, and the long-term average spectrum in
 * third-octave bands (dB, the same scale for every mix, so two can be subtracted).
 */
export interface MixAnalysis {
  integrated: number | null;
  shortTerm: { interval: number; values: (number | null)[] };
  spectrum: { hz: number[]; db: number[] };
}

export interface RevisionsParams {
  /** Absolute path of the `.session` file. */
  session: string;
  /** At most this many commits (default 30). */
  limit?: number;
}

/** A commit that changed the session file, newest first. */
export interface RevisionInfo {
  commit: string;
  short: string;
  subject: string;
  /** ISO 8601 author date. */
  date: string;
}

export interface RenderRevisionParams extends Progressive {
  /** Absolute path of the `.session` file (in a git repository). */
  session: string;
  /** A commit, branch or tag: `HEAD`, `HEAD~1`, `main`. */
  rev: string;
}

export interface RenderRevisionResult {
  rev: string;
  commit: string;
  /** The content hash naming the cache folder (`renders/.revisions/<key>/`). */
  key: string;
  /** The rendered mix at that revision: 32-bit float, so it plays bit for bit as rendered. */
  path: string;
  sampleRate: number;
  frames: number;
  /** Served from the cache without rendering. */
  cached: boolean;
  analysis: MixAnalysis;
}

export interface AnalyseMixParams extends Progressive {
  /** The session as it is now (its text when unsaved): its mix is rendered and measured, then discarded. */
  session: SessionSource;
}

export interface RevisionChunkParams {
  /** A revision render's WAV (`RenderRevisionResult.path`); nothing outside a `renders/.revisions` folder is read. */
  path: string;
  startFrame: number;
  frames: number;
}

export interface SetupGitParams {
  /** The folder of the sessions (inside a git repository). */
  folder: string;
  /** The Mixdown CLI git runs as the session diff driver (the extension's dist/cli.js). */
  cli: string;
}

export interface SetupGitResult {
  folder: string;
  lfs: boolean;
  textconv: string;
  /** What was done, one line each. */
  summary: string[];
}

/** Client -> engine: the commits that changed a session file (`git log`), newest first. */
export const RevisionsRequest = new RequestType<RevisionsParams, RevisionInfo[], EngineErrorData>("mixdown/revisions");

/** Client -> engine: render the session as it was at a revision (file and takes from git), cached by content hash, and measure it. */
export const RenderRevisionRequest = new RequestType<RenderRevisionParams, RenderRevisionResult, EngineErrorData>("mixdown/renderRevision");

/** Client -> engine: render the session's current mix to a scratch file, measure it for A/B, delete it. */
export const AnalyseMixRequest = new RequestType<AnalyseMixParams, MixAnalysis, EngineErrorData>("mixdown/analyseMix");

/** Client -> engine: frames of a revision render, as a live chunk (source `mix`, version 0), for the player's A side. */
export const RevisionChunkRequest = new RequestType<RevisionChunkParams, LiveChunk, EngineErrorData>("mixdown/revisionChunk");

/** Client -> engine: "Set Up Git" for a folder: .gitattributes, .gitignore and the diff driver. */
export const SetupGitRequest = new RequestType<SetupGitParams, SetupGitResult, EngineErrorData>("mixdown/setupGit");

export interface RecordStartParams extends Progressive {
  /** The session; `text` is the editor's text the edits are computed against (default: the file's). */
  session: SessionSource;
  track: string;
  /** Where the session starts playing, in seconds (default 0). */
  from?: number;
  /** Bars of click before `from` (default 0). */
  countIn?: number;
  /** A click during the take. */
  click?: boolean;
  /** Stop by itself after this many seconds; otherwise `mixdown/recordStop` (or cancelling the request) stops it. */
  seconds?: number;
  /** Capture device (default: the track's input block, else "default"). */
  device?: string;
  /** Output the session plays to (default "default"); `null`: record without playing it. */
  output?: string | null;
  /** A capture command template with {rate}, {channels}, {device}, overriding detection. */
  captureCommand?: string;
  /** Input latency to compensate (default: the measured one for this set-up, else 0). */
  latencyMs?: number;
  /** For a new track: the input it records from. */
  input?: string;
}

export interface RecordStartResult {
  /** As the session names it ("takes/vox-3.wav"). */
  take: string;
  /** Absolute path of the take file. */
  path: string;
  /** Timeline position (s) and length of the take. */
  at: number;
  frames: number;
  seconds: number;
  peak: number;
  clipped: boolean;
  placement: "monitor" | "player-start" | "record-start";
  latencyMs: number;
  /** The session edits that make it the track's take (old takes become `alt`), against the `text` sent. */
  edits: TextEdit[];
}

export interface TakeEditsParams {
  /** Absolute path of the session and the text to edit. */
  session: string;
  text: string;
  track: string;
  /** As the session names it. */
  take: string;
  at: number;
  seconds: number;
}

export interface OrphanTakeInfo {
  take: string;
  path: string;
  track: string | null;
  at: number | null;
  seconds: number;
  /** It was left by a recording that never reached the session (it has a journal). */
  crashed: boolean;
  unreadable: string | null;
}

export interface MeasureLatencyParams extends Progressive {
  /** The folder whose `.mixdown/latency.json` stores the result (the workspace folder); none: not stored. */
  folder?: string;
  device?: string;
  output?: string;
  captureCommand?: string;
  rate?: number;
}

export interface MeasureLatencyResult {
  latencyMs: number;
  each: number[];
  placement: string;
  capture: string;
  device: string;
  output: string;
  /** Where it was stored. */
  file: string | null;
}

/** Client -> engine: record a take into `takes/<track>-<n>.wav` while the session plays; resolves when it stops. */
export const RecordStartRequest = new RequestType<RecordStartParams, RecordStartResult, EngineErrorData>("mixdown/recordStart");

export interface CaptureDevicesParams {
  /** A capture command template (a setting): devices cannot be listed then. */
  captureCommand?: string;
}

export interface CaptureDevicesResult {
  /** The capture tool found, or null when none is installed (or a command template is set). */
  tool: string | null;
  /** Device names as the tool takes them; empty when it cannot list them. */
  devices: string[];
}

/** Client -> engine: the capture devices the installed capture tool can list (for the device picker). */
export const CaptureDevicesRequest = new RequestType<CaptureDevicesParams, CaptureDevicesResult, EngineErrorData>("mixdown/captureDevices");

/** Client -> engine: stop the take being recorded (its recordStart then resolves); false when none was. */
export const RecordStopRequest = new RequestType<Record<string, never>, boolean, EngineErrorData>("mixdown/recordStop");

/** Client -> engine: the edits that record a take into a session text (for a text edited while recording). */
export const TakeEditsRequest = new RequestType<TakeEditsParams, TextEdit[], EngineErrorData>("mixdown/takeEdits");

/** Client -> engine: the session now names the take: remove its crash journal. */
export const TakeCommittedRequest = new RequestType<{ path: string }, void, EngineErrorData>("mixdown/takeCommitted");

/** Client -> engine: takes in the session's `takes/` that its text does not name. */
export const OrphanTakesRequest = new RequestType<{ session: string; text: string }, OrphanTakeInfo[], EngineErrorData>("mixdown/orphanTakes");

/** Client -> engine: repair a crashed take's header, and return the edits that add it to the session text. */
export const AdoptTakeRequest = new RequestType<{ session: string; text: string; take: string }, TextEdit[], EngineErrorData>("mixdown/adoptTake");

/** Client -> engine: "Measure Latency": play chirps out, record them back, store the round trip. */
export const MeasureLatencyRequest = new RequestType<MeasureLatencyParams, MeasureLatencyResult, EngineErrorData>("mixdown/measureLatency");

/** Engine -> client, on a request's `progressToken`: how far it got. */
export const EngineProgressType = new ProgressType<EngineProgress>();

/** Engine -> client: a line for the Mixdown output channel. */
export const EngineLogNotification = new NotificationType<{ level: "info" | "warn" | "error"; message: string }>("mixdown/log");

/** Error codes of engine responses (`ResponseError.code`). */
export const EngineErrorCode = {
  /** The request was cancelled; nothing was written and earlier outputs are untouched. */
  Cancelled: -32800,
  /** The session has errors (listed in `data.problems`); nothing was rendered. */
  InvalidSession: 1001,
  /** The engine could not do the work (an unreadable take, a path outside the folder...). */
  Failed: 1002,
} as const;

/** `ResponseError.data`: where the problem is, for the client to point at it. */
export interface EngineErrorData {
  /** The session file the problem is in. */
  path?: string;
  /** The model item's source range (UTF-16 offsets), when the problem is in the text. */
  origin?: Range;
  /** `file:line:col: message` lines for an invalid session. */
  problems?: string[];
}

// Planned for the player (not implemented yet), in the same shape:
//   Client -> engine `mixdown/openSession`   { session: SessionSource } -> { sessionId, sampleRate, frames, tracks }
//   Client -> engine `mixdown/sessionChanged` (notification) { sessionId, text }: re-lower, re-render what changed
//   Client -> engine `mixdown/renderChunk`   { sessionId, startFrame, frames, solo?: string[] }
//       -> { startFrame, frames, sampleRate, channels: string[] (base64 little-endian Float32 per channel), version }
//   Engine -> client `mixdown/sessionRendered` (notification) { sessionId, version, ok, problems? }
