// The reverb: a feedback delay network (Jot & Chaigne 1991; Smith, "Physical
// Audio Signal Processing", FDN reverberation). Eight delay lines of lengths
// that are distinct primes (so mutually prime), spread by `size` from about
// 9-25 ms (size 0) to 46-123 ms (size 1), fed back through an 8×8 Hadamard
// matrix (orthogonal, so the loop itself loses nothing).
//
// Decay: line k of length L_k samples has gain g_k = 10^(-3 L_k / (RT60 fs)),
// so every pass through any line loses 60 dB per RT60 seconds and, with an
// orthogonal matrix, every mode of the network decays at exactly that rate.
// Damping: each loop also has a one-pole low-pass with unity gain at DC,
// (1 - b_k) / (1 - b_k z^-1), whose b_k is chosen so that at Nyquist the RT60
// is (1 - 0.9 × damping) × decay: highs die away faster as damping rises,
// lows keep the asked RT60 (Jot's absorbent filters).
//
// Stereo in, stereo out: the two inputs enter the lines with two different
// sign patterns (rows of the Hadamard matrix), the two outputs tap them with
// two others, so left and right tails are decorrelated. A mono insert uses the
// left patterns only. `predelay` (whole samples) delays what enters the
// network. `mix` is the wet share, a linear crossfade as in the delay:
// y = (1 - mix) · dry + mix · wet; it is automatable and glides over 10 ms.
// No randomness, no modulation: the same input always gives the same output.
// Latency 0; blocks are at most MAX_BLOCK_FRAMES frames; nothing is allocated
// while processing.
import { checkBlock, MAX_BLOCK_FRAMES, paramChecker } from "./block";
import { EFFECTS } from "../../core/catalogue";
import { Glide } from "./glide";

/** Largest `frames` per `process` call; the per-frame mix buffer is preallocated at this size. */
export { MAX_BLOCK_FRAMES };
const LINES = 8;
/** Line lengths in seconds at size 0.5 (scale 1), before rounding to distinct primes. */
const BASE_SECONDS = [0.0231, 0.0277, 0.0319, 0.0367, 0.0419, 0.0479, 0.0541, 0.0613];
/** Size 0 scales the lengths by 0.4, size 1 by 2. */
const SIZE_MIN = 0.4;
const SIZE_SPAN = 1.6;
/** Lines are capped at 1/4 of the RT60 (see lineLengths). */
const MAX_PASSES_PER_RT60 = 4;
/** At damping 1 the highs' RT60 is this fraction of the asked one. */
const DAMPED_HIGH_RATIO = 0.1;
/** Sign patterns: rows 1, 2 of the 8×8 Hadamard matrix feed the lines, rows 5, 6 tap them. */
const IN_ROWS = [1, 2];
const OUT_ROWS = [5, 6];
/**
 * Wet output gain at the default size: white noise in gives wet noise at the
 * same level (±0.1 dB) at the default decay (1.8 s). The wet energy grows with
 * the decay, as in a room (measured on noise: 20 s +11 dB, 0.1 s -18 dB), but
 * hardly with the size (±0.6 dB): longer lines thin the echoes out, and the
 * gain grows with √(total line length) to make up for it.
 */
const OUTPUT_GAIN = 1.67;
const DEFAULT_SCALE = SIZE_MIN + SIZE_SPAN * EFFECTS.reverb.params.size.default;
const GLIDE_SECONDS = 0.01;
const DENORMAL = 1e-30;
const HADAMARD_SCALE = 1 / Math.sqrt(LINES);

type ReverbParam = keyof typeof EFFECTS.reverb.params;
const SPECS = EFFECTS.reverb.params;
const UNITS: Record<ReverbParam, string> = { size: "(0..1)", decay: "s", predelay: "s", damping: "(0..1)", mix: "(0..1)" };
const { read: readParam, check: checkParam } = paramChecker("reverb", UNITS);

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

/**
 * The eight line lengths in samples: distinct primes near the scaled base
 * lengths, ascending. A short decay caps the size so that the longest line is
 * at most a quarter of the RT60 (one pass loses at most 15 dB): a 0.1 s room
 * cannot be big, and longer lines would turn its tail into a few echoes.
 */
export function lineLengths(size: number, decay: number, sampleRate: number): number[] {
  const longest = BASE_SECONDS[LINES - 1];
  const scale = Math.min(SIZE_MIN + SIZE_SPAN * size, Math.max(SIZE_MIN, decay / (MAX_PASSES_PER_RT60 * longest)));
  const out: number[] = [];
  for (const base of BASE_SECONDS) {
    let n = Math.max(2, Math.round(base * scale * sampleRate), (out[out.length - 1] ?? 0) + 1);
    while (!isPrime(n)) n++;
    out.push(n);
  }
  return out;
}

