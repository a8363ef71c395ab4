// The render report: written by the engine beside each render as
// `renders/<session>-mix.report.json`, read by the language server (inlay
// hints at track headers) and the extension (status bar).
// Sender: engine (file on disk). Readers: server, client.

export const REPORT_VERSION = 1;

export interface TrackReport {
  id: string;
  /** Sample peak of the track's output, dBFS (null for silence). */
  peak: number | null;
  /** Integrated loudness of the track's output, LUFS (-Infinity written as null). */
  loudness: number | null;
}

export interface RenderReport {
  version: typeof REPORT_VERSION;
  /** The rendered file, relative to the session's folder. */
  output: string;
  duration: number;
  integrated: number | null;
  truePeak: number | null;
  sha256: string;
  tracks: TrackReport[];
}

/** Where the report of a session's mix render lives, relative to the session's folder. */
export function reportPath(sessionStem: string): string {
  return `renders/${sessionStem}-mix.report.json`;
}

/** Reads a report from JSON text; undefined when it is not a report of this version. */
export function parseReport(json: string): RenderReport | undefined {
  try {
    const value = JSON.parse(json) as Partial<RenderReport>;
    if (value.version !== REPORT_VERSION || !Array.isArray(value.tracks)) return undefined;
    const tracksOk = value.tracks.every((t) => typeof t?.id === "string" && (typeof t.peak === "number" || t.peak === null));
    return tracksOk ? (value as RenderReport) : undefined;
  } catch {
    return undefined;
  }
}

/** Loudness of a programme as written to a report: null where it is silent. */
export interface LoudnessFigures {
  integrated: number | null;
  range: number | null;
  truePeak: number | null;
  samplePeak: number | null;
  momentaryMax: number | null;
  shortTermMax: number | null;
}

/**
 * The mastering report, written by the engine process beside the mix report as
 * `renders/<session>-master.report.json` after `mixdown/master`.
 * Sender: engine (file on disk, and the `mixdown/master` response). Readers: client.
 */
export interface MasteringReport {
  version: typeof REPORT_VERSION;
  /** The mastered file, relative to the session's folder. */
  output: string;
  sha256: string;
  before: LoudnessFigures;
  after: LoudnessFigures;
  /** Normalising gain applied before the limiter, dB. */
  gainDb: number;
  limiter: { max: number; average: number };
  /** The loudness target, LUFS (null: none set). */
  target: number | null;
  reachedTarget: boolean;
  /** What the chain changed, in words. */
  summary: string[];
}

export function masterReportPath(sessionStem: string): string {
  return `renders/${sessionStem}-master.report.json`;
}

/** Reads a mastering report from JSON text; undefined when it is not one of this version. */
export function parseMasteringReport(json: string): MasteringReport | undefined {
  try {
    const value = JSON.parse(json) as Partial<MasteringReport>;
    if (value.version !== REPORT_VERSION || typeof value.output !== "string" || !value.after || !Array.isArray(value.summary)) return undefined;
    return value as MasteringReport;
  } catch {
    return undefined;
  }
}
