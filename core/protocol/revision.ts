// The revision channel (client -> engine, see engine.ts): A/B with a commit
// (its render, measured; the current mix measured; frames of the A side) and
// "Set Up Git". Handled by engine/rpc/revision.ts and revisionChunk.ts.
import { RequestType } from "vscode-jsonrpc";
import type { EngineErrorData, Progressive, SessionSource } from "./engine";
import type { LiveChunk } from "./player";

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
