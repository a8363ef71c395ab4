// Stereo width by mid/side. Per frame, in double precision:
//
//   m = (L + R) / 2,  s = (L - R) / 2
//   s' = HP(s)        (only with mono-below: a Linkwitz-Riley 4th-order
//                      high-pass, two RBJ Butterworth high-passes in cascade,
//                      -6 dB at the frequency and 24 dB/octave below it)
//   L' = m + amount · s',  R' = m - amount · s'
//
// So the mid is kept and the side scaled: 0% is mono (L' = R' = m, the same
// double rounded once, so exactly equal), 200% doubles the side. At 100% with
// mono-below off the input is passed through untouched (bit for bit, not
// m + s, which can differ from L in the last bit).
//
// A mono insert (one channel: a track whose takes are all mono, before its
// pan) has no side: it passes unchanged whatever the settings.
//
// `amount` is automatable and glides linearly over 10 ms, so moving it never
// clicks; `mono-below` is fixed for the processor's life. Latency 0; blocks
// are at most MAX_BLOCK_FRAMES frames; nothing is allocated while processing.
import { checkBlock, MAX_BLOCK_FRAMES, paramChecker } from "./block";
import { biquadCoefficients, type BiquadCoefficients } from "./biquad";
import { Glide } from "./glide";
import type { EFFECTS } from "../../core/catalogue";
import { dB, hertz } from "../../core/units";

export { MAX_BLOCK_FRAMES };
const GLIDE_SECONDS = 0.01;
/** Filter state below this is flushed to zero after each block (no denormals). */
const DENORMAL = 1e-30;

type WidthParam = keyof typeof EFFECTS.width.params;
const UNITS: Record<WidthParam, string> = { amount: "(0..2)", "mono-below": "Hz" };
const { read: readParam, check: checkParam, setup: checkSetup } = paramChecker("width", UNITS);

/** The side high-pass's coefficients for a corner of `freq` Hz: one Butterworth section, used twice. */
export function sideHighpass(freq: number, sampleRate: number): BiquadCoefficients {
  return biquadCoefficients({ type: "highpass", freq: hertz(freq), gain: dB(0), q: Math.SQRT1_2, slope: 1 }, sampleRate);
}

export class Width {
  readonly latency = 0;
  private readonly amount: Glide;
  private readonly amounts = new Float64Array(MAX_BLOCK_FRAMES);
  /** The side high-pass, or undefined when mono-below is 0 Hz. */
  private readonly hp?: BiquadCoefficients;
  /** Direct Form I state of the two sections: x1, x2, y1, y2 each. */
  private readonly state = new Float64Array(8);

  constructor(params: Readonly<Record<string, number>>, readonly sampleRate: number, readonly channels: number) {
    checkSetup(params, sampleRate, channels);
    this.amount = new Glide(readParam(params, "amount"), Math.max(1, Math.round(GLIDE_SECONDS * sampleRate)));
    const below = readParam(params, "mono-below");
    if (below > 0) this.hp = sideHighpass(below, sampleRate);
  }

  /** Automates the amount (a fraction, 0..2): it glides there over 10 ms. */
  setParam(name: string, value: number): void {
    if (name === "amount") this.amount.set(checkParam(name, value));
    else throw new RangeError(`width: '${name}' cannot be automated; automate amount`);
  }

  /** Clears the filter state and finishes any glide. */
  reset(): void {
    this.state.fill(0);
    this.amount.settle();
  }

  /** Widens or narrows `frames` frames; `outputs` may be `inputs`. Allocates nothing. */
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void {
    checkBlock("width", inputs, outputs, frames, this.channels);
    if (this.channels < 2) {
      if (outputs[0] !== inputs[0]) outputs[0].set(inputs[0].subarray(0, frames));
      return;
    }
    const [inL, inR] = inputs;
    const [outL, outR] = outputs;
    if (!this.hp && !this.amount.moving && this.amount.value === 1) {
      if (outL !== inL) outL.set(inL.subarray(0, frames));
      if (outR !== inR) outR.set(inR.subarray(0, frames));
      return;
    }
    this.amount.fill(this.amounts, frames);
    if (this.hp) this.filtered(inL, inR, outL, outR, frames, this.hp);
    else this.plain(inL, inR, outL, outR, frames);
  }

  /** Mid/side without the filter; a frame whose amount is exactly 1 passes untouched. */
  private plain(inL: Float32Array, inR: Float32Array, outL: Float32Array, outR: Float32Array, frames: number): void {
    const amounts = this.amounts;
    for (let i = 0; i < frames; i++) {
      const l = inL[i];
      const r = inR[i];
      const g = amounts[i];
      if (g === 1) {
        outL[i] = l;
        outR[i] = r;
        continue;
      }
      const m = (l + r) * 0.5;
      const s = g * ((l - r) * 0.5);
      outL[i] = m + s;
      outR[i] = m - s;
    }
  }

  /** Mid/side with the side through the two high-pass sections. */
  private filtered(inL: Float32Array, inR: Float32Array, outL: Float32Array, outR: Float32Array, frames: number, c: BiquadCoefficients): void {
    const amounts = this.amounts;
    const st = this.state;
    const { b0, b1, b2, a1, a2 } = c;
    let x1 = st[0], x2 = st[1], y1 = st[2], y2 = st[3];
    let u1 = st[4], u2 = st[5], v1 = st[6], v2 = st[7];
    for (let i = 0; i < frames; i++) {
      const l = inL[i];
      const r = inR[i];
      const m = (l + r) * 0.5;
      const x = (l - r) * 0.5;
      const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      const v = b0 * y + b1 * u1 + b2 * u2 - a1 * v1 - a2 * v2;
      u2 = u1;
      u1 = y;
      v2 = v1;
      v1 = v;
      const s = amounts[i] * v;
      outL[i] = m + s;
      outR[i] = m - s;
    }
    st[0] = x1;
    st[1] = x2;
    st[2] = y1;
    st[3] = y2;
    st[4] = u1;
    st[5] = u2;
    st[6] = v1;
    st[7] = v2;
    for (let k = 0; k < 8; k++) if (st[k] < DENORMAL && st[k] > -DENORMAL) st[k] = 0;
  }
}
