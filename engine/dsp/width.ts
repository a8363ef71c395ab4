// Stereo width by mid/side. Per frame, in double precision:
//
//   m = (L + R) / 2,  s = (L - R) / 2
//   s' = HP(s)        (only with mono-below: the Linkwitz-Riley 4th-order
//                      high-pass of crossover.ts, two Butterworth sections in
//                      cascade, -6 dB at the frequency and 24 dB/octave below)
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
import { butterworth, Section } from "./crossover";
import { Glide } from "./glide";
import type { EFFECTS } from "../../core/catalogue";

export { MAX_BLOCK_FRAMES };
const GLIDE_SECONDS = 0.01;

type WidthParam = keyof typeof EFFECTS.width.params;
const UNITS: Record<WidthParam, string> = { amount: "(0..2)", "mono-below": "Hz" };
const { read: readParam, check: checkParam, setup: checkSetup } = paramChecker("width", UNITS);

export class Width {
  readonly latency = 0;
  private readonly amount: Glide;
  private readonly amounts = new Float64Array(MAX_BLOCK_FRAMES);
  /** The side's LR4 high-pass (two Butterworth sections), or undefined when mono-below is 0 Hz. */
  private readonly hp?: [Section, Section];
  /** The side of the current block, in double precision. */
  private readonly side = new Float64Array(MAX_BLOCK_FRAMES);

  constructor(params: Readonly<Record<string, number>>, readonly sampleRate: number, readonly channels: number) {
    checkSetup(params, sampleRate, channels);
    this.amount = new Glide(readParam(params, "amount"), Math.max(1, Math.round(GLIDE_SECONDS * sampleRate)));
    const below = readParam(params, "mono-below");
    if (below > 0) {
      const c = butterworth("highpass", below, sampleRate);
      this.hp = [new Section(c, 1), new Section(c, 1)];
    }
  }

  /** Automates the amount (a fraction, 0..2): it glides there over 10 ms. */
  setParam(name: string, value: number): void {
    if (name === "amount") this.amount.set(checkParam(name, value));
    else throw new RangeError(`width: '${name}' cannot be automated; automate amount`);
  }

  /** Clears the filter state and finishes any glide. */
  reset(): void {
    for (const section of this.hp ?? []) section.reset();
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

  /** Mid/side with the side through the LR4 high-pass. */
  private filtered(inL: Float32Array, inR: Float32Array, outL: Float32Array, outR: Float32Array, frames: number, hp: [Section, Section]): void {
    const { amounts, side } = this;
    for (let i = 0; i < frames; i++) side[i] = (inL[i] - inR[i]) * 0.5;
    hp[0].run(0, side, side, frames);
    hp[1].run(0, side, side, frames);
    for (let i = 0; i < frames; i++) {
      const m = (inL[i] + inR[i]) * 0.5;
      const s = amounts[i] * side[i];
      outL[i] = m + s;
      outR[i] = m - s;
    }
  }
}
