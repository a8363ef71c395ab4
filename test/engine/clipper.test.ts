import { strict as assert } from "node:assert";
import { Clipper } from "../../engine/dsp/clipper";
import { LATENCY } from "../../engine/dsp/oversample";
import { ClipTable, smoothClip, smoothClipWith } from "../../engine/dsp/shapers";
import { seededNoise } from "../random";
import { ALIAS_FFT, aliasLevel, ffmpegFilter, sine } from "./aliasHelpers";
import { processInBlocks } from "./blocks";

const SR = 48000;
const db = (v: number) => 20 * Math.log10(v);
const peak = (x: Float32Array, from = 0) => x.subarray(from).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Runs channels through a clipper in blocks of `block`; returns the outputs. */
function run(params: Record<string, number>, inputs: Float32Array[], block = 512): Float32Array[] {
  const clip = new Clipper(params, SR, inputs.length);
  return processInBlocks(clip, inputs, block);
}
const run1 = (params: Record<string, number>, x: Float32Array, block = 512) => run(params, [x], block)[0];

describe("clipper: the ceiling", () => {
  it("hard: the sample peak never exceeds the ceiling, for noise 12 dB over it and sines up to 15 kHz", () => {
    for (const ceiling of [-1, -6, -0.1, -20]) {
      const c = 10 ** (ceiling / 20);
      const loud = seededNoise(20000, 11).map((v) => v * 4 * c);
      assert.ok(peak(run1({ ceiling }, loud)) <= c, `noise, ceiling ${ceiling}: ${db(peak(run1({ ceiling }, loud))).toFixed(3)} dB`);
      for (const f of [50, 997, 5000, 10000, 15000]) {
        const y = run1({ ceiling }, sine(f, 1, 9600, SR));
        assert.ok(peak(y) <= c, `${f} Hz, ceiling ${ceiling}`);
        assert.ok(peak(y) > c * 0.99, `${f} Hz reaches the ceiling`);
      }
    }
  });

  it("hard: a 50 Hz sine comes out as the clipped sine, delayed by the latency (band-limited corners within 3%)", () => {
    const c = 10 ** (-6 / 20);
    const x = sine(50, 1, 9600, SR);
    const y = run1({ ceiling: -6 }, x);
    let err = 0;
    for (let i = 1000; i < x.length - LATENCY; i++) err = Math.max(err, Math.abs(y[i + LATENCY] - Math.max(-c, Math.min(c, x[i]))));
    assert.ok(err < 0.03 * c, `largest difference ${(err / c).toFixed(4)} of the ceiling`);
  });

  it("soft: stays under the ceiling and follows the smooth curve c · smoothClip(x / c, 3 / softness)", () => {
    for (const softness of [0.25, 1]) {
      const c = 10 ** (-6 / 20);
      const x = sine(20, 1, 9600, SR);
      const y = run1({ ceiling: -6, softness }, x);
      assert.ok(peak(y) < c, `softness ${softness}: ${db(peak(y) / c).toFixed(3)} dB under`);
      let err = 0;
      for (let i = 1000; i < x.length - LATENCY; i++) err = Math.max(err, Math.abs(y[i + LATENCY] - c * smoothClip(x[i] / c, 3 / softness)));
      assert.ok(err < 1e-4, `softness ${softness}: off the curve by ${err}`);
    }
    // smooth: no corner, the slope of the curve changes continuously
    let worst = 0;
    for (let v = 0; v < 3; v += 0.001) {
      const d2 = smoothClip(v + 0.001, 3) - 2 * smoothClip(v, 3) + smoothClip(v - 0.001, 3);
      worst = Math.max(worst, Math.abs(d2));
    }
    assert.ok(worst < 1e-5, `largest second difference ${worst} (a hard corner gives 1e-3)`);
  });

  it(`declares its latency (${LATENCY} frames), gives the same bits whatever the block size, works in place`, () => {
    assert.equal(new Clipper({}, SR, 2).latency, LATENCY);
    const l = seededNoise(10000, 1);
    const r = seededNoise(10000, 2);
    const a = run({ ceiling: -12, softness: 0.3 }, [l, r], 1);
    assert.deepEqual(run({ ceiling: -12, softness: 0.3 }, [l, r], 4000), a);
    assert.deepEqual(run1({ ceiling: -12, softness: 0.3 }, r), a[1], "channels independent");
    const buf = l.slice();
    const clip = new Clipper({ ceiling: -12, softness: 0.3 }, SR, 1);
    for (let at = 0; at < buf.length; at += 5000) clip.process([buf.subarray(at, at + 5000)], [buf.subarray(at, at + 5000)], 5000);
    assert.deepEqual(buf, a[0]);
  });

  it("says what is wrong with a bad parameter", () => {
    assert.throws(() => new Clipper({ ceiling: 3 }, SR, 1), /clipper: ceiling 3 dBFS is out of range; give a value from -24 to 0 dBFS/);
    assert.throws(() => new Clipper({ mode: 1 }, SR, 1), /no parameter 'mode'; it has ceiling, softness/);
    assert.throws(() => new Clipper({}, SR, 1).setParam("ceiling"), /cannot be automated/);
  });
});

