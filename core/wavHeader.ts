// Reads a WAV (RIFF, RF64/BW64) header from the first bytes of a file. Pure: the
// caller does the I/O. Used to check takes (core) and to read them (engine).
// Error messages are predicates that read after "<file> is ...".

export type SampleFormat = "int" | "float";

export interface WavInfo {
  format: SampleFormat;
  bitsPerSample: number;
  channels: number;
  sampleRate: number;
  /** Byte offset of the sample data. */
  dataOffset: number;
  /** Bytes of sample data the header declares (clamped by the caller to the file size). */
  dataBytes: number;
  frames: number;
}

export class WavError extends Error {}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Parses the header. `head` must contain everything up to the start of the
 * `data` chunk (64 KiB is plenty for real files); `fileSize` bounds the data.
 */
export function parseWavHeader(head: Uint8Array, fileSize: number): WavInfo {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (head.byteLength < 12) throw new WavError(`only ${head.byteLength} bytes long; a WAV file has at least a 44-byte header`);
  const riff = ascii(head, 0);
  const rf64 = riff === "RF64" || riff === "BW64";
  if (riff !== "RIFF" && !rf64) throw new WavError("not a WAV file (no RIFF header)");
  if (ascii(head, 8) !== "WAVE") throw new WavError("a RIFF file but not WAVE audio");
  let fmt: Omit<WavInfo, "dataOffset" | "dataBytes" | "frames"> | undefined;
  let ds64Data: number | undefined;
  let pos = 12;
  while (pos + 8 <= head.byteLength) {
    const id = ascii(head, pos);
    const size = view.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === "ds64" && body + 16 <= head.byteLength) {
      ds64Data = view.getUint32(body + 8, true) + view.getUint32(body + 12, true) * 2 ** 32;
    } else if (id === "fmt ") {
      fmt = readFmt(view, body, size);
    } else if (id === "data") {
      if (!fmt) throw new WavError("a broken WAV file (its data chunk comes before its fmt chunk)");
      const declared = rf64 && size === 0xffffffff && ds64Data !== undefined ? ds64Data : size;
      const available = Math.max(0, fileSize - body);
      const frameBytes = (fmt.bitsPerSample / 8) * fmt.channels;
      const dataBytes = Math.min(declared, available);
      return { ...fmt, dataOffset: body, dataBytes, frames: Math.floor(dataBytes / frameBytes) };
    }
    pos = body + size + (size & 1);
  }
  throw new WavError(`missing its ${fmt ? "data" : "fmt"} chunk (the file may be truncated)`);
}

function readFmt(view: DataView, at: number, size: number): Omit<WavInfo, "dataOffset" | "dataBytes" | "frames"> {
  if (size < 16) throw new WavError("a broken WAV file (its fmt chunk is too short)");
  if (at + 16 > view.byteLength) throw new WavError("missing part of its fmt chunk (the file may be truncated)");
  let tag = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bitsPerSample = view.getUint16(at + 14, true);
  if (tag === FORMAT_EXTENSIBLE && size >= 40 && at + 26 <= view.byteLength) tag = view.getUint16(at + 24, true);
  if (tag !== FORMAT_PCM && tag !== FORMAT_FLOAT) throw new WavError(`in WAV format code ${tag}; Mixdown reads PCM and IEEE float WAV`);
  if (channels < 1 || channels > 32) throw new WavError(`a WAV file declaring ${channels} channels; Mixdown reads 1 to 32`);
  if (sampleRate < 1000 || sampleRate > 768000) throw new WavError(`a WAV file declaring an absurd sample rate of ${sampleRate} Hz`);
  const format = tag === FORMAT_FLOAT ? "float" : "int";
  const valid = format === "float" ? [32, 64] : [16, 24, 32];
  if (!valid.includes(bitsPerSample)) throw new WavError(`a WAV file of ${bitsPerSample}-bit ${format} samples; Mixdown reads 16/24/32-bit int and 32/64-bit float`);
  if (blockAlign !== 0 && blockAlign !== (bitsPerSample / 8) * channels) {
    throw new WavError(`a broken WAV file (${blockAlign}-byte frames declared for ${channels} channels of ${bitsPerSample} bits)`);
  }
  return { format, bitsPerSample, channels, sampleRate };
}

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}
