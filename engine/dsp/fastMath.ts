// Decibel conversions for per-sample loops (the compressor's gain computer).
// Math.log and Math.exp cost 12-25 ns a call in V8, which made them the
// render's hottest lines. These read a table instead: log2 from a
// float32's exponent bits plus an interpolated table over the top 10 mantissa
// bits, 2^x from a table of powers of two times an interpolated table of
// 2^(k/1024). Error below 2e-6 dB; pure arithmetic and tables built the same
// way everywhere, so renders stay bit-identical across machines.
//
// The tables and constants are exported for loops that must not call out per
// sample (V8 inlines calls only while its budget lasts, and a call it does not
// inline boxes its numbers): the compressor's loop spells log2f and exp2 out
// with them. Held in module-level constants, they compile to fixed addresses
// with no type checks.

export const BITS = 10;
export const SIZE = 1 << BITS;
/** The float32 mantissa bits below the top BITS, which interpolate between table entries. */
export const MANTISSA_SHIFT = 23 - BITS;
export const FRACTION_MASK = (1 << MANTISSA_SHIFT) - 1;
/** log2(1 + k / SIZE) for k = 0..SIZE. */
export const LOG2_TABLE = Float64Array.from({ length: SIZE + 1 }, (_, k) => Math.log2(1 + k / SIZE));
/**
 * (LOG2_TABLE[k + 1] - LOG2_TABLE[k]) / 2^MANTISSA_SHIFT: the rise per unit of
 * the low mantissa bits, so a lookup interpolates with one multiply-add.
 */
export const LOG2_SLOPE = Float64Array.from({ length: SIZE }, (_, k) => (LOG2_TABLE[k + 1] - LOG2_TABLE[k]) / (1 << MANTISSA_SHIFT));
/** 2^(k / SIZE) for k = 0..SIZE. */
export const EXP2_TABLE = Float64Array.from({ length: SIZE + 1 }, (_, k) => Math.pow(2, k / SIZE));
/** EXP2_TABLE[k + 1] - EXP2_TABLE[k]. */
export const EXP2_SLOPE = Float64Array.from({ length: SIZE }, (_, k) => EXP2_TABLE[k + 1] - EXP2_TABLE[k]);
/**
 * POW2[i] = 2^(i - POW2_OFFSET): every normal double power of two up to 2^127,
 * so a loop whose exponents are known to stay over -1022 can skip exp2's clamp.
 */
export const POW2_OFFSET = 1022;
export const POW2 = Float64Array.from({ length: POW2_OFFSET + 128 }, (_, i) => Math.pow(2, i - POW2_OFFSET));
/** 20 log10(2): decibels per doubling of amplitude. */
export const DB_PER_OCTAVE = 20 * Math.log10(2);
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** log2(|x|) for x a normal float32 value (audio samples are); else -126 (zero, subnormal) or 128 (infinite, NaN). */
export function log2f(x: number): number {
  F32[0] = x;
  const bits = U32[0];
  const exponent = (bits >>> 23) & 0xff;
  if (exponent === 0) return -126;
  if (exponent === 0xff) return 128;
  const k = (bits >>> MANTISSA_SHIFT) & (SIZE - 1);
  return exponent - 127 + LOG2_TABLE[k] + LOG2_SLOPE[k] * (bits & FRACTION_MASK);
}

/** 2^y, with y clamped to [-126, 127]. */
export function exp2(y: number): number {
  if (!(y > -126)) y = -126;
  else if (y > 127) y = 127;
  // One scaled index holds the octave (i >> BITS) and the table step
  // (i & (SIZE - 1)): a single truncation instead of two Math.floor, and
  // `| 0` is the floor because the value is positive and below 2^31.
  const scaled = (y + POW2_OFFSET) * SIZE;
  const i = scaled | 0;
  const k = i & (SIZE - 1);
  return POW2[i >> BITS] * (EXP2_TABLE[k] + EXP2_SLOPE[k] * (scaled - i));
}

/** 20 log10(a) for an amplitude read from a float32 sample. */
export function amplitudeToDbFast(a: number): number {
  return DB_PER_OCTAVE * log2f(a);
}

/** 10^(db / 20). */
export function dbToAmplitudeFast(db: number): number {
  return exp2(db / DB_PER_OCTAVE);
}
