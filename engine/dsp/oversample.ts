// The oversampler shared by the nonlinear processors (saturate, clipper): a
// direct 8x polyphase interpolator and decimator around a nonlinearity that
// the caller applies in place at the 8x rate.
//
// One linear-phase lowpass, designed once at construction, serves both ways:
// a Kaiser-windowed sinc of TAPS = 345 taps at 8x the base rate, cut off at
// the base rate's Nyquist (fs/2, 24 kHz at 48 kHz), with its transition band
// from 5/12 to 7/12 of the base rate (20..28 kHz at 48 kHz) and the Kaiser β
// for 110 dB of stopband rejection. Passband ripple is then ~3e-5 dB,
// and anything the nonlinearity makes above 28 kHz (at 48 kHz) is 110 dB down
// before it can fold back into the base band; harmonics beyond the 8x rate's
// Nyquist (192 kHz) still fold at the 8x rate, which is why the factor is 8:
// a smooth curve's harmonics have died away by then.
//
// Each filter delays by (TAPS - 1) / 2 = 172 samples at 8x; the two together
// by 344 = 43 · 8, a whole number of base-rate frames: LATENCY = 43.
//
// Use: `up(input, from, count, scratch)` writes count · 8 samples into
// scratch; the caller shapes scratch[0 .. count·8) in place; `down(scratch,
// count, output, from)` writes count base-rate frames. Work in chunks of at
// most CHUNK_FRAMES frames (scratch holds CHUNK_FRAMES · FACTOR samples).
// One Oversampler is one channel's state. Nothing is allocated after
// construction.

/** The oversampling factor. */
export const FACTOR = 8;
/** Taps of the lowpass at the oversampled rate: FACTOR · LATENCY + 1. */
export const TAPS = 345;
/** Base-rate frames by which up → down delays the signal (the processors' latency). */
export const LATENCY = (TAPS - 1) / FACTOR;
/** Largest count of base-rate frames per `up` / `down` call. */
export const CHUNK_FRAMES = 256;
/** Stopband rejection the Kaiser window is designed for, in dB. */
export const STOPBAND_DB = 110;
/** Taps per polyphase branch of the interpolator (branch p uses taps p, p + 8, ...; zero-padded). */
const BRANCH = Math.ceil(TAPS / FACTOR);

/** Zeroth-order modified Bessel function of the first kind (series), for the Kaiser window. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 64 && term > 1e-20 * sum; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

/**
 * The lowpass: TAPS Kaiser-windowed sinc taps cut off at 1 / (2 · FACTOR) of
 * the oversampled rate, normalised to unity gain at DC.
 */
export function designLowpass(): Float64Array {
  const beta = 0.1102 * (STOPBAND_DB - 8.7);
  const centre = (TAPS - 1) / 2;
  const h = new Float64Array(TAPS);
  const norm = besselI0(beta);
  let sum = 0;
  for (let i = 0; i < TAPS; i++) {
    const t = i - centre;
    const sinc = t === 0 ? 1 : Math.sin((Math.PI * t) / FACTOR) / ((Math.PI * t) / FACTOR);
    const r = t / centre;
    h[i] = (sinc * besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r)))) / norm;
    sum += h[i];
  }
  for (let i = 0; i < TAPS; i++) h[i] /= sum;
  return h;
}

/** The lowpass's magnitude at `f` (a fraction of the oversampled rate), linear. */
export function lowpassMagnitude(h: Float64Array, f: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < h.length; i++) {
    re += h[i] * Math.cos(2 * Math.PI * f * i);
    im -= h[i] * Math.sin(2 * Math.PI * f * i);
  }
  return Math.hypot(re, im);
}

const LOWPASS = designLowpass();

export class Oversampler {
  /** Interpolator branches: branches[p · BRANCH + j] = FACTOR · h[p + FACTOR · j] (0 past the end). */
  private readonly branches = new Float64Array(FACTOR * BRANCH);
  /** The decimator's taps, reversed so a window of the history (oldest first) dots with them. */
  private readonly reversed = new Float64Array(TAPS + FACTOR - 1);
  /** Base-rate input history, written twice (at i and i + BRANCH) so a window is contiguous. */
  private readonly inputs = new Float64Array(2 * BRANCH);
  private inputAt = 0;
  /** Oversampled history, written twice likewise; the decimator's window is its last TAPS + 7 samples. */
  private readonly shaped = new Float64Array(2 * (TAPS + FACTOR - 1));
  private shapedAt = 0;

  constructor() {
    for (let p = 0; p < FACTOR; p++) {
      for (let j = 0; j < BRANCH; j++) {
        const k = p + FACTOR * j;
        this.branches[p * BRANCH + j] = k < TAPS ? FACTOR * LOWPASS[k] : 0;
      }
    }
    // z[n] = Σ h[i] · s[8n - i], taken when s[8n + 7] is the newest sample:
    // the window's last 7 samples are not used yet (weight 0).
    for (let i = 0; i < TAPS; i++) this.reversed[TAPS - 1 - i] = LOWPASS[i];
  }

  /** Interpolates input[from .. from + count) to count · FACTOR samples in scratch[0 ..). */
  up(input: ArrayLike<number>, from: number, count: number, scratch: Float64Array): void {
    const branches = this.branches;
    const hist = this.inputs;
    let at = this.inputAt;
    for (let n = 0; n < count; n++) {
      const x = input[from + n];
      // newest at hist[at] and hist[at + BRANCH]; x[n - j] = hist[at + BRANCH - j]
      at = at === 0 ? BRANCH - 1 : at - 1;
      hist[at] = x;
      hist[at + BRANCH] = x;
      const o = n * FACTOR;
      for (let p = 0; p < FACTOR; p++) {
        const b = p * BRANCH;
        let acc = 0;
        for (let j = 0; j < BRANCH; j++) acc += branches[b + j] * hist[at + j];
        scratch[o + p] = acc;
      }
    }
    this.inputAt = at;
  }

  /** Decimates scratch[0 .. count · FACTOR) to count frames in output[from ..). */
  down(scratch: Float64Array, count: number, output: Float32Array, from: number): void {
    const taps = this.reversed;
    const span = taps.length;
    const hist = this.shaped;
    let at = this.shapedAt;
    for (let n = 0; n < count; n++) {
      const o = n * FACTOR;
      for (let p = 0; p < FACTOR; p++) {
        const s = scratch[o + p];
        hist[at] = s;
        hist[at + span] = s;
        at = at + 1 === span ? 0 : at + 1;
      }
      // the window, oldest first, is hist[at .. at + span)
      let acc = 0;
      for (let i = 0; i < TAPS; i++) acc += taps[i] * hist[at + i];
      output[from + n] = acc;
    }
    this.shapedAt = at;
  }

  /** Forgets all history (silence in, silence out from the next call). */
  reset(): void {
    this.inputs.fill(0);
    this.shaped.fill(0);
    this.inputAt = 0;
    this.shapedAt = 0;
  }
}
