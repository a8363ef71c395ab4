// The noise gate on square-wave keys (constant |x|, so out/in is the gain at
// every frame): closed by `range` below the threshold, open above it, the
// hysteresis, the hold, linear click-free ramps, range automation, stereo
// link and block-size independence.
import { strict as assert } from "node:assert";
import { Gate, HYSTERESIS_DB, MAX_BLOCK_FRAMES } from "../../engine/dsp/gate";

const SR = 48000;
const DEFAULTS = { threshold: -50, range: -80, attack: 0.001, hold: 0.01, release: 0.1 };
const lin = (db: number) => Math.pow(10, db / 20);
const CLOSED = lin(DEFAULTS.range);

/** A square wave (period 96 frames) whose level in dB is `levelAt(frame)`. */
function square(frames: number, levelAt: (i: number) => number): Float32Array {
  return Float32Array.from({ length: frames }, (_, i) => (i % 96 < 48 ? 1 : -1) * lin(levelAt(i)));
}

function run(gate: Gate, input: Float32Array[], block: number): Float32Array[] {
  const frames = input[0].length;
  const out = input.map((c) => new Float32Array(c.length));
  for (let at = 0; at < frames; at += block) {
    const n = Math.min(block, frames - at);
    gate.process(input.map((c) => c.subarray(at, at + n)), out.map((c) => c.subarray(at, at + n)), n);
  }
  return out;
}

/** Per-frame gain of a mono gate on a square-wave key. */
function gains(input: Float32Array, params = DEFAULTS, block = 256): Float64Array {
  const out = run(new Gate(params, SR, 1), [input], block)[0];
  return Float64Array.from(out, (y, i) => y / input[i]);
}

const near = (a: number, b: number, tol = 1e-6) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe("gate: opening and closing", () => {
  it("stays closed by `range` below the threshold", () => {
    const g = gains(square(SR / 2, () => -60));
    for (let i = 0; i < g.length; i++) assert.ok(near(g[i], CLOSED), `frame ${i}: gain ${g[i]}`);
  });

  it("opens above the threshold in `attack`, linearly, then passes the signal unchanged", () => {
    const input = square(SR / 2, () => -40);
    const g = gains(input);
    const attackFrames = DEFAULTS.attack * SR;
    for (let i = 0; i < attackFrames; i++) assert.ok(near(g[i], CLOSED + (1 - CLOSED) * ((i + 1) / attackFrames)), `frame ${i}`);
    for (let i = attackFrames; i < g.length; i++) assert.equal(g[i], 1, `frame ${i}`);
  });

  it(`has ${HYSTERESIS_DB} dB of hysteresis: opens at the threshold, falls only below threshold - ${HYSTERESIS_DB} dB`, () => {
    const hover = DEFAULTS.threshold - HYSTERESIS_DB / 2;
    assert.ok(near(gains(square(SR / 2, () => hover))[SR / 2 - 1], CLOSED), "a closed gate ignores a key just under the threshold");
    const stays = gains(square(SR, (i) => (i < SR / 4 ? -30 : hover)));
    assert.equal(stays[SR - 1], 1, "an open gate stays open for a key just under the threshold");
    const falls = gains(square(SR, (i) => (i < SR / 4 ? -30 : DEFAULTS.threshold - HYSTERESIS_DB - 1)));
    assert.ok(near(falls[SR - 1], CLOSED), "and closes below the lower level");
  });

  it("holds for `hold` after the key falls, then closes linearly in `release`", () => {
    const params = { ...DEFAULTS, hold: 0.05 };
    const end = SR / 4;
    const g = gains(square(SR, (i) => (i < end ? -20 : -70)), params);
    const hold = params.hold * SR;
    const release = params.release * SR;
    for (let i = end; i < end + hold; i++) assert.equal(g[i], 1, `frame ${i} is within the hold`);
    assert.ok(g[end + hold] < 1, "closing starts when the hold ends");
    assert.ok(near(g[end + hold + release / 2 - 1], CLOSED + (1 - CLOSED) / 2), "halfway through the release");
    assert.ok(near(g[end + hold + release - 1], CLOSED, 1e-9), "closed after the release");
  });

  it("keeps a 100 Hz sine burst open through its zero crossings", () => {
    const burst = Float32Array.from({ length: SR }, (_, i) => (i >= SR / 4 && i < (3 * SR) / 4 ? 0.1 * Math.sin((2 * Math.PI * 100 * i) / SR) : 0));
    const out = run(new Gate(DEFAULTS, SR, 1), [burst], 128)[0];
    for (let i = SR / 4 + 96; i < (3 * SR) / 4; i++) assert.equal(out[i], burst[i], `frame ${i}`);
  });
});

