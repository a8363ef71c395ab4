// log2 and 2^x in float32 for the compressor's per-sample loop (kernels.wat's
// `compress4`, four lanes of f32x4 at once). Math.log2 and Math.pow cost
// 12-25 ns a call and have no SIMD form; these are a few multiply-adds:
//   log2 x: x = m 2^e with m in [√½, √2], s = (m - 1) / (m + 1) in
//     [-0.172, 0.172], log2 m = s (L1 + z (L3 + z (L5 + z L7))), z = s²: the
//     series of 2 atanh(s) / ln 2 to s⁷ (its next term is under 4e-8);
//   2^y: n = y rounded to the nearest integer, f = y - n in [-0.5, 0.5],
//     2^f = E0 + f (E1 + ... + f E6), fitted at Chebyshev nodes, times 2^n
//     added to the float's exponent bits.
// Both are within 1.3e-7 (log2, absolute) and 1.1e-7 (2^x, relative) of
// Math, about a float32 rounding: under 1e-6 dB. The coefficients are float32
// literals, and each step below rounds to float32 as the kernel's lanes do, so
// these functions give the kernel's bits (the tests compare them).

/** 20 log10(2): decibels per doubling of amplitude. */
export const DB_PER_OCTAVE = 20 * Math.log10(2);

/** 2 / (k ln 2) for k = 1, 3, 5, 7, rounded to float32. */
export const LOG2_COEFFICIENTS = [2.885390043258667, 0.9617967009544373, 0.5770780444145203, 0.41219857335090637] as const;
/** 2^f on [-0.5, 0.5], powers 0 to 6, float32. */
export const EXP2_COEFFICIENTS = [1, 0.6931471824645996, 0.24022650718688965, 0.05550327152013779, 0.009618056938052177, 0.0013400427997112274, 0.00015461444854736328] as const;
/** Float bits of √2: mantissas over it are halved. */
export const SQRT2_BITS = 0x3fb504f3;
/** Where 2^y stops: 2^-125 is float32's smallest normal power of two but one. */
export const EXP2_FLOOR = -125;
/** 1.5 2^23: adding it to a float32 under 2^22 rounds it to an integer (ties to even) held in the low mantissa bits. */
export const ROUNDER = 12582912;

const fround = Math.fround;
const FLOAT = new Float32Array(1);
const BITS = new Int32Array(FLOAT.buffer);

/**
 * log2|x| of a float32 x in two parts, as the kernel has them: the whole
 * octaves `octave` (the biased exponent, plus 1 where the mantissa was
 * halved; 127 means 2^0) and the float32 log2 of the mantissa in [√½, √2].
 * Zero and subnormals read as 2^-127 times their mantissa bits (under any
 * sensible threshold); infinities and NaN as 2^128.
 */
export function log2Parts(x: number): { octave: number; mantissaLog2: number } {
  FLOAT[0] = x;
  let bits = (BITS[0] & 0x7fffff) | 0x3f800000;
  const big = bits > SQRT2_BITS ? 1 : 0;
  bits -= big << 23;
  const octave = ((BITS[0] >>> 23) & 0xff) + big;
  FLOAT[0] = 0;
  BITS[0] = bits;
  const m = FLOAT[0];
  const [l1, l3, l5, l7] = LOG2_COEFFICIENTS;
  const s = fround(fround(m - 1) / fround(m + 1));
  const z = fround(s * s);
  const mantissaLog2 = fround(s * fround(l1 + fround(z * fround(l3 + fround(z * fround(l5 + fround(z * l7)))))));
  return { octave, mantissaLog2 };
}

/** log2|x| in float32 (x a normal float32), as the kernel computes a level with a knee top of 0. */
export function log2f(x: number): number {
  const { octave, mantissaLog2 } = log2Parts(x);
  return fround(octave - 127 + mantissaLog2);
}

/** 2^y in float32 for y a float32, at least 2^EXP2_FLOOR, as the kernel computes a gain. */
export function exp2f(y: number): number {
  y = Math.max(fround(y), EXP2_FLOOR);
  const rounded = fround(y + ROUNDER);
  const f = fround(y - fround(rounded - ROUNDER));
  let e: number = EXP2_COEFFICIENTS[6];
  for (let j = 5; j >= 0; j--) e = fround(EXP2_COEFFICIENTS[j] + fround(f * e));
  FLOAT[0] = rounded;
  const n = BITS[0] << 23;
  FLOAT[0] = e;
  BITS[0] = (BITS[0] + n) | 0;
  return FLOAT[0];
}
