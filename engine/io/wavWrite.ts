// Fast WAV writing straight to `path` (the caller renames a temp file if it
// wants atomicity). The header always reserves a 28-byte JUNK chunk so the file
// can turn into RF64 in place when it passes 4 GiB; sizes are patched on every
// flush() and close(). Float samples are interleaved into one reusable, aligned
// block buffer; integer samples are rounded and dithered by a kernel into its memory.
// Told the length the file will have, the writer puts the final sizes in the
// header at once and hashes the file as it writes it (`sha256`), so a render
// need not read its output back to report its hash.
import { createHash, type Hash } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";
import { endianness } from "node:os";
import { MAX_BLOCK_FRAMES } from "../dsp/block";
import { kernels, PCM_BYTES } from "../dsp/wasm/kernels";

export type WavBits = 16 | 24 | 32;

export interface WavWriterOptions {
  sampleRate: number;
  channels: number;
  /** 16 or 24 = signed integer PCM, 32 = IEEE float. */
  bits: WavBits;
  /**
   * Added to each integer sample, in LSB units, before rounding (e.g. TPDF
   * noise). Not used for float output.
   */
  dither?: DitherSource;
  /** Largest RIFF size before switching to RF64; only tests lower it. */
  riffLimit?: number;
  /**
   * The frames the file will hold when closed, if known: the header gets its
   * final sizes at once and the writer hashes the file as it goes (see
   * `WavWriter.sha256`). Writing another number of frames is allowed; the
   * sizes are patched as usual and there is no hash.
   */
  frames?: number;
}

/** Values to add to integer samples before rounding, a block of one channel at a time, in order. */
export interface DitherSource {
  /** Writes `channel`'s next `frames` values, in LSB units, to `out[0..frames)`. */
  fill(channel: number, out: Float64Array, frames: number): void;
}

export interface WavWriter {
  readonly path: string;
  /** Frames written so far. */
  readonly frames: number;
  /** Appends `frames` frames from one array per channel. */
  write(planar: readonly Float32Array[], frames: number): void;
  /** Makes the header describe everything written so far. */
  flush(): void;
  close(): void;
  /**
   * After `close`, the SHA-256 (hex) of the whole file, when it was opened
   * with `frames` and got exactly that many (and stayed plain RIFF); else undefined.
   */
  readonly sha256: string | undefined;
}

const RIFF_MAX = 0xffffffff;
const BLOCK_BYTES = 1 << 20;
/** Speaker masks for 1..8 channels (WAVE_FORMAT_EXTENSIBLE). */
const CHANNEL_MASKS = [0x4, 0x3, 0x7, 0x33, 0x37, 0x3f, 0x13f, 0x63f];
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

if (endianness() !== "LE") throw new Error("Mixdown's WAV writer needs a little-endian machine");

/** Writes a whole file in one go. */
export function writeWav(path: string, data: readonly Float32Array[], sampleRate: number, bits: WavBits): void {
  const frames = data.length > 0 ? data[0].length : 0;
  if (data.some((d) => d.length !== frames)) throw new Error(`Cannot write ${path}: its channels have different lengths`);
  const writer = createWavWriter(path, { sampleRate, channels: data.length, bits });
  try {
    writer.write(data, frames);
  } finally {
    writer.close();
  }
}

export function createWavWriter(path: string, options: WavWriterOptions): WavWriter {
  checkOptions(path, options);
  let fd: number;
  try {
    fd = openSync(path, "w");
  } catch (error) {
    throw new Error(`Cannot create the WAV file ${path}: ${(error as Error).message}. Check that its folder exists and is writable.`);
  }
  return new BlockWriter(path, fd, options);
}

