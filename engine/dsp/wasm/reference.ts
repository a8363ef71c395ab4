// The arithmetic each kernel of kernels.wat must match, in plain JavaScript:
// the JavaScript paths use these functions (blocks longer than the kernels'
// memory, channel counts no kernel takes), and test/engine/kernels.test.ts
// drives every export against them, bit for bit. A Float32Array store rounds
// to float32 as the kernels' f32 stores do; Math.fround marks the roundings a
// kernel makes in between. Arrays are the kernels' regions (see layout.mjs):
// the same layouts, lane by lane where a kernel runs lanes.
// The compressor's and the true-peak meter's references are in
// referenceCompressor.ts and the loudness folder's foldedPhases.ts.

const fround = Math.fround;
/** 2^-32: turns a 32-bit integer into a fraction. */
const TO_UNIT = 1 / 4294967296;

/** y = b0 x + b1 x1 + b2 x2 - a2 y2 - a1 y1 over data[0, frames) in place; c[at..at+5) = b0 b1 b2 a1 a2, s[st..st+4) = x1 x2 y1 y2 (read and written back). */
export function biquadBand(c: ArrayLike<number>, at: number, s: Float64Array, st: number, data: Float64Array, frames: number, lane = 0, lanes = 1): void {
  const cs = (j: number) => c[lanes * (at + j) + lane];
  const b0 = cs(0), b1 = cs(1), b2 = cs(2), a1 = cs(3), a2 = cs(4);
  const si = (j: number) => lanes * (st + j) + lane;
  let x1 = s[si(0)], x2 = s[si(1)], y1 = s[si(2)], y2 = s[si(3)];
  for (let i = 0, p = lane; i < frames; i++, p += lanes) {
    const x = data[p];
    const y = b0 * x + b1 * x1 + b2 * x2 - a2 * y2 - a1 * y1;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    data[p] = y;
  }
  s[si(0)] = x1;
  s[si(1)] = x2;
  s[si(2)] = y1;
  s[si(3)] = y2;
}

/**
 * `threeBands`: three bands in series, a band's x history being the previous
 * band's y history (STATE's x1 x2 of bands 2 and 3 are not read, and are
 * written back as the y1 y2 before them). `lanes` 2: `threeBands2`'s lane.
 */
export function threeBands(c: ArrayLike<number>, s: Float64Array, data: Float64Array, frames: number, lane = 0, lanes = 1): void {
  for (let b = 1; b < 3; b++) {
    s[lanes * 4 * b + lane] = s[lanes * (4 * b - 2) + lane];
    s[lanes * (4 * b + 1) + lane] = s[lanes * (4 * b - 1) + lane];
  }
  for (let b = 0; b < 3; b++) biquadBand(c, 5 * b, s, 4 * b, data, frames, lane, lanes);
}

/** Two float32 channels into one interleaved double-precision pair buffer: pairs[2i] = a[i], pairs[2i + 1] = b[i] (threeBands2's widen step). */
export function widen2(a: Float32Array, b: Float32Array, pairs: Float64Array, frames: number): void {
  for (let i = 0; i < frames; i++) {
    pairs[2 * i] = a[i];
    pairs[2 * i + 1] = b[i];
  }
}

/** The pair buffer back into two float32 channels, each value rounded to float32 (threeBands2's narrow step). */
export function narrow2(pairs: Float64Array, a: Float32Array, b: Float32Array, frames: number): void {
  for (let i = 0; i < frames; i++) {
    a[i] = pairs[2 * i];
    b[i] = pairs[2 * i + 1];
  }
}

/** out[i] = f32(f32(in[i] pan) gain): a fixed pan and fader gain (`pan`, a channel at a time). */
export function panChannel(input: Float32Array, out: Float32Array, frames: number, pan: number, gain: number): void {
  for (let i = 0; i < frames; i++) out[i] = fround(input[i] * pan) * gain;
}

/** sum[i] += f32(f32(in[i] pan) gain) in float32 (`panSum`, a channel at a time). */
export function panSumChannel(input: Float32Array, sum: Float32Array, frames: number, pan: number, gain: number): void {
  for (let i = 0; i < frames; i++) sum[i] += fround(fround(input[i] * pan) * gain);
}

/** dst[i] += src[i], rounded to float32 (`accumulate`). */
export function accumulate(dst: Float32Array, src: Float32Array, frames: number): void {
  for (let i = 0; i < frames; i++) dst[i] += src[i];
}

/** dst[i] += src[i] g in double precision, rounded once to float32 (`accumulateScaled`). */
export function accumulateScaled(dst: Float32Array, src: Float32Array, frames: number, g: number): void {
  for (let i = 0; i < frames; i++) dst[i] += src[i] * g;
}

