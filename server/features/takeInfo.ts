// What a take file is: duration, rate, channels, format and peak level.
// Read once per file version (path, size and modification time).
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { formatClock } from "../../core/timebase";
import { openWavReader } from "../../engine/io/wavRead";

const cache = new Map<string, string>();

export function takeSummary(folder: string, path: string): string {
  const full = resolve(folder, path);
  let key: string;
  try {
    const st = statSync(full);
    key = `${full}:${st.size}:${st.mtimeMs}`;
  } catch {
    return `**${path}**: the file does not exist.`;
  }
  const hit = cache.get(key);
  if (hit) return hit;
  let text: string;
  try {
    const wav = openWavReader(full);
    let peak = 0;
    try {
      peak = streamPeak(wav);
    } finally {
      wav.close();
    }
    const peakDb = peak > 0 ? `${(20 * Math.log10(peak)).toFixed(1)} dBFS` : "silent";
    const format = `${wav.info.bitsPerSample}-bit ${wav.info.format === "float" ? "float" : "PCM"}`;
    text = `**${path}**: ${formatClock(wav.frames / wav.sampleRate)}, ${wav.sampleRate} Hz, ${wav.channels === 1 ? "mono" : wav.channels === 2 ? "stereo" : `${wav.channels} channels`}, ${format}, peak ${peakDb}.`;
  } catch (error) {
    text = `**${path}**: ${(error as Error).message}`;
  }
  cache.set(key, text);
  return text;
}

/** The sample peak, read in blocks so a long take never sits in memory. */
function streamPeak(reader: ReturnType<typeof openWavReader>): number {
  const block = Array.from({ length: reader.channels }, () => new Float32Array(65536));
  let peak = 0;
  for (let n = reader.read(65536, block); n > 0; n = reader.read(65536, block)) {
    for (const ch of block) for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(ch[i]));
  }
  return peak;
}