function checkOptions(path: string, o: WavWriterOptions): void {
  const bad = (what: string) => new Error(`Cannot write ${path}: ${what}`);
  if (!Number.isInteger(o.channels) || o.channels < 1 || o.channels > 32) throw bad(`${o.channels} channels (1 to 32 are allowed)`);
  if (!Number.isInteger(o.sampleRate) || o.sampleRate < 1000 || o.sampleRate > 768000) throw bad(`sample rate ${o.sampleRate} Hz (1000 to 768000 are allowed)`);
  if (o.bits !== 16 && o.bits !== 24 && o.bits !== 32) throw bad(`${String(o.bits)} bits (16, 24 or 32 float are allowed)`);
}

/** Where each header field lives; the layout never changes, so patches are in place. */
interface Layout {
  bytes: Uint8Array;
  factAt: number | undefined;
  dataSizeAt: number;
  dataOffset: number;
}

function buildHeader(o: WavWriterOptions): Layout {
  const float = o.bits === 32;
  const extensible = o.channels > 2;
  const fmtSize = extensible ? 40 : float ? 18 : 16;
  const size = 12 + 36 + 8 + fmtSize + (float ? 12 : 0) + 8;
  const bytes = new Uint8Array(size);
  const v = new DataView(bytes.buffer);
  const tag = (at: number, id: string) => { for (let i = 0; i < 4; i++) bytes[at + i] = id.charCodeAt(i); };
  tag(0, "RIFF"); tag(8, "WAVE");
  tag(12, "JUNK"); v.setUint32(16, 28, true);
  const fmt = 48;
  tag(fmt, "fmt "); v.setUint32(fmt + 4, fmtSize, true);
  writeFmt(v, fmt + 8, fmtSize, o);
  let at = fmt + 8 + fmtSize;
  let factAt: number | undefined;
  if (float) {
    tag(at, "fact"); v.setUint32(at + 4, 4, true);
    factAt = at + 8;
    at += 12;
  }
  tag(at, "data");
  return { bytes, factAt, dataSizeAt: at + 4, dataOffset: at + 8 };
}

/** The fmt chunk's body: plain PCM/float for mono and stereo, WAVE_FORMAT_EXTENSIBLE beyond. */
function writeFmt(v: DataView, at: number, fmtSize: number, o: WavWriterOptions): void {
  const float = o.bits === 32;
  const extensible = fmtSize === 40;
  const frameBytes = (o.bits / 8) * o.channels;
  v.setUint16(at, extensible ? 0xfffe : float ? 3 : 1, true);
  v.setUint16(at + 2, o.channels, true);
  v.setUint32(at + 4, o.sampleRate, true);
  v.setUint32(at + 8, o.sampleRate * frameBytes, true);
  v.setUint16(at + 12, frameBytes, true);
  v.setUint16(at + 14, o.bits, true);
  if (fmtSize >= 18) v.setUint16(at + 16, fmtSize - 18, true);
  if (!extensible) return;
  v.setUint16(at + 18, o.bits, true);
  v.setUint32(at + 20, CHANNEL_MASKS[o.channels - 1] ?? 0, true);
  v.setUint16(at + 24, float ? 3 : 1, true);
  new Uint8Array(v.buffer).set(GUID_TAIL, at + 26);
}

class BlockWriter implements WavWriter {
  frames = 0;
  sha256: string | undefined;
  private fd: number | undefined;
  /** Hashes the file's bytes in order while it is written for the planned length (options.frames). */
  private hash: Hash | undefined;
  private rf64 = false;
  private readonly layout: Layout;
  private readonly frameBytes: number;
  private readonly riffLimit: number;
  private readonly bytes: Uint8Array;
  private readonly encoder: Encoder;

  constructor(readonly path: string, fd: number, private readonly options: WavWriterOptions) {
    this.fd = fd;
    this.layout = buildHeader(options);
    this.frameBytes = (options.bits / 8) * options.channels;
    this.riffLimit = options.riffLimit ?? RIFF_MAX;
    const capacity = Math.max(1, Math.floor(BLOCK_BYTES / this.frameBytes)) * this.frameBytes;
    this.bytes = new Uint8Array(new ArrayBuffer(capacity));
    this.encoder = encoder(options, this.bytes);
    try {
      this.put(this.plannedHeader(), 0);
    } catch (error) {
      closeSync(fd);
      this.fd = undefined;
      throw error;
    }
  }