/** Entry k of row r of the Sylvester Hadamard matrix: (-1)^popcount(r & k), scaled by 1/√8. */
function hadamardRow(r: number): Float64Array {
  return Float64Array.from({ length: LINES }, (_, k) => {
    let bits = r & k;
    let sign = 1;
    for (; bits; bits &= bits - 1) sign = -sign;
    return sign * HADAMARD_SCALE;
  });
}

/** In-place fast Walsh-Hadamard transform of eight values, orthonormal (three butterfly stages, unrolled). */
function hadamard8(v: Float64Array): void {
  const a0 = v[0] + v[1], a1 = v[0] - v[1], a2 = v[2] + v[3], a3 = v[2] - v[3];
  const a4 = v[4] + v[5], a5 = v[4] - v[5], a6 = v[6] + v[7], a7 = v[6] - v[7];
  const b0 = a0 + a2, b1 = a1 + a3, b2 = a0 - a2, b3 = a1 - a3;
  const b4 = a4 + a6, b5 = a5 + a7, b6 = a4 - a6, b7 = a5 - a7;
  const s = HADAMARD_SCALE;
  v[0] = (b0 + b4) * s;
  v[1] = (b1 + b5) * s;
  v[2] = (b2 + b6) * s;
  v[3] = (b3 + b7) * s;
  v[4] = (b0 - b4) * s;
  v[5] = (b1 - b5) * s;
  v[6] = (b2 - b6) * s;
  v[7] = (b3 - b7) * s;
}

export class Reverb {
  /** Frames between input and output: none (the dry signal passes at once). */
  readonly latency = 0;
  /** Line lengths in samples. */
  readonly lengths: readonly number[];
  /** All eight lines, one after the other; line k spans starts[k] .. ends[k]. */
  private readonly buffer: Float64Array;
  private readonly starts = new Int32Array(LINES);
  private readonly ends = new Int32Array(LINES);
  /** Per line: where the next sample is read, then written (read before write: a delay of its length). */
  private readonly positions = new Int32Array(LINES);
  /** Per line: decay gain g_k and damping pole b_k. */
  private readonly gains = new Float64Array(LINES);
  private readonly poles = new Float64Array(LINES);
  /** Per line: the low-pass state. */
  private readonly lowpass = new Float64Array(LINES);
  private readonly values = new Float64Array(LINES);
  /** Input and output sign patterns (the outputs' scaled by the output gain). */
  private readonly inL: Float64Array;
  private readonly inR: Float64Array;
  private readonly outL: Float64Array;
  private readonly outR: Float64Array;
  private readonly predelay: Float64Array[];
  private predelayPosition = 0;
  private readonly mix: Glide;
  private readonly mixes = new Float64Array(MAX_BLOCK_FRAMES);
  /** Frames since the input or the network last held anything but zeros. */
  private silentFrames: number;

  constructor(params: Readonly<Record<string, number>>, readonly sampleRate: number, readonly channels: number) {
    if (!Number.isFinite(sampleRate) || sampleRate < 8000) throw new RangeError(`reverb: sample rate ${sampleRate} Hz; it needs at least 8000 Hz`);
    if (channels !== 1 && channels !== 2) throw new RangeError(`reverb: ${channels} channels; it takes mono (1) or stereo (2)`);
    for (const name of Object.keys(params)) if (!(name in SPECS)) throw new RangeError(`reverb: no parameter '${name}'; it has ${Object.keys(SPECS).join(", ")}`);
    this.lengths = lineLengths(readParam(params, "size"), readParam(params, "decay"), sampleRate);
    this.buffer = new Float64Array(this.lengths.reduce((sum, n) => sum + n, 0));
    this.lengths.forEach((n, k) => {
      this.starts[k] = k === 0 ? 0 : this.ends[k - 1];
      this.ends[k] = this.starts[k] + n;
    });
    this.positions.set(this.starts);
    this.setDecay(readParam(params, "decay"), readParam(params, "damping"));
    [this.inL, this.inR] = IN_ROWS.map(hadamardRow);
    const total = this.buffer.length / sampleRate;
    const defaultTotal = BASE_SECONDS.reduce((sum, t) => sum + t, 0) * DEFAULT_SCALE;
    const outputGain = OUTPUT_GAIN * Math.sqrt(total / defaultTotal);
    [this.outL, this.outR] = OUT_ROWS.map((r) => hadamardRow(r).map((g) => g * outputGain));
    const predelayFrames = Math.round(readParam(params, "predelay") * sampleRate);
    this.predelay = Array.from({ length: predelayFrames > 0 ? channels : 0 }, () => new Float64Array(predelayFrames));
    this.mix = new Glide(readParam(params, "mix"), Math.max(1, Math.round(GLIDE_SECONDS * sampleRate)));
    this.silentFrames = this.idleAfter;
  }

