import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readWav } from "../../engine/io/wavRead";
import { createWavWriter } from "../../engine/io/wavWrite";
import { kernels } from "../../engine/dsp/wasm/kernels";
import { hashSeed, TpdfDither, tpdfDither } from "../../engine/io/dither";

const N = 1_000_000;

function sequence(seed: string, channel: number, n: number, channels = 2): Float64Array {
  const d = new TpdfDither(seed, channels);
  const out = new Float64Array(n);
  d.fill(channel, out, n);
  return out;
}

function moments(x: Float64Array): { mean: number; variance: number; min: number; max: number } {
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of x) {
    sum += v;
    sq += v * v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / x.length;
  return { mean, variance: sq / x.length - mean * mean, min, max };
}

describe("dither: TPDF", () => {
  it("runs xoshiro128** (the reference's first outputs from state 1, 2, 3, 4)", () => {
    const d = new TpdfDither("any", 1);
    // Generator 0's words are at 0, 4, 8, 12 (the kernel's layout, a lane per generator).
    const state = (d as unknown as { state: Uint32Array }).state;
    [1, 2, 3, 4].forEach((w, j) => (state[4 * j] = w));
    const step = d as unknown as { uniform(channel: number, g: number): number };
    const raw = [0, 1, 2, 3].map(() => (step.uniform(0, 0) + 0.5) * 2 ** 32 - 0.5);
    assert.deepEqual(raw, [11520, 0, 5927040, 70819200]);
  });

  it("is deterministic: the same seed gives the same sequence, reset restarts it", () => {
    assert.deepEqual(sequence("My Song", 0, 10000), sequence("My Song", 0, 10000));
    const d = new TpdfDither("My Song", 2);
    const first = [d.next(1), d.next(1), d.next(1)];
    d.reset();
    assert.deepEqual([d.next(1), d.next(1), d.next(1)], first);
    assert.notDeepEqual(sequence("My Song", 0, 100), sequence("My Song ", 0, 100), "a different title, a different sequence");
    assert.equal(hashSeed("a"), 0xe40c292c, "FNV-1a");
  });

  it("is triangular on (-1, 1) LSB: mean 0, variance 1/6, density 1 - |x|", () => {
    const x = sequence("Session", 0, N);
    const m = moments(x);
    assert.ok(Math.abs(m.mean) < 2e-3, `mean ${m.mean}`);
    assert.ok(Math.abs(m.variance / (1 / 6) - 1) < 0.01, `variance ${m.variance} (1/6 = ${1 / 6})`);
    assert.ok(m.min > -1 && m.max < 1 && m.min < -0.99 && m.max > 0.99, `range ${m.min} .. ${m.max}`);
    const bins = new Float64Array(20);
    for (const v of x) bins[Math.min(19, Math.floor((v + 1) * 10))]++;
    bins.forEach((count, i) => {
      const centre = -1 + (i + 0.5) / 10;
      const expected = N * 0.1 * (1 - Math.abs(centre));
      assert.ok(Math.abs(count / expected - 1) < 0.05, `bin ${i}: ${count} vs ${expected.toFixed(0)}`);
    });
  });

  it("gives each channel its own, uncorrelated sequence", () => {
    const a = sequence("Session", 0, N);
    const b = sequence("Session", 1, N);
    assert.notDeepEqual(a.subarray(0, 100), b.subarray(0, 100));
    let cross = 0;
    for (let i = 0; i < N; i++) cross += a[i] * b[i];
    const correlation = cross / N / (1 / 6);
    assert.ok(Math.abs(correlation) < 0.005, `correlation ${correlation}`);
    let lag = 0;
    for (let i = 1; i < N; i++) lag += a[i] * a[i - 1];
    assert.ok(Math.abs(lag / N / (1 / 6)) < 0.005, "white: no correlation with the previous sample");
  });

  it("linearises 16-bit export: a quarter-LSB level survives with 1/4 LSB² of noise", () => {
    const dir = mkdtempSync(join(tmpdir(), "mixdown-dither-"));
    try {
      const level = 0.25 / 32768;
      const input = new Float32Array(200000).fill(level);
      const path = join(dir, "d.wav");
      const writer = createWavWriter(path, { sampleRate: 48000, channels: 1, bits: 16, dither: tpdfDither("Quiet", 1) });
      writer.write([input], input.length);
      writer.close();
      const lsb = Float64Array.from(readWav(path).data[0], (v) => v * 32768);
      const m = moments(lsb);
      assert.ok(Math.abs(m.mean - 0.25) < 0.01, `mean ${m.mean} LSB (without dither it would be 0)`);
      assert.ok(Math.abs(m.variance / 0.25 - 1) < 0.03, `error variance ${m.variance} LSB²`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fills blocks with the sequence next() gives, each channel carrying on where it stopped", () => {
    const byNext = new TpdfDither("Blocks", 2);
    const byFill = new TpdfDither("Blocks", 2);
    const block = new Float64Array(9000);
    // The 9000-frame run is longer than a kernel block: `tpdf` fills it in two calls.
    for (const [channel, frames] of [[0, 1], [1, 1000], [0, 333], [1, 7], [0, 1000], [1, 9000], [1, 5], [0, 8192], [0, 3], [0, 8192]]) {
      byFill.fill(channel, block, frames);
      const expected = Array.from({ length: frames }, () => byNext.next(channel));
      assert.deepEqual(Array.from(block.subarray(0, frames)), expected, `channel ${channel}, ${frames} frames`);
    }
    // Filled in place in the kernels' NOISE, as the WAV writer has it: the same values.
    const noise = kernels().noise;
    for (const frames of [5, 8192, 8191, 2, 8192]) {
      byFill.fill(1, noise, frames);
      const expected = Array.from({ length: frames }, () => byNext.next(1));
      assert.deepEqual(Array.from(noise.subarray(0, frames)), expected, `in NOISE, ${frames} frames`);
    }
  });

  it("refuses channels it does not have", () => {
    const d = new TpdfDither("s", 2);
    assert.throws(() => d.next(2), /no channel 2; this dither has channels 0 to 1/);
    assert.throws(() => d.fill(-1, new Float64Array(1), 1), /no channel -1/);
    assert.throws(() => new TpdfDither("s", 0), /0 channels/);
  });
});
