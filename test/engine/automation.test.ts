import { strict as assert } from "node:assert";
import type { Curve } from "../../core/model";
import { seconds } from "../../core/units";
import { checkBreakpoints, createCursor, renderAutomation, STEP_RAMP_SECONDS, valueAt, type Breakpoint } from "../../engine/render/automation";

const SR = 48000;
const pts = (...list: [number, number, Curve?][]): Breakpoint[] => list.map(([time, value, curve]) => ({ time: seconds(time), value, curve: curve ?? "linear" }));

/** Renders `total` frames from frame `start` in blocks of `block`, with one cursor throughout (or a fresh one per block). */
function render(points: readonly Breakpoint[], total: number, block: number, start = 0, fresh = false): Float32Array {
  const out = new Float32Array(total);
  const cursor = createCursor();
  for (let at = 0; at < total; at += block) {
    const n = Math.min(block, total - at);
    renderAutomation(points, start + at, n, SR, out.subarray(at, at + n), fresh ? createCursor() : cursor);
  }
  return out;
}

const maxStep = (a: Float32Array) => a.reduce((m, x, i) => (i === 0 ? 0 : Math.max(m, Math.abs(x - a[i - 1]))), 0);

describe("automation: valueAt", () => {
  const p = pts([1, -6], [2, 0], [3, 4, "smooth"], [4, -2, "step"], [5, 10]);

  it("gives each breakpoint's exact value at its time, and holds outside them", () => {
    for (const q of p) assert.equal(valueAt(p, q.time), q.value, `at ${q.time} s`);
    assert.equal(valueAt(p, 0), -6, "before the first point: the first value");
    assert.equal(valueAt(p, -3), -6);
    assert.equal(valueAt(p, 99), 10, "after the last point: the last value");
    assert.equal(valueAt(pts([2, 7]), 0), 7, "a single point is a constant");
  });

  it("interpolates linear segments (midpoints, quarter points)", () => {
    assert.equal(valueAt(p, 1.5), -3);
    assert.equal(valueAt(p, 1.25), -4.5);
    assert.ok(Math.abs(valueAt(p, 1.75) + 1.5) < 1e-12);
  });

  it("follows a monotonic S-curve on smooth segments, flat at both ends", () => {
    assert.equal(valueAt(p, 3.5), 1, "smoothstep passes the midpoint at half time");
    let previous = Infinity;
    for (let t = 3; t <= 4; t += 0.001) {
      const v = valueAt(p, t);
      assert.ok(v <= previous + 1e-12, `falls monotonically at ${t}`);
      previous = v;
    }
    const h = 1e-4;
    const slopeAt = (t: number) => (valueAt(p, t + h) - valueAt(p, t)) / h;
    const middle = Math.abs(slopeAt(3.5));
    assert.ok(Math.abs(slopeAt(3)) < 1e-3 * middle, "zero slope leaving the point");
    assert.ok(Math.abs(slopeAt(4 - h)) < 1e-3 * middle, "zero slope arriving");
    assert.ok(Math.abs(middle - 9) < 1e-3, "1.5 × the linear slope in the middle");
  });

  it("holds a step segment and jumps at the next point; same-time points jump to the later one", () => {
    assert.equal(valueAt(p, 4.999), -2);
    assert.equal(valueAt(p, 5), 10);
    const jump = pts([0, 0], [1, 1], [1, 5], [2, 5]);
    assert.equal(valueAt(jump, 0.5), 0.5);
    assert.equal(valueAt(jump, 1), 5);
  });

  it("refuses no points and unsorted points, saying which", () => {
    assert.throws(() => valueAt([], 0), /no points/);
    assert.throws(() => checkBreakpoints(pts([2, 0], [1, 1])), /point 2 at 1 s comes before point 1 at 2 s/);
    assert.throws(() => checkBreakpoints(pts([0, NaN])), /finite/);
    checkBreakpoints(p);
  });
});

