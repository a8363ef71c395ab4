// The render channel (client -> engine, see engine.ts): render the mix and
// its stems, master it, measure a file's loudness. Handled by engine/rpc/render.ts.
import { RequestType } from "vscode-jsonrpc";
import type { EngineErrorData, Progressive, SessionSource } from "./engine";
import type { LoudnessFigures, MasteringReport, RenderReport } from "./report";

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

/** Client -> engine: render the mix (and stems when asked); writes the WAV and its report. */
export const RenderRequest = new RequestType<RenderParams, RenderResult, EngineErrorData>("mixdown/render");

/** Client -> engine: master the mix to the session's loudness target; writes the export and its report. */
export const MasterRequest = new RequestType<MasterParams, MasterResult, EngineErrorData>("mixdown/master");

/** Client -> engine: render one stem per track (post-fader) into a folder. */
export const ExportStemsRequest = new RequestType<StemsParams, StemsResult, EngineErrorData>("mixdown/exportStems");

/** Client -> engine: measure a WAV file's loudness. */
export const LoudnessRequest = new RequestType<LoudnessParams, LoudnessWire, EngineErrorData>("mixdown/loudness");
