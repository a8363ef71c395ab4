// A mix measured as a whole for A/B comparison (core/protocol/engine.ts
// `MixAnalysis`): BS.1770 integrated and short-term loudness, and the
// long-term average spectrum of the mid signal in third-octave bands. Reads
// the WAV block by block; two mixes measured here can be subtracted band by band.
import type { MixAnalysis } from "../../core/protocol/revision";
import { openWavReader } from "../io/wavRead";
import { LoudnessMeter } from "../loudness";
import { CancelledError } from "../render/errors";
import { PowerSpectrum } from "./spectrum";

const FFT_SIZE = 4096;
const HOP = FFT_SIZE / 2;
const BLOCK = 65536;

/** Third-octave band centres from 25 Hz to 20 kHz (IEC 61260 nominal series, base-10). */
export const BAND_HZ = Array.from({ length: 30 }, (_, i) => Math.round(Math.pow(10, (14 + i) / 10) * 100) / 100);

const round = (v: number, digits = 100) => Math.round(v * digits) / digits;
const finite = (v: number) => (Number.isFinite(v) ? round(v) : null);

export async function analyseWav(path: string, signal?: AbortSignal): Promise<MixAnalysis & { sampleRate: number; frames: number }> {
  const reader = openWavReader(path);
  try {
    const channels = reader.channels;
    const meter = new LoudnessMeter(reader.sampleRate, channels, { keepHistory: true });
    const fft = new PowerSpectrum(FFT_SIZE);
    const power = new Float64Array(FFT_SIZE / 2 + 1);
    const block = Array.from({ length: channels }, () => new Float32Array(BLOCK));
    // The mid signal, with the unfinished window carried over from one block to the next.
    const mid = new Float64Array(BLOCK + FFT_SIZE);
    let held = 0;
    let windows = 0;
    let blocks = 0;
    for (let n = reader.read(BLOCK, block); n > 0; n = reader.read(BLOCK, block)) {
      if (++blocks % 8 === 0) {
        await new Promise((r) => setImmediate(r));
        if (signal?.aborted) throw new CancelledError();
      }
      meter.push(block, n);
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let c = 0; c < channels; c++) v += block[c][i];
        mid[held + i] = v / channels;
      }
      held += n;
      let at = 0;
      for (; at + FFT_SIZE <= held; at += HOP, windows++) fft.power(mid.subarray(at, at + FFT_SIZE), power);
      mid.copyWithin(0, at, held);
      held -= at;
    }
    const r = meter.result();
    return {
      sampleRate: reader.sampleRate,
      frames: reader.frames,
      integrated: finite(r.integrated),
      shortTerm: { interval: LoudnessMeter.historyInterval, values: Array.from(meter.shortTermHistory(), finite) },
      spectrum: bands(power, Math.max(1, windows), fft.windowPower, reader.sampleRate),
    };
  } finally {
    reader.close();
  }
}

/** Mean power per third-octave band, in dB relative to a full-scale sine. */
function bands(power: Float64Array, windows: number, windowPower: number, sampleRate: number): MixAnalysis["spectrum"] {
  const binHz = sampleRate / FFT_SIZE;
  const db: number[] = [];
  for (const centre of BAND_HZ) {
    const lo = centre / Math.pow(2, 1 / 6);
    const hi = centre * Math.pow(2, 1 / 6);
    let sum = 0;
    for (let k = Math.max(1, Math.ceil(lo / binHz)); k <= Math.min(power.length - 1, Math.floor(hi / binHz)); k++) sum += power[k];
    // Parseval: a full-scale sine's bins sum to size * windowPower / 4 per window, which reads 0 dB.
    const level = (4 * sum) / (windows * windowPower * FFT_SIZE);
    db.push(level > 0 ? round(10 * Math.log10(level)) : -120);
  }
  return { hz: BAND_HZ, db };
}
