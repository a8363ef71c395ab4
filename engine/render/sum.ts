// Summing signals into a bus. Float additions do not associate, so the order
// of the adds is part of the mix: a bus is always the sum of its sources in
// the model's order, one float32 rounding per add, however many are summed
// per pass (the live renderer and the offline mixer must agree bit for bit).

/** dest += src, channel by channel. */
export function addInto(dest: readonly Float32Array[], src: readonly Float32Array[], frames: number): void {
  for (let ch = 0; ch < dest.length; ch++) addChannel(dest[ch], src[ch], frames);
}

/**
 * dest += sources[0] + sources[1] + ..., added in that order: the same bits
 * as `addInto` once per source, reading and writing `dest` once per four sources.
 */
export function sumInto(dest: readonly Float32Array[], sources: readonly (readonly Float32Array[])[], frames: number): void {
  for (let ch = 0; ch < dest.length; ch++) {
    const d = dest[ch];
    let n = 0;
    for (; n + 4 <= sources.length; n += 4) addFour(d, sources[n][ch], sources[n + 1][ch], sources[n + 2][ch], sources[n + 3][ch], frames);
    for (; n < sources.length; n++) addChannel(d, sources[n][ch], frames);
  }
}

function addChannel(d: Float32Array, s: Float32Array, frames: number): void {
  for (let i = 0; i < frames; i++) d[i] += s[i];
}

/** Each partial sum rounded to float32, as storing it into `d` between adds would. */
function addFour(d: Float32Array, a: Float32Array, b: Float32Array, c: Float32Array, e: Float32Array, frames: number): void {
  const f = Math.fround;
  for (let i = 0; i < frames; i++) d[i] = f(f(f(d[i] + a[i]) + b[i]) + c[i]) + e[i];
}
