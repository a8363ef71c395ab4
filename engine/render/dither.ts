// TPDF dither for integer exports: each sample gets the sum of two
// independent uniform values in (-0.5, 0.5) LSB, a triangular distribution on
// (-1, 1) LSB with mean 0 and variance 1/6 LSB². Added before rounding, it
// makes the rounding error independent of the signal (total error variance
// 1/4 LSB², no distortion, no noise modulation).
//
// Deterministic: each channel has its own xoshiro128** generator (period
// 2^128 - 1), seeded from a string, e.g. the session title, and the channel
// number, so the same render writes the same file bytes every time.
//
// A `TpdfDither` is a `DitherSource` (engine/io/wavWrite.ts): the writer fills
// a block of each channel's values at a time and adds them, in LSB units,
// before rounding.

import { MAX_BLOCK_FRAMES } from "../dsp/block";
import { kernels } from "../dsp/wasm/kernels";
import type { DitherSource } from "../io/wavWrite";

/** 2^-32: turns a 32-bit integer into a fraction. */
const TO_UNIT = 1 / 4294967296;

/** FNV-1a over the string's UTF-16 code units: a 32-bit seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32: spreads one 32-bit seed over a generator's four state words (never all zero). */
function seedState(seed: number, state: Uint32Array, at: number): void {
  let s = seed | 0;
  for (let i = 0; i < 4; i++) {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    state[at + i] = z ^ (z >>> 15);
  }
  if ((state[at] | state[at + 1] | state[at + 2] | state[at + 3]) === 0) state[at] = 1;
}

export class TpdfDither implements DitherSource {
  /** Four xoshiro128** state words per channel. */
  private readonly state: Uint32Array;

  /** One generator per channel, seeded from `seed` and the channel number. */
  constructor(readonly seed: string, readonly channels: number) {
    if (!Number.isInteger(channels) || channels < 1 || channels > 32) {
      throw new RangeError(`Dither: ${channels} channels; give a whole number from 1 to 32 (the WAV writer's limit).`);
    }
    this.state = new Uint32Array(4 * channels);
    this.reset();
  }

  /** Restarts every channel's sequence from its seed. */
  reset(): void {
    for (let c = 0; c < this.channels; c++) seedState(hashSeed(`${this.seed}\u0000channel ${c}`), this.state, 4 * c);
  }

  /** The next dither value for `channel`, in LSB units, in (-1, 1). */
  next(channel: number): number {
    this.checkChannel(channel);
    const at = 4 * channel;
    const a = this.uniform(at);
    const b = this.uniform(at);
    return a + b;
  }

  /**
   * Fills `out[0..frames)` with `channel`'s next values: the sequence `next`
   * gives, a kernel block at a time, by the kernel `tpdf` (a call per sample
   * through the state array was 30 ns a sample, a loop in JavaScript 4.7 ns).
   */
  fill(channel: number, out: Float64Array, frames: number): void {
    this.checkChannel(channel);
    if (out.length < frames) throw new RangeError(`Dither: the output holds ${out.length} samples but ${frames} were asked for.`);
    const s = this.state;
    const at = 4 * channel;
    // The kernel `tpdf` runs `uniform`'s steps, two a sample, into the kernels' NOISE (where the WAV
    // writer has it filled in place), a kernel block at a time.
    const k = kernels();
    k.ditherState.set(s.subarray(at, at + 4));
    for (let from = 0; from < frames; from += MAX_BLOCK_FRAMES) {
      const n = Math.min(MAX_BLOCK_FRAMES, frames - from);
      k.tpdf(n);
      if (out !== k.noise) out.set(k.noise.subarray(0, n), from);
    }
    s.set(k.ditherState, at);
  }

  private checkChannel(channel: number): void {
    if (!(channel >= 0 && channel < this.channels) || (channel | 0) !== channel) {
      throw new RangeError(`Dither: no channel ${channel}; this dither has channels 0 to ${this.channels - 1}.`);
    }
  }

  /** One xoshiro128** step, as a uniform value in the open interval (-0.5, 0.5). */
  private uniform(at: number): number {
    const s = this.state;
    const s1 = s[at + 1];
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s[at + 2] ^= s[at];
    s[at + 3] ^= s1;
    s[at + 1] ^= s[at + 2];
    s[at] ^= s[at + 3];
    s[at + 2] ^= t;
    s[at + 3] = rotl(s[at + 3], 11);
    return (r + 0.5) * TO_UNIT - 0.5;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A seeded TPDF dither for `WavWriterOptions.dither`. */
export function tpdfDither(seed: string, channels: number): TpdfDither {
  return new TpdfDither(seed, channels);
}
