// Automation as a pure function of time: `valueAt(points, t)` over sorted
// breakpoints, and a block renderer that fills one value per sample.
//
// Curves say how the value moves from a point to the next: `linear`
// interpolates, `smooth` follows a smoothstep S-curve (3u² - 2u³: zero slope
// at both ends), `step` holds the point's value and jumps at the next point.
// Before the first point the value is the first point's, after the last the
// last's. Two points at the same time are an instant jump to the later one.
//
// De-zippering (the renderer only; `valueAt` stays exact): every jump, a
// `step` or two points at one time, starts at the jump and is smoothed by a
// linear ramp of STEP_RAMP_SECONDS (5 ms): the old value holds exactly up to
// the jump time T, then the rendered value moves in a straight line to reach
// the exact curve at T + 5 ms. A jump of D therefore changes by at most
// D / (0.005 × sampleRate) per sample (D / 240 at 48 kHz). A jump arriving
// while the previous ramp is still running carries its remainder over, so
// the rendered value never jumps either. Sample n is time n / sampleRate,
// computed from the absolute frame, so blocks of any size give the same values.
import type { AutomationPoint } from "../../core/model";

/** The fields of a point that the value depends on. */
export type Breakpoint = Pick<AutomationPoint, "time" | "value" | "curve">;

/** How long a jump is ramped over, starting at the jump. */
export const STEP_RAMP_SECONDS = 0.005;

/**
 * Where a renderer is between blocks: pass the same cursor for consecutive
 * blocks and each block costs O(frames + points passed). A cursor used for a
 * block that does not follow its previous one relocates itself.
 */
export interface AutomationCursor {
  /** Index of the last point at or before the next frame; -1 before the first. */
  segment: number;
  /** The frame the next block is expected to start at; -1 when unset. */
  nextFrame: number;
  /** Time of the jump the running ramp starts at. */
  rampStart: number;
  /** Rendered minus exact value at `rampStart`; 0 when no ramp is running. */
  rampOffset: number;
  /** The points the cursor was placed on (a new array relocates it). */
  points: readonly Breakpoint[] | null;
}

export function createCursor(): AutomationCursor {
  return { segment: -1, nextFrame: -1, rampStart: 0, rampOffset: 0, points: null };
}

/** The exact automated value at time `t` (seconds). */
export function valueAt(points: readonly Breakpoint[], t: number): number {
  checkPoints(points);
  return curveValue(points, lastAtOrBefore(points, t), t);
}

/**
 * Fills `out[0..frames)` with the value at frames startFrame .. startFrame +
 * frames - 1, de-zippering jumps (see the header). Allocates nothing.
 */
export function renderAutomation(
  points: readonly Breakpoint[],
  startFrame: number,
  frames: number,
  sampleRate: number,
  out: Float32Array,
  cursor: AutomationCursor = createCursor(),
): void {
  checkRender(points, startFrame, frames, sampleRate, out);
  if (cursor.points !== points || cursor.nextFrame !== startFrame) locate(cursor, points, startFrame / sampleRate);
  const last = points.length - 1;
  for (let i = 0; i < frames; i++) {
    const t = (startFrame + i) / sampleRate;
    if (cursor.segment < last && points[cursor.segment + 1].time <= t) advance(cursor, points, t);
    let v = curveValue(points, cursor.segment, t);
    if (cursor.rampOffset !== 0) {
      const left = 1 - (t - cursor.rampStart) / STEP_RAMP_SECONDS;
      if (left > 0) v += cursor.rampOffset * left;
      else cursor.rampOffset = 0;
    }
    out[i] = v;
  }
  cursor.nextFrame = startFrame + frames;
}

