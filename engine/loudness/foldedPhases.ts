// The in-between phases of the true-peak interpolator, folded by symmetry so
// that a window's points cost half the multiplications. The windowed sinc is
// even, so phase factor - p is phase p reversed (to rounding, about 1e-16):
// with s[j] = w[j] + w[taps-1-j] and d[j] = w[j] - w[taps-1-j] for the first
// half of a window w, the two mirrored points are u + v and u - v, where
// u = sum(even[j] s[j]) and v = sum(odd[j] d[j]), and the larger magnitude
// of the two is |u| + |v|. The middle phase of an even factor is its own
// mirror and needs only sum(middle[j] s[j]).

import type { PolyphaseInterpolator } from "./interpolator";

/** Mirrored pairs of taps nearest the window's centre that `pointsPeakBound` evaluates (8 of 32 taps). */
const SCREEN_PAIRS = 4;
/** Covers the rounding by which the bound's sums, taken in another order, may differ from pointsPeak's. */
export const SCREEN_MARGIN = 1 + 1e-9;

export interface FoldedPhases {
  /** Window length: the interpolator's taps per phase. */
  taps: number;
  /** Per mirrored pair (p, factor - p), p < factor / 2: half of phase p plus its reverse, taps / 2 values. */
  even: Float64Array[];
  /** Per mirrored pair: half of phase p minus its reverse. */
  odd: Float64Array[];
  /** The middle phase (factor / 2) of an even factor, first half; null for odd factors. */
  middle: Float64Array | null;
  /** For 4x: even, odd and middle interleaved, so the loop reads one coefficient array. */
  interleaved: Float64Array | null;
  /**
   * For 4x, per unit of the largest sample magnitude in the window: the most
   * that the taps outside the SCREEN_PAIRS central pairs can add to |u| + |v|
   * (pair) and to |m| (middle). Infinity when there is nothing to screen.
   */
  farPair: number;
  farMiddle: number;
}

/** Folds the in-between phases (1 .. factor - 1) of `design`; a factor of 1 gives none. */
export function foldPhases(design: PolyphaseInterpolator): FoldedPhases {
  const { factor, taps } = design;
  const half = taps / 2;
  const even: Float64Array[] = [];
  const odd: Float64Array[] = [];
  // Run oldest input first: phases[p][j] weighs input n - j.
  const oldestFirst = (p: number): Float64Array => design.phases[p].slice().reverse();
  for (let p = 1; 2 * p < factor; p++) {
    const kernel = oldestFirst(p);
    even.push(Float64Array.from({ length: half }, (_, j) => (kernel[j] + kernel[taps - 1 - j]) / 2));
    odd.push(Float64Array.from({ length: half }, (_, j) => (kernel[j] - kernel[taps - 1 - j]) / 2));
  }
  let middle: Float64Array | null = null;
  if (factor % 2 === 0 && factor > 1) {
    const kernel = oldestFirst(factor / 2);
    middle = Float64Array.from({ length: half }, (_, j) => (kernel[j] + kernel[taps - 1 - j]) / 2);
  }
  let interleaved: Float64Array | null = null;
  if (even.length === 1 && middle !== null) {
    interleaved = new Float64Array(3 * half);
    for (let j = 0; j < half; j++) interleaved.set([even[0][j], odd[0][j], middle[j]], 3 * j);
  }
  let farPair = Infinity;
  let farMiddle = Infinity;
  if (interleaved !== null && half > SCREEN_PAIRS) {
    // The pair's points are u + v and u - v, whose outer taps weigh a and b by
    // even + odd and even - odd: each adds at most |even + odd| + |even - odd|
    // times the largest magnitude; the middle's, 2 |middle|.
    farPair = 0;
    farMiddle = 0;
    for (let j = 0; j < half - SCREEN_PAIRS; j++) {
      farPair += Math.abs(even[0][j] + odd[0][j]) + Math.abs(even[0][j] - odd[0][j]);
      farMiddle += 2 * Math.abs(middle![j]);
    }
  }
  return { taps, even, odd, middle, interleaved, farPair, farMiddle };
}

