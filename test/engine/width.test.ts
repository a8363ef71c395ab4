// The width processor against its definition (mid kept, side scaled), the
// side high-pass against the Linkwitz-Riley magnitude, and against ffmpeg's
// extrastereo (L' = avg + m (L - avg), the same matrix).
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededNoise } from "../random";
import { magnitudeAt } from "../../engine/dsp/biquad";
import { butterworth } from "../../engine/dsp/crossover";
import { MAX_BLOCK_FRAMES, Width } from "../../engine/dsp/width";
import { readWav } from "../../engine/io/wavRead";
import { writeWav } from "../../engine/io/wavWrite";
import { processInBlocks } from "./blocks";

const SR = 48000;

/** Runs a stereo pair through a width processor in blocks of `block`; returns [L, R]. */
function run(params: Record<string, number>, l: Float32Array, r: Float32Array, block = 512, w = new Width(params, SR, 2)): [Float32Array, Float32Array] {
  const [ol, or] = processInBlocks(w, [l, r], block);
  return [ol, or];
}

const sine = (f: number, frames: number, amp = 0.5, phase = 0) => Float32Array.from({ length: frames }, (_, n) => amp * Math.sin((2 * Math.PI * f * n) / SR + phase));
const rms = (x: ArrayLike<number>, from = 0) => {
  let sum = 0;
  for (let i = from; i < x.length; i++) sum += x[i] * x[i];
  return Math.sqrt(sum / (x.length - from));
};
const side = (l: Float32Array, r: Float32Array) => l.map((v, i) => (v - r[i]) / 2);
const mid = (l: Float32Array, r: Float32Array) => l.map((v, i) => (v + r[i]) / 2);

describe("width: mid/side", () => {
  const L = seededNoise(SR, 21);
  const R = seededNoise(SR, 22);

  it("is bit-identical to the input at 100% (mono-below off), in place too", () => {
    const [l, r] = run({}, L, R);
    assert.deepEqual(l, L);
    assert.deepEqual(r, R);
    const bufs = [Float32Array.from(L), Float32Array.from(R)];
    new Width({ amount: 1 }, SR, 2).process(bufs, bufs, 4096);
    assert.deepEqual(bufs[0], L);
  });

  it("gives L = R exactly (bit for bit) at 0%, equal to the mid", () => {
    const [l, r] = run({ amount: 0 }, L, R);
    assert.deepEqual(l, r);
    const m = mid(L, R);
    let worst = 0;
    for (let i = 0; i < m.length; i++) worst = Math.max(worst, Math.abs(l[i] - m[i]));
    assert.ok(worst <= 2 ** -25, `within half an ulp of the mid, worst ${worst}`);
  });

  it("doubles the side at 200% and keeps the mid (within float rounding)", () => {
    const [l, r] = run({ amount: 2 }, L, R);
    const [s0, s1, m0, m1] = [side(L, R), side(l, r), mid(L, R), mid(l, r)];
    let worst = 0;
    for (let i = 0; i < L.length; i++) worst = Math.max(worst, Math.abs(s1[i] - 2 * s0[i]), Math.abs(m1[i] - m0[i]));
    assert.ok(worst < 1e-6, `worst ${worst}`);
  });

  it("gives the same output in any block size, and glides an automated amount over 10 ms", () => {
    const whole = run({ amount: 0.3, "mono-below": 150 }, L, R, MAX_BLOCK_FRAMES);
    assert.deepEqual(run({ amount: 0.3, "mono-below": 150 }, L, R, 1), whole);
    assert.deepEqual(run({ amount: 0.3, "mono-below": 150 }, L, R, 333), whole);
    const w = new Width({ amount: 1 }, SR, 2);
    const one = new Float32Array(2000).fill(1);
    const zero = new Float32Array(2000);
    const out = [new Float32Array(2000), new Float32Array(2000)];
    w.setParam("amount", 0);
    w.process([one, zero], out, 2000);
    assert.equal(out[0][479], 0.5, "mono after 480 frames");
    let maxStep = 0;
    for (let i = 1; i < 2000; i++) maxStep = Math.max(maxStep, Math.abs(out[0][i] - out[0][i - 1]));
    assert.ok(Math.abs(maxStep - 0.5 / 480) < 1e-6, `largest step ${maxStep}`);
    assert.throws(() => w.setParam("amount", 2.5), /amount 2.5 \(0..2\) is out of range; give a value from 0 to 2/);
    assert.throws(() => w.setParam("mono-below", 100), /'mono-below' cannot be automated; automate amount/);
  });

  it("passes a mono insert unchanged whatever the settings", () => {
    const w = new Width({ amount: 0, "mono-below": 200 }, SR, 1);
    const out = new Float32Array(4096);
    w.process([L.subarray(0, 4096)], [out], 4096);
    assert.deepEqual(out, L.subarray(0, 4096));
  });

  it("refuses unknown parameters and out-of-range values, saying what to do", () => {
    assert.throws(() => new Width({ widht: 1 }, SR, 2), /no parameter 'widht'; it has amount, mono-below/);
    assert.throws(() => new Width({ "mono-below": 600 }, SR, 2), /mono-below 600 Hz is out of range; give a value from 0 to 500 Hz/);
  });
});

