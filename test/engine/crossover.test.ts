import { strict as assert } from "node:assert";
import { BandSplit, butterworth, Crossover, lr4Allpass, MAX_BLOCK_FRAMES, Section } from "../../engine/dsp/crossover";
import { magnitudeAt } from "../../engine/dsp/biquad";
import { Fft } from "../../engine/dsp/fft";
import { seededNoise } from "../random";

const SR = 48000;
const N = 65536;
const db = (x: number) => 20 * Math.log10(x);

const impulse = (frames: number) => {
  const x = new Float32Array(frames);
  x[0] = 1;
  return x;
};

/** The impulse responses of a split's bands (double precision bands), in blocks of `block`. */
function impulseBands(corners: number[], block = 4096, frames = N, input: Float32Array = impulse(frames)): Float64Array[] {
  const split = new BandSplit(corners, SR, 1);
  const bands = Array.from({ length: split.bands }, () => new Float64Array(frames));
  for (let at = 0; at < frames; at += block) {
    const n = Math.min(block, frames - at);
    split.split(0, input.subarray(at, at + n), bands.map((b) => b.subarray(at, at + n)), n);
  }
  return bands;
}

/** |H| at each bin of an impulse response. */
function spectrum(h: Float64Array): Float64Array {
  const re = Float64Array.from(h);
  const im = new Float64Array(h.length);
  new Fft(h.length).transform(re, im);
  return Float64Array.from({ length: h.length / 2 }, (_, k) => Math.hypot(re[k], im[k]));
}

const bin = (f: number) => Math.round((f * N) / SR);
const sum = (bands: Float64Array[]) => bands.reduce((acc, b) => acc.map((v, i) => v + b[i]), new Float64Array(bands[0].length));

/** The largest deviation from 0 dB of |H| between 20 Hz and 20 kHz. */
function worstFlatness(h: Float64Array): number {
  const mag = spectrum(h);
  let worst = 0;
  for (let k = bin(20); k <= bin(20000); k++) worst = Math.max(worst, Math.abs(db(mag[k])));
  return worst;
}

describe("crossover: Linkwitz-Riley 4th order", () => {
  for (const corners of [[1000], [200, 2000], [120, 1000, 6000]]) {
    it(`sums flat within 0.1 dB from 20 Hz to 20 kHz: ${corners.length + 1} bands at ${corners.join(", ")} Hz`, () => {
      const worst = worstFlatness(sum(impulseBands(corners)));
      assert.ok(worst < 1e-6, `worst deviation ${worst} dB`);
    });
  }

  it("makes each band the analytic LR4 response: -6.02 dB at the corner, 24 dB per octave beyond", () => {
    const [low, mid, high] = impulseBands([200, 2000]).map(spectrum);
    const lp1 = butterworth("lowpass", 200, SR);
    const hp1 = butterworth("highpass", 200, SR);
    const lp2 = butterworth("lowpass", 2000, SR);
    const hp2 = butterworth("highpass", 2000, SR);
    for (const f of [50, 200, 700, 2000, 8000]) {
      const k = bin(f);
      const fk = (k * SR) / N;
      const lr = (c: typeof lp1) => magnitudeAt(c, fk, SR) ** 2;
      assert.ok(Math.abs(db(low[k]) - db(lr(lp1))) < 1e-6, `low band at ${f} Hz`);
      assert.ok(Math.abs(db(mid[k]) - db(lr(hp1) * lr(lp2))) < 1e-6, `mid band at ${f} Hz`);
      assert.ok(Math.abs(db(high[k]) - db(lr(hp1) * lr(hp2))) < 1e-6, `high band at ${f} Hz`);
    }
    const at = (s: Float64Array, f: number) => db(s[bin(f)]);
    // The corners fall on bins only approximately; -6.02 dB is at the exact corner.
    const corner = db(magnitudeAt(lp1, 200, SR) ** 2);
    assert.ok(Math.abs(corner + 6.0206) < 1e-3, `low-pass at its corner: ${corner} dB`);
    assert.ok(Math.abs(db(magnitudeAt(hp2, 2000, SR) ** 2) + 6.0206) < 1e-3, "high-pass at its corner");
    // Analog LR4 falls 24.08 dB from 3 to 4 octaves past its corner; the bilinear transform steepens the low-pass a little near fs/2.
    const lowSlope = at(low, 1600) - at(low, 3200);
    const [, alone] = impulseBands([2000]).map(spectrum);
    const highSlope = at(alone, 250) - at(alone, 125);
    assert.ok(Math.abs(lowSlope - 24) < 0.5, `low band falls ${lowSlope} dB an octave, 3 octaves above its corner`);
    assert.ok(Math.abs(highSlope - 24) < 0.5, `high band falls ${highSlope} dB an octave, 3 octaves below its corner`);
  });

  it("sums to the allpass of the corners: flat magnitude, the phase of AP(f1)·AP(f2)", () => {
    const total = sum(impulseBands([200, 2000]));
    const ap1 = lr4Allpass(200, SR);
    const ap2 = lr4Allpass(2000, SR);
    // Run an impulse through the two allpasses: the same response, within rounding.
    const x = new Float64Array(N);
    x[0] = 1;
    new Section(ap1, 1).run(0, x, x, N);
    new Section(ap2, 1).run(0, x, x, N);
    let worst = 0;
    for (let i = 0; i < N; i++) worst = Math.max(worst, Math.abs(total[i] - x[i]));
    assert.ok(worst < 1e-6, `largest difference from the allpass pair ${worst}`);
  });

  it("gives the same bits whatever the block size (while no state is flushed as a denormal), and keeps channels apart", () => {
    const noise = seededNoise(20000, 7);
    assert.deepEqual(impulseBands([150, 900, 5000], 4096, 20000, noise), impulseBands([150, 900, 5000], 37, 20000, noise));
    const split = new BandSplit([300, 3000], SR, 2);
    const left = seededNoise(MAX_BLOCK_FRAMES, 1);
    const right = new Float32Array(MAX_BLOCK_FRAMES);
    const bands = (n: number) => Array.from({ length: 3 }, () => new Float32Array(n));
    const l = bands(MAX_BLOCK_FRAMES);
    const r = bands(MAX_BLOCK_FRAMES);
    split.split(0, left, l, MAX_BLOCK_FRAMES);
    split.split(1, right, r, MAX_BLOCK_FRAMES);
    for (const b of r) assert.ok(b.every((v) => v === 0), "silence in the right channel stays silence");
    const alone = bands(MAX_BLOCK_FRAMES);
    new BandSplit([300, 3000], SR, 1).split(0, left, alone, MAX_BLOCK_FRAMES);
    assert.deepEqual(l, alone);
  });

  it("says what is wrong with corners out of order or above the Nyquist limit", () => {
    assert.throws(() => new BandSplit([2000, 200], SR, 1), /corners 2000, 200 Hz are not rising/);
    assert.throws(() => new Crossover(30000, SR, 1), /corner 30000 Hz must be above 0 and below 23520 Hz/);
  });
});
