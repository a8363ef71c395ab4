// The curves of the nonlinear processors (saturate, clipper): odd, monotone,
// bounded by ±1, and analytic (no corner), so their harmonics die away fast
// enough for 8x oversampling to keep the aliases down.

/**
 * A hard clip at ±1 with its corners rounded: the integral of a tanh-smoothed
 * step, (ln cosh(k(x + 1)) - ln cosh(k(x - 1))) / 2k. It stays strictly inside
 * ±1, has slope tanh(k) at 0, bends within about 1/k of the corner, and tends
 * to the hard clip as k grows. Written as min(|x|, 1) plus a correction, so it
 * is exact for any k without overflow.
 */
export function smoothClip(x: number, k: number): number {
  const a = x < 0 ? -x : x;
  const d = a > 1 ? a - 1 : 1 - a;
  const y = (a < 1 ? a : 1) + Math.log((1 + Math.exp(-2 * k * (a + 1))) / (1 + Math.exp(-2 * k * d))) / (2 * k);
  return x < 0 ? -y : y;
}

/** Sharpness of saturate's hard end: smoothClip with k = 2, its input scaled to unit slope at 0. */
const HARD_K = 2;
const HARD_SCALE = 1 / Math.tanh(HARD_K);

/**
 * saturate's curve at `character` c (0..1): (1 - c) · tanh(x) + c · hard(x),
 * where hard(x) = smoothClip(x / tanh 2, 2) is linear longer and bends later.
 * Slope 1 at 0 and bounded by ±1 for every c.
 */
export function saturateCurve(x: number, c: number): number {
  if (c <= 0) return Math.tanh(x);
  const hard = smoothClip(x * HARD_SCALE, HARD_K);
  if (c >= 1) return hard;
  const soft = Math.tanh(x);
  return soft + c * (hard - soft);
}
