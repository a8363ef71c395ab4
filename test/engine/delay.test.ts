import { strict as assert } from "node:assert";
import { seededNoise } from "../random";
import { Delay, lagrangeWeights, MAX_BLOCK_FRAMES } from "../../engine/dsp/delay";

const SR = 48000;

const noise = seededNoise;

/** Runs one channel through a delay in blocks of `block`; returns the output. */
function run(params: Record<string, number>, input: Float32Array, block = 512, delay = new Delay(params, SR, 1)): Float32Array {
  const out = new Float32Array(input.length);
  for (let at = 0; at < input.length; at += block) {
    const n = Math.min(block, input.length - at);
    delay.process([input.subarray(at, at + n)], [out.subarray(at, at + n)], n);
  }
  return out;
}

const impulse = (frames: number) => {
  const x = new Float32Array(frames);
  x[0] = 1;
  return x;
};

describe("delay: echoes", () => {
  it("puts the first echo at the delay time at unity, then one per period scaled by the feedback", () => {
    const out = run({ time: 0.25, feedback: 0.5, mix: 0.4 }, impulse(SR * 1.1));
    const d = 0.25 * SR;
    assert.equal(out[0], Math.fround(0.6), "dry share 1 - mix");
    for (let k = 1; k <= 4; k++) assert.equal(out[k * d], Math.fround(0.4 * 0.5 ** (k - 1)), `echo ${k}`);
    const elsewhere = out.filter((v, i) => i % d !== 0 && v !== 0);
    assert.equal(elsewhere.length, 0, "nothing between echoes for a whole-sample delay");
  });

  it("follows the linear mix law: mix 0 is the dry signal, mix 1 no dry at all", () => {
    const x = noise(4800, 1);
    assert.deepEqual(run({ time: 0.01, mix: 0 }, x), x);
    const wet = run({ time: 0.01, mix: 1, feedback: 0 }, x);
    assert.deepEqual(wet.subarray(0, 480), new Float32Array(480), "silent until the first echo");
    assert.deepEqual(wet.subarray(480), x.subarray(0, 4800 - 480));
  });

  it("delays by a fractional time with Lagrange interpolation (phase exact, flat to 5 kHz)", () => {
    const time = 0.0123457;
    const d = time * SR;
    for (const [f, tolDb] of [[1000, 0.001], [5000, 0.05]]) {
      const x = Float32Array.from({ length: SR / 2 }, (_, n) => Math.sin((2 * Math.PI * f * n) / SR));
      const y = run({ time, mix: 1, feedback: 0 }, x);
      let err = 0;
      let re = 0;
      let im = 0;
      const from = 2400;
      for (let n = from; n < y.length; n++) {
        err = Math.max(err, Math.abs(y[n] - Math.sin((2 * Math.PI * f * (n - d)) / SR)));
        re += y[n] * Math.cos((2 * Math.PI * f * n) / SR);
        im += y[n] * Math.sin((2 * Math.PI * f * n) / SR);
      }
      const gainDb = 20 * Math.log10((2 * Math.hypot(re, im)) / (y.length - from));
      assert.ok(Math.abs(gainDb) < tolDb, `${f} Hz gain ${gainDb.toFixed(4)} dB`);
      if (f === 1000) assert.ok(20 * Math.log10(err) < -70, `1 kHz error ${(20 * Math.log10(err)).toFixed(1)} dB`);
    }
    assert.deepEqual(lagrangeWeights(1).map((v) => v + 0), [0, 1, 0, 0], "a whole delay reads one tap");
  });

  it("gives the same output in any block size, in place, and per channel", () => {
    const params = { time: 0.0377, feedback: 0.8, mix: 0.7 };
    const x = noise(20000, 3);
    const whole = run(params, x, MAX_BLOCK_FRAMES);
    assert.deepEqual(run(params, x, 1), whole);
    assert.deepEqual(run(params, x, 333), whole);
    const stereo = new Delay(params, SR, 2);
    const buffers = [Float32Array.from(x), Float32Array.from(x).reverse()];
    for (let at = 0; at < x.length; at += 4096) {
      const n = Math.min(4096, x.length - at);
      const views = buffers.map((b) => b.subarray(at, at + n));
      stereo.process(views, views, n);
    }
    assert.deepEqual(buffers[0], whole);
    assert.deepEqual(buffers[1], run(params, Float32Array.from(x).reverse()), "independent lines");
  });
});

describe("delay: automation and limits", () => {
  it("glides mix and feedback over 10 ms when automated: no click", () => {
    const dc = new Float32Array(SR / 10).fill(1);
    const delay = new Delay({ time: 0.5, mix: 0 }, SR, 1);
    const out = new Float32Array(dc.length);
    delay.process([dc.subarray(0, 1000)], [out.subarray(0, 1000)], 1000);
    delay.setParam("mix", 1);
    delay.process([dc.subarray(1000)], [out.subarray(1000)], dc.length - 1000);
    assert.equal(out[999], 1);
    assert.equal(out[1000 + 479], 0, "fully wet (and the echo not yet back) after 480 frames");
    let maxStep = 0;
    for (let i = 1; i < out.length; i++) maxStep = Math.max(maxStep, Math.abs(out[i] - out[i - 1]));
    assert.ok(Math.abs(maxStep - 1 / 480) < 1e-6, `largest step ${maxStep}`);
    delay.setParam("feedback", 0.95);
    assert.throws(() => delay.setParam("feedback", 0.96), /feedback 0.96 \(0..0.95\) is out of range; give a value from 0 to 0.95/);
    assert.throws(() => delay.setParam("time", 0.1), /'time' cannot be automated; automate feedback or mix/);
  });

  it("stays finite at 95% feedback on full-scale noise, and goes exactly silent after its tail", () => {
    const delay = new Delay({ time: 0.001, feedback: 0.95, mix: 1 }, SR, 2);
    const loud = noise(SR, 9, 1);
    const out = [new Float32Array(SR), new Float32Array(SR)];
    delay.process([loud.subarray(0, 8192), loud.subarray(0, 8192)], out, 8192);
    assert.ok(out[0].every((v) => Number.isFinite(v) && Math.abs(v) < 20), "bounded by 1 / (1 - 0.95)");
    assert.equal(delay.idle, false);
    const silence = [new Float32Array(8192), new Float32Array(8192)];
    let blocks = 0;
    while (!delay.idle && blocks++ < 100) delay.process(silence, out, 8192);
    assert.ok(delay.idle, "the tail ends (denormals flushed)");
    delay.process(silence, out, 8192);
    assert.ok(out[0].subarray(0, 8192).every((v) => v === 0) && out[1].subarray(0, 8192).every((v) => v === 0));
    delay.reset();
    assert.equal(delay.idle, true);
  });

  it("refuses bad parameters and oversized blocks, saying what to do", () => {
    assert.throws(() => new Delay({ time: 5 }, SR, 2), /time 5 s is out of range; give a value from 0.001 to 4/);
    assert.throws(() => new Delay({ tim: 0.1 }, SR, 2), /no parameter 'tim'; it has time, feedback, mix/);
    assert.throws(() => new Delay({ time: 0.001 }, 1000, 1), /under 2 samples at 1000 Hz/);
    const delay = new Delay({}, SR, 1);
    const big = new Float32Array(MAX_BLOCK_FRAMES + 1);
    assert.throws(() => delay.process([big], [big], big.length), /blocks of 8193 frames; give a whole number from 0 to 8192/);
    assert.throws(() => delay.process([], [], 8), /1 channels to process but 0 inputs/);
  });
});
