// The curves of the nonlinear processors (saturate, clipper): odd, monotone,
// bounded by ±1, and analytic (no corner), so their harmonics die away fast
// enough for 8x oversampling to keep the aliases down. The processors run
// them from tables of cubic Hermite pieces (values and exact slopes at each
// knot), within 1e-11 of the functions and some four times cheaper than
// their tanh, exp and log: saturateFast, ClipTable.

/**
 * A hard clip at ±1 with its corners rounded: the integral of a tanh-smoothed
 * step, (ln cosh(k(x + 1)) - ln cosh(k(x - 1))) / 2k. It stays strictly inside
 * ±1, has slope tanh(k) at 0, bends within about 1/k of the corner, and tends
 * to the hard clip as k grows. Written as min(|x|, 1) plus a correction, so it
 * is exact for any k without overflow.
 */
export function smoothClip(x: number, k: number): number {
  return smoothClipWith(x, k, Math.exp(-4 * k));
}

/**
 * smoothClip with e^(-4k) given (`e4k`), for the hot loops: one exp and one
 * log a sample. With d = ||x| - 1|, the correction is
 * ln((1 + e^(-2k(|x| + 1))) / (1 + e^(-2kd))) / 2k, and e^(-2k(|x| + 1)) is
 * e^(-2kd) · e^(-4k) above the corner and e^(-4k) / e^(-2kd) below it.
 */
export function smoothClipWith(x: number, k: number, e4k: number): number {
  const a = x < 0 ? -x : x;
  const below = a < 1;
  const e = Math.exp(-2 * k * (below ? 1 - a : a - 1));
  const far = below ? (e > 0 ? e4k / e : 0) : e * e4k;
  const y = (below ? a : 1) + Math.log((1 + far) / (1 + e)) / (2 * k);
  return x < 0 ? -y : y;
}

/** Sharpness of saturate's hard end: smoothClip with k = 2, its input scaled to unit slope at 0. */
const HARD_K = 2;
const HARD_SCALE = 1 / Math.tanh(HARD_K);
const HARD_E4K = Math.exp(-4 * HARD_K);

/**
 * saturate's curve at `character` c (0..1): (1 - c) · tanh(x) + c · hard(x),
 * where hard(x) = smoothClip(x / tanh 2, 2) is linear longer and bends later.
 * Slope 1 at 0 and bounded by ±1 for every c.
 */
export function saturateCurve(x: number, c: number): number {
  if (c <= 0) return Math.tanh(x);
  const hard = smoothClipWith(x * HARD_SCALE, HARD_K, HARD_E4K);
  if (c >= 1) return hard;
  const soft = Math.tanh(x);
  return soft + c * (hard - soft);
}

/** Tabulated curves: cubic Hermite pieces of STEP over [0, SPAN); past SPAN both curves are 1 in double precision. */
const STEP = 1 / 256;
const SPAN = 20;
const PIECES = SPAN / STEP;

/** Per piece i, coefficients c0..c3 of y = c0 + t(c1 + t(c2 + t c3)), t in [0, 1), from values and slopes at both ends. */
function tabulate(f: (x: number) => number, slope: (x: number) => number, step = STEP, pieces = PIECES): Float64Array {
  const table = new Float64Array(4 * pieces);
  for (let i = 0; i < pieces; i++) {
    const y0 = f(i * step);
    const y1 = f((i + 1) * step);
    const d0 = step * slope(i * step);
    const d1 = step * slope((i + 1) * step);
    table[4 * i] = y0;
    table[4 * i + 1] = d0;
    table[4 * i + 2] = 3 * (y1 - y0) - 2 * d0 - d1;
    table[4 * i + 3] = 2 * (y0 - y1) + d0 + d1;
  }
  return table;
}

/** saturateFast's tables, the soft curve (tanh) and the hard one: empty until first used. */
let SOFT_TABLE: Float64Array = new Float64Array(0);
let HARD_TABLE: Float64Array = new Float64Array(0);