describe("gate: no clicks", () => {
  it("changes its gain by at most (1 - range) / attack frames per sample, through bursts and automation", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const levels = Array.from({ length: 200 }, () => -75 + 70 * random());
    const input = square(4 * SR, (i) => levels[Math.floor(i / 960)]);
    const gate = new Gate(DEFAULTS, SR, 1);
    const out = new Float32Array(input.length);
    for (let at = 0; at < input.length; at += 480) {
      if (at === SR) gate.setParam("range", -20);
      if (at === 2 * SR) gate.setParam("threshold", -30);
      if (at === 3 * SR) gate.setParam("range", -90);
      gate.process([input.subarray(at, at + 480)], [out.subarray(at, at + 480)], 480);
    }
    const bound = (1 - lin(-90)) / (DEFAULTS.attack * SR);
    let largest = 0;
    let opened = 0;
    for (let i = 1; i < input.length; i++) {
      const g = out[i] / input[i];
      largest = Math.max(largest, Math.abs(g - out[i - 1] / input[i - 1]));
      if (g === 1) opened++;
    }
    assert.ok(largest <= bound + 1e-6, `largest gain step ${largest.toFixed(5)}, bound ${bound.toFixed(5)}`);
    assert.ok(opened > SR / 2 && opened < 3.5 * SR, `the bursts opened and closed the gate (${opened} frames fully open)`);
  });

  it("glides an automated range over 10 ms (evenly in dB) while closed, and reaches it", () => {
    const input = square(SR / 2, () => -70);
    const gate = new Gate(DEFAULTS, SR, 1);
    const out = new Float32Array(input.length);
    run(gate, [input.subarray(0, SR / 4)], 240);
    gate.setParam("range", -20);
    out.set(run(gate, [input.subarray(SR / 4)], 240)[0]);
    const g = Float64Array.from(out.subarray(0, SR / 4), (y, i) => y / input[SR / 4 + i]);
    const stepDb = 60 / 480;
    for (let i = 1; i < g.length; i++) {
      const change = 20 * Math.log10(g[i] / g[i - 1]);
      assert.ok(change >= -1e-9 && change <= stepDb + 1e-6, `frame ${i}: ${change} dB in one sample`);
    }
    assert.ok(near(g[479], lin(-20)) && near(g[g.length - 1], lin(-20)), `reached ${g[g.length - 1]}`);
  });
});

describe("gate: link and blocks", () => {
  it("links the channels: a loud left opens the gate for a quiet right", () => {
    const loud = square(SR / 4, () => -20);
    const quiet = square(SR / 4, () => -70);
    const [, right] = run(new Gate(DEFAULTS, SR, 2), [loud, quiet], 256);
    assert.equal(right[SR / 4 - 1], quiet[SR / 4 - 1]);
  });

  it("gives bit-identical output for blocks of 64 and 1000 frames", () => {
    const input = square(3 * 64000, (i) => -80 + 70 * Math.abs(Math.sin(i / 7000)));
    assert.deepEqual(run(new Gate(DEFAULTS, SR, 1), [input], 64), run(new Gate(DEFAULTS, SR, 1), [input], 1000));
  });

  it("refuses oversized blocks and bad parameters, saying why", () => {
    const gate = new Gate(DEFAULTS, SR, 1);
    const big = new Float32Array(MAX_BLOCK_FRAMES + 1);
    assert.throws(() => gate.process([big], [big], big.length), /8193 frames.*0 to 8192/);
    assert.throws(() => new Gate({ ...DEFAULTS, hold: 3 }, SR, 1), /hold 3 s is out of range; give a value from 0 to 2 s/);
    assert.throws(() => gate.setParam("hold", 0.1), /'hold' cannot be automated/);
  });
});
