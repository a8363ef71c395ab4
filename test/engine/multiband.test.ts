// The multiband compressor: its bands sum flat at unity, each band's static
// curve is the compressor's for a sine inside that band, a sine in one band
// leaves the others' settings out of it, and its errors say what is wrong.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze } from "../../core/analyze";
import { readWav } from "../../engine/io/wavRead";
import { writeWav } from "../../engine/io/wavWrite";
import { renderMix } from "../../engine/render/render";
import { Compressor } from "../../engine/dsp/compressor";
import { Fft } from "../../engine/dsp/fft";
import { MAX_BLOCK_FRAMES, Multiband } from "../../engine/dsp/multiband";
import { seededNoise } from "../random";
import { processInBlocks, type BlockProcessor } from "./blocks";

const SR = 48000;
const db = (x: number) => 20 * Math.log10(x);

const run = (p: BlockProcessor, input: Float32Array[], block = 512): Float32Array[] => processInBlocks(p, input, block);

/** A sine faded in over 50 ms (raised cosine), so no band filter's onset ringing overshoots into a peak detector that holds it. */
function sine(frames: number, peakDb: number, freq: number): Float32Array {
  const a = Math.pow(10, peakDb / 20);
  const fade = 0.05 * SR;
  return Float32Array.from({ length: frames }, (_, i) => (i < fade ? 0.5 - 0.5 * Math.cos((Math.PI * i) / fade) : 1) * a * Math.sin((2 * Math.PI * freq * i) / SR));
}

function rmsDb(x: Float32Array, from: number): number {
  let sum = 0;
  for (let i = from; i < x.length; i++) sum += x[i] * x[i];
  return 10 * Math.log10(sum / (x.length - from));
}

/** Every band's ratio at 1: each band at unity. */
const UNITY = { "low-ratio": 1, "mid-ratio": 1, "high-ratio": 1, "top-ratio": 1 };
/** Attack far under a period, release far over it: the detector reads a steady sine's peak (as in compressor.test.ts). */
const PEAK = (band: string) => ({ [`${band}-attack`]: 0.0001, [`${band}-release`]: 5 });

describe("multiband: bands at unity", () => {
  for (const [name, params] of [
    ["three bands at 200 Hz and 2 kHz", { ...UNITY }],
    ["four bands at 120 Hz, 1 kHz and 6 kHz", { ...UNITY, "low-mid": 120, "mid-high": 1000, "high-top": 6000 }],
    ["three bands, every threshold at 0 dB and above the signal", { "low-threshold": 0, "mid-threshold": 0, "high-threshold": 0, knee: 0 }],
  ] as const) {
    it(`sums flat within 0.1 dB from 20 Hz to 20 kHz: ${name}`, () => {
      const N = 65536;
      const x = new Float32Array(N);
      x[0] = 0.5;
      const [h] = run(new Multiband(params, SR, 1), [x], 4096);
      const re = Float64Array.from(h, (v) => v / 0.5);
      const im = new Float64Array(N);
      new Fft(N).transform(re, im);
      let worst = 0;
      for (let k = Math.round((20 * N) / SR); k <= Math.round((20000 * N) / SR); k++) worst = Math.max(worst, Math.abs(db(Math.hypot(re[k], im[k]))));
      assert.ok(worst < 0.001, `worst deviation from 0 dB: ${worst} dB`);
    });
  }
});

describe("multiband: static curves", () => {
  // Corners far from the sine, so nearly all of it is in one band (the others hold under -80 dB of it).
  const wide = { "low-mid": 100, "mid-high": 10000, knee: 6 };
  const comp = { threshold: -30, ratio: 4, knee: 6, attack: 0.0001, release: 5, makeup: 2 };
  it("a 1 kHz sine in the mid band follows the compressor's curve with the mid band's settings", () => {
    const params = { ...wide, "mid-threshold": -30, "mid-ratio": 4, "mid-makeup": 2, ...PEAK("mid"), "low-ratio": 1, "high-ratio": 1 };
    for (const level of [-50, -36, -32, -30, -28, -20, -10, -3]) {
      const input = sine(SR, level, 1000);
      const mb = run(new Multiband(params, SR, 1), [input])[0];
      const alone = run(new Compressor(comp, SR, 1), [input])[0];
      const diff = rmsDb(mb, SR / 2) - rmsDb(alone, SR / 2);
      assert.ok(Math.abs(diff) < 0.02, `input ${level} dB: multiband ${diff.toFixed(4)} dB from comp`);
    }
  });

  it("a 40 Hz sine is compressed by the low band only, a 1 kHz sine not by it; stereo is linked within a band", () => {
    const params = { "low-mid": 250, "mid-high": 4000, "low-threshold": -30, "low-ratio": 4, ...PEAK("low"), "mid-ratio": 1, "high-ratio": 1 };
    const low = sine(SR, -6, 40);
    const quiet = sine(SR, -40, 40);
    const [l, r] = run(new Multiband(params, SR, 2), [low, quiet]);
    const [cl, cr] = run(new Compressor({ ...comp, makeup: 0 }, SR, 2), [low, quiet]);
    assert.ok(Math.abs(rmsDb(l, SR / 2) - rmsDb(cl, SR / 2)) < 0.05, "the loud channel as a linked comp");
    assert.ok(Math.abs(rmsDb(r, SR / 2) - rmsDb(cr, SR / 2)) < 0.05, "the quiet channel gets the loud one's gain");
    const mid = sine(SR, -6, 1000);
    const [m] = run(new Multiband(params, SR, 1), [mid]);
    assert.ok(Math.abs(rmsDb(m, SR / 2) - rmsDb(mid, SR / 2)) < 0.01, "1 kHz passes at unity");
  });

  it("the top band of four compresses an 11 kHz sine; with three bands the high band does", () => {
    // 11 kHz is 2.5 octaves above the top corner: the high band keeps -59 dB of it, uncompressed.
    const four = { "low-mid": 100, "mid-high": 1000, "high-top": 2000, "top-threshold": -20, "top-ratio": 4, ...PEAK("top"), "low-ratio": 1, "mid-ratio": 1, "high-ratio": 1 };
    const input = sine(SR, -6, 11013); // not a divisor of the rate: the sample peaks cover every phase, whatever the band's phase shift
    const [out] = run(new Multiband(four, SR, 1), [input]);
    const [want] = run(new Compressor({ ...comp, threshold: -20, makeup: 0 }, SR, 1), [input]);
    const diff = rmsDb(out, SR / 2) - rmsDb(want, SR / 2);
    assert.ok(Math.abs(diff) < 0.05, `${diff} dB from comp`);
    assert.ok(rmsDb(want, SR / 2) - rmsDb(input, SR / 2) < -9, "and comp did turn it down");
    assert.equal(new Multiband(four, SR, 1).bands, 4);
    assert.equal(new Multiband({}, SR, 1).bands, 3);
  });
});