/** One xoshiro128** step of the generator whose word w is at state[at + 4 w]: u = (x + 0.5) 2^-32 - 0.5 in (-0.5, 0.5). */
export function xoshiroUniform(state: Uint32Array, at: number): number {
  const s1 = state[at + 4];
  const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  const t = s1 << 9;
  state[at + 8] ^= state[at];
  state[at + 12] ^= s1;
  state[at + 4] ^= state[at + 8];
  state[at] ^= state[at + 12];
  state[at + 8] ^= t;
  state[at + 12] = rotl(state[at + 12], 11);
  return (r + 0.5) * TO_UNIT - 0.5;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** `tpdf`: rounds of four values, noise[at + 4 r + g] = u + u' from two steps of generator g (its words at state[g + 4 w]). */
export function tpdf(state: Uint32Array, noise: Float64Array, rounds: number, at: number): void {
  for (let r = 0; r < rounds; r++) {
    for (let g = 0; g < 4; g++) noise[at + 4 * r + g] = xoshiroUniform(state, g) + xoshiroUniform(state, g);
  }
}

/** `encodeInt`: v = x scale + (d + 0.5), clamped to [-scale, scale - 1], floored, `width` bytes little-endian at bytes[at + i stride]; NaN gives 0. */
export function encodeInt(input: Float32Array, noise: Float64Array | null, bytes: Uint8Array, frames: number, at: number, stride: number, scale: number, width: number): void {
  const top = scale - 1;
  const bottom = -scale;
  for (let i = 0, j = at; i < frames; i++, j += stride) {
    let v = input[i] * scale + ((noise ? noise[i] : 0) + 0.5);
    if (v > top) v = top;
    if (v < bottom) v = bottom;
    const s = Number.isNaN(v) ? 0 : Math.floor(v);
    bytes[j] = s & 0xff;
    bytes[j + 1] = (s >> 8) & 0xff;
    if (width === 3) bytes[j + 2] = (s >> 16) & 0xff;
  }
}

/** `interleave2`: words[2 i] = a[i], words[2 i + 1] = b[i] (the float32 bits, NaN payloads kept). */
export function interleave2(a: Float32Array, b: Float32Array, words: Uint32Array, frames: number): void {
  const ab = new Uint32Array(a.buffer, a.byteOffset, frames);
  const bb = new Uint32Array(b.buffer, b.byteOffset, frames);
  for (let i = 0; i < frames; i++) {
    words[2 * i] = ab[i];
    words[2 * i + 1] = bb[i];
  }
}

/** `pmax` of WebAssembly: b when a < b, else a (a NaN b never wins; a NaN a stays). */
export function pmax(a: number, b: number): number {
  return a < b ? b : a;
}

/** `chunkPeaks`: out[c] = the largest |in[i]| of frames [c n, min(frames, (c + 1) n)), from +0; a NaN never wins. */
export function chunkPeaks(input: Float32Array, out: Float32Array, frames: number, n: number): void {
  for (let start = 0, c = 0; start < frames; start += n, c++) {
    let m = 0;
    for (let i = start, end = Math.min(frames, start + n); i < end; i++) m = pmax(m, Math.abs(input[i]));
    out[c] = m;
  }
}

/** `loudest2` (and a linked compressor's loudest channel): out[i] = pmax(|a[i]|, |b[i]|). */
export function loudest(a: Float32Array, b: Float32Array, out: Float32Array, frames: number): void {
  for (let i = 0; i < frames; i++) out[i] = pmax(Math.abs(a[i]), Math.abs(b[i]));
}

/** `applyGains2`, a channel at a time: out[i] = in[i] gains[i] in float32. */
export function applyGains(input: Float32Array, gains: Float32Array, out: Float32Array, frames: number): void {
  for (let i = 0; i < frames; i++) out[i] = input[i] * gains[i];
}

/**
 * A K-weighting filter (engine/loudness/kWeighting.ts) over input[from, from + 2 pairs):
 * k = b0 b1 b2 a1 a2 h1 h2, s[at + stride j] = x1 x2 y1 y2 z1 z2 (read and written
 * back), the squares added a pair at a time to `sum` (`kWeighting2`, `kWeighting4`'s lane;
 * KWeightingFilter.sumOfSquares runs it too). The coefficients are read from `k` in the
 * loop: with them in seven locals V8 spills the state (sumOfSquares 12-54% slower).
 */
export function kWeightingPairs(k: ArrayLike<number>, s: Float64Array, at: number, stride: number, input: Float32Array, from: number, pairs: number, sum: number): number {
  let x1 = s[at], x2 = s[at + stride], y1 = s[at + 2 * stride], y2 = s[at + 3 * stride], z1 = s[at + 4 * stride], z2 = s[at + 5 * stride];
  for (let i = from, end = from + 2 * pairs; i < end; i += 2) {
    const x = input[i];
    const xb = input[i + 1];
    const y = k[0] * x + k[1] * x1 + k[2] * x2 - k[4] * y2 - k[3] * y1;
    const z = y - 2 * y1 + y2 - k[6] * z2 - k[5] * z1;
    const yb = k[0] * xb + k[1] * x + k[2] * x1 - k[4] * y1 - k[3] * y;
    const zb = yb - 2 * y + y1 - k[6] * z1 - k[5] * z;
    sum += z * z + zb * zb;
    x2 = x;
    x1 = xb;
    y2 = y;
    y1 = yb;
    z2 = z;
    z1 = zb;
  }
  s[at] = x1;
  s[at + stride] = x2;
  s[at + 2 * stride] = y1;
  s[at + 3 * stride] = y2;
  s[at + 4 * stride] = z1;
  s[at + 5 * stride] = z2;
  return sum;
}
