// Putting a recorded take into the session file on disk: the edits from core/recordEdit, written
// through a temporary file and a rename, so the file is either the old one or the new one.
import { closeSync, fsyncSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { applyEdits, recordTakeEdits, takePaths, type RecordedTake } from "../../core/recordEdit";
import { parseWavHeader } from "../../core/wavHeader";

/** Seconds of audio in a WAV file, or undefined when it cannot be read. */
export function wavSeconds(path: string): number | undefined {
  try {
    const fd = openSync(path, "r");
    try {
      const head = new Uint8Array(65536);
      const n = readSync(fd, head, 0, head.length, 0);
      const info = parseWavHeader(head.subarray(0, n), statSync(path).size);
      return info.frames / info.sampleRate;
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** Writes `text` to `path` through a temporary file beside it and a rename. */
export function writeAtomically(path: string, text: string): void {
  const temp = join(dirname(path), `.${Date.now()}-${process.pid}.tmp`);
  writeFileSync(temp, text);
  const fd = openSync(temp, "r");
  fsyncSync(fd);
  closeSync(fd);
  renameSync(temp, path);
}

/** The session text with `take` recorded into it (existing take lengths read from disk). */
export function sessionWithTake(sessionPath: string, text: string, take: Omit<RecordedTake, "takeLengths">): string {
  const folder = dirname(resolve(sessionPath));
  const lengths = new Map<string, number>();
  for (const path of takePaths(text).get(take.track) ?? []) {
    const seconds = wavSeconds(resolve(folder, path));
    if (seconds !== undefined) lengths.set(path, seconds);
  }
  return applyEdits(text, recordTakeEdits(text, { ...take, takeLengths: lengths }));
}

/** Re-reads the session (it may have changed while recording), records the take into it, writes it. */
export function commitTake(sessionPath: string, take: Omit<RecordedTake, "takeLengths">): string {
  const text = readFileSync(sessionPath, "utf8");
  const next = sessionWithTake(sessionPath, text, take);
  writeAtomically(sessionPath, next);
  return next;
}