/** The value of segment `seg` (the last point at or before `t`) at `t`, without de-zippering. */
function curveValue(points: readonly Breakpoint[], seg: number, t: number): number {
  if (seg < 0) return points[0].value;
  const p = points[seg];
  if (seg === points.length - 1 || p.curve === "step") return p.value;
  const q = points[seg + 1];
  const u = (t - p.time) / (q.time - p.time);
  const shape = p.curve === "smooth" ? u * u * (3 - 2 * u) : u;
  return p.value + (q.value - p.value) * shape;
}

/** The value segment `seg` reaches just before the next point's time (its start, if it lasts no time). */
function segmentEnd(points: readonly Breakpoint[], seg: number): number {
  if (seg < 0) return points[0].value;
  const p = points[seg];
  const q = points[seg + 1];
  return p.curve === "step" || q.time === p.time ? p.value : q.value;
}

/** Moves the cursor past every point at or before `t`, starting a ramp at each jump. */
function advance(cursor: AutomationCursor, points: readonly Breakpoint[], t: number): void {
  const last = points.length - 1;
  while (cursor.segment < last && points[cursor.segment + 1].time <= t) {
    const next = points[cursor.segment + 1];
    const jump = segmentEnd(points, cursor.segment) - next.value;
    cursor.segment++;
    if (jump === 0) continue;
    const carried = 1 - (next.time - cursor.rampStart) / STEP_RAMP_SECONDS;
    cursor.rampOffset = (carried > 0 ? cursor.rampOffset * carried : 0) + jump;
    cursor.rampStart = next.time;
  }
}

/**
 * Places the cursor for a block starting at time `t`. A ramp can still be
 * running from jumps up to 5 ms earlier, each carrying what came before it, so
 * it replays from the earliest point of that chain, as consecutive blocks would.
 */
function locate(cursor: AutomationCursor, points: readonly Breakpoint[], t: number): void {
  const seg = lastAtOrBefore(points, t);
  let from = seg;
  if (from >= 0 && points[from].time > t - STEP_RAMP_SECONDS) {
    while (from > 0 && points[from].time - points[from - 1].time < STEP_RAMP_SECONDS) from--;
  } else {
    from = seg + 1;
  }
  cursor.points = points;
  cursor.segment = from - 1;
  cursor.rampOffset = 0;
  cursor.rampStart = 0;
  advance(cursor, points, t);
}

/** Index of the last point whose time is at or before `t`; -1 if none (binary search). */
function lastAtOrBefore(points: readonly Breakpoint[], t: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid].time <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function checkPoints(points: readonly Breakpoint[]): void {
  if (points.length === 0) throw new Error("Automation: no points to evaluate; an automation block needs at least one point.");
}

function checkRender(points: readonly Breakpoint[], startFrame: number, frames: number, sampleRate: number, out: Float32Array): void {
  checkPoints(points);
  const where = "renderAutomation";
  if (!(sampleRate > 0) || !Number.isFinite(sampleRate)) throw new RangeError(`${where}: sample rate ${sampleRate} Hz must be a positive number.`);
  if (!Number.isInteger(startFrame) || startFrame < 0) throw new RangeError(`${where}: start frame ${startFrame} must be a whole number of at least 0.`);
  if (!Number.isInteger(frames) || frames < 0) throw new RangeError(`${where}: frames must be a whole number of at least 0, got ${frames}.`);
  if (out.length < frames) throw new RangeError(`${where}: the output holds ${out.length} samples but ${frames} frames were asked for; pass a larger array.`);
}

/** Throws unless the points are in time order with finite times and values (the lowering guarantees it). */
export function checkBreakpoints(points: readonly Breakpoint[]): void {
  checkPoints(points);
  points.forEach((p, i) => {
    if (!Number.isFinite(p.time) || !Number.isFinite(p.value)) throw new RangeError(`Automation point ${i + 1}: time ${p.time} s and value ${p.value} must be finite numbers.`);
    if (i > 0 && p.time < points[i - 1].time) throw new RangeError(`Automation point ${i + 1} at ${p.time} s comes before point ${i} at ${points[i - 1].time} s; sort the points by time.`);
  });
}