describe("automation: renderAutomation", () => {
  const p = pts([0.01, -6], [0.05, 0, "smooth"], [0.1, 3, "step"], [0.2, -9], [0.25, -9, "step"], [0.2501, 4], [0.3, 4]);
  const total = Math.round(0.4 * SR);
  const ramp = STEP_RAMP_SECONDS * SR;

  it("matches valueAt exactly outside the 5 ms after each jump", () => {
    const out = render(p, total, 128);
    const jumps = [0.2, 0.2501];
    for (let n = 0; n < total; n++) {
      const t = n / SR;
      if (jumps.some((j) => t >= j && t < j + STEP_RAMP_SECONDS + 1e-4)) continue;
      assert.equal(out[n], Math.fround(valueAt(p, t)), `frame ${n}`);
    }
    assert.equal(out[0.01 * SR], -6);
    assert.equal(out[0.03 * SR], -3, "linear midpoint");
  });

  it("ramps a step over 5 ms starting at the jump, never changing by more than jump/240 per sample", () => {
    const out = render(pts([0, 0, "step"], [0.1, 1]), total, 256);
    const at = 0.1 * SR;
    assert.equal(out[at - 1], 0);
    assert.equal(out[at], 0, "the old value holds up to the jump");
    assert.ok(Math.abs(out[at + ramp / 2] - 0.5) < 1e-6, "halfway after 2.5 ms");
    assert.equal(out[at + ramp], 1, "the new value 5 ms after");
    const moving = out.filter((v) => v > 0 && v < 1).length;
    assert.equal(moving, ramp - 1, "239 in-between samples at 48 kHz");
    assert.ok(maxStep(out) <= 1 / ramp + 1e-6, `max change ${maxStep(out)}`);
  });

  it("de-zippers a jump of two same-time points, and a jump arriving during a ramp", () => {
    const out = render(p, total, 512);
    assert.ok(maxStep(out) <= 13 / ramp + 1e-5, `max change per sample ${maxStep(out)}`);
    // Jumps of +1, -2, +2 within 3 ms: each restarts the ramp from where the last one had got to.
    const hard = render(pts([0, 0, "step"], [0.1, 1, "step"], [0.102, -1, "step"], [0.103, 1, "step"], [0.104, -1]), total, 64);
    assert.ok(maxStep(hard) <= 2 / ramp, `stacked jumps: ${maxStep(hard) * ramp} / 240`);
    assert.equal(hard[Math.round(0.12 * SR)], -1, "settles on the last value");
  });

  it("gives identical arrays for blocks of 1, 64, 4096 and a fresh cursor per block", () => {
    const whole = render(p, total, total);
    assert.deepEqual(render(p, total, 64), whole);
    assert.deepEqual(render(p, total, 4096), whole);
    assert.deepEqual(render(p, total, 1), whole);
    assert.deepEqual(render(p, total, 100, 0, true), whole, "relocating every block replays the running ramp");
    const from = Math.round(0.2012 * SR);
    assert.deepEqual(render(p, total - from, 333, from), whole.subarray(from), "a seek into a ramp");
  });

  it("touches only the points it passes: a long automation renders in linear time", () => {
    const many: Breakpoint[] = [];
    for (let i = 0; i < 200000; i++) many.push({ time: seconds(i * 0.01), value: i % 7, curve: i % 3 === 0 ? "step" : i % 3 === 1 ? "smooth" : "linear" });
    let reads = 0;
    const counted = new Proxy(many, { get: (target, key, receiver) => ((typeof key === "string" && /^\d+$/.test(key) && reads++), Reflect.get(target, key, receiver)) });
    const out = new Float32Array(4800);
    const cursor = createCursor();
    renderAutomation(counted, 1000 * SR, 4800, SR, out, cursor);
    reads = 0;
    renderAutomation(counted, 1000 * SR + 4800, 4800, SR, out, cursor);
    assert.ok(reads < 40 * 4800, `${reads} point reads for 4800 frames (about 10 points passed)`);
    assert.equal(out[0], Math.fround(valueAt(many, (1000 * SR + 4800) / SR)));
  });

  it("refuses a block larger than its output, naming the sizes", () => {
    assert.throws(() => renderAutomation(p, 0, 10, SR, new Float32Array(5)), /holds 5 samples but 10 frames/);
    assert.throws(() => renderAutomation(p, -1, 1, SR, new Float32Array(5)), /start frame -1/);
  });
});
