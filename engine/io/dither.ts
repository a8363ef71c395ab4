// TPDF dither for integer exports: each sample gets the sum of two
// independent uniform values in (-0.5, 0.5) LSB, a triangular distribution on
// (-1, 1) LSB with mean 0 and variance 1/6 LSB². Added before rounding, it
// makes the rounding error independent of the signal (total error variance
// 1/4 LSB², no distortion, no noise modulation).
//
// Deterministic: each channel has four xoshiro128** generators (period
// 2^128 - 1 each), seeded from a string, e.g. the session title, the channel
// number and the generator's, taking turns: a channel's value 4 r + g is
// generator g's r-th. So the kernel `tpdf` steps the four side by side, a
// SIMD lane each (one generator's steps depend each on the last), and the
// same render writes the same file bytes every time.
//
// A `TpdfDither` is a `DitherSource` (engine/io/wavWrite.ts): the writer fills
// a block of each channel's values at a time and adds them, in LSB units,
// before rounding.

import { MAX_BLOCK_FRAMES } from "../dsp/block";
import { kernels } from "../dsp/wasm/kernels";
import { xoshiroUniform } from "../dsp/wasm/reference";
import type { DitherSource } from "./wavWrite";

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

/** Generators per channel, taking turns (the kernel's lanes). */
const GENERATORS = 4;

export class TpdfDither implements DitherSource {
  /** Per channel, four generators' states: word w of generator g at 16 c + 4 w + g (the kernel's layout). */
  private readonly state: Uint32Array;
  /** Per channel, values of its last round not handed out yet (`pending[c]` of them, the last of the round). */
  private readonly held: Float64Array;
  private readonly pending: Int32Array;

  /** Four generators per channel, seeded from `seed`, the channel and the generator number. */
  constructor(readonly seed: string, readonly channels: number) {
    if (!Number.isInteger(channels) || channels < 1 || channels > 32) {
      throw new RangeError(`Dither: ${channels} channels; give a whole number from 1 to 32 (the WAV writer's limit).`);
    }
    this.state = new Uint32Array(4 * GENERATORS * channels);
    this.held = new Float64Array(GENERATORS * channels);
    this.pending = new Int32Array(channels);
    this.reset();
  }

  /** Restarts every channel's sequence from its seed. */
  reset(): void {
    const words = new Uint32Array(4);
    for (let c = 0; c < this.channels; c++) {
      for (let g = 0; g < GENERATORS; g++) {
        seedState(hashSeed(`${this.seed}\u0000channel ${c}\u0000generator ${g}`), words, 0);
        for (let w = 0; w < 4; w++) this.state[16 * c + 4 * w + g] = words[w];
      }
    }
    this.pending.fill(0);
  }

  /** The next dither value for `channel`, in LSB units, in (-1, 1). */
  next(channel: number): number {
    this.checkChannel(channel);
    if (this.pending[channel] === 0) {
      // A round: each generator's next value, in turn.
      for (let g = 0; g < GENERATORS; g++) this.held[GENERATORS * channel + g] = this.uniform(channel, g) + this.uniform(channel, g);
      this.pending[channel] = GENERATORS;
    }
    return this.held[GENERATORS * channel + GENERATORS - this.pending[channel]--];
  }

  /**
   * Fills `out[0..frames)` with `channel`'s next values: the sequence `next`
   * gives, the values left of a round first, then whole rounds by the kernel
   * `tpdf` (four generators a lane each), keeping what a last round gives
   * past `frames`.
   */
  fill(channel: number, out: Float64Array, frames: number): void {
    this.checkChannel(channel);
    if (out.length < frames) throw new RangeError(`Dither: the output holds ${out.length} samples but ${frames} were asked for.`);
    let done = 0;
    while (done < frames && this.pending[channel] > 0) out[done++] = this.next(channel);
    if (done === frames) return;
    const k = kernels();
    const at = 16 * channel;
    k.ditherState.set(this.state.subarray(at, at + 16));
    // NOISE holds MAX_BLOCK_FRAMES values: rounds go there a kernel block at a time (where the WAV
    // writer has it filled in place, out is NOISE itself, and the rounds land at their place in it).
    const room = MAX_BLOCK_FRAMES - (MAX_BLOCK_FRAMES % GENERATORS);
    while (done < frames) {
      const start = out === k.noise ? done : 0;
      const rounds = Math.min(Math.ceil((frames - done) / GENERATORS), Math.floor((room - start) / GENERATORS));
      if (rounds === 0) {
        // No room in NOISE for a round past `done`: the last values by `next`.
        this.state.set(k.ditherState, at);
        while (done < frames) out[done++] = this.next(channel);
        return;
      }
      k.tpdf(rounds, start);
      const n = Math.min(GENERATORS * rounds, frames - done);
      if (out !== k.noise) out.set(k.noise.subarray(0, n), done);
      // The rest of the last round waits for the next call.
      const extra = GENERATORS * rounds - n;
      for (let j = 0; j < extra; j++) this.held[GENERATORS * channel + GENERATORS - extra + j] = k.noise[start + n + j];
      this.pending[channel] = extra;
      done += n;
    }
    this.state.set(k.ditherState, at);
  }

  private checkChannel(channel: number): void {
    if (!(channel >= 0 && channel < this.channels) || (channel | 0) !== channel) {
      throw new RangeError(`Dither: no channel ${channel}; this dither has channels 0 to ${this.channels - 1}.`);
    }
  }

  /** One xoshiro128** step of generator `g` of `channel`, as a uniform value in the open interval (-0.5, 0.5) (the kernel `tpdf`'s reference). */
  private uniform(channel: number, g: number): number {
    return xoshiroUniform(this.state, 16 * channel + g);
  }
}

/** A seeded TPDF dither for `WavWriterOptions.dither`. */
export function tpdfDither(seed: string, channels: number): TpdfDither {
  return new TpdfDither(seed, channels);
}
