// Known test signals, and how a capture is compared with one: align by cross-correlation (the
// recorders' start-up delays differ), skip the damaged first milliseconds, measure the error.
import { CHANNELS, RATE } from "./pulse";

/** Interleaved stereo float32 at RATE. */
export type Stereo = Float32Array;

/** A deterministic stereo signal: a logarithmic sweep on the left, seeded noise on the right. */
export function knownSignal(seconds: number, amplitude = 0.5): Stereo {
  const frames = Math.round(seconds * RATE);
  const out = new Float32Array(frames * CHANNELS);
  const [f0, f1] = [200, 8000];
  const k = Math.log(f1 / f0);
  let seed = 0x2545f491;
  for (let i = 0; i < frames; i++) {
    const t = i / RATE;
    out[i * 2] = amplitude * Math.sin(((2 * Math.PI * f0 * seconds) / k) * (Math.exp((k * t) / seconds) - 1));
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    out[i * 2 + 1] = (amplitude / 2) * ((seed / 0x100000000) * 2 - 1);
  }
  return out;
}

/** One channel of an interleaved signal. */
export function channel(signal: Stereo, index: number): Float32Array {
  const out = new Float32Array(signal.length / CHANNELS);
  for (let i = 0; i < out.length; i++) out[i] = signal[i * CHANNELS + index];
  return out;
}

/** In-place radix-2 FFT of (re, im); `inverse` computes the unscaled inverse. */
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const angle = ((inverse ? 2 : -2) * Math.PI) / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k++) {
        const [c, s] = [Math.cos(angle * k), Math.sin(angle * k)];
        const a = start + k;
        const b = a + size / 2;
        const tr = re[b] * c - im[b] * s;
        const ti = re[b] * s + im[b] * c;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}

/** The lag (in frames) at which `reference` best matches inside `capture`, by FFT cross-correlation. */
export function bestLag(capture: Float32Array, reference: Float32Array): number {
  let n = 1;
  while (n < capture.length + reference.length) n <<= 1;
  const [ar, ai, br, bi] = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  ar.set(capture);
  br.set(reference);
  fft(ar, ai, false);
  fft(br, bi, false);
  for (let i = 0; i < n; i++) {
    const [r, im] = [ar[i] * br[i] + ai[i] * bi[i], ai[i] * br[i] - ar[i] * bi[i]];
    ar[i] = r;
    ai[i] = im;
  }
  fft(ar, ai, true);
  let best = 0;
  for (let lag = 1; lag <= capture.length - reference.length; lag++) if (ar[lag] > ar[best]) best = lag;
  return best;
}

export interface Comparison {
  /** Where the signal starts in the capture, in frames. */
  lag: number;
  /** Largest absolute sample difference over the compared part. */
  maxError: number;
  /** RMS of the difference relative to the signal's RMS, in dB (-Infinity when identical). */
  errorDb: number;
  /** How many frames were compared. */
  frames: number;
}

/** Aligns `capture` to `signal` on the left channel and compares both channels, skipping `skipMs` at the start. */
export function compare(capture: Stereo, signal: Stereo, skipMs = 20): Comparison {
  const frames = signal.length / CHANNELS;
  if (capture.length / CHANNELS < frames) throw new Error(`the capture (${capture.length / CHANNELS} frames) is shorter than the signal (${frames})`);
  const lag = bestLag(channel(capture, 0), channel(signal, 0));
  const skip = Math.round((skipMs / 1000) * RATE);
  let [maxError, errorEnergy, energy] = [0, 0, 0];
  for (let i = skip * CHANNELS; i < signal.length; i++) {
    const d = capture[lag * CHANNELS + i] - signal[i];
    maxError = Math.max(maxError, Math.abs(d));
    errorEnergy += d * d;
    energy += signal[i] * signal[i];
  }
  const errorDb = errorEnergy === 0 ? -Infinity : 10 * Math.log10(errorEnergy / energy);
  return { lag, maxError, errorDb, frames: frames - skip };
}

/** Peak absolute level of a signal. */
export function peak(signal: Float32Array): number {
  let p = 0;
  for (const v of signal) p = Math.max(p, Math.abs(v));
  return p;
}
