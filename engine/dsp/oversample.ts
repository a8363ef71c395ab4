// The oversampler shared by the nonlinear processors (saturate, clipper): 8x
// up and back down as a cascade of three 2x half-band stages, around a
// nonlinearity that the caller applies in place at the 8x rate.
//
// Each stage is a Kaiser-windowed sinc cut off at a quarter of its own rate
// (half-band: every other tap is zero, the centre tap is 1/2), used in
// polyphase form: going up, one output of each pair is a plain delay of the
// input and the other a symmetric FIR over the input (K multiplies for its
// 2K taps); going down, likewise once per output pair. No multiply touches
// an inserted zero. At 48 kHz the stages are:
//
//   A  48 <-> 96 kHz   K = 22 (87 taps)  pass 0..20 kHz,  stop 28..48 kHz
//   B  96 <-> 192 kHz  K = 10 (39 taps)  pass 0..28 kHz,  stop 68..96 kHz
//   C 192 <-> 384 kHz  K = 6  (23 taps)  pass 0..28 kHz,  stop 164..192 kHz
//
// each rejecting 110 dB or more in its stopband, so (as with a single 8x
// lowpass) anything the nonlinearity makes above 28 kHz is 110 dB down before
// it can fold back into the base band, and the later stages, whose transition
// bands are wide, are short. Flat within 4e-5 dB to 20 kHz each way (1e-4 dB
// up and down). About 130 multiplies a base-rate frame up and down, where the
// single 345-tap 8x lowpass this replaced took some 700: on 10 s of stereo at
// 48 kHz the round trip costs 0.23 s, 3.3 times less (bench/oversample.ts).
//
// Latency: the six filters delay by 435 samples at 8x; the last decimator
// waits 5 samples more so the total, 440 = 55 · 8, is a whole number of
// base-rate frames: LATENCY = 55.
//
// Use: `up(input, from, count, scratch)` writes count · 8 samples into
// scratch; the caller shapes scratch[0 .. count·8) in place; `down(scratch,
// count, output, from)` writes count base-rate frames. Work in chunks of at
// most CHUNK_FRAMES frames (scratch holds CHUNK_FRAMES · FACTOR samples).
// One Oversampler is one channel's state. Nothing is allocated after
// construction; each stage keeps its history at the front of one linear
// buffer, so the hot loops index plain typed arrays without wrapping.

/** The oversampling factor. */
export const FACTOR = 8;
/** Largest count of base-rate frames per `up` / `down` call. */
export const CHUNK_FRAMES = 256;

/** One 2x half-band stage: K symmetric tap pairs, Kaiser-designed for `designDb` of rejection. */
export interface HalfbandSpec {
  k: number;
  designDb: number;
}

/** The stages, base rate first: A (2x), B (4x), C (8x). */
export const STAGES: readonly HalfbandSpec[] = [
  { k: 22, designDb: 110 },
  { k: 10, designDb: 114 },
  { k: 6, designDb: 120 },
];
/** Extra samples (at 8x) the last decimator waits so the round trip is whole frames. */
const LAG = 5;
/** Samples at 8x by which up → down delays: each stage's 4K - 3 at its rate, plus LAG. */
const DELAY_8X = STAGES.reduce((sum, s, i) => sum + (4 * s.k - 3) * (FACTOR >> (i + 1)), 0) + LAG;
/** Base-rate frames by which up → down delays the signal (the processors' latency). */
export const LATENCY = DELAY_8X / FACTOR;

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
 * A half-band lowpass of 4K - 1 taps: a Kaiser-windowed sinc cut off at a
 * quarter of its rate, the centre tap exactly 1/2 and the others scaled to sum
 * to 1/2 (unity at DC, exactly half at a quarter of the rate).
 */
export function designHalfband(spec: HalfbandSpec): Float64Array {
  const beta = 0.1102 * (spec.designDb - 8.7);
  const centre = 2 * spec.k - 1;
  const h = new Float64Array(4 * spec.k - 1);
  let sum = 0;
  for (let i = 0; i < h.length; i++) {
    const t = i - centre;
    const r = t / centre;
    const sinc = t === 0 ? 1 : t % 2 === 0 ? 0 : Math.sin((Math.PI * t) / 2) / ((Math.PI * t) / 2);
    h[i] = (0.5 * sinc * besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r)))) / besselI0(beta);
    if (t !== 0) sum += h[i];
  }
  for (let i = 0; i < h.length; i++) if (i !== centre) h[i] *= 0.5 / sum;
  h[centre] = 0.5;
  return h;
}

/** A filter's magnitude at `f` (a fraction of its rate), linear. */
export function filterMagnitude(h: Float64Array, f: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < h.length; i++) {
    re += h[i] * Math.cos(2 * Math.PI * f * i);
    im -= h[i] * Math.sin(2 * Math.PI * f * i);
  }
  return Math.hypot(re, im);
}

const DESIGNS = STAGES.map(designHalfband);

/** The cascade's magnitude one way (up or down) at `f`, a fraction of the 8x rate, linear. */
export function cascadeMagnitude(f: number): number {
  return DESIGNS.reduce((m, h, i) => m * filterMagnitude(h, f * (FACTOR >> (i + 1))), 1);
}

