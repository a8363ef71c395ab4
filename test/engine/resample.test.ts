import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readWav } from "../../engine/io/wavRead";
import { writeWav } from "../../engine/io/wavWrite";
import { designResampler, MAX_BLOCK_FRAMES, resample, Resampler } from "../../engine/io/resample";

const db = (x: number) => 20 * Math.log10(x);
const tone = (f: number, rate: number, frames: number, amp = 0.5) => Float32Array.from({ length: frames }, (_, n) => amp * Math.sin((2 * Math.PI * f * n) / rate));

/** Amplitude of the `f` component of y[from..to) (a DFT bin at `f`; the span holds many periods). */
function amplitude(y: Float32Array, f: number, rate: number, from: number, to: number): number {
  let re = 0;
  let im = 0;
  for (let n = from; n < to; n++) {
    re += y[n] * Math.cos((2 * Math.PI * f * n) / rate);
    im += y[n] * Math.sin((2 * Math.PI * f * n) / rate);
  }
  return (2 * Math.hypot(re, im)) / (to - from);
}

function rms(y: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let n = from; n < to; n++) sum += y[n] * y[n];
  return Math.sqrt(sum / (to - from));
}

/** Seeded band-limited noise: 400 sines of random frequency below `top` Hz and random phase, about -15 dBFS. */
function bandLimitedNoise(rate: number, frames: number, top: number, seed: number): Float32Array {
  let s = seed;
  const next = () => (s = (s * 48271) % 2147483647) / 2147483647;
  const out = new Float64Array(frames);
  for (let k = 0; k < 400; k++) {
    const w = (2 * Math.PI * (20 + next() * (top - 20))) / rate;
    const phase = 2 * Math.PI * next();
    for (let n = 0; n < frames; n++) out[n] += 0.0125 * Math.sin(w * n + phase);
  }
  return Float32Array.from(out);
}

/** Streams `input` through a resampler in pushes of `push` frames and pulls of `pull` frames. */
function stream(input: Float32Array, from: number, to: number, push: number, pull: number): Float32Array {
  const r = new Resampler(from, to, 1);
  const out = new Float32Array(Math.round((input.length * to) / from) + 10);
  let written = 0;
  const drain = () => {
    for (;;) {
      const n = r.pull([out.subarray(written)], Math.min(pull, out.length - written));
      if (n === 0) return;
      written += n;
    }
  };
  for (let at = 0; at < input.length; at += push) {
    const n = Math.min(push, input.length - at);
    r.push([input.subarray(at, at + n)], n);
    drain();
  }
  r.end();
  drain();
  return out.subarray(0, written);
}

describe("resample: accuracy", () => {
  it("turns a 1 kHz sine at 44.1 kHz into the same sine at 48 kHz, on time (error < -90 dB)", () => {
    const y = resample([tone(1000, 44100, 44100)], 44100, 48000)[0];
    const ideal = tone(1000, 48000, 48000);
    const [from, to] = [4800, 43200];
    const err = new Float32Array(to - from).map((_, i) => y[from + i] - ideal[from + i]);
    const errorDb = db(rms(err, 0, err.length) / rms(ideal, from, to));
    assert.ok(errorDb < -90, `error ${errorDb.toFixed(1)} dB relative`);
    assert.ok(Math.abs(db(amplitude(y, 1000, 48000, from, to) / 0.5)) < 0.001, "amplitude");
  });

  it("is flat to 0.01 dB up to 0.45 of the lower rate", () => {
    for (const [from, to] of [[44100, 48000], [48000, 44100], [96000, 48000], [22050, 48000]]) {
      for (const rel of [0.05, 0.2, 0.35, 0.45]) {
        const f = rel * Math.min(from, to);
        const y = resample([tone(f, from, from)], from, to)[0];
        const gain = db(amplitude(y, f, to, to / 10, (9 * to) / 10) / 0.5);
        assert.ok(Math.abs(gain) < 0.01, `${from} -> ${to}, ${f} Hz: ${gain.toFixed(4)} dB`);
      }
    }
  });

  it("attenuates what would alias by more than 100 dB (30 kHz at 96k -> 48k, 23 kHz at 48k -> 44.1k)", () => {
    for (const [f, from, to] of [[30000, 96000, 48000], [23000, 48000, 44100], [25000, 96000, 44100]]) {
      const y = resample([tone(f, from, from)], from, to)[0];
      const level = db(rms(y, to / 10, (9 * to) / 10) / rms(tone(f, from, from), 0, from));
      assert.ok(level < -100, `${f} Hz, ${from} -> ${to}: ${level.toFixed(1)} dB`);
    }
  });

  it("leaves no image above the old Nyquist when upsampling (20 kHz at 44.1k -> 96k: nothing at 24.1 kHz)", () => {
    const y = resample([tone(20000, 44100, 44100)], 44100, 96000)[0];
    const image = db(amplitude(y, 24100, 96000, 9600, 86400) / 0.5);
    assert.ok(image < -100, `image ${image.toFixed(1)} dB`);
  });
});

