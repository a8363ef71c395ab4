import { strict as assert } from "node:assert";
import { MAX_BLOCK_FRAMES } from "../../engine/dsp/block";
import { LATENCY } from "../../engine/dsp/oversample";
import { Saturate } from "../../engine/dsp/saturate";
import { saturateCurve, saturateFast, smoothClip } from "../../engine/dsp/shapers";
import { seededNoise } from "../random";
import { ALIAS_FFT, aliasLevel, ffmpegFilter, sine } from "./aliasHelpers";
import { processInBlocks } from "./blocks";

const SR = 48000;
const db = (v: number) => 20 * Math.log10(v);
const peak = (x: Float32Array, from = 0) => x.subarray(from).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Runs one channel through saturate in blocks of `block`; returns the output. */
function run(params: Record<string, number>, input: Float32Array, block = 512, sat = new Saturate(params, SR, 1)): Float32Array {
  return processInBlocks(sat, [input], block)[0];
}

describe("saturate: the curve", () => {
  it("has slope 1 at 0, stays within ±1, is odd and rises monotonically, for every character", () => {
    for (const c of [0, 0.25, 0.5, 0.75, 1]) {
      assert.ok(Math.abs(saturateCurve(1e-6, c) / 1e-6 - 1) < 1e-6, `slope at 0, character ${c}`);
      let last = -Infinity;
      for (let x = -20; x <= 20; x += 0.01) {
        const y = saturateCurve(x, c);
        assert.ok(Math.abs(y) <= 1 && (y > last || Math.abs(x) > 8), `character ${c} at ${x}`);
        assert.equal(saturateCurve(-x, c), -y);
        last = y;
      }
    }
  });

  it("is tanh at 0% and, harder, stays linear longer at 100%", () => {
    assert.equal(saturateCurve(0.7, 0), Math.tanh(0.7));
    assert.ok(saturateCurve(0.5, 1) > Math.tanh(0.5) && saturateCurve(0.5, 1) > 0.48, "harder end: nearer linear at 0.5");
    assert.ok(saturateCurve(3, 1) > Math.tanh(3), "and nearer its ceiling past the knee");
  });

  it("smoothClip is the log-cosh clip: (ln cosh k(x+1) - ln cosh k(x-1)) / 2k, and tends to the hard clip", () => {
    for (const x of [-3, -1, -0.4, 0, 0.3, 0.99, 1, 1.5, 6]) {
      const ref = (Math.log(Math.cosh(2 * (x + 1))) - Math.log(Math.cosh(2 * (x - 1)))) / 4;
      assert.ok(Math.abs(smoothClip(x, 2) - ref) < 1e-12, `x ${x}`);
      assert.ok(Math.abs(smoothClip(x, 1e4) - Math.max(-1, Math.min(1, x))) < 1e-4, `hard limit at ${x}`);
    }
  });
});

describe("saturate: the tabulated curve it runs", () => {
  it("saturateFast is saturateCurve within 1e-11 for every character, odd and within ±1", () => {
    for (const c of [0, 0.3, 0.5, 1]) {
      let worst = 0;
      for (let x = -25; x <= 25; x += 0.000937) {
        const y = saturateFast(x, c);
        worst = Math.max(worst, Math.abs(y - saturateCurve(x, c)));
        assert.ok(Math.abs(y) <= 1, `character ${c} at ${x}`);
        assert.equal(saturateFast(-x, c), -y);
      }
      assert.ok(worst < 1e-11, `character ${c}: ${worst.toExponential(2)}`);
    }
  });
});

describe("saturate: oversampled, aliases by FFT", () => {
  const x = sine(10000, 10 ** (-1 / 20), ALIAS_FFT + 4096, SR);
  for (const character of [0, 0.5, 1]) {
    it(`a 10 kHz sine at -1 dBFS driven by 12 dB (character ${character * 100}%): aliases under -90 dB re the fundamental`, () => {
      const y = run({ drive: 12, character, mix: 1 }, x, 4096);
      const { worstDb, atHz } = aliasLevel(y, 2048, 10000, SR);
      assert.ok(worstDb < -90, `worst alias ${worstDb.toFixed(1)} dB at ${atHz.toFixed(0)} Hz`);
    });
  }

  it("the measurement sees aliases: the same curve without oversampling aliases at about -20 dB", () => {
    const y = x.map((v) => Math.tanh(3.98 * v) / 3.98);
    const { worstDb } = aliasLevel(y, 2048, 10000, SR);
    assert.ok(worstDb > -40, `${worstDb.toFixed(1)} dB`);
  });
});

