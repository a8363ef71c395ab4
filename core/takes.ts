// Take files: each must exist and be a readable WAV. The file access is
// injected, so core stays free of I/O and the server can cache it.
import type { Range } from "./ast";
import { DiagnosticSink } from "./diagnostics";
import type { SessionModel } from "./model";
import { parseWavHeader, WavError, type WavInfo } from "./wavHeader";

export interface FileProbe {
  /** The first bytes of the file and its size, or undefined if it does not exist; throws if unreadable. */
  head(relativePath: string): { bytes: Uint8Array; size: number } | undefined;
}

export type TakeStatus = { ok: true; info: WavInfo } | { ok: false; code: "take-missing" | "take-unreadable"; why: string };

export function probeTake(probe: FileProbe, path: string): TakeStatus {
  let head;
  try {
    head = probe.head(path);
  } catch (error) {
    return { ok: false, code: "take-unreadable", why: `cannot be read (${(error as Error).message})` };
  }
  if (!head) return { ok: false, code: "take-missing", why: "does not exist" };
  try {
    return { ok: true, info: parseWavHeader(head.bytes, head.size) };
  } catch (error) {
    if (error instanceof WavError) return { ok: false, code: "take-unreadable", why: `is ${error.message}` };
    throw error;
  }
}

export function checkTakes(model: SessionModel, probe: FileProbe, sink: DiagnosticSink): void {
  for (const track of model.tracks) {
    for (const take of [...track.takes, ...track.alternatives]) {
      const status = probeTake(probe, take.path);
      if (status.ok) continue;
      const range: Range = take.pathRange;
      const todo = status.code === "take-missing" ? "Record it, or fix the path (it is relative to the session file)." : "Replace it with a 16/24/32-bit PCM or 32/64-bit float WAV.";
      // A missing alternative does not stop a render; a missing take does.
      const report = track.takes.includes(take) ? sink.error.bind(sink) : sink.warning.bind(sink);
      report(status.code, range, `Take '${take.path}' ${status.why}. ${todo}`);
    }
  }
}