/**
 * An upper bound on `pointsPeak` for a 4x window none of whose samples
 * exceeds `reach` in magnitude: the central pairs' part of u, v and m
 * exactly, plus the most the other taps can add. About a quarter of the
 * work of `pointsPeak`, so a meter that only wants the running maximum
 * evaluates a window in full only when the bound passes it. Infinity when
 * the phases are not 4x.
 */
export function pointsPeakBound(phases: FoldedPhases, window: Float64Array, start: number, reach: number): number {
  const c = phases.interleaved;
  if (c === null || phases.farPair === Infinity) return Infinity;
  const half = c.length / 3;
  const last = start + 2 * half - 1;
  let u = 0;
  let v = 0;
  let m = 0;
  for (let j = half - SCREEN_PAIRS, k = 3 * j; j < half; j++, k += 3) {
    const a = window[start + j];
    const b = window[last - j];
    u += c[k] * (a + b);
    v += c[k + 1] * (a - b);
    m += c[k + 2] * (a + b);
  }
  return Math.max(Math.abs(u) + Math.abs(v) + phases.farPair * reach, Math.abs(m) + phases.farMiddle * reach) * SCREEN_MARGIN;
}

/**
 * The largest absolute value among the in-between points of the window
 * `window[start .. start + taps - 1]` (oldest first).
 */
export function pointsPeak(phases: FoldedPhases, window: Float64Array, start: number): number {
  const { even, odd, middle } = phases;
  if (phases.interleaved !== null) return pointsPeak4(phases.interleaved, window, start);
  if (even.length === 0 && middle !== null) return middlePeak(middle, window, start);
  let peak = middle === null ? 0 : middlePeak(middle, window, start);
  for (let k = 0; k < even.length; k++) peak = Math.max(peak, pairPeak(even[k], odd[k], window, start));
  return peak;
}

/**
 * 4x oversampling (phases 1 and 3 mirrored, 2 the middle), the default below
 * 96 kHz: one pass over the window, two taps a step (V8 checks every array
 * access, so fewer, fuller steps run faster).
 */
function pointsPeak4(c: Float64Array, window: Float64Array, start: number): number {
  const n = c.length;
  const last = start + (2 * n) / 3 - 1;
  let u = 0;
  let v = 0;
  let m = 0;
  let k = 0;
  let j = 0;
  for (; k + 5 < n; k += 6, j += 2) {
    const a0 = window[start + j];
    const b0 = window[last - j];
    const a1 = window[start + j + 1];
    const b1 = window[last - j - 1];
    u += c[k] * (a0 + b0) + c[k + 3] * (a1 + b1);
    v += c[k + 1] * (a0 - b0) + c[k + 4] * (a1 - b1);
    m += c[k + 2] * (a0 + b0) + c[k + 5] * (a1 + b1);
  }
  if (k < n) {
    const a = window[start + j];
    const b = window[last - j];
    u += c[k] * (a + b);
    v += c[k + 1] * (a - b);
    m += c[k + 2] * (a + b);
  }
  return Math.max(Math.abs(u) + Math.abs(v), Math.abs(m));
}

function pairPeak(even: Float64Array, odd: Float64Array, window: Float64Array, start: number): number {
  const last = start + 2 * even.length - 1;
  let u = 0;
  let v = 0;
  for (let j = 0; j < even.length; j++) {
    const a = window[start + j];
    const b = window[last - j];
    u += even[j] * (a + b);
    v += odd[j] * (a - b);
  }
  return Math.abs(u) + Math.abs(v);
}

function middlePeak(middle: Float64Array, window: Float64Array, start: number): number {
  const last = start + 2 * middle.length - 1;
  let m = 0;
  for (let j = 0; j < middle.length; j++) m += middle[j] * (window[start + j] + window[last - j]);
  return Math.abs(m);
}