describe("width: mono-below", () => {
  /** Side gain of a sine of `f` Hz (L and R in opposite phase plus a common mid) at amount `g`, after the filter settles. */
  function sideGain(f: number, below: number, g = 1): { side: number; mid: number } {
    const frames = SR;
    const s = sine(f, frames, 0.3);
    const m = sine(f, frames, 0.3, 1);
    const l = s.map((v, i) => m[i] + v);
    const r = s.map((v, i) => m[i] - v);
    const [ol, or] = run({ amount: g, "mono-below": below }, l, r);
    const from = SR / 2;
    return { side: rms(side(ol, or), from) / rms(side(l, r), from), mid: rms(mid(ol, or), from) / rms(mid(l, r), from) };
  }

  it("removes the side below the frequency and keeps it above, following the LR4 magnitude", () => {
    const hp = butterworth("highpass", 120, SR);
    for (const [f, ceiling] of [[30, -45], [60, -20], [1000, 0], [5000, 0]] as const) {
      const { side: gain, mid: m } = sideGain(f, 120);
      const expected = magnitudeAt(hp, f, SR) ** 2;
      const gainDb = 20 * Math.log10(gain);
      assert.ok(Math.abs(gainDb - 20 * Math.log10(expected)) < 0.01, `${f} Hz side ${gainDb.toFixed(3)} dB, LR4 says ${(20 * Math.log10(expected)).toFixed(3)} dB`);
      assert.ok(gainDb <= ceiling + 0.01, `${f} Hz side ${gainDb.toFixed(2)} dB`);
      assert.ok(Math.abs(m - 1) < 1e-6, `${f} Hz mid kept (${m})`);
    }
    assert.ok(Math.abs(20 * Math.log10(sideGain(120, 120).side) + 6.02) < 0.01, "-6 dB at the frequency");
    assert.ok(Math.abs(20 * Math.log10(sideGain(2000, 120, 2).side) - 6.02) < 0.01, "+6 dB above it at 200%");
  });
});

describe("width: against ffmpeg's extrastereo", () => {
  let dir = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-width-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const amount of [0, 0.5, 2]) {
    it(`nulls with extrastereo=m=${amount}:c=false below -140 dBFS`, () => {
      const l = seededNoise(SR, 31, 0.25);
      const r = seededNoise(SR, 32, 0.25);
      const [inPath, refPath] = [join(dir, "in.wav"), join(dir, "ref.wav")];
      writeWav(inPath, [l, r], SR, 32);
      execFileSync("ffmpeg", ["-v", "error", "-y", "-i", inPath, "-af", `extrastereo=m=${amount}:c=false`, "-c:a", "pcm_f32le", refPath], { stdio: ["ignore", "pipe", "pipe"] });
      const ref = readWav(refPath).data;
      const ours = run({ amount }, l, r);
      let worst = 0;
      for (let ch = 0; ch < 2; ch++) for (let i = 0; i < l.length; i++) worst = Math.max(worst, Math.abs(ref[ch][i] - ours[ch][i]));
      assert.ok(Math.abs(rms(side(ref[0], ref[1])) / rms(side(l, r)) - amount) < 1e-6, "ffmpeg scaled the side by the amount");
      // ffmpeg works in single precision, we in double: they differ by an ulp at most (measured -156.5 dBFS at 50%,
      // -150.5 at 200%), and not at all at 0%, where both give the mid rounded once.
      if (amount === 0) assert.equal(worst, 0, "bit-identical at 0%");
      assert.ok(20 * Math.log10(worst || 1e-20) < -140, `worst difference ${(20 * Math.log10(worst)).toFixed(1)} dBFS`);
    });
  }
});
