// The player channel: the extension (client/player*.ts) and the engine's
// cached renderer for the player (engine/player/, handled by
// engine/rpc/player.ts) over the same vscode-jsonrpc connection as
// core/protocol/engine.ts. The client opens a session, sends its text on each
// edit (debounced), and asks for chunks of PCM as the player needs them. The
// engine keeps the last good model when an edit is invalid and says why.
import { RequestType } from "vscode-jsonrpc";
import type { Range } from "../ast";
import type { Curve } from "../model";
import type { EngineErrorData, SessionSource } from "./engine";

/** What the player plays: the mix bus (as `mixdown render` writes it) or the master chain's output. */
export type LiveSource = "mix" | "master";

export interface LiveAutomationInfo {
  /** `gain`, `pan`, `send verb`, `eq.2.freq`... */
  target: string;
  points: { time: number; value: number; curve: Curve; origin: Range }[];
  origin: Range;
}

export interface LiveTakeInfo {
  path: string;
  /** Timeline frames the take covers (end exclusive). */
  start: number;
  end: number;
  origin: Range;
}

export interface LiveChannelInfo {
  id: string;
  kind: "track" | "bus";
  /** Fader gain in dB (null: -inf). */
  gainDb: number | null;
  pan: number;
  out: string;
  mute: boolean;
  solo: boolean;
  /** Plays, given mute and solo. */
  audible: boolean;
  input: string | null;
  takes: LiveTakeInfo[];
  sends: { to: string; levelDb: number | null; pre: boolean }[];
  /** Insert effect types in order (`eq`, `comp`...). */
  inserts: string[];
  automation: LiveAutomationInfo[];
  origin: Range;
}

/** The session as the live renderer holds it. */
export interface LiveState {
  sessionId: string;
  /** Bumped on every accepted model; chunks carry the version they were rendered from. */
  version: number;
  /** The last text sent was valid (false: the last good model keeps playing; see `problems`). */
  ok: boolean;
  /** `line:col: message` of the errors in the last text, when it was not valid. */
  problems: string[];
  title: string;
  sampleRate: number;
  /** Timeline frames: the last take's end plus the tail. */
  frames: number;
  tempo: number | null;
  meter: { beats: number; unit: number };
  inputs: { id: string; device: string; channels: number[]; origin: Range }[];
  channels: LiveChannelInfo[];
  master: { inserts: string[]; gainDb: number | null; loudness: number | null; origin: Range };
  /** Channels whose audio was re-rendered by this version (their inputs or settings changed). */
  rerendered: string[];
}

export interface OpenParams {
  session: SessionSource;
}

export interface UpdateParams {
  sessionId: string;
  text: string;
  /** Play only these channels (as if soloed in the text), or null for the text's own mute and solo. */
  solo?: string[] | null;
}

export interface ChunkParams {
  sessionId: string;
  startFrame: number;
  frames: number;
  source: LiveSource;
}

/** Meter readings every `step` frames across a chunk (linear amplitudes; loudness in LUFS, null for silence). */
export interface ChunkMeters {
  step: number;
  tracks: { id: string; peak: number[]; rms: number[] }[];
  master: { peak: number[]; rms: number[]; momentary: (number | null)[]; shortTerm: (number | null)[] };
  /** Since playback (re)started at a non-contiguous frame. */
  integrated: number | null;
  truePeak: number | null;
}

export interface LiveChunk {
  version: number;
  startFrame: number;
  frames: number;
  sampleRate: number;
  source: LiveSource;
  /** Little-endian Float32 samples, base64, one string per channel (left, right). */
  channels: [string, string];
  /**
   * Some channel was rendered from a warm start (its strip started fresh shortly before the chunk,
   * after an edit or a jump far ahead): the new sound, but reverb and delay tails from before may
   * be missing. Chunks asked for later are exact again once the engine's background render has
   * caught up; the player may ask again for approximate chunks it has not played yet.
   */
  approximate: boolean;
  meters: ChunkMeters;
  /** Milliseconds the engine spent on this chunk. */
  renderMs: number;
}

export interface OverviewParams {
  sessionId: string;
  /** Waveform columns over the whole timeline. */
  columns: number;
}

/** A waveform: min and max per column, interleaved [min0, max0, min1, max1...]. */
export type Peaks = number[];

export interface LiveOverview {
  version: number;
  frames: number;
  columns: number;
  /** Each take's waveform (its file, clip gain and fades), placed on the timeline. */
  tracks: { id: string; peaks: Peaks }[];
  /** The mix bus. */
  mix: Peaks;
  /** Short-term loudness every `interval` seconds (null: silence). */
  loudness: { interval: number; mix: (number | null)[]; master: (number | null)[] };
  /** Integrated loudness and true peak before (mix) and after (master) the chain. */
  before: { integrated: number | null; truePeak: number | null };
  after: { integrated: number | null; truePeak: number | null };
  /** The normalising gain the master chain applies, dB. */
  gainDb: number;
  /** What the chain changed, in words. */
  summary: string[];
}

/** Client -> engine: open a session for live playback. */
export const LiveOpenRequest = new RequestType<OpenParams, LiveState, EngineErrorData>("mixdown/live/open");

/** Client -> engine: the session's text changed; re-render what changed (invalid text keeps the last good model). */
export const LiveUpdateRequest = new RequestType<UpdateParams, LiveState, EngineErrorData>("mixdown/live/update");

/** Client -> engine: render `frames` frames from `startFrame` of the current model. */
export const LiveChunkRequest = new RequestType<ChunkParams, LiveChunk, EngineErrorData>("mixdown/live/chunk");

/** Client -> engine: waveforms and loudness over time for the whole session (slow: renders it all). */
export const LiveOverviewRequest = new RequestType<OverviewParams, LiveOverview, EngineErrorData>("mixdown/live/overview");

/** Client -> engine: forget a session. */
export const LiveCloseRequest = new RequestType<{ sessionId: string }, void, EngineErrorData>("mixdown/live/close");
