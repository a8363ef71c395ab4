import { strict as assert } from "node:assert";
import { seededNoise } from "../random";
import { EFFECTS } from "../../core/catalogue";
import { dB, hertz } from "../../core/units";
import { EqProcessor } from "../../engine/dsp/biquad";
import { lineLengths, MAX_BLOCK_FRAMES, Reverb } from "../../engine/dsp/reverb";

const SR = 48000;

const noise = seededNoise;

/** Runs stereo input through `reverb` in blocks of `block`. */
function run(reverb: Reverb, input: Float32Array[], block = 4096): Float32Array[] {
  const frames = input[0].length;
  const out = input.map(() => new Float32Array(frames));
  for (let at = 0; at < frames; at += block) {
    const n = Math.min(block, frames - at);
    reverb.process(input.map((c) => c.subarray(at, at + n)), out.map((c) => c.subarray(at, at + n)), n);
  }
  return out;
}

/** The wet stereo response to a unit impulse in both channels. */
function impulseResponse(params: Record<string, number>, seconds: number): Float32Array[] {
  const x = [new Float32Array(Math.round(seconds * SR)), new Float32Array(Math.round(seconds * SR))];
  x[0][0] = 1;
  x[1][0] = 1;
  return run(new Reverb({ ...params, mix: 1 }, SR, 2), x);
}

/** RT60 from the Schroeder backward integral: a least-squares line through its -5 .. -35 dB part. */
function schroederRt60(channels: Float32Array[]): number {
  const n = channels[0].length;
  const edc = new Float64Array(n);
  for (let i = n - 1, sum = 0; i >= 0; i--) {
    for (const c of channels) sum += c[i] * c[i];
    edc[i] = sum;
  }
  const db = (i: number) => 10 * Math.log10(edc[i] / edc[0]);
  let from = 0;
  while (db(from) > -5) from++;
  let to = from;
  while (db(to) > -35) to++;
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = from; i < to; i++) {
    const x = i / SR;
    const y = db(i);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const m = to - from;
  return -60 / ((m * sxy - sx * sy) / (m * sxx - sx * sx));
}

/** The impulse response through a 2nd-order filter (to measure one band's decay). */
function band(ir: Float32Array[], type: "lowpass" | "highpass", freq: number): Float32Array[] {
  const lane = { type, freq: hertz(freq), gain: dB(0), q: Math.SQRT1_2, slope: 1 };
  const eq = new EqProcessor([lane, { ...lane }], 2, SR);
  const out = ir.map((c) => Float32Array.from(c));
  for (let at = 0; at < out[0].length; at += 8192) {
    const n = Math.min(8192, out[0].length - at);
    const views = out.map((c) => c.subarray(at, at + n));
    eq.process(views, views, n);
  }
  return out;
}

describe("reverb: decay", () => {
  for (const [decay, size] of [[0.5, 0.2], [1.8, 0.5], [4, 1]]) {
    it(`decays at the asked RT60: ${decay} s, size ${size} (Schroeder slope -5 .. -35 dB, within 5%)`, () => {
      const measured = schroederRt60(impulseResponse({ decay, size, damping: 0 }, 1.5 * decay + 0.2));
      assert.ok(Math.abs(measured / decay - 1) < 0.05, `asked ${decay} s, measured ${measured.toFixed(3)} s`);
    });
  }

  it("damping shortens the highs' decay and keeps the lows' RT60", () => {
    const decay = 2;
    const flat = impulseResponse({ decay, damping: 0 }, 3.2);
    const damped = impulseResponse({ decay, damping: 0.8 }, 3.2);
    const rt = (ir: Float32Array[], type: "lowpass" | "highpass") => schroederRt60(band(ir, type, type === "lowpass" ? 400 : 6000));
    const [flatLow, flatHigh, low, high] = [rt(flat, "lowpass"), rt(flat, "highpass"), rt(damped, "lowpass"), rt(damped, "highpass")];
    assert.ok(Math.abs(flatHigh / flatLow - 1) < 0.1, `undamped: highs ${flatHigh.toFixed(2)} s, lows ${flatLow.toFixed(2)} s`);
    assert.ok(Math.abs(low / decay - 1) < 0.15, `damped lows ${low.toFixed(2)} s`);
    assert.ok(high < 0.6 * low, `damped highs ${high.toFixed(2)} s against lows ${low.toFixed(2)} s`);
  });
});

