// The recording channel (client -> engine, see engine.ts): record a take,
// stop it, list devices, the edits that name a take, crashed takes, latency.
// Handled by engine/rpc/record.ts; progress reports carry the input level.
import { RequestType } from "vscode-jsonrpc";
import type { TextEdit } from "../recordEdit";
import type { EngineErrorData, Progressive, SessionSource } from "./engine";

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
