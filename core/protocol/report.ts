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
