// The webview channel: the player's page (webview/) and the extension
// (client/player*.ts) over postMessage. Each direction is one tagged union,
// handled by an exhaustive switch on `type`. The webview never talks to the
// engine: the extension forwards its chunk requests (core/protocol/player.ts).
import type { RecordLevel } from "./record";
import type { MixAnalysis } from "./revision";
import type { LiveChunk, LiveOverview, LiveSource, LiveState } from "./player";

export type PlayerView = "recording" | "mixing" | "mastering";
export type TransportState = "loading" | "stopped" | "playing" | "paused";
/** In A/B mode: A is the mix at a revision (a render read from its file), B the current mix (live). */
export type AbSide = "A" | "B";

/** What the webview needs to compare the current mix with a revision's. */
export interface CompareView {
  /** The revision as asked (`HEAD`), its commit, and a label for people (`HEAD · 1a2b3c4 louder vox`). */
  rev: string;
  commit: string;
  label: string;
  /** Length of the revision's render, frames at `sampleRate`. */
  frames: number;
  sampleRate: number;
  /** The revision's render was already in the cache. */
  cached: boolean;
  a: MixAnalysis;
  /** The current mix, measured the same way; null while it is being measured (after an edit, again). */
  b: MixAnalysis | null;
}

/** A stretch of audio the webview scheduled and played (cut short when an edit replaced its end). */
export interface PlayedChunk {
  startFrame: number;
  frames: number;
  /** The session version it was rendered from. */
  version: number;
  source: LiveSource;
  /** In A/B mode, the side heard (a stretch is split where the side was switched). */
  side?: AbSide;
  /** `pcmHash` of the frames played. */
  hash: string;
}

/** What the webview reports about playback (also mirrored on `<main id="mixdown-player">`). */
export interface PlayerStatus {
  state: TransportState;
  /** Playhead, seconds on the session's timeline. */
  position: number;
  /** The AudioContext's clock, seconds. */
  contextTime: number;
  /** The newest session version heard. */
  version: number;
  source: LiveSource;
  view: PlayerView;
  /** The last played stretches, oldest first (at most PLAYED_KEPT). */
  played: PlayedChunk[];
  /** Running hash over every played stretch's hash since the last stop. */
  playedHash: string;
  /** Times the playhead caught up with the audio scheduled ahead. */
  underruns: number;
  /** From pressing play to the first sound being scheduled, ms. */
  startLatencyMs: number | null;
  /**
   * A/B mode (null outside it): the side heard, the revision, and the loudness matching:
   * `offsetDb` is A's integrated loudness minus B's (null until both are measured); the
   * louder side is turned down by its size.
   */
  ab: { side: AbSide; rev: string; offsetDb: number | null } | null;
  /** The Recording view's take (data-recording, data-record-peak): recording now, and the take's peak (linear). */
  recording: { active: boolean; peak: number };
}

export const PLAYED_KEPT = 256;

/** The take being recorded (Record Track), as the Recording view shows it. */
export type RecordingUpdate =
  | { phase: "start"; track: string; from: number }
  /** About every 100 ms: the meter, and the waveform columns since the last one. */
  | { phase: "level"; level: RecordLevel }
  /** `take` is null when the recording failed or was not added. */
  | { phase: "stop"; take: string | null; seconds: number; peak: number; clipped: boolean };

/** Webview -> extension. */
export type PlayerToHost =
  | { type: "ready" }
  | { type: "chunk"; seq: number; startFrame: number; frames: number; source: LiveSource }
  | { type: "overview"; columns: number }
  | { type: "reveal"; channel: string }
  | { type: "solo"; channels: string[] | null }
  | { type: "status"; status: PlayerStatus }
  /** The user closed the A/B comparison. */
  | { type: "endCompare" }
  /** The Record/Stop button: record `track` (null: the extension asks) from the playhead, or stop. */
  | { type: "record"; action: "start" | "stop"; track: string | null }
  | { type: "error"; message: string };

/** Extension -> webview. */
export type HostToPlayer =
  | { type: "session"; state: LiveState }
  /** In A/B mode `revision` holds the same frames of the revision's render (the A side; `chunk` is B). */
  | { type: "chunk"; seq: number; chunk: LiveChunk; revision?: LiveChunk }
  | { type: "chunkFailed"; seq: number; message: string }
  | { type: "overview"; overview: LiveOverview }
  | { type: "transport"; action: "playPause" | "play" | "pause" | "stop"; at?: number }
  | { type: "cursor"; channel: string | null; lane: number | null; time: number | null }
  | { type: "engineError"; message: string }
  /** Enter A/B mode (or update its measurements), or leave it (null). */
  | { type: "compare"; compare: CompareView | null }
  /** Hear A, B, or the other side (a command or its key binding). */
  | { type: "ab"; side: AbSide | "toggle" }
  | { type: "recording"; update: RecordingUpdate };

/**
 * FNV-1a (32-bit) over the little-endian bytes of frames [from, to) of the
 * left channel, then the right: the hash the webview reports for what it
 * played, and tests compute over the engine's render of the same frames.
 */
export function pcmHash(channels: readonly Float32Array[], from: number, to: number): string {
  let h = 0x811c9dc5;
  const word = new Float32Array(1);
  const bytes = new Uint8Array(word.buffer);
  const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  for (const ch of channels) {
    const view = new Uint8Array(ch.buffer, ch.byteOffset + from * 4, (to - from) * 4);
    if (littleEndian) {
      for (let i = 0; i < view.length; i++) h = Math.imul(h ^ view[i], 0x01000193);
      continue;
    }
    for (let i = from; i < to; i++) {
      word[0] = ch[i];
      for (let b = 3; b >= 0; b--) h = Math.imul(h ^ bytes[b], 0x01000193);
    }
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** Folds a played stretch into the running hash. */
export function foldHash(running: string, played: PlayedChunk): string {
  let h = parseInt(running, 16) >>> 0;
  for (const c of `${played.startFrame}:${played.frames}:${played.hash};`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}
