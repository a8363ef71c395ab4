// Fast WAV reading: the header comes from core's pure parser, the samples are
// converted with typed-array loops over one reusable, aligned block buffer.
// `openWavReader` streams a take block by block; `readWav` loads a whole file.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { endianness } from "node:os";
import { parseWavHeader, WavError, type WavInfo } from "../../core/wavHeader";

export interface WavData {
  sampleRate: number;
  channels: number;
  frames: number;
  /** One array per channel, samples in [-1, 1) for integer files. */
  data: Float32Array[];
  info: WavInfo;
}

export interface WavReader {
  readonly path: string;
  readonly info: WavInfo;
  readonly sampleRate: number;
  readonly channels: number;
  readonly frames: number;
  /** The next frame `read` returns. */
  readonly position: number;
  /**
   * Reads up to `frames` frames into `out[channel][offset ..]` and returns how
   * many it read (fewer only at the end of the data).
   */
  read(frames: number, out: Float32Array[], offset?: number): number;
  /**
   * `read` without the copy, for a mono 32-bit float file: up to `frames`
   * frames (fewer only at the end of the data) as a view of the reader's
   * buffer, valid until the next read or seek. Undefined for other formats.
   */
  readView?(frames: number): Float32Array | undefined;
  /** Moves to a frame (clamped to the data). */
  seek(frame: number): void;
  close(): void;
}

/** Headers larger than this (metadata chunks before the data) are refused. */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;
const BLOCK_BYTES = 1 << 20;

if (endianness() !== "LE") throw new Error("Mixdown's WAV reader needs a little-endian machine");

/** Reads a whole WAV file into one Float32Array per channel. */
export function readWav(path: string): WavData {
  const reader = openWavReader(path);
  try {
    const data = Array.from({ length: reader.channels }, () => new Float32Array(reader.frames));
    const got = reader.read(reader.frames, data);
    if (got !== reader.frames) throw new Error(`${path} shrank while it was being read (${got} of ${reader.frames} frames)`);
    return { sampleRate: reader.sampleRate, channels: reader.channels, frames: reader.frames, data, info: reader.info };
  } finally {
    reader.close();
  }
}