/** The non-zero off-centre taps h[0], h[2], ... h[2K - 2] (the rest mirror them), times `gain`. */
function pairTaps(h: Float64Array, k: number, gain: number): Float64Array {
  return Float64Array.from({ length: k }, (_, j) => gain * h[2 * j]);
}

/** One 2x interpolator: `buf` holds 2K - 1 inputs of history, then the new ones. */
class Up2 {
  readonly hist: number;
  readonly buf: Float64Array;
  private readonly taps: Float64Array;

  constructor(h: Float64Array, private readonly k: number, maxIn: number) {
    this.taps = pairTaps(h, k, 2);
    this.hist = 2 * k - 1;
    this.buf = new Float64Array(this.hist + maxIn);
  }

  /** Interpolates buf[hist .. hist + n) to 2n samples in out[at ..); keeps the history. */
  run(n: number, out: Float64Array, at: number): void {
    const buf = this.buf;
    const g = this.taps;
    const k = this.k;
    const far = 2 * k - 1;
    for (let i = 0, o = at; i < n; i++, o += 2) {
      // y[2i] = Σ g[j] · (x[i - j] + x[i - far + j]); y[2i + 1] = x[i - k + 1]
      let acc = 0;
      for (let j = 0, p = i + far, q = i; j < k; j++, p--, q++) acc += g[j] * (buf[p] + buf[q]);
      out[o] = acc;
      out[o + 1] = buf[i + k];
    }
    buf.copyWithin(0, n, n + far);
  }
}

/** One 2x decimator: `buf` holds 4K - 3 + lag inputs of history, then the new ones. */
class Down2 {
  readonly hist: number;
  readonly buf: Float64Array;
  private readonly taps: Float64Array;

  constructor(h: Float64Array, private readonly k: number, private readonly lag: number, maxIn: number) {
    this.taps = pairTaps(h, k, 1);
    this.hist = 4 * k - 3 + lag;
    this.buf = new Float64Array(this.hist + maxIn);
  }

  /** Decimates buf[hist .. hist + 2n) to n samples in out[at ..); keeps the history. */
  run(n: number, out: Float64Array, at: number): void {
    const buf = this.buf;
    const h = this.taps;
    const k = this.k;
    const span = 4 * k - 2;
    // output m's newest sample is x[t], t = hist + 2m + 1 - lag: Σ h[i] · x[t - i], i = 0 .. 4K - 2
    for (let m = 0, t = this.hist + 1 - this.lag; m < n; m++, t += 2) {
      let acc = 0.5 * buf[t - 2 * k + 1];
      for (let j = 0, p = t, q = t - span; j < k; j++, p -= 2, q += 2) acc += h[j] * (buf[p] + buf[q]);
      out[at + m] = acc;
    }
    buf.copyWithin(0, 2 * n, 2 * n + this.hist);
  }
}

export class Oversampler {
  private readonly upA = new Up2(DESIGNS[0], STAGES[0].k, CHUNK_FRAMES);
  private readonly upB = new Up2(DESIGNS[1], STAGES[1].k, 2 * CHUNK_FRAMES);
  private readonly upC = new Up2(DESIGNS[2], STAGES[2].k, 4 * CHUNK_FRAMES);
  private readonly downA = new Down2(DESIGNS[0], STAGES[0].k, 0, 2 * CHUNK_FRAMES);
  private readonly downB = new Down2(DESIGNS[1], STAGES[1].k, 0, 4 * CHUNK_FRAMES);
  private readonly downC = new Down2(DESIGNS[2], STAGES[2].k, LAG, 8 * CHUNK_FRAMES);
  /** The last decimator's output, before it is stored as float32. */
  private readonly frames = new Float64Array(CHUNK_FRAMES);

  /** Interpolates input[from .. from + count) to count · FACTOR samples in scratch[0 ..). */
  up(input: ArrayLike<number>, from: number, count: number, scratch: Float64Array): void {
    const a = this.upA;
    const b = this.upB;
    const c = this.upC;
    const buf = a.buf;
    const hist = a.hist;
    for (let i = 0; i < count; i++) buf[hist + i] = input[from + i];
    a.run(count, b.buf, b.hist);
    b.run(2 * count, c.buf, c.hist);
    c.run(4 * count, scratch, 0);
  }

  /** Decimates scratch[0 .. count · FACTOR) to count frames in output[from ..). */
  down(scratch: Float64Array, count: number, output: Float32Array, from: number): void {
    const a = this.downA;
    const b = this.downB;
    const c = this.downC;
    const buf = c.buf;
    const hist = c.hist;
    for (let i = 0, n = count * FACTOR; i < n; i++) buf[hist + i] = scratch[i];
    c.run(4 * count, b.buf, b.hist);
    b.run(2 * count, a.buf, a.hist);
    const frames = this.frames;
    a.run(count, frames, 0);
    for (let i = 0; i < count; i++) output[from + i] = frames[i];
  }

  /** Forgets all history (silence in, silence out from the next call). */
  reset(): void {
    for (const s of [this.upA, this.upB, this.upC, this.downA, this.downB, this.downC]) s.buf.fill(0);
  }
}