  write(planar: readonly Float32Array[], frames: number): void {
    this.checkOpen();
    const { channels } = this.options;
    if (planar.length < channels) throw new Error(`Cannot write ${this.path}: ${planar.length} arrays given for ${channels} channels`);
    for (let c = 0; c < channels; c++) {
      if (planar[c].length < frames) throw new Error(`Cannot write ${this.path}: channel ${c} holds fewer than ${frames} samples`);
    }
    for (let done = 0; done < frames; ) {
      const n = Math.min(this.encoder.maxFrames, frames - done);
      const bytes = n * this.frameBytes;
      if (!this.rf64 && this.riffSize(this.dataBytes() + bytes, true) > this.riffLimit) this.switchToRf64();
      const encoded = this.encoder.encode(planar, done, n);
      this.put(encoded, this.layout.dataOffset + this.dataBytes());
      if (this.hash && this.frames + n > this.options.frames!) this.hash = undefined;
      this.hash?.update(encoded);
      this.frames += n;
      done += n;
    }
  }

  flush(): void {
    this.checkOpen();
    this.patchSizes(false);
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      // A RIFF chunk of odd size is followed by a pad byte.
      const pad = this.dataBytes() % 2 === 1;
      if (pad) this.put(new Uint8Array(1), this.layout.dataOffset + this.dataBytes());
      this.patchSizes(pad);
      if (this.hash && this.frames === this.options.frames && !this.rf64) {
        if (pad) this.hash.update(new Uint8Array(1));
        this.sha256 = this.hash.digest("hex");
      }
    } finally {
      this.hash = undefined;
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  /**
   * The header to start with: as laid out, or, for a planned length that fits
   * plain RIFF, with that length's sizes already in it, and hashing begun.
   */
  private plannedHeader(): Uint8Array {
    const planned = this.options.frames;
    if (planned === undefined || !Number.isInteger(planned) || planned < 0) return this.layout.bytes;
    const data = planned * this.frameBytes;
    const riff = this.riffSize(data, true);
    if (riff > this.riffLimit) return this.layout.bytes;
    const header = this.layout.bytes.slice();
    const v = new DataView(header.buffer);
    v.setUint32(4, riff, true);
    v.setUint32(this.layout.dataSizeAt, data, true);
    if (this.layout.factAt !== undefined) v.setUint32(this.layout.factAt, planned, true);
    this.hash = createHash("sha256").update(header);
    return header;
  }

  private dataBytes(): number {
    return this.frames * this.frameBytes;
  }

  /** The RIFF size for `dataBytes` of samples, counting the pad byte if there is one. */
  private riffSize(dataBytes: number, pad: boolean): number {
    return this.layout.dataOffset - 8 + dataBytes + (pad ? dataBytes % 2 : 0);
  }

  private switchToRf64(): void {
    this.rf64 = true;
    const head = new Uint8Array([0x52, 0x46, 0x36, 0x34, 0xff, 0xff, 0xff, 0xff]); // "RF64", -1
    this.put(head, 0);
    this.put(new Uint8Array([0x64, 0x73, 0x36, 0x34]), 12); // "ds64" replaces "JUNK"
    this.patchSizes(false);
  }

  private patchSizes(pad: boolean): void {
    const data = this.dataBytes();
    const patch = new DataView(new ArrayBuffer(28));
    const at = (offset: number, value: number) => {
      patch.setUint32(0, value, true);
      this.put(new Uint8Array(patch.buffer, 0, 4), offset);
    };
    if (!this.rf64) {
      at(4, this.riffSize(data, pad));
      at(this.layout.dataSizeAt, data);
      if (this.layout.factAt !== undefined) at(this.layout.factAt, this.frames);
      return;
    }
    const u64 = (offset: number, value: number) => {
      patch.setUint32(offset, value % 2 ** 32, true);
      patch.setUint32(offset + 4, Math.floor(value / 2 ** 32), true);
    };
    u64(0, this.riffSize(data, pad));
    u64(8, data);
    u64(16, this.frames);
    patch.setUint32(24, 0, true);
    this.put(new Uint8Array(patch.buffer), 20);
    at(this.layout.dataSizeAt, RIFF_MAX);
    if (this.layout.factAt !== undefined) at(this.layout.factAt, RIFF_MAX);
  }

  private put(bytes: Uint8Array, position: number): void {
    const fd = this.checkOpen();
    try {
      for (let done = 0; done < bytes.byteLength; ) done += writeSync(fd, bytes, done, bytes.byteLength - done, position + done);
    } catch (error) {
      throw new Error(`Cannot write ${this.path}: ${(error as Error).message}. Is the disk full?`);
    }
  }

  private checkOpen(): number {
    if (this.fd === undefined) throw new Error(`${this.path} was written after it was closed`);
    return this.fd;
  }
}

/** Encodes frames [from, from + frames) of each channel, interleaved, and returns the bytes (valid until the next call). */
interface Encoder {
  encode(planar: readonly Float32Array[], from: number, frames: number): Uint8Array;
  /** The most frames one call takes. */
  readonly maxFrames: number;
}

/**
 * Float samples are interleaved into `bytes`' aligned buffer (two channels by
 * the kernel `interleave2`); integer samples are rounded (and dithered) by a kernel.
 */
function encoder(o: WavWriterOptions, bytes: Uint8Array): Encoder {
  const ch = o.channels;
  if (o.bits === 32 && ch === 2) {
    const k = kernels();
    return {
      maxFrames: Math.min(MAX_BLOCK_FRAMES, PCM_BYTES / 8),
      encode(planar, from, frames) {
        k.input.set(planar[0].subarray(from, from + frames));
        k.input2.set(planar[1].subarray(from, from + frames));
        k.interleave2(frames);
        return k.pcm.subarray(0, 8 * frames);
      },
    };
  }
  if (o.bits === 32) {
    const dst = new Float32Array(bytes.buffer);
    return {
      maxFrames: bytes.byteLength / (4 * ch),
      encode(planar, from, frames) {
        for (let c = 0; c < ch; c++) {
          const src = planar[c];
          for (let i = 0, j = c; i < frames; i++, j += ch) dst[j] = src[from + i];
        }
        return bytes.subarray(0, 4 * ch * frames);
      },
    };
  }
  return integerEncoder(ch, o.bits / 8, o.dither);
}

/**
 * Integer PCM of `width` bytes: v = x 2^(8 width - 1) + (d + 0.5), d the
 * dither value in LSB units (0 without one), clamped to the integer range and
 * floored (the same as rounding, in one kernel pass a channel: `encodeInt`).
 * Each channel's dither values for the call are filled first, in the
 * kernels' NOISE, where `TpdfDither` writes them in place.
 */
function integerEncoder(ch: number, width: number, dither: DitherSource | undefined): Encoder {
  const k = kernels();
  const scale = 2 ** (8 * width - 1);
  const maxFrames = Math.min(MAX_BLOCK_FRAMES, Math.floor(PCM_BYTES / (width * ch)));
  return {
    maxFrames,
    encode(planar, from, frames) {
      for (let c = 0; c < ch; c++) {
        k.input.set(planar[c].subarray(from, from + frames));
        if (dither) dither.fill(c, k.noise, frames);
        k.encodeInt(frames, width * c, width * ch, scale, width, dither ? 1 : 0);
      }
      return k.pcm.subarray(0, width * ch * frames);
    },
  };
}
