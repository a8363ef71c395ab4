// Summing signals into a bus. Float additions do not associate, so the order
// of the adds is part of the mix: a bus is always the sum of its sources in
// the model's order, one float32 rounding per add, however many are summed
// per pass (the live renderer and the offline mixer must agree bit for bit).
import { MAX_BLOCK_FRAMES } from "../dsp/block";
import { kernels } from "../dsp/wasm/kernels";

/** dest += src, channel by channel. */
export function addInto(dest: readonly Float32Array[], src: readonly Float32Array[], frames: number): void {
  for (let ch = 0; ch < dest.length; ch++) addChannel(dest[ch], src[ch], frames);
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
      k.accumulate(frames);
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
    if (gain === 1) k.accumulate(n);
    else k.accumulateScaled(n, gain);
    d.set(k.output.subarray(0, n));
  }
}

function addChannel(d: Float32Array, s: Float32Array, frames: number): void {
  for (let i = 0; i < frames; i++) d[i] += s[i];
}
