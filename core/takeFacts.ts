// What a take file is, for hover: its format and length from the header, and
// its sample peak, streamed through an injected reader a megabyte at a time
// (so a long take never sits in memory, and the caller never blocks on it).
import { formatClock } from "./timebase";
import type { FileProbe } from "./takes";
import { parseWavHeader, WavError, type WavInfo } from "./wavHeader";

/** A FileProbe that can also stamp a file's version and read its bytes asynchronously. */
export interface TakeReader extends FileProbe {
  /** Changes whenever the file does (path, size, modification time); undefined if it does not exist. */
  stamp(path: string): string | undefined;
  /** Up to `length` bytes from `offset` (fewer at the end of the file). */
  read(path: string, offset: number, length: number): Promise<Uint8Array>;
}

export interface TakeFacts {
  info: WavInfo;
  /** The largest sample magnitude, as the engine reads the samples (float32, full scale 1). */
  peak: number;
}

const CHUNK_BYTES = 1 << 20;

export async function takeFacts(reader: TakeReader, path: string): Promise<TakeFacts> {
  const head = reader.head(path);
  if (!head) throw new WavError("missing: the file does not exist");
  const info = parseWavHeader(head.bytes, head.size);
  const frameBytes = (info.bitsPerSample / 8) * info.channels;
  const end = info.dataOffset + info.frames * frameBytes;
  const chunk = Math.max(frameBytes, CHUNK_BYTES - (CHUNK_BYTES % frameBytes));
  let peak = 0;
  for (let at = info.dataOffset; at < end; at += chunk) {
    const bytes = await reader.read(path, at, Math.min(chunk, end - at));
    peak = Math.max(peak, samplePeak(bytes, info));
    if (bytes.length < Math.min(chunk, end - at)) break;
  }
  return { info, peak };
}

/** The largest magnitude among little-endian samples, scaled as engine/io/wavRead.ts scales them. */
export function samplePeak(bytes: Uint8Array, info: WavInfo): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = info.bitsPerSample / 8;
  const count = Math.floor(bytes.length / size);
  const sample = sampleAt(view, info);
  let peak = 0;
  for (let i = 0; i < count; i++) {
    const v = Math.abs(sample(i * size));
    if (v > peak) peak = v;
  }
  return peak;
}

function sampleAt(view: DataView, info: WavInfo): (at: number) => number {
  if (info.format === "float") return info.bitsPerSample === 64 ? (at) => Math.fround(view.getFloat64(at, true)) : (at) => view.getFloat32(at, true);
  if (info.bitsPerSample === 16) return (at) => Math.fround(view.getInt16(at, true) / 32768);
  if (info.bitsPerSample === 32) return (at) => Math.fround(view.getInt32(at, true) / 2147483648);
  // 24-bit: the sample in the top 24 bits of an int32, so the sign comes for free.
  return (at) => Math.fround(((view.getUint8(at) << 8) | (view.getUint8(at + 1) << 16) | (view.getUint8(at + 2) << 24)) / 2147483648);
}

/** The hover line: `**path**: 0:20.000, 48000 Hz, mono, 16-bit PCM, peak -3.1 dBFS.` */
export function describeTake(path: string, facts: TakeFacts): string {
  const { info, peak } = facts;
  const peakDb = peak > 0 ? `${(20 * Math.log10(peak)).toFixed(1)} dBFS` : "silent";
  const format = `${info.bitsPerSample}-bit ${info.format === "float" ? "float" : "PCM"}`;
  const layout = info.channels === 1 ? "mono" : info.channels === 2 ? "stereo" : `${info.channels} channels`;
  return `**${path}**: ${formatClock(info.frames / info.sampleRate)}, ${info.sampleRate} Hz, ${layout}, ${format}, peak ${peakDb}.`;
}
