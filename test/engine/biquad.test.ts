import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dB, hertz } from "../../core/units";
import { biquadCoefficients, EqProcessor, magnitudeAt, type EqBand } from "../../engine/dsp/biquad";
import * as ref from "../../engine/dsp/wasm/reference";
import { readWav } from "../../engine/io/wavRead";
import { writeWav } from "../../engine/io/wavWrite";

const SR = 48000;
const db = (x: number) => 20 * Math.log10(x);
/** A band from plain numbers (Hz, dB; gain 0, q 1/sqrt(2) and slope 1 unless given). */
const band = (b: { type: EqBand["type"]; freq: number; gain?: number; q?: number; slope?: number }): EqBand => ({ q: Math.SQRT1_2, slope: 1, ...b, freq: hertz(b.freq), gain: dB(b.gain ?? 0) });
const gainDb = (b: EqBand, f: number, sr = SR) => db(magnitudeAt(biquadCoefficients(b, sr), f, sr));

/** Seeded white noise (Park-Miller), uniform, about -20 dBFS RMS. */
function noise(frames: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: frames }, () => {
    s = (s * 48271) % 2147483647;
    return (2 * (s / 2147483647) - 1) * 0.173;
  });
}

function run(bands: EqBand[], input: Float32Array, blocks = [input.length]): Float32Array {
  const eq = new EqProcessor(bands, 1, SR);
  const out = new Float32Array(input.length);
  let at = 0;
  for (const n of blocks) {
    eq.process([input.subarray(at, at + n)], [out.subarray(at, at + n)], n);
    at += n;
  }
  return out;
}

/** RMS of a - b in dBFS. */
function residualDb(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return 10 * Math.log10(sum / a.length);
}

describe("biquad: analytic magnitudes", () => {
  it("a bell has exactly its gain at the centre", () => {
    for (const [freq, gain, q] of [[1000, 6, 1], [60, -12, 0.5], [8000, 3.5, 4], [300, 24, 10]]) {
      assert.ok(Math.abs(gainDb(band({ type: "bell", freq, gain, q }), freq) - gain) < 1e-9, `${freq} Hz ${gain} dB`);
    }
    const flat = biquadCoefficients(band({ type: "bell", freq: 1000, gain: 0, q: 1 }), SR);
    assert.ok(Math.abs(flat.b1 - flat.a1) < 1e-15 && Math.abs(flat.b2 - flat.a2) < 1e-15 && flat.b0 === 1, "0 dB bell is flat");
  });

  it("shelves reach their gain far from the corner and half of it at the corner", () => {
    for (const slope of [0.3, 0.7, 1]) {
      const low = band({ type: "lowshelf", freq: 200, gain: 9, slope });
      assert.ok(Math.abs(gainDb(low, 0) - 9) < 1e-9 && Math.abs(gainDb(low, SR / 2)) < 1e-9);
      assert.ok(Math.abs(gainDb(low, 200) - 4.5) < 1e-9, "midpoint at the corner");
      const high = band({ type: "highshelf", freq: 4000, gain: -7, slope });
      assert.ok(Math.abs(gainDb(high, SR / 2) + 7) < 1e-9 && Math.abs(gainDb(high, 0)) < 1e-9);
      assert.ok(Math.abs(gainDb(high, 4000) + 3.5) < 1e-9, "midpoint at the corner");
    }
    assert.ok(Math.abs(gainDb(band({ type: "lowshelf", freq: 200, gain: 9 }), 20) - 9) < 0.1, "a decade below");
    assert.ok(Math.abs(gainDb(band({ type: "highshelf", freq: 2000, gain: 9 }), 20000) - 9) < 0.1, "a decade above");
  });

  it("high- and low-pass are -3.01 dB at f0 with q = 1/sqrt(2), and pass the other end", () => {
    for (const type of ["highpass", "lowpass"] as const) {
      const b = band({ type, freq: 1000 });
      assert.ok(Math.abs(gainDb(b, 1000) - db(Math.SQRT1_2)) < 1e-9, type);
      assert.ok(Math.abs(gainDb(b, type === "highpass" ? SR / 2 : 0)) < 1e-9, `${type} passband`);
      assert.ok(gainDb(b, type === "highpass" ? 100 : 10000) < -39, `${type} stopband falls 12 dB/octave`);
    }
    assert.ok(Math.abs(gainDb(band({ type: "lowpass", freq: 500, q: 4 }), 500) - db(4)) < 1e-9, "the gain at f0 is Q");
  });

  it("a notch is deep at f0; a band-pass peaks at 0 dB there", () => {
    const notch = band({ type: "notch", freq: 3000, q: 10 });
    assert.ok(gainDb(notch, 3000) < -200 && Math.abs(gainDb(notch, 0)) < 1e-9 && Math.abs(gainDb(notch, SR / 2)) < 1e-9);
    assert.ok(gainDb(notch, 2700) > -3, "and narrow");
    const bp = band({ type: "bandpass", freq: 700, q: 2 });
    assert.ok(Math.abs(gainDb(bp, 700)) < 1e-9 && gainDb(bp, 10) < -40 && gainDb(bp, 20000) < -30);
  });

  it("keeps a band above Nyquist stable, and refuses nonsense", () => {
    const c = biquadCoefficients(band({ type: "lowpass", freq: 24000 }), 44100);
    assert.ok(Math.abs(c.a2) < 1 && Math.abs(c.a1) < 1 + c.a2, "poles inside the unit circle");
    assert.throws(() => biquadCoefficients(band({ type: "bell", freq: 1000, q: 0 }), SR), /bell band: q 0 must be above 0/);
    assert.throws(() => biquadCoefficients(band({ type: "lowpass", freq: -5 }), SR), /frequency -5 Hz/);
  });
});