describe("reverb: behaviour", () => {
  it("stays finite and bounded over the catalogue's ranges", () => {
    const p = EFFECTS.reverb.params;
    const loud = [noise(SR, 1, 1), noise(SR, 2, 1)];
    for (const size of [p.size.min, p.size.max]) for (const decay of [p.decay.min, p.decay.max]) for (const damping of [p.damping.min, p.damping.max]) {
      const reverb = new Reverb({ size, decay, damping, predelay: p.predelay.max, mix: 1 }, SR, 2);
      const out = run(reverb, loud);
      const peak = out.reduce((m, c) => c.reduce((a, v) => (Number.isFinite(v) ? Math.max(a, Math.abs(v)) : Infinity), m), 0);
      assert.ok(peak < 40, `size ${size}, decay ${decay}, damping ${damping}: peak ${peak}`);
    }
  });

  it("goes exactly silent after its tail, and gives silence for silence", () => {
    const reverb = new Reverb({ decay: 0.3, mix: 0.5 }, SR, 2);
    const zeros = [new Float32Array(SR), new Float32Array(SR)];
    assert.ok(run(reverb, zeros).every((c) => c.every((v) => v === 0)), "silence in, silence out");
    const hit = [noise(4800, 3), noise(4800, 4)];
    run(reverb, hit);
    assert.equal(reverb.idle, false);
    let seconds = 0;
    while (!reverb.idle && seconds++ < 20) run(reverb, zeros);
    assert.ok(reverb.idle && seconds <= 5, `idle after ${seconds} s of silence (decay 0.3 s: 600 dB take 3 s)`);
    assert.ok(run(reverb, zeros).every((c) => c.every((v) => v === 0)), "exact zeros after the tail");
  });

  it("waits for the predelay plus the shortest line before the first reflection", () => {
    const ir = impulseResponse({ predelay: 0.02, size: 0.5 }, 0.2);
    const first = ir[0].findIndex((v) => v !== 0);
    assert.equal(first, 0.02 * SR + lineLengths(0.5, 1.8, SR)[0]);
  });

  it("uses distinct prime line lengths that grow with size", () => {
    const isPrime = (n: number) => n > 1 && Array.from({ length: Math.floor(Math.sqrt(n)) - 1 }, (_, i) => i + 2).every((d) => n % d !== 0);
    const small = lineLengths(0, 1.8, SR);
    const big = lineLengths(1, 1.8, SR);
    for (const set of [small, big]) {
      assert.equal(new Set(set).size, 8);
      assert.ok(set.every(isPrime), `${set}`);
    }
    assert.ok(big[7] / small[7] > 4.5, `${small[7]} -> ${big[7]}`);
    assert.ok(lineLengths(1, 0.1, SR)[7] <= 0.1 * SR * 0.26, "a short decay caps the size");
  });

  it("mixes linearly (mix 0 is the dry signal), decorrelates left and right, is deterministic", () => {
    const x = [noise(SR, 5), noise(SR, 6)];
    assert.deepEqual(run(new Reverb({ mix: 0 }, SR, 2), x), x);
    const a = run(new Reverb({}, SR, 2), x, 64);
    assert.deepEqual(run(new Reverb({}, SR, 2), x, MAX_BLOCK_FRAMES), a, "same output in any block size");
    let lr = 0, ll = 0, rr = 0;
    for (let i = SR / 2; i < SR; i++) {
      lr += a[0][i] * a[1][i];
      ll += a[0][i] ** 2;
      rr += a[1][i] ** 2;
    }
    assert.ok(Math.abs(lr / Math.sqrt(ll * rr)) < 0.2, `L/R correlation ${lr / Math.sqrt(ll * rr)}`);
    const rmsDb = 10 * Math.log10(ll / (SR / 2) / (1 / 12));
    assert.ok(Math.abs(rmsDb) < 1.5, `wet level for noise at the defaults: ${rmsDb.toFixed(2)} dB`);
  });

  it("runs mono inserts in place, glides an automated mix, refuses the rest", () => {
    const reverb = new Reverb({ mix: 0 }, SR, 1);
    const x = noise(2000, 8);
    const buf = Float32Array.from(x);
    reverb.process([buf], [buf], 1000);
    assert.deepEqual(buf.subarray(0, 1000), x.subarray(0, 1000));
    reverb.setParam("mix", 1);
    reverb.process([buf.subarray(1000)], [buf.subarray(1000)], 1000);
    assert.notEqual(buf[1000], x[1000]);
    assert.ok(Math.abs(buf[1000] - x[1000]) < 0.01, "the mix glides instead of jumping");
    assert.throws(() => reverb.setParam("decay", 3), /'decay' cannot be automated; automate mix/);
    assert.throws(() => new Reverb({ decay: 30 }, SR, 2), /decay 30 s is out of range; give a value from 0.1 to 20/);
    assert.throws(() => new Reverb({}, SR, 3), /3 channels; it takes mono \(1\) or stereo \(2\)/);
    const big = new Float32Array(MAX_BLOCK_FRAMES + 1);
    assert.throws(() => reverb.process([big], [big], big.length), /blocks of 8193 frames/);
  });
});
