import { strict as assert } from "node:assert";
import { seededNoise } from "../random";
import { balanceGains, MAX_BLOCK_FRAMES, PanProcessor, panGains } from "../../engine/dsp/pan";

const db = (x: number) => 20 * Math.log10(x);
const close = (a: number, b: number, tol = 1e-9, what = "") => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b}`);

const noise = (frames: number, seed: number) => seededNoise(frames, seed, 0.5);

describe("pan: laws", () => {
  it("pans a mono source with constant power: -3.01 dB each side at centre", () => {
    const c = panGains(0);
    close(db(c.left), -3.0103, 1e-4, "left at centre");
    assert.equal(c.left, c.right, "centre is symmetric");
    for (let p = 0; p <= 1; p += 0.125) assert.deepEqual(panGains(-p), { left: panGains(p).right, right: panGains(p).left }, `mirror at ${p}`);
    for (let p = -1; p <= 1; p += 0.05) {
      const g = panGains(p);
      close(g.left ** 2 + g.right ** 2, 1, 1e-12, `power at ${p}`);
    }
    assert.deepEqual(panGains(-1), { left: 1, right: 0 });
    assert.deepEqual(panGains(1), { left: 0, right: 1 });
    close(panGains(0.5).left, Math.cos((1.5 * Math.PI) / 4), 1e-15, "the formula at 0.5");
  });

  it("balances a stereo source: unity at centre, panning right turns only the left down", () => {
    assert.deepEqual(balanceGains(0), { left: 1, right: 1 });
    for (let p = 0.05; p <= 1; p += 0.05) {
      const g = balanceGains(p);
      assert.equal(g.right, 1, `right stays at unity at ${p}`);
      close(g.left, Math.cos(((p + 1) * Math.PI) / 4) / Math.cos(Math.PI / 4), 1e-15, `left at ${p}`);
      const m = balanceGains(-p);
      assert.equal(m.left, 1, `left stays at unity at ${-p}`);
      close(m.right, g.left, 1e-15, "symmetric");
    }
    assert.deepEqual(balanceGains(1), { left: 0, right: 1 }, "fully right silences the left");
    close(db(balanceGains(0.5).left), db(Math.cos((3 * Math.PI) / 8) * Math.SQRT2), 1e-12, "half right");
  });
});

describe("pan: PanProcessor", () => {
  const frames = 4096;
  const input = noise(frames, 7);

  it("passes an unpanned stereo source unchanged, bit for bit", () => {
    const pan = new PanProcessor("stereo");
    const l = Float32Array.from(input);
    const r = Float32Array.from(input).reverse();
    const outs = [new Float32Array(frames), new Float32Array(frames)];
    pan.process([l, r], outs, frames);
    assert.deepEqual(outs, [l, r]);
  });

  it("spreads a mono source with the fixed gains, in place too", () => {
    const pan = new PanProcessor("mono", -0.3);
    const g = panGains(-0.3);
    const left = Float32Array.from(input);
    const right = new Float32Array(frames);
    pan.process([left], [left, right], frames);
    for (let i = 0; i < frames; i += 97) {
      assert.equal(left[i], Math.fround(input[i] * g.left));
      assert.equal(right[i], Math.fround(input[i] * g.right));
    }
    assert.equal(pan.value, -0.3);
  });

  it("follows per-sample pan values exactly, clamping beyond -1..1", () => {
    for (const source of ["mono", "stereo"] as const) {
      const pan = new PanProcessor(source, 0.9);
      const pans = Float32Array.from({ length: frames }, (_, i) => -1.2 + (2.4 * i) / frames);
      const outs = [new Float32Array(frames), new Float32Array(frames)];
      pan.process([input, input], outs, frames, pans);
      const law = source === "mono" ? panGains : balanceGains;
      for (let i = 0; i < frames; i += 31) {
        const g = law(pans[i]);
        close(outs[0][i], input[i] * g.left, 1e-7, `${source} L ${i}`);
        close(outs[1][i], input[i] * g.right, 1e-7, `${source} R ${i}`);
      }
      assert.equal(outs[0][0], input[0], "clamped to -1: left at unity");
      assert.ok(outs[1][0] === 0, "clamped to -1: right silent");
    }
  });

  it("moves smoothly when automation sweeps it: no step larger than the sweep's", () => {
    const pan = new PanProcessor("mono");
    const dc = new Float32Array(frames).fill(1);
    const pans = Float32Array.from({ length: frames }, (_, i) => Math.sin((2 * Math.PI * i) / frames));
    const outs = [new Float32Array(frames), new Float32Array(frames)];
    pan.process([dc], outs, frames, pans);
    for (let i = 1; i < frames; i++) {
      const bound = ((Math.PI / 4) * Math.abs(pans[i] - pans[i - 1])) + 1e-6;
      assert.ok(Math.abs(outs[0][i] - outs[0][i - 1]) <= bound, `left at ${i}`);
      close(outs[0][i] ** 2 + outs[1][i] ** 2, 1, 1e-6, "constant power while moving");
    }
  });

  it("refuses bad pans, short arrays and oversized blocks, saying what to do", () => {
    assert.throws(() => new PanProcessor("mono", 1.5), /1.5 is outside -1 \(left\) .. 1 \(right\)/);
    const pan = new PanProcessor("stereo");
    const a = new Float32Array(16);
    assert.throws(() => pan.process([a], [a, a], 16), /needs 2 inputs and 2 outputs, got 1 and 2/);
    assert.throws(() => pan.process([a, a], [a, a], 32), /input 0 holds 16 samples, fewer than the 32 frames/);
    assert.throws(() => pan.process([a, a], [a, a], 16, new Float32Array(8)), /8 pan values for 16 frames/);
    const big = new Float32Array(MAX_BLOCK_FRAMES + 1);
    assert.throws(() => pan.process([big, big], [big, big], big.length), /8193 frames; give a whole number from 0 to 8192 and split/);
  });
});