describe("saturate: levels, latency, mix, blocks", () => {
  it("passes quiet signals at unity whatever the drive (the drive is taken off after the curve)", () => {
    for (const drive of [0, 12, 24]) {
      const y = run({ drive, character: 0.5 }, sine(1000, 0.001, 9600, SR));
      assert.ok(Math.abs(db(peak(y, 1000) / 0.001)) < 0.01, `drive ${drive}: ${db(peak(y, 1000) / 0.001).toFixed(4)} dB`);
    }
  });

  it("bounds the wet output by 1 / drive: a full-scale 100 Hz sine driven by 12 dB peaks under -12 dB", () => {
    const y = run({ drive: 12, character: 1 }, sine(100, 1, 9600, SR));
    assert.ok(peak(y, 1000) < 10 ** (-12 / 20) && peak(y, 1000) > 10 ** (-12.5 / 20), `${db(peak(y, 1000)).toFixed(2)} dB`);
  });

  it(`declares its latency (${LATENCY} frames): an impulse comes out there`, () => {
    const sat = new Saturate({ drive: 6 }, SR, 1);
    assert.equal(sat.latency, LATENCY);
    const imp = new Float32Array(1000);
    imp[100] = 0.01;
    const y = run({ drive: 6 }, imp, 512, sat);
    let at = 0;
    for (let i = 0; i < y.length; i++) if (Math.abs(y[i]) > Math.abs(y[at])) at = i;
    assert.equal(at, 100 + LATENCY);
  });

  it("mix 0 is the input delayed by the latency, bit for bit; mix blends wet and dry", () => {
    const x = seededNoise(4800, 3);
    const dry = run({ drive: 18, mix: 0 }, x);
    assert.deepEqual(dry.subarray(LATENCY), x.subarray(0, x.length - LATENCY));
    const wet = run({ drive: 18, mix: 1 }, x);
    const half = run({ drive: 18, mix: 0.5 }, x);
    for (let i = 0; i < x.length; i++) assert.ok(Math.abs(half[i] - (dry[i] + wet[i]) / 2) < 1e-6, `frame ${i}`);
  });

  it("gives the same bits whatever the block size, stereo channels independent", () => {
    const l = seededNoise(20000, 5);
    const r = seededNoise(20000, 6);
    const outs = [1, 300, MAX_BLOCK_FRAMES].map((block) => processInBlocks(new Saturate({ drive: 9, character: 0.3, mix: 0.8 }, SR, 2), [l, r], block));
    assert.deepEqual(outs[1], outs[0]);
    assert.deepEqual(outs[2], outs[0]);
    assert.deepEqual(outs[0][0], run({ drive: 9, character: 0.3, mix: 0.8 }, l), "left as if alone");
  });

  it("works in place (outputs = inputs)", () => {
    const x = seededNoise(3000, 8);
    const ref = run({ drive: 12 }, x);
    const buf = x.slice();
    const sat = new Saturate({ drive: 12 }, SR, 1);
    for (let at = 0; at < buf.length; at += 700) {
      const n = Math.min(700, buf.length - at);
      sat.process([buf.subarray(at, at + n)], [buf.subarray(at, at + n)], n);
    }
    assert.deepEqual(buf, ref);
  });

  it("automates drive, character and mix with a glide, and says what is wrong with a bad value", () => {
    const sat = new Saturate({ drive: 0 }, SR, 1);
    const x = sine(200, 0.5, 4800, SR);
    const a = run({}, x.subarray(0, 2400), 2400, sat);
    sat.setParam("drive", 24);
    sat.setParam("character", 1);
    sat.setParam("mix", 0.5);
    const b = run({}, x.subarray(2400), 2400, sat);
    assert.ok(peak(b, 1200) < peak(a, 1200) * 0.6, "more drive, lower peaks");
    let jump = 0;
    const y = [...a, ...b];
    for (let i = 1; i < y.length; i++) jump = Math.max(jump, Math.abs(y[i] - y[i - 1]));
    assert.ok(jump < 0.05, `no click: largest step ${jump}`);
    assert.throws(() => sat.setParam("drive", 30), /saturate: drive 30 dB is out of range; give a value from 0 to 24 dB/);
    assert.throws(() => sat.setParam("tone", 1), /saturate: 'tone' cannot be automated/);
    assert.throws(() => new Saturate({ tone: 1 }, SR, 1), /no parameter 'tone'; it has drive, character, mix/);
  });
});

describe("saturate: against ffmpeg's asoftclip (type tanh)", () => {
  it("character 0% at drive 6 dB is asoftclip=type=tanh:param=g:output=1/g, within -90 dB on a 200 Hz sine", () => {
    const g = 10 ** (6 / 20);
    const x = sine(200, 0.9, 24000, SR);
    const ref = ffmpegFilter(x, SR, `asoftclip=type=tanh:param=${g}:output=${1 / g}`);
    const ours = run({ drive: 6, character: 0 }, x);
    let err = 0;
    for (let i = 2000; i < x.length - LATENCY; i++) err = Math.max(err, Math.abs(ours[i + LATENCY] - ref[i]));
    assert.ok(peak(ref) > 0.4 && peak(ref) < 0.5, "ffmpeg did saturate");
    assert.ok(db(err) < -90, `largest difference ${db(err).toFixed(1)} dB`);
  });
});
