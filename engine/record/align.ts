// Alignment: where a known signal sits inside a capture (FFT cross-correlation), and when a
// capture stream's frames were heard, on this process's clock (the lower envelope of arrival
// time minus audio time: delivery only ever adds delay, so the smallest offset is the truest).
import { Fft } from "../dsp/fft";

export interface Lag {
  /** Frame of `capture` where `reference` starts. */
  lag: number;
  /** Normalised correlation at that lag (1 = identical shape). */
  score: number;
}

/** The lag (>= 0) at which `reference` best matches inside `capture`. */
export function bestLag(capture: Float32Array, reference: Float32Array): Lag {
  let n = 1;
  while (n < capture.length + reference.length) n <<= 1;
  const [ar, ai, br, bi] = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  ar.set(capture);
  br.set(reference);
  const fft = new Fft(n);
  fft.transform(ar, ai);
  fft.transform(br, bi);
  for (let i = 0; i < n; i++) {
    const [r, im] = [ar[i] * br[i] + ai[i] * bi[i], ai[i] * br[i] - ar[i] * bi[i]];
    ar[i] = r;
    ai[i] = im;
  }
  fft.transform(ar, ai, true);
  let best = 0;
  for (let lag = 1; lag <= capture.length - reference.length; lag++) if (ar[lag] > ar[best]) best = lag;
  let [ee, rr] = [0, 0];
  for (let i = 0; i < reference.length; i++) {
    rr += reference[i] * reference[i];
    ee += capture[best + i] * capture[best + i];
  }
  const score = ee > 0 && rr > 0 ? ar[best] / n / Math.sqrt(ee * rr) : 0;
  return { lag: best, score };
}

/** One channel (or the sum of all) of interleaved samples, from frame `from` for `frames` frames. */
export function mono(interleaved: Float32Array, channels: number, from = 0, frames = interleaved.length / channels - from): Float32Array {
  const out = new Float32Array(Math.max(0, Math.min(frames, interleaved.length / channels - from)));
  for (let i = 0; i < out.length; i++) {
    let v = 0;
    for (let c = 0; c < channels; c++) v += interleaved[(from + i) * channels + c];
    out[i] = v;
  }
  return out;
}

/** The first frame whose magnitude exceeds `threshold`, or -1. */
export function firstAbove(signal: Float32Array, threshold: number): number {
  for (let i = 0; i < signal.length; i++) if (Math.abs(signal[i]) > threshold) return i;
  return -1;
}

/** Maps a capture stream's frame count to this process's clock (ms, performance.now()). */
export class StreamClock {
  frames = 0;
  /** min over chunks of (arrival - frames / rate), in ms. */
  private offset = Infinity;
  constructor(readonly rate: number) {}

  /** Call when `frames` more frames have arrived. */
  arrived(frames: number, now = performance.now()): void {
    this.frames += frames;
    this.offset = Math.min(this.offset, now - (this.frames / this.rate) * 1000);
  }

  /** The time (ms) at which frame `f` was captured, plus the stream's smallest delivery delay. */
  timeOf(f: number): number {
    return this.offset + (f / this.rate) * 1000;
  }

  /** The (fractional) frame captured at time `t` (ms). */
  frameAt(t: number): number {
    return ((t - this.offset) / 1000) * this.rate;
  }

  get known(): boolean {
    return Number.isFinite(this.offset);
  }
}
