// A take written as it is captured: `takes/<track>-<n>.wav` (the first free n, created with the
// exclusive `wx` flag so no file is ever overwritten), 32-bit float, its header made to describe
// everything written (and the file synced to disk) at least once a second. If the process or the
// machine dies mid-take, the file is a readable WAV holding everything up to the last sync.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createWavWriter, type WavWriter } from "../io/wavWrite";

export interface TakeFile {
  /** Absolute path. */
  path: string;
  /** As written in the session ("takes/vox-3.wav"). */
  relative: string;
}

/** Creates the first free `takes/<track>-<n>.wav` under `folder`, exclusively. */
export function reserveTake(folder: string, track: string): TakeFile & { fd: number } {
  const dir = join(folder, "takes");
  mkdirSync(dir, { recursive: true });
  for (let n = 1; n < 100_000; n++) {
    const relative = `takes/${track}-${n}.wav`;
    const path = join(folder, relative);
    try {
      return { path, relative, fd: openSync(path, "wx") };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new Error(`Cannot create the take ${path}: ${(error as Error).message}. Check that ${dir} is writable.`);
    }
  }
  throw new Error(`Cannot find a free take name in ${dir}`);
}

/** What a take's journal (`<take>.json` beside it, removed once the session names the take) records. */
export interface TakeJournal {
  session: string;
  track: string;
  /** Best estimate of the take's timeline position so far, in seconds. */
  at: number;
  startedAt: string;
}

export const journalPath = (take: string): string => `${take}.json`;

export class TakeWriter {
  readonly take: TakeFile;
  private readonly fd: number;
  private readonly writer: WavWriter;
  private readonly planar: Float32Array[];
  private pending = new Uint8Array(0);
  private lastSync = Date.now();
  private closed = false;

  constructor(folder: string, track: string, readonly rate: number, readonly channels: number, readonly syncMs = 1000) {
    const reserved = reserveTake(folder, track);
    this.take = { path: reserved.path, relative: reserved.relative };
    this.fd = reserved.fd;
    // The name is ours (created with wx); the writer reopens it to write the header and samples.
    this.writer = createWavWriter(reserved.path, { sampleRate: rate, channels, bits: 32 });
    this.writer.flush();
    fsyncSync(this.fd);
    this.planar = Array.from({ length: channels }, () => new Float32Array(8192));
  }

  get frames(): number {
    return this.writer.frames;
  }

  journal(j: TakeJournal): void {
    writeFileSync(journalPath(this.take.path), JSON.stringify(j, null, 2) + "\n");
  }

  /** Appends raw interleaved f32le bytes (any length: a partial frame waits for the rest). */
  write(bytes: Uint8Array): void {
    const frameBytes = 4 * this.channels;
    let data = bytes;
    if (this.pending.length > 0) {
      data = new Uint8Array(this.pending.length + bytes.length);
      data.set(this.pending);
      data.set(bytes, this.pending.length);
    }
    const whole = data.length - (data.length % frameBytes);
    this.pending = data.slice(whole);
    const aligned = new Float32Array(data.slice(0, whole).buffer);
    const frames = whole / frameBytes;
    for (let done = 0; done < frames; ) {
      const n = Math.min(8192, frames - done);
      for (let c = 0; c < this.channels; c++) {
        const dst = this.planar[c];
        for (let i = 0; i < n; i++) dst[i] = aligned[(done + i) * this.channels + c];
      }
      this.writer.write(this.planar, n);
      done += n;
    }
    if (Date.now() - this.lastSync >= this.syncMs) this.sync();
  }

  /** Makes the header describe everything written and pushes it to the disk. */
  sync(): void {
    if (this.closed) return;
    this.writer.flush();
    fsyncSync(this.fd);
    this.lastSync = Date.now();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.writer.close();
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

/**
 * Drops the first `frames` frames of a closed 32-bit float take: writes the rest beside it and
 * renames it over the original once complete, so a crash in between leaves the original.
 */
export function trimTakeStart(path: string, rate: number, channels: number, dataOffset: number, totalFrames: number, frames: number): void {
  if (frames <= 0) return;
  const temp = `${path}.trim-${process.pid}`;
  const keep = Math.max(0, totalFrames - frames);
  const writer = createWavWriter(temp, { sampleRate: rate, channels, bits: 32 });
  const fd = openSync(path, "r");
  try {
    const block = 16384;
    const bytes = new Uint8Array(block * channels * 4);
    const planar = Array.from({ length: channels }, () => new Float32Array(block));
    for (let done = 0; done < keep; ) {
      const n = Math.min(block, keep - done);
      const got = readSync(fd, bytes, 0, n * channels * 4, dataOffset + (frames + done) * channels * 4);
      const f = new Float32Array(bytes.buffer, 0, Math.floor(got / 4 / channels) * channels);
      const m = f.length / channels;
      if (m === 0) break;
      for (let c = 0; c < channels; c++) for (let i = 0; i < m; i++) planar[c][i] = f[i * channels + c];
      writer.write(planar, m);
      done += m;
    }
    writer.close();
  } catch (error) {
    writer.close();
    if (existsSync(temp)) unlinkSync(temp);
    throw error;
  } finally {
    closeSync(fd);
  }
  const sync = openSync(temp, "r");
  fsyncSync(sync);
  closeSync(sync);
  renameSync(temp, path);
}
