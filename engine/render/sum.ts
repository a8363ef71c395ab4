// Summing signals into a bus. Float additions do not associate, so the order
// of the adds is part of the mix: a bus is always the sum of its sources in
// the model's order, one float32 rounding per add, however many are summed
// per pass (the live renderer and the offline mixer must agree bit for bit).
import { MAX_BLOCK_FRAMES } from "../dsp/block";
import { kernels } from "../dsp/wasm/kernels";
import { accumulate } from "../dsp/wasm/reference";
import type { Rounding } from "./routing";

/** dest += src, channel by channel (the kernel `accumulate`'s arithmetic, its JavaScript reference). */
export function addInto(dest: readonly Float32Array[], src: readonly Float32Array[], frames: number): void {
  for (let ch = 0; ch < dest.length; ch++) accumulate(dest[ch], src[ch], frames);
}

/**
 * dest += sources[0] + sources[1] + ..., added in that order: the same bits
 * as `addInto` once per source. The sum builds up in the kernels' OUT, each
 * source added in the kernel `accumulate` (float32 adds, four frames a step;
 * a float32 add rounds as a double add rounded to float32 does).
 */
export function sumInto(dest: readonly Float32Array[], sources: readonly (readonly Float32Array[])[], frames: number): void {
  if (frames > MAX_BLOCK_FRAMES) {
    for (const src of sources) addInto(dest, src, frames);
    return;
  }
  const k = kernels();
  for (let ch = 0; ch < dest.length; ch++) {
    const d = dest[ch];
    k.output.set(d.subarray(0, frames));
    for (const src of sources) {
      k.input.set(src[ch].subarray(0, frames));
      k.accumulate(frames, k.at.out);
    }
    d.set(k.output.subarray(0, frames));
  }
}

/**
 * dest[at + i] += src[i] * gain for i < frames (a take into its strip at its
 * clip gain): the product and the sum in double precision, rounded to
 * float32, as that loop over Float32Arrays does. In the kernels, a kernel
 * block at a time: `accumulate` when the gain is 1 (a float32 add rounds as the
 * double sum rounded to float32 does), else `accumulateScaled`.
 */
export function addScaled(dest: Float32Array, at: number, src: Float32Array, frames: number, gain: number): void {
  const k = kernels();
  for (let from = 0; from < frames; from += MAX_BLOCK_FRAMES) {
    const n = Math.min(MAX_BLOCK_FRAMES, frames - from);
    const d = dest.subarray(at + from, at + from + n);
    k.output.set(d);
    k.input.set(src.subarray(from, from + n));
    if (gain === 1) k.accumulate(n, k.at.out);
    else k.accumulateScaled(n, gain);
    d.set(k.output.subarray(0, n));
  }
}

/**
 * Adds one source of a routing plan (routing.ts) as its rounding says:
 * "float32", dest += signal (`level` unused); "roundedProduct", dest +=
 * fround(signal * level); "product", dest += signal * level in double,
 * rounded once.
 */
export function addSource(dest: readonly Float32Array[], signal: readonly Float32Array[], level: Float32Array | undefined, rounding: Rounding, frames: number): void {
  if (rounding === "float32") return addInto(dest, signal, frames);
  if (!level) throw new Error(`addSource: a ${rounding} source needs its send level`);
  for (let ch = 0; ch < dest.length; ch++) {
    const d = dest[ch];
    const s = signal[ch];
    if (rounding === "roundedProduct") for (let i = 0; i < frames; i++) d[i] += Math.fround(s[i] * level[i]);
    else for (let i = 0; i < frames; i++) d[i] += s[i] * level[i];
  }
}

/**
 * A running mix in the kernels' memory that strips add their outputs to as
 * they finish (Strip.sum): what `sumInto` does over their outputs, in the
 * same order, the same float32 adds from +0. A mono strip with a fixed pan
 * and gain adds its panned signal without storing it (the kernel `panSum`);
 * any other adds its output. Block by block: `clear`, the strips, `read`.
 */
export class KernelSum {
  /** Starts a block of `frames` frames at +0. */
  clear(frames: number): void {
    const k = kernels();
    k.sumLeft.fill(0, 0, frames);
    k.sumRight.fill(0, 0, frames);
  }

  /** Adds a mono signal at fixed pan gains and fader gain (Fader.applyPanned's products). */
  addPanned(mono: Float32Array, left: number, right: number, gain: number, frames: number): void {
    const k = kernels();
    k.input.set(mono.subarray(0, frames));
    k.panSum(frames, left, right, gain);
  }

  /** Adds a stereo output. */
  add(output: readonly Float32Array[], frames: number): void {
    const k = kernels();
    k.input.set(output[0].subarray(0, frames));
    k.accumulate(frames, k.at.sumL);
    k.input.set(output[1].subarray(0, frames));
    k.accumulate(frames, k.at.sumR);
  }

  /** The block's sum, left and right (valid until the next kernel call). */
  read(frames: number): [Float32Array, Float32Array] {
    const k = kernels();
    return [k.sumLeft.subarray(0, frames), k.sumRight.subarray(0, frames)];
  }
}
