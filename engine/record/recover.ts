// Crashed takes: WAV files in takes/ that the session does not name (a recording that never
// reached the session edit). Listed so the caller can offer to add them; a take whose header
// lags behind its data (the process died between syncs) can be repaired to cover every whole
// frame on disk.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { takePaths } from "../../core/recordEdit";
import { parseWavHeader, WavError } from "../../core/wavHeader";
import { journalPath, type TakeJournal } from "./takeWriter";

export interface OrphanTake {
  /** As the session would name it ("takes/vox-3.wav"). */
  relative: string;
  path: string;
  /** The track it was recorded for: from its journal, or its name (`<track>-<n>.wav`). */
  track: string | undefined;
  /** Its timeline position from the journal, if any. */
  at: number | undefined;
  /** Frames the header declares, and frames the file holds. */
  frames: number;
  framesOnDisk: number;
  sampleRate: number;
  channels: number;
  /** Why it cannot be added, when it is not a readable WAV. */
  unreadable?: string;
}

function head(path: string): { bytes: Uint8Array; size: number } {
  const fd = openSync(path, "r");
  try {
    const bytes = new Uint8Array(65536);
    return { bytes: bytes.subarray(0, readSync(fd, bytes, 0, bytes.length, 0)), size: statSync(path).size };
  } finally {
    closeSync(fd);
  }
}

function readJournal(path: string): TakeJournal | undefined {
  try {
    return JSON.parse(readFileSync(journalPath(path), "utf8")) as TakeJournal;
  } catch {
    return undefined;
  }
}

/** Takes in `<folder>/takes` that `sessionText` does not name. */
export function findOrphanTakes(folder: string, sessionText: string): OrphanTake[] {
  const dir = join(folder, "takes");
  if (!existsSync(dir)) return [];
  const named = new Set([...takePaths(sessionText).values()].flat().map((p) => p.replace(/\\/g, "/").replace(/^\.\//, "")));
  const out: OrphanTake[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!/\.wav$/i.test(name)) continue;
    const relative = `takes/${name}`;
    if (named.has(relative)) continue;
    const path = join(dir, name);
    const journal = readJournal(path);
    const track = journal?.track ?? /^(.+)-\d+\.wav$/i.exec(name)?.[1];
    const base = { relative, path, track, at: journal?.at };
    try {
      const h = head(path);
      const info = parseWavHeader(h.bytes, Number.MAX_SAFE_INTEGER);
      const frameBytes = (info.bitsPerSample / 8) * info.channels;
      const onDisk = Math.floor(Math.max(0, h.size - info.dataOffset) / frameBytes);
      out.push({ ...base, frames: Math.min(info.frames, onDisk), framesOnDisk: onDisk, sampleRate: info.sampleRate, channels: info.channels });
    } catch (error) {
      if (!(error instanceof WavError)) throw error;
      out.push({ ...base, frames: 0, framesOnDisk: 0, sampleRate: 0, channels: 0, unreadable: error.message });
    }
  }
  return out;
}

/** Makes a take's header (as written by TakeWriter) cover every whole frame on disk. */
export function repairTake(take: OrphanTake): void {
  if (take.unreadable || take.framesOnDisk === take.frames) return;
  const h = head(take.path);
  const info = parseWavHeader(h.bytes, Number.MAX_SAFE_INTEGER);
  const data = take.framesOnDisk * (info.bitsPerSample / 8) * info.channels;
  const view = new DataView(h.bytes.buffer, h.bytes.byteOffset, h.bytes.byteLength);
  const fd = openSync(take.path, "r+");
  try {
    const put = (at: number, value: number) => {
      const b = new Uint8Array(4);
      new DataView(b.buffer).setUint32(0, value, true);
      writeSync(fd, b, 0, 4, at);
    };
    put(4, info.dataOffset - 8 + data);
    put(info.dataOffset - 4, data);
    // A float take's fact chunk counts frames.
    for (let pos = 12; pos + 8 <= info.dataOffset; pos += 8 + view.getUint32(pos + 4, true)) {
      if (String.fromCharCode(...h.bytes.subarray(pos, pos + 4)) === "fact") put(pos + 8, take.framesOnDisk);
    }
  } finally {
    closeSync(fd);
  }
  take.frames = take.framesOnDisk;
}

/** Removes a take's journal once the session names it. */
export function forgetJournal(takePath: string): void {
  if (existsSync(journalPath(takePath))) unlinkSync(journalPath(takePath));
}