describe("multiband: automation, blocks and errors", () => {
  it("glides an automated band threshold, gives the same bits for any block size, allocates nothing per block", () => {
    const x = seededNoise(30000, 3, 0.7);
    const go = (block: number) => {
      const mb = new Multiband({ "mid-threshold": -30, "high-ratio": 6, "high-threshold": -25 }, SR, 2);
      const out = run(mb, [x, x], block);
      mb.setParam("mid-threshold", -10);
      mb.setParam("low-makeup", 3);
      return [...out, ...run(mb, [x, x], block)];
    };
    const a = go(1000);
    assert.deepEqual(a, go(64));
    const big = seededNoise(MAX_BLOCK_FRAMES, 4);
    run(new Multiband({}, SR, 1), [big], MAX_BLOCK_FRAMES);
  });

  it("refuses crossovers out of order, unknown and non-automatable parameters, saying why", () => {
    assert.throws(() => new Multiband({ "low-mid": 3000, "mid-high": 2000 }, SR, 2), /crossovers low-mid 3000 Hz, mid-high 2000 Hz do not rise/);
    assert.throws(() => new Multiband({ "high-top": 1000 }, SR, 2), /high-top 1000 Hz do not rise/);
    assert.throws(() => new Multiband({ bands: 3 }, SR, 2), /no parameter 'bands'/);
    const mb = new Multiband({}, SR, 1);
    assert.throws(() => mb.setParam("low-mid", 300), /'low-mid' cannot be automated/);
    assert.throws(() => mb.setParam("low-attack", 0.01), /'low-attack' cannot be automated/);
    assert.throws(() => mb.setParam("mid-ratio", 50), /mid-ratio 50 :1 is out of range/);
  });
});

describe("multiband: in a session", function () {
  this.timeout(120000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-multiband-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("renders a session with a multiband on the master and a deesser on a track", async () => {
    mkdirSync(join(dir, "takes"));
    writeWav(join(dir, "takes", "v.wav"), [Float32Array.from(seededNoise(24000, 9, 0.5))], SR, 32);
    const text = [
      "session {\n  tail 0 s\n}",
      'track v {\n  take "takes/v.wav"\n  deesser {\n    freq 6 kHz\n    threshold -30 dB\n    range -8 dB\n  }\n}',
      "master {\n  multiband {\n    low-mid 150 Hz\n    mid-high 3 kHz\n    high-top 9 kHz\n    low-threshold -30 dB\n    low-ratio 3\n    top-makeup -2 dB\n  }\n}\n",
    ].join("\n");
    writeFileSync(join(dir, "s.session"), text);
    const a = analyze(text);
    assert.ok(a.ok, JSON.stringify(a.diagnostics));
    const { path } = await renderMix(a.model, { sessionPath: join(dir, "s.session"), folder: dir, bits: 32 });
    const out = readWav(path);
    assert.equal(out.frames, 24000);
    assert.ok(out.data.every((ch) => ch.every(Number.isFinite)));
    assert.ok(rmsDb(out.data[0], 0) > -40, "something came out");
  });

  it("reports crossovers out of order as crossover-order, on the line that breaks the order", () => {
    const text = "track v {\n  multiband {\n    low-mid 2 kHz\n    mid-high 500 Hz\n  }\n}\n";
    const diags = analyze(text).diagnostics;
    assert.deepEqual(diags.map((d) => d.code), ["crossover-order"]);
    assert.equal(text.slice(diags[0].range[0], diags[0].range[1]), "mid-high 500 Hz");
    assert.match(diags[0].message, /'multiband' crossovers must rise: mid-high 500 Hz is not above low-mid 2 kHz\. Write them from low to high: low-mid < mid-high < high-top\./);
    const top = analyze("track v {\n  multiband {\n    high-top 1 kHz\n  }\n}\n").diagnostics;
    assert.match(top[0].message, /high-top 1 kHz is not above mid-high 2 kHz \(its default\)/);
    assert.deepEqual(analyze("track v {\n  multiband {\n    high-top 0 Hz\n    low-mid 80 Hz\n  }\n}\n").diagnostics, []);
  });
});