describe("clipper: the tabulated soft curve", () => {
  it("ClipTable is smoothClip within 1e-11 (exact past k 290), odd and within ±1; smoothClipWith is smoothClip", () => {
    for (const k of [3, 6, 30, 250, 3000]) {
      const table = new ClipTable(k);
      let worst = 0;
      for (let x = -30; x <= 30; x += 0.0001937) {
        const y = table.at(x);
        worst = Math.max(worst, Math.abs(y - smoothClip(x, k)));
        assert.ok(Math.abs(y) <= 1, `k ${k} at ${x}`);
        assert.equal(table.at(-x), -y);
      }
      assert.ok(worst < 1e-11, `k ${k}: ${worst.toExponential(2)}`);
    }
    for (const x of [-2, -1, -0.5, 0, 0.2, 1, 1.01, 4]) assert.equal(smoothClipWith(x, 5, Math.exp(-20)), smoothClip(x, 5));
  });
});

describe("clipper: aliases by FFT (a sine at -1 dBFS into a -3 dBFS ceiling)", () => {
  // The figures these bounds hold, with the base-rate safety clip (without it, in brackets):
  // hard 997 Hz -72 dB (-72), 3001 Hz -51 (-85), 10 kHz -28 (-64); soft 100% -172, -116, -36 (-128).
  const cases: [number, number, number][] = [
    [997, 0, -70], [3001, 0, -48], [10000, 0, -26],
    [997, 1, -150], [3001, 1, -110], [10000, 1, -33],
  ];
  for (const [f, softness, bound] of cases) {
    it(`${f} Hz, softness ${softness * 100}%: aliases under ${bound} dB re the fundamental`, () => {
      const y = run1({ ceiling: -3, softness }, sine(f, 10 ** (-1 / 20), ALIAS_FFT + 4096, SR), 4096);
      const { worstDb, atHz } = aliasLevel(y, 2048, f, SR);
      assert.ok(worstDb < bound, `${worstDb.toFixed(1)} dB at ${atHz.toFixed(0)} Hz`);
    });
  }
});

describe("clipper: against ffmpeg's asoftclip=type=hard (not oversampled)", () => {
  const c = 10 ** (-3 / 20);
  it("clips a 50 Hz sine to the same waveform (within the ringing of band-limited corners)", () => {
    const x = sine(50, 1, 24000, SR);
    const ref = ffmpegFilter(x, SR, `asoftclip=type=hard:threshold=${c}`);
    const ours = run1({ ceiling: -3 }, x);
    let sq = 0;
    let ref2 = 0;
    for (let i = 2000; i < x.length - LATENCY; i++) {
      sq += (ours[i + LATENCY] - ref[i]) ** 2;
      ref2 += ref[i] ** 2;
    }
    assert.ok(Math.abs(peak(ref) - c) < 1e-6, "ffmpeg clipped at the ceiling");
    assert.ok(10 * Math.log10(sq / ref2) < -45, `difference ${(10 * Math.log10(sq / ref2)).toFixed(1)} dB re the signal`);
  });

  it("aliases less than it at 997 Hz and 10 kHz", () => {
    for (const f of [997, 10000]) {
      const x = sine(f, 10 ** (-1 / 20), ALIAS_FFT + 4096, SR);
      const theirs = aliasLevel(ffmpegFilter(x, SR, `asoftclip=type=hard:threshold=${c}`), 2048, f, SR).worstDb;
      const ours = aliasLevel(run1({ ceiling: -3 }, x, 4096), 2048, f, SR).worstDb;
      assert.ok(ours < theirs - 5, `${f} Hz: ours ${ours.toFixed(1)} dB, ffmpeg ${theirs.toFixed(1)} dB`);
    }
  });
});