/**
 * Builds the tables on first use: 10,240 pieces each take some milliseconds,
 * which a process (the CLI, the engine, every track worker) whose sessions use
 * no saturate should not pay when it starts.
 */
function buildTables(): void {
  SOFT_TABLE = tabulate(Math.tanh, (x) => 1 - Math.tanh(x) ** 2);
  /** hard(x) = smoothClip(s·x, k), whose slope is s · (tanh k(sx + 1) - tanh k(sx - 1)) / 2. */
  HARD_TABLE = tabulate(
    (x) => saturateCurve(x, 1),
    (x) => (HARD_SCALE * (Math.tanh(HARD_K * (HARD_SCALE * x + 1)) - Math.tanh(HARD_K * (HARD_SCALE * x - 1)))) / 2,
  );
}

/**
 * saturateCurve from tables, for the hot loop: within 1e-10 of it (the test
 * says how close), odd, bounded by ±1, the same bits on every call. About a
 * fifth of the cost of tanh and the log-cosh clip. The first call builds the
 * tables.
 */
export function saturateFast(x: number, c: number): number {
  if (SOFT_TABLE.length === 0) buildTables();
  const a = x < 0 ? -x : x;
  if (!(a < SPAN)) return x < 0 ? -1 : 1;
  const u = a * (1 / STEP);
  const i = Math.floor(u);
  const t = u - i;
  const o = 4 * i;
  let y: number;
  if (c <= 0) y = SOFT_TABLE[o] + t * (SOFT_TABLE[o + 1] + t * (SOFT_TABLE[o + 2] + t * SOFT_TABLE[o + 3]));
  else {
    const hard = HARD_TABLE[o] + t * (HARD_TABLE[o + 1] + t * (HARD_TABLE[o + 2] + t * HARD_TABLE[o + 3]));
    if (c >= 1) y = hard;
    else {
      const soft = SOFT_TABLE[o] + t * (SOFT_TABLE[o + 1] + t * (SOFT_TABLE[o + 2] + t * SOFT_TABLE[o + 3]));
      y = soft + c * (hard - soft);
    }
  }
  return x < 0 ? -y : y;
}

/** Most pieces a ClipTable holds (1.3 MB); sharper clips are computed exactly. */
const MAX_CLIP_PIECES = 40000;

/**
 * smoothClip(·, k) from a table of cubic Hermite pieces 1 / 128k wide over
 * [0, 1 + 20/k) (past it the curve is 1 in double precision), within 1e-11 of
 * it; for k over about 300 (the table would be too big) it computes
 * smoothClipWith exactly.
 */
export class ClipTable {
  private readonly e4k: number;
  private readonly scale: number;
  private readonly span: number;
  private readonly table: Float64Array;

  constructor(private readonly k: number) {
    this.e4k = Math.exp(-4 * k);
    const pieces = Math.ceil((1 + 20 / k) * 128 * k);
    const exact = !(pieces <= MAX_CLIP_PIECES);
    this.scale = 128 * k;
    this.span = exact ? 0 : pieces / this.scale;
    this.table = exact
      ? new Float64Array(0)
      : tabulate((x) => smoothClipWith(x, k, this.e4k), (x) => (Math.tanh(k * (x + 1)) - Math.tanh(k * (x - 1))) / 2, 1 / this.scale, pieces);
  }

  /** smoothClip(x, k). */
  at(x: number): number {
    const a = x < 0 ? -x : x;
    if (this.span === 0) return smoothClipWith(x, this.k, this.e4k);
    if (!(a < this.span)) return x < 0 ? -1 : 1;
    const tb = this.table;
    const u = a * this.scale;
    const i = Math.floor(u);
    const t = u - i;
    const o = 4 * i;
    const y = tb[o] + t * (tb[o + 1] + t * (tb[o + 2] + t * tb[o + 3]));
    return x < 0 ? -y : y;
  }
}