describe("resample: streaming", () => {
  const input = bandLimitedNoise(44100, 30000, 18000, 11);

  it("gives round(frames × fs_out / fs_in) frames, the same for any push and pull sizes", () => {
    const whole = resample([input], 44100, 48000)[0];
    assert.equal(whole.length, Math.round((30000 * 48000) / 44100));
    assert.deepEqual(stream(input, 44100, 48000, 1, 7), whole);
    assert.deepEqual(stream(input, 44100, 48000, MAX_BLOCK_FRAMES, 64), whole);
    assert.deepEqual(stream(input, 44100, 48000, 1000, MAX_BLOCK_FRAMES), whole);
    for (const [from, to, n] of [[48000, 44100, 12345], [96000, 48000, 1], [22050, 48000, 999], [8000, 44100, 3]]) {
      assert.equal(stream(new Float32Array(n), from, to, 500, 500).length, Math.round((n * to) / from), `${n} frames ${from} -> ${to}`);
    }
  });

  it("holds back exactly the lookahead until the input ends", () => {
    const r = new Resampler(48000, 48000, 1);
    assert.equal(r.lookahead, designResampler(48000, 48000).taps / 2);
    r.push([new Float32Array(1000)], 1000);
    assert.equal(r.available, 1000 - r.lookahead);
    r.end();
    assert.equal(r.available, 1000);
    assert.throws(() => r.push([new Float32Array(1)], 1), /push after end/);
  });

  it("refuses oversized blocks, missing channels and rate pairs with too many phases", () => {
    const r = new Resampler(44100, 48000, 2);
    const big = new Float32Array(MAX_BLOCK_FRAMES + 1);
    assert.throws(() => r.push([big, big], big.length), /blocks of 8193 frames; give a whole number from 0 to 8192/);
    assert.throws(() => r.push([big], 10), /1 arrays for 2 channels/);
    assert.throws(() => new Resampler(44100, 47999, 1), /needs 6857 filter phases \(at most 4096\)/);
    assert.throws(() => new Resampler(0, 48000, 1), /input rate 0 Hz/);
    const stuck = new Resampler(44100, 48000, 1);
    const block = new Float32Array(MAX_BLOCK_FRAMES);
    assert.throws(() => {
      for (let i = 0; i < 4; i++) stuck.push([block], block.length);
    }, /pull the available output before pushing more/);
  });
});

describe("resample: against sox", () => {
  let dir = "";
  before(() => (dir = mkdtempSync(join(tmpdir(), "mixdown-resample-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  // sox's `rate -v` keeps 95% of the band and we keep 90% before our stopband starts at the lower
  // Nyquist, so on full-band noise the two differ in that top 5-10% by design. On noise below
  // 0.4 × the lower rate both are within 0.0001 dB of the ideal, so they must null to each other.
  for (const [from, to] of [[44100, 48000], [48000, 44100], [96000, 48000]]) {
    it(`nulls with sox rate -v on band-limited noise, ${from} -> ${to}, time-aligned`, () => {
      const input = bandLimitedNoise(from, from, 0.4 * Math.min(from, to), 5);
      writeWav(join(dir, "in.wav"), [input], from, 32);
      execFileSync("sox", [join(dir, "in.wav"), "-e", "floating-point", "-b", "32", join(dir, "sox.wav"), "rate", "-v", String(to)], { stdio: ["ignore", "pipe", "pipe"] });
      const ref = readWav(join(dir, "sox.wav")).data[0];
      const ours = resample([input], from, to)[0];
      assert.ok(Math.abs(ref.length - ours.length) <= 1, `lengths: sox ${ref.length}, ours ${ours.length}`);
      const [a, b] = [Math.round(to * 0.05), Math.round(to * 0.95)];
      const residual = (lag: number) => rms(Float32Array.from({ length: b - a }, (_, i) => ours[a + i] - ref[a + i + lag]), 0, b - a);
      const nullDb = db(residual(0) / rms(ref, a, b));
      assert.ok(nullDb < -80, `null ${nullDb.toFixed(1)} dB`);
      assert.ok(residual(0) < residual(1) && residual(0) < residual(-1), "best aligned at lag 0");
    });
  }
});