describe("biquad: EqProcessor", () => {
  const input = noise(4800, 99);
  const bands = [band({ type: "highpass", freq: 80 }), band({ type: "bell", freq: 2500, gain: 5, q: 2 }), band({ type: "highshelf", freq: 8000, gain: -4 })];

  it("matches the analytic magnitude on a steady sine", () => {
    const b = band({ type: "bell", freq: 1000, gain: 6, q: 1.4 });
    const sine = Float32Array.from({ length: SR }, (_, i) => 0.25 * Math.sin((2 * Math.PI * 1000 * i) / SR));
    const out = run([b], sine).subarray(SR / 2);
    const peak = out.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    assert.ok(Math.abs(db(peak / 0.25) - 6) < 0.01, `${db(peak / 0.25)} dB`);
  });

  it("gives the same output in place, in any block size, per channel", () => {
    const whole = run(bands, input);
    assert.deepEqual(run(bands, input, [1, 99, 1000, 3700]), whole);
    const inPlace = [Float32Array.from(input), Float32Array.from(input).reverse()];
    const eq = new EqProcessor(bands, 2, SR);
    eq.process(inPlace, inPlace, input.length);
    assert.deepEqual(inPlace[0], whole);
    assert.deepEqual(inPlace[1], run(bands, Float32Array.from(input).reverse()), "channels keep separate state");
  });

  it("cascades its bands in order, in double precision", () => {
    let chained: Float32Array = input;
    for (const b of bands) chained = run([b], chained);
    assert.ok(residualDb(run(bands, input), chained) < -140);
  });

  it("equals, bit for bit, the cookbook cascade band after band in doubles, for 1 to 7 bands in blocks of any size", () => {
    const many = [
      band({ type: "bell", freq: 100, gain: 3, q: 0.7 }), band({ type: "lowshelf", freq: 200, gain: -2 }), band({ type: "bell", freq: 1000, gain: -4, q: 1 }),
      band({ type: "highpass", freq: 30 }), band({ type: "bell", freq: 8000, gain: 2, q: 0.7 }), band({ type: "highshelf", freq: 12000, gain: 1.5 }), band({ type: "notch", freq: 60, q: 8 }),
    ];
    for (let n = 1; n <= many.length; n++) {
      const chosen = many.slice(0, n);
      // The kernels' reference (reference.ts biquadBand), band after band over the whole input in doubles.
      const coeffs = chosen.flatMap((b) => {
        const c = biquadCoefficients(b, SR);
        return [c.b0, c.b1, c.b2, c.a1, c.a2];
      });
      const states = new Float64Array(4 * n);
      const data = Float64Array.from(input);
      for (let b = 0; b < n; b++) ref.biquadBand(coeffs, 5 * b, states, 4 * b, data, data.length);
      const reference = Float32Array.from(data);
      assert.deepEqual(run(chosen, input, [7, 4096, 1, input.length - 4104]), reference, `${n} band(s)`);
    }
  });

  it("runs two mono EQs as a pair with the bits each gives alone, for 1 to 7 bands, blocks of any size and moving bands", () => {
    const many = [
      band({ type: "bell", freq: 100, gain: 3, q: 0.7 }), band({ type: "lowshelf", freq: 200, gain: -2 }), band({ type: "bell", freq: 1000, gain: -4, q: 1 }),
      band({ type: "highpass", freq: 30 }), band({ type: "bell", freq: 8000, gain: 2, q: 0.7 }), band({ type: "highshelf", freq: 12000, gain: 1.5 }), band({ type: "notch", freq: 60, q: 8 }),
    ];
    const other = Float32Array.from(input, (v, i) => 0.5 * v + 0.3 * Math.sin(i / 3));
    for (let n = 1; n <= many.length; n++) {
      const theirs = many.slice(0, n).reverse().map((b, i) => ({ ...b, gain: dB(b.gain + i) }));
      const alone = [new EqProcessor(many.slice(0, n), 1, SR), new EqProcessor(theirs, 1, SR)];
      const paired = [new EqProcessor(many.slice(0, n), 1, SR), new EqProcessor(theirs, 1, SR)];
      const a = Float32Array.from(input);
      const b = Float32Array.from(other);
      const pa = Float32Array.from(input);
      const pb = Float32Array.from(other);
      for (const [at, frames] of [[0, 7], [7, 4096], [4103, 1], [4104, input.length - 4104]]) {
        if (at === 4104) for (const eq of [alone[1], paired[1]]) eq.setBand(0, { ...theirs[0], freq: hertz(3000) }); // a band moves mid-stream
        alone[0].process([a.subarray(at)], [a.subarray(at)], frames);
        alone[1].process([b.subarray(at)], [b.subarray(at)], frames);
        EqProcessor.processPair(paired[0], paired[1], pa.subarray(at), pb.subarray(at), frames);
      }
      assert.deepEqual(pa, a, `${n} band(s): the first channel`);
      assert.deepEqual(pb, b, `${n} band(s): the second channel`);
    }
    assert.throws(() => EqProcessor.processPair(new EqProcessor(bands, 1, SR), new EqProcessor(bands.slice(1), 1, SR), input, other, 10), /as many bands/);
  });

  it("runs a stereo EQ's channels side by side with the bits two mono EQs give, for 1 to 7 bands, blocks longer than a kernel block, in place or not", () => {
    const many = [
      band({ type: "bell", freq: 100, gain: 3, q: 0.7 }), band({ type: "lowshelf", freq: 200, gain: -2 }), band({ type: "bell", freq: 1000, gain: -4, q: 1 }),
      band({ type: "highpass", freq: 30 }), band({ type: "bell", freq: 8000, gain: 2, q: 0.7 }), band({ type: "highshelf", freq: 12000, gain: 1.5 }), band({ type: "notch", freq: 60, q: 8 }),
    ];
    const long = Float32Array.from({ length: 20000 }, (_, i) => 0.4 * Math.sin(i / 7) + 0.2 * Math.sin(i / 29) + (i === 9000 ? 0.9 : 0));
    const right = Float32Array.from(long, (v, i) => 0.5 * v - 0.3 * Math.sin(i / 3));
    for (let n = 1; n <= many.length; n++) {
      const mono = [new EqProcessor(many.slice(0, n), 1, SR), new EqProcessor(many.slice(0, n), 1, SR)];
      const stereo = new EqProcessor(many.slice(0, n), 2, SR);
      const l = Float32Array.from(long);
      const r = Float32Array.from(right);
      const sl = Float32Array.from(long);
      const sr = Float32Array.from(right);
      for (const [at, frames, inPlace] of [[0, 5, true], [5, 4096, false], [4101, 12000, true], [16101, long.length - 16101, false]] as const) {
        mono[0].process([l.subarray(at)], [l.subarray(at)], frames);
        mono[1].process([r.subarray(at)], [r.subarray(at)], frames);
        const outs = inPlace ? [sl.subarray(at), sr.subarray(at)] : [new Float32Array(frames), new Float32Array(frames)];
        stereo.process([sl.subarray(at), sr.subarray(at)], outs, frames);
        if (!inPlace) {
          sl.set(outs[0], at);
          sr.set(outs[1], at);
        }
      }
      assert.deepEqual(sl, l, `${n} band(s): left`);
      assert.deepEqual(sr, r, `${n} band(s): right`);
      assert.ok(sl.some((v, i) => v !== long[i]), "the EQ changed the signal");
    }
  });

  it("setBand changes coefficients without resetting the state", () => {
    const half = input.length / 2;
    const eq = new EqProcessor(bands, 1, SR);
    const out = new Float32Array(input.length);
    eq.process([input.subarray(0, half)], [out.subarray(0, half)], half);
    eq.setBand(1, bands[1]);
    eq.process([input.subarray(half)], [out.subarray(half)], half);
    assert.deepEqual(out, run(bands, input), "same coefficients: seamless");
    const moved = [bands[0], band({ type: "bell", freq: 3000, gain: 5, q: 2 }), bands[2]];
    eq.setBand(1, moved[1]);
    const next = new Float32Array(8);
    eq.process([input.subarray(0, 8)], [next], 8);
    assert.notDeepEqual(next, run(moved, input.subarray(0, 8)), "the old state carries over");
    assert.throws(() => eq.setBand(3, bands[0]), /no band 3/);
  });

  it("passes audio through with no bands, and goes idle after silence", () => {
    assert.deepEqual(run([], input), input);
    const eq = new EqProcessor(bands, 1, SR);
    assert.equal(eq.idle, true);
    const out = new Float32Array(SR);
    eq.process([input], [out.subarray(0, input.length)], input.length);
    assert.equal(eq.idle, false);
    eq.process([new Float32Array(SR)], [out], SR);
    assert.equal(out[SR - 1], 0);
    assert.equal(eq.idle, true, "the state decays to exactly zero (no denormals)");
  });
});

