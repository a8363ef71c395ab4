// Alias levels by FFT, for the oversampled processors (saturate, clipper):
// the level of every component of a processed sine that is not one of its
// harmonics below Nyquist, relative to the fundamental. A harmonic above
// Nyquist folds back into the band: those folded components are the aliases.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Fft } from "../../engine/dsp/fft";
import { readWav } from "../../engine/io/wavRead";
import { writeWav } from "../../engine/io/wavWrite";

/** FFT size of the measurement: 2^16 frames (1.37 s at 48 kHz). */
export const ALIAS_FFT = 1 << 16;
/** Kaiser β of the analysis window: sidelobes near -190 dB, main lobe within ±7 bins. */
const BETA = 20;
/** Bins either side of a harmonic that belong to it (its window's main lobe). */
const GUARD = 12;

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 200 && term > 1e-30 * sum; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

/** A sine of `amplitude` at `freq` Hz, `frames` long. */
export function sine(freq: number, amplitude: number, frames: number, sampleRate: number): Float32Array {
  return Float32Array.from({ length: frames }, (_, n) => amplitude * Math.sin((2 * Math.PI * freq * n) / sampleRate));
}

export interface AliasLevel {
  /** The loudest component that is not a harmonic below Nyquist, dB re the fundamental. */
  worstDb: number;
  /** Where it is, Hz. */
  atHz: number;
}

/** The alias level of `y` (a processed sine of `freq` Hz) over ALIAS_FFT frames from `from`. */
export function aliasLevel(y: Float32Array, from: number, freq: number, sampleRate: number): AliasLevel {
  const n = ALIAS_FFT;
  if (y.length < from + n) throw new Error(`aliasLevel: needs ${from + n} frames, has ${y.length}`);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const norm = besselI0(BETA);
  for (let i = 0; i < n; i++) {
    const r = (2 * i) / (n - 1) - 1;
    re[i] = y[from + i] * (besselI0(BETA * Math.sqrt(Math.max(0, 1 - r * r))) / norm);
  }
  new Fft(n).transform(re, im);
  const mag = (k: number) => Math.hypot(re[k], im[k]);
  const binHz = sampleRate / n;
  const harmonic = (k: number) => {
    for (let h = freq; h < sampleRate / 2; h += freq) if (Math.abs(k * binHz - h) <= GUARD * binHz) return true;
    return false;
  };
  const f0 = Math.round(freq / binHz);
  let fundamental = 0;
  for (let k = f0 - GUARD; k <= f0 + GUARD; k++) fundamental = Math.max(fundamental, mag(k));
  let worst = 0;
  let at = 0;
  for (let k = 0; k <= n / 2; k++) {
    if (harmonic(k)) continue;
    if (mag(k) > worst) {
      worst = mag(k);
      at = k;
    }
  }
  return { worstDb: 20 * Math.log10(worst / fundamental), atHz: at * binHz };
}

/** Runs one channel through ffmpeg's filter `af` via float WAV files; returns its output. */
export function ffmpegFilter(input: Float32Array, sampleRate: number, af: string): Float32Array {
  const dir = mkdtempSync(join(tmpdir(), "mixdown-ffmpeg-"));
  try {
    writeWav(join(dir, "in.wav"), [input], sampleRate, 32);
    const r = spawnSync("ffmpeg", ["-v", "error", "-y", "-i", join(dir, "in.wav"), "-af", af, "-c:a", "pcm_f32le", join(dir, "out.wav")], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`ffmpeg -af ${af} failed: ${r.stderr}`);
    return readWav(join(dir, "out.wav")).data[0];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