  /** Automates mix (the wet share, 0..1): it glides there over 10 ms. */
  setParam(name: string, value: number): void {
    if (name === "mix") this.mix.set(checkParam(name, value));
    else throw new RangeError(`reverb: '${name}' cannot be automated; automate mix`);
  }

  /** True when the network and the predelay hold only zeros: silence in gives silence out. */
  get idle(): boolean {
    return this.silentFrames >= this.idleAfter;
  }

  /** Empties the network and the predelay and finishes any glide. */
  reset(): void {
    this.buffer.fill(0);
    for (const line of this.predelay) line.fill(0);
    this.positions.set(this.starts);
    this.lowpass.fill(0);
    this.predelayPosition = 0;
    this.silentFrames = this.idleAfter;
    this.mix.settle();
  }

  /** Reverberates `frames` frames; `outputs` may be `inputs`. Allocates nothing. */
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void {
    checkBlock("reverb", inputs, outputs, frames, this.channels);
    this.mix.fill(this.mixes, frames);
    const stereo = this.channels === 2;
    const inL = inputs[0];
    const inR = stereo ? inputs[1] : inputs[0];
    const outL = outputs[0];
    const outR = stereo ? outputs[1] : outputs[0];
    for (let i = 0; i < frames; i++) {
      const dryL = inL[i];
      const dryR = stereo ? inR[i] : 0;
      const live = this.step(this.delayed(0, dryL), stereo ? this.delayed(1, dryR) : 0);
      this.silentFrames = live || dryL !== 0 || dryR !== 0 ? 0 : this.silentFrames + 1;
      if (this.predelay.length > 0 && ++this.predelayPosition === this.predelay[0].length) this.predelayPosition = 0;
      const m = this.mixes[i];
      const v = this.values;
      outL[i] = dryL + m * (v[0] - dryL);
      if (stereo) outR[i] = dryR + m * (v[1] - dryR);
    }
  }

  /** Per-line gains from RT60 `decay` at DC and (1 - 0.9 damping) × decay at Nyquist. */
  private setDecay(decay: number, damping: number): void {
    const highDecay = decay * (1 - (1 - DAMPED_HIGH_RATIO) * damping);
    this.lengths.forEach((n, k) => {
      const g = Math.pow(10, (-3 * n) / (decay * this.sampleRate));
      const r = Math.pow(10, (-3 * n) / (highDecay * this.sampleRate)) / g;
      this.gains[k] = g;
      this.poles[k] = (1 - r) / (1 + r);
    });
  }

  /** Frames of zeros after which the predelay and every line read zeros. */
  private get idleAfter(): number {
    return (this.predelay.length > 0 ? this.predelay[0].length : 0) + this.lengths[LINES - 1] + 1;
  }

  /** The input from `predelay` seconds ago (the predelay line advances in `process`). */
  private delayed(ch: number, x: number): number {
    if (this.predelay.length === 0) return x;
    const line = this.predelay[ch];
    const out = line[this.predelayPosition];
    line[this.predelayPosition] = x;
    return out;
  }

  /**
   * One sample of the network: reads and filters every line, leaves the two
   * output taps in values[0..1], writes the mixed values plus the input back.
   * Returns whether anything in the network is not zero.
   */
  private step(xL: number, xR: number): boolean {
    const v = this.values;
    const lp = this.lowpass;
    const buffer = this.buffer;
    const at = this.positions;
    const poles = this.poles;
    const gains = this.gains;
    const oL = this.outL;
    const oR = this.outR;
    let yL = 0;
    let yR = 0;
    for (let k = 0; k < LINES; k++) {
      const b = poles[k];
      let s = buffer[at[k]] + b * (lp[k] - buffer[at[k]]);
      if (s < DENORMAL && s > -DENORMAL) s = 0;
      lp[k] = s;
      const y = gains[k] * s;
      v[k] = y;
      yL += oL[k] * y;
      yR += oR[k] * y;
    }
    hadamard8(v);
    const iL = this.inL;
    const iR = this.inR;
    let live = false;
    for (let k = 0; k < LINES; k++) {
      const w = v[k] + iL[k] * xL + iR[k] * xR;
      if (w !== 0) live = true;
      buffer[at[k]] = w;
      at[k] = at[k] + 1 === this.ends[k] ? this.starts[k] : at[k] + 1;
    }
    v[0] = yL;
    v[1] = yR;
    return live;
  }
}