describe("biquad: null tests against sox and ffmpeg", () => {
  let dir = "";
  let input: Float32Array = new Float32Array(0);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-biquad-"));
    writeWav(join(dir, "in.wav"), [noise(SR * 2, 12345)], SR, 32);
    input = readWav(join(dir, "in.wav")).data[0];
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** sox's output and ours for the same input, both through float WAV files. */
  function filtered(tool: "sox" | "ffmpeg", args: string[], b: EqBand): { ref: Float32Array; ours: Float32Array } {
    const [inPath, refPath, ourPath] = ["in.wav", "ref.wav", "ours.wav"].map((f) => join(dir, f));
    const cmd = tool === "sox" ? ["-D", inPath, "-e", "floating-point", "-b", "32", refPath, ...args] : ["-v", "error", "-y", "-i", inPath, ...args, "-c:a", "pcm_f32le", refPath];
    execFileSync(tool, cmd, { stdio: ["ignore", "pipe", "pipe"] });
    writeWav(ourPath, [run([b], input)], SR, 32);
    return { ref: readWav(refPath).data[0], ours: readWav(ourPath).data[0] };
  }

  const q = (x: number) => `${x}q`;
  const cases: [EqBand, string[]][] = [
    [band({ type: "bell", freq: 1000, gain: 6, q: 1.4 }), ["equalizer", "1000", q(1.4), "6"]],
    [band({ type: "bell", freq: 150, gain: -9, q: 0.7 }), ["equalizer", "150", q(0.7), "-9"]],
    [band({ type: "lowshelf", freq: 200, gain: 6, slope: 1 }), ["bass", "6", "200", "1s"]],
    [band({ type: "lowshelf", freq: 120, gain: -8, slope: 0.5 }), ["bass", "-8", "120", "0.5s"]],
    [band({ type: "highshelf", freq: 5000, gain: 4, slope: 0.8 }), ["treble", "4", "5000", "0.8s"]],
    [band({ type: "highshelf", freq: 10000, gain: -10, slope: 1 }), ["treble", "-10", "10000", "1s"]],
    [band({ type: "highpass", freq: 80 }), ["highpass", "-2", "80"]],
    [band({ type: "highpass", freq: 400, q: 2.5 }), ["highpass", "-2", "400", q(2.5)]],
    [band({ type: "lowpass", freq: 8000 }), ["lowpass", "-2", "8000"]],
    [band({ type: "lowpass", freq: 1200, q: 0.5 }), ["lowpass", "-2", "1200", q(0.5)]],
    [band({ type: "notch", freq: 3000, q: 10 }), ["bandreject", "3000", q(10)]],
    [band({ type: "bandpass", freq: 700, q: 1 }), ["bandpass", "700", q(1)]],
    [band({ type: "bandpass", freq: 2000, q: 4 }), ["bandpass", "2000", q(4)]],
  ];
  for (const [b, args] of cases) {
    it(`${b.type} ${b.freq} Hz (sox ${args.join(" ")}) nulls below -120 dBFS`, () => {
      const { ref, ours } = filtered("sox", args, b);
      assert.ok(residualDb(ref, input) > -60, "sox did filter");
      const residual = residualDb(ref, ours);
      assert.ok(residual < -120, `residual ${residual.toFixed(1)} dBFS`);
    });
  }

  it("fails the null test when the band is off by 0.1% (the test can tell)", () => {
    const { ref } = filtered("sox", ["equalizer", "1000", q(1.4), "6"], band({ type: "bell", freq: 1000, gain: 6, q: 1.4 }));
    assert.ok(residualDb(ref, run([band({ type: "bell", freq: 1001, gain: 6, q: 1.4 })], input)) > -100);
  });

  it("matches ffmpeg's equalizer on a bell", () => {
    const b = band({ type: "bell", freq: 1000, gain: 6, q: 1.4 });
    const { ref, ours } = filtered("ffmpeg", ["-af", "equalizer=f=1000:t=q:w=1.4:g=6:precision=f64"], b);
    assert.ok(residualDb(ref, input) > -60, "ffmpeg did filter");
    const residual = residualDb(ref, ours);
    assert.ok(residual < -120, `residual ${residual.toFixed(1)} dBFS`);
  });
});