/** Opens a WAV file for block-by-block reading. Throws an Error naming the file if it is not a readable WAV. */
export function openWavReader(path: string): WavReader {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw new Error(`Cannot open the WAV file ${path}: ${describe(error)}. Check the path and the file's permissions.`);
  }
  try {
    return new BlockReader(path, fd, readHeader(path, fd));
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function readHeader(path: string, fd: number): WavInfo {
  const size = fstatSync(fd).size;
  let want = Math.min(size, 64 * 1024);
  for (;;) {
    const head = new Uint8Array(want);
    const got = readSync(fd, head, 0, want, 0);
    try {
      return parseWavHeader(head.subarray(0, got), size);
    } catch (error) {
      if (!(error instanceof WavError)) throw error;
      // A large metadata chunk may hide the data chunk: look further, within reason.
      const missing = error.message.startsWith("missing");
      if (missing && want < size && want < MAX_HEADER_BYTES) {
        want = Math.min(size, want * 4, MAX_HEADER_BYTES);
        continue;
      }
      throw new Error(`${path} is ${error.message}. Replace it with a 16/24/32-bit PCM or 32/64-bit float WAV.`);
    }
  }
}

class BlockReader implements WavReader {
  readonly sampleRate: number;
  readonly channels: number;
  readonly frames: number;
  position = 0;
  private readonly frameBytes: number;
  private readonly bytes: Uint8Array;
  private readonly convert: Convert;
  /** For a mono 32-bit float file, the buffer's samples (readView). */
  private readonly samples?: Float32Array;
  private fd: number | undefined;
  /** Frames of the file held in `bytes`: [bufferStart, bufferEnd). Reads fill the whole buffer, so a
   * take read 4096 frames at a time costs one system call per megabyte, not one per block. */
  private bufferStart = 0;
  private bufferEnd = 0;

  constructor(readonly path: string, fd: number, readonly info: WavInfo) {
    this.fd = fd;
    this.sampleRate = info.sampleRate;
    this.channels = info.channels;
    this.frames = info.frames;
    this.frameBytes = (info.bitsPerSample / 8) * info.channels;
    const capacity = Math.max(1, Math.floor(BLOCK_BYTES / this.frameBytes)) * this.frameBytes;
    this.bytes = new Uint8Array(new ArrayBuffer(capacity));
    this.convert = converter(info, this.bytes);
    if (info.format === "float" && info.bitsPerSample === 32 && info.channels === 1) this.samples = new Float32Array(this.bytes.buffer);
  }

  read(frames: number, out: Float32Array[], offset = 0): number {
    const fd = this.checkOpen();
    if (out.length < this.channels) throw new Error(`${this.path} has ${this.channels} channels but only ${out.length} output arrays were given`);
    const want = Math.max(0, Math.min(Math.floor(frames), this.frames - this.position));
    for (let c = 0; c < this.channels; c++) {
      if (out[c].length < offset + want) throw new Error(`output array ${c} is shorter than ${offset + want} samples (reading ${this.path})`);
    }
    let done = 0;
    while (done < want) {
      if (this.position < this.bufferStart || this.position >= this.bufferEnd) {
        if (!this.fill(fd)) break;
      }
      const n = Math.min(this.bufferEnd - this.position, want - done);
      this.convert(this.position - this.bufferStart, n, out, offset + done);
      this.position += n;
      done += n;
    }
    return done;
  }

  readView(frames: number): Float32Array | undefined {
    const fd = this.checkOpen();
    if (!this.samples) return undefined;
    const capacity = this.bytes.byteLength / this.frameBytes;
    const want = Math.max(0, Math.min(Math.floor(frames), this.frames - this.position, capacity));
    // The buffer holds [bufferStart, bufferEnd): refill from the position when the frames run past it.
    if (this.position < this.bufferStart || this.position + want > this.bufferEnd) this.fill(fd);
    const n = Math.min(want, this.bufferEnd - this.position);
    const from = this.position - this.bufferStart;
    this.position += n;
    return this.samples.subarray(from, from + n);
  }

  /** Reads as much of the data from `position` as the buffer holds; false at the end of the file. */
  private fill(fd: number): boolean {
    const capacity = this.bytes.byteLength / this.frameBytes;
    const frames = Math.min(capacity, this.frames - this.position);
    const filePos = this.info.dataOffset + this.position * this.frameBytes;
    const got = Math.floor(readFully(fd, this.bytes, frames * this.frameBytes, filePos) / this.frameBytes);
    this.bufferStart = this.position;
    this.bufferEnd = this.position + got;
    return got > 0;
  }

  seek(frame: number): void {
    this.checkOpen();
    this.position = Math.max(0, Math.min(this.frames, Math.floor(frame)));
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private checkOpen(): number {
    if (this.fd === undefined) throw new Error(`${this.path} was read after it was closed`);
    return this.fd;
  }
}

function readFully(fd: number, into: Uint8Array, length: number, position: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, into, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** Converts `frames` frames from frame `from` of the buffer into `out[channel][offset ..]`. */
type Convert = (from: number, frames: number, out: Float32Array[], offset: number) => void;

/** Picks the deinterleaving loop for the sample format; views share `bytes`' aligned buffer. */
function converter(info: WavInfo, bytes: Uint8Array): Convert {
  const buffer = bytes.buffer;
  const ch = info.channels;
  if (info.format === "float") {
    return info.bitsPerSample === 64 ? deinterleave(new Float64Array(buffer), ch, 1) : deinterleave(new Float32Array(buffer), ch, 1);
  }
  if (info.bitsPerSample === 16) return deinterleave(new Int16Array(buffer), ch, 1 / 32768);
  if (info.bitsPerSample === 32) return deinterleave(new Int32Array(buffer), ch, 1 / 2147483648);
  return deinterleave24(bytes, ch);
}

type Samples = Int16Array | Int32Array | Float32Array | Float64Array;

function deinterleave(src: Samples, channels: number, scale: number): Convert {
  return (from, frames, out, offset) => {
    for (let c = 0; c < channels; c++) {
      const dst = out[c];
      if (channels === 1 && scale === 1) dst.set((src as Float32Array).subarray(from, from + frames), offset);
      else for (let i = 0, j = from * channels + c; i < frames; i++, j += channels) dst[offset + i] = src[j] * scale;
    }
  };
}

function deinterleave24(src: Uint8Array, channels: number): Convert {
  const stride = 3 * channels;
  return (from, frames, out, offset) => {
    for (let c = 0; c < channels; c++) {
      const dst = out[c];
      for (let i = 0, j = from * stride + 3 * c; i < frames; i++, j += stride) {
        // Build the sample in the top 24 bits so the sign comes for free.
        dst[offset + i] = ((src[j] << 8) | (src[j + 1] << 16) | (src[j + 2] << 24)) * (1 / 2147483648);
      }
    }
  };
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "it does not exist";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a folder";
  return error instanceof Error ? error.message : String(error);
}
