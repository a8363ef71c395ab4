// The compressor against the analytic gain computer of Giannoulis, Massberg &
// Reiss (2012): its static curve on steady sines (with and inside the soft
// knee) and, to 1e-5 dB, on steady levels; the one-pole attack and release time
// constants on level steps, makeup, stereo link, automation glides,
// block-size independence, and compressors sharing the module's scratch.
import { strict as assert } from "node:assert";
import { Compressor, gainReductionDb, MAX_BLOCK_FRAMES } from "../../engine/dsp/compressor";
import { DB_PER_OCTAVE } from "../../engine/dsp/fastMath";
import { COMP4_FIELDS } from "../../engine/dsp/wasm/kernels";
import * as ref from "../../engine/dsp/wasm/reference";
import { compressLane, type LaneConstants } from "../../engine/dsp/wasm/referenceCompressor";
import { mulberry32 } from "../random";

const SR = 48000;
const db = (x: number) => 20 * Math.log10(x);
const DEFAULTS = { threshold: -20, ratio: 4, knee: 6, attack: 0.01, release: 0.1, makeup: 0 };
type Params = typeof DEFAULTS;

/** The static curve as the paper writes it: output level yG for input level xG, all in dB. */
function analyticOutputDb(x: number, p: Params): number {
  const T = p.threshold;
  const W = p.knee;
  const R = p.ratio;
  let y: number;
  if (2 * (x - T) < -W) y = x;
  else if (W > 0 && 2 * Math.abs(x - T) <= W) y = x + ((1 / R - 1) * (x - T + W / 2) ** 2) / (2 * W);
  else y = T + (x - T) / R;
  return y + p.makeup;
}

function run(comp: Compressor, input: Float32Array[], block: number): Float32Array[] {
  const frames = input[0].length;
  const out = input.map((c) => new Float32Array(c.length));
  for (let at = 0; at < frames; at += block) {
    const n = Math.min(block, frames - at);
    comp.process(input.map((c) => c.subarray(at, at + n)), out.map((c) => c.subarray(at, at + n)), n);
  }
  return out;
}

function sine(frames: number, peakDb: number, freq = 1000): Float32Array {
  const a = Math.pow(10, peakDb / 20);
  return Float32Array.from({ length: frames }, (_, i) => a * Math.sin((2 * Math.PI * freq * i) / SR));
}

/** A square wave (constant |x|) whose level steps from `fromDb` to `toDb` at frame `at`. */
function squareStep(frames: number, at: number, fromDb: number, toDb: number): Float32Array {
  return Float32Array.from({ length: frames }, (_, i) => (i % 96 < 48 ? 1 : -1) * Math.pow(10, (i < at ? fromDb : toDb) / 20));
}

function rmsDb(x: Float32Array, from: number): number {
  let sum = 0;
  for (let i = from; i < x.length; i++) sum += x[i] * x[i];
  return 10 * Math.log10(sum / (x.length - from));
}

describe("compressor: static curve", () => {
  // A peak detector reads a steady sine's peak once attack << period << release, so
  // these settings measure the static curve at the sine's peak level.
  const peakSensing = { attack: 0.0001, release: 5 };
  const cases: Array<{ name: string; params: Params; levels: number[] }> = [
    { name: "4:1, 6 dB knee at -20 dB", params: { ...DEFAULTS, ...peakSensing }, levels: [-40, -24, -23, -22, -21, -20, -19, -18, -17, -12, -6, 0] },
    { name: "10:1, hard knee at -30 dB", params: { ...DEFAULTS, ...peakSensing, threshold: -30, ratio: 10, knee: 0 }, levels: [-36, -31, -30, -29, -20, -3] },
    { name: "2:1, 12 dB knee at -10 dB, +4 dB makeup", params: { ...DEFAULTS, ...peakSensing, threshold: -10, ratio: 2, knee: 12, makeup: 4 }, levels: [-20, -15, -12, -9, -6, -4.5, 0] },
  ];
  for (const c of cases) {
    it(`${c.name}: output level within 0.1 dB of the analytic gain computer`, () => {
      for (const level of c.levels) {
        const input = sine(SR, level);
        const out = run(new Compressor(c.params, SR, 1), [input], 512)[0];
        const measured = level + rmsDb(out, SR / 2) - rmsDb(input, SR / 2);
        const error = measured - analyticOutputDb(level, c.params);
        assert.ok(Math.abs(error) < 0.1, `input ${level} dB: out ${measured.toFixed(3)} dB, analytic ${analyticOutputDb(level, c.params).toFixed(3)} dB`);
      }
    });
  }
});

describe("compressor: time constants", () => {
  it("the gain reduction covers 63% of a step in the attack time and 63% back in the release time", () => {
    const p = { ...DEFAULTS, attack: 0.01, release: 0.1 };
    const step = SR / 2;
    const back = SR;
    const input = Float32Array.from(squareStep(2 * SR, step, -40, 0), (x, i) => (i < back ? x : x / 100));
    const out = run(new Compressor(p, SR, 1), [input], 256)[0];
    const reduction = (i: number) => db(Math.abs(input[i])) - db(Math.abs(out[i]));
    const full = 0 - analyticOutputDb(0, p);
    const attacked = reduction(step + Math.round(p.attack * SR) - 1) / full;
    assert.ok(Math.abs(reduction(back - 1) - full) < 1e-3, `settled at ${reduction(back - 1)} dB, wanted ${full} dB`);
    assert.ok(Math.abs(attacked - (1 - Math.exp(-1))) < 0.005, `attack reached ${(100 * attacked).toFixed(2)}%`);
    const released = reduction(back + Math.round(p.release * SR) - 1) / full;
    assert.ok(Math.abs(released - Math.exp(-1)) < 0.005, `release left ${(100 * released).toFixed(2)}%`);
  });
});

describe("compressor: makeup, stereo link, automation", () => {
  it("makeup is an exact gain below the threshold and adds to the curve above it", () => {
    const quiet = sine(4800, -40);
    const out = run(new Compressor({ ...DEFAULTS, makeup: 6 }, SR, 1), [quiet], 480)[0];
    for (let i = 0; i < quiet.length; i++) assert.ok(Math.abs(out[i] - quiet[i] * Math.pow(10, 6 / 20)) < 1e-7, `frame ${i}`);
  });

  it("links the channels: the quiet channel gets the loud channel's gain, whichever side it is on", () => {
    const loud = sine(SR, 0);
    const quiet = sine(SR, -30, 440);
    const [l, r] = run(new Compressor(DEFAULTS, SR, 2), [loud, quiet], 512);
    const [l2, r2] = run(new Compressor(DEFAULTS, SR, 2), [quiet, loud], 512);
    const [mono] = run(new Compressor(DEFAULTS, SR, 1), [loud], 512);
    assert.deepEqual(l, mono);
    assert.deepEqual(r2, mono);
    assert.deepEqual(l2, r);
    for (let i = SR / 2; i < SR; i += 97) {
      if (Math.abs(quiet[i]) > 1e-3) assert.ok(Math.abs(r[i] / quiet[i] - l[i] / loud[i]) < 1e-5, `frame ${i}`);
    }
  });

  it("glides automated makeup, threshold and ratio without clicks and without resetting the detector", () => {
    const input = squareStep(SR, 0, 0, 0);
    const comp = new Compressor(DEFAULTS, SR, 1);
    const out = new Float32Array(SR);
    for (let at = 0; at < SR; at += 480) {
      if (at === 24000) comp.setParam("makeup", 12);
      if (at === 24000) comp.setParam("threshold", -30);
      if (at === 24000) comp.setParam("ratio", 8);
      comp.process([input.subarray(at, at + 480)], [out.subarray(at, at + 480)], 480);
    }
    const gainDb = (i: number) => db(Math.abs(out[i]));
    assert.ok(Math.abs(gainDb(23999) - analyticOutputDb(0, DEFAULTS)) < 1e-3, "settled before the change");
    let largestStep = 0;
    for (let i = 24000; i < SR; i++) largestStep = Math.max(largestStep, Math.abs(gainDb(i) - gainDb(i - 1)));
    assert.ok(largestStep < 0.05, `largest gain step ${largestStep.toFixed(4)} dB per sample`);
    const after = { ...DEFAULTS, makeup: 12, threshold: -30, ratio: 8 };
    assert.ok(Math.abs(gainDb(SR - 1) - analyticOutputDb(0, after)) < 1e-3, "settled after the change");
  });
});

describe("compressor: blocks", () => {
  it("gives bit-identical output for blocks of 64 and 1000 frames, automation included", () => {
    const frames = 3 * 64000;
    const left = Float32Array.from({ length: frames }, (_, i) => Math.sin(i / 37) * (0.05 + 0.95 * Math.abs(Math.sin(i / 9000))));
    const right = Float32Array.from({ length: frames }, (_, i) => 0.3 * Math.sin(i / 11) * Math.abs(Math.cos(i / 5000)));
    const render = (block: number) => {
      const comp = new Compressor(DEFAULTS, SR, 2);
      const out = [new Float32Array(frames), new Float32Array(frames)];
      for (let at = 0; at < frames; at += block) {
        if (at === 64000) comp.setParam("threshold", -35);
        if (at === 128000) comp.setParam("ratio", 12);
        comp.process([left.subarray(at, at + block), right.subarray(at, at + block)], out.map((c) => c.subarray(at, at + block)), block);
      }
      return out;
    };
    assert.deepEqual(render(64), render(1000));
  });

  it("processes many blocks in place and reports each block's largest gain reduction", () => {
    const comp = new Compressor(DEFAULTS, SR, 2);
    const block = [new Float32Array(512), new Float32Array(512)];
    for (let n = 0; n < 2000; n++) {
      for (const c of block) for (let i = 0; i < 512; i++) c[i] = Math.sin((n * 512 + i) / 10) < 0 ? -1 : 1;
      comp.process(block, block, 512);
      for (const c of block) assert.ok(c.every(Number.isFinite));
    }
    // Levels are float32 (a rounding of the knee's top is 1e-7 octaves): within 1e-6 dB.
    assert.ok(Math.abs(comp.maxGainReductionDb - (0 - analyticOutputDb(0, DEFAULTS))) < 1e-6, `${comp.maxGainReductionDb} dB`);
    comp.reset();
    assert.equal(comp.maxGainReductionDb, 0);
  });

  it("refuses oversized blocks, bad parameters and non-automatable parameters, saying why", () => {
    const comp = new Compressor(DEFAULTS, SR, 1);
    const big = new Float32Array(MAX_BLOCK_FRAMES + 1);
    assert.throws(() => comp.process([big], [big], big.length), /8193 frames.*0 to 8192/);
    assert.throws(() => new Compressor({ ...DEFAULTS, ratio: 0.5 }, SR, 1), /ratio 0\.5 :1 is out of range; give a value from 1 to 20/);
    assert.throws(() => comp.setParam("attack", 0.02), /'attack' cannot be automated/);
  });
});

describe("compressor: per-sample arithmetic", () => {
  // A square wave has one level at every frame, so with a 0.1 ms attack the
  // reduction settles on the gain computer's value for that level: this checks
  // the float32 log2, the knee and the float32 2^x of the per-sample loop.
  const curves: Params[] = [
    { ...DEFAULTS, threshold: -20, ratio: 3, knee: 0 },
    { ...DEFAULTS, threshold: -20, ratio: 4, knee: 6 },
    { ...DEFAULTS, threshold: -60, ratio: 20, knee: 24, makeup: -12 },
    { ...DEFAULTS, threshold: -10, ratio: 2, knee: 12, makeup: 4 },
    { ...DEFAULTS, threshold: 0, ratio: 1.5, knee: 0, makeup: 24 },
  ];
  for (const p of curves) {
    it(`${p.ratio}:1, ${p.knee} dB knee at ${p.threshold} dB, ${p.makeup} dB makeup: within 1e-5 dB of gainReductionDb from -80 to +20 dBFS`, () => {
      const r = mulberry32(7);
      const slope = 1 - 1 / p.ratio;
      for (let n = 0; n < 150; n++) {
        const amplitude = Math.fround(Math.pow(10, (-80 + 100 * r()) / 20));
        const levelDb = 20 * Math.log10(amplitude);
        const input = Float32Array.from({ length: 2048 }, (_, i) => (i % 2 ? amplitude : -amplitude));
        const comp = new Compressor({ ...p, attack: 0.0001, release: 0.1 }, SR, 1);
        const out = run(comp, [input], 2048)[0];
        const wanted = gainReductionDb(levelDb, p.threshold, slope, p.knee);
        assert.ok(Math.abs(comp.maxGainReductionDb - wanted) < 1e-5, `${levelDb} dB: reduction ${comp.maxGainReductionDb} dB, curve ${wanted} dB`);
        const gainDb = db(Math.abs(out[2047] / input[2047]));
        assert.ok(Math.abs(gainDb - (p.makeup - wanted)) < 1e-5, `${levelDb} dB: gain ${gainDb} dB, curve ${p.makeup - wanted} dB`);
      }
    });
  }

  it("keeps the gain finite through infinite, huge, NaN and subnormal samples", () => {
    const p = { threshold: -60, ratio: 20, knee: 24, attack: 0.0001, release: 0.005, makeup: -12 };
    const input = Float32Array.from({ length: 4800 }, (_, i) => 0.5 * Math.sin(i / 7));
    input.set([Infinity, -3e38, NaN, 1e-45, 0, -Infinity], 100);
    for (const channels of [1, 2]) {
      const out = run(new Compressor(p, SR, channels), Array.from({ length: channels }, () => input), 256);
      for (const c of out) {
        for (let i = 0; i < c.length; i++) if (Number.isFinite(input[i])) assert.ok(Number.isFinite(c[i]), `${channels} channel(s), frame ${i}: ${c[i]}`);
        assert.ok(Math.abs(c[4799]) > 0, "recovered after the release");
      }
    }
  });

  it("gives each compressor its own result when they take turns (they share scratch buffers)", () => {
    const frames = 48000;
    const a = [Float32Array.from({ length: frames }, (_, i) => Math.sin(i / 13)), Float32Array.from({ length: frames }, (_, i) => 0.2 * Math.sin(i / 29))];
    const b = [Float32Array.from({ length: frames }, (_, i) => 0.7 * Math.sin(i / 5) * Math.sin(i / 3000)), Float32Array.from({ length: frames }, (_, i) => 0.1 * Math.cos(i / 41))];
    const pb = { ...DEFAULTS, threshold: -30, ratio: 8, knee: 0 };
    const aloneA = run(new Compressor(DEFAULTS, SR, 2), a, 480);
    const aloneB = run(new Compressor(pb, SR, 2), b, 480);
    const compA = new Compressor(DEFAULTS, SR, 2);
    const compB = new Compressor(pb, SR, 2);
    const outA = [new Float32Array(frames), new Float32Array(frames)];
    const outB = [new Float32Array(frames), new Float32Array(frames)];
    for (let at = 0; at < frames; at += 480) {
      compA.process(a.map((c) => c.subarray(at, at + 480)), outA.map((c) => c.subarray(at, at + 480)), 480);
      compB.process(b.map((c) => c.subarray(at, at + 480)), outB.map((c) => c.subarray(at, at + 480)), 480);
    }
    assert.deepEqual(outA, aloneA);
    assert.deepEqual(outB, aloneB);
  });
});

describe("compressor: the kernel's arithmetic", () => {
  /**
   * The compressor's constants from its settings, worked out here as the
   * class documents them (quiet, eBase, kneeTopFraction and the double-precision
   * fields), then the kernels' reference of the per-frame arithmetic
   * (referenceCompressor.ts compressLane, lane 0: levels and gains in float32,
   * the gain computer and smoother in double precision), the loudest
   * magnitude and the gains of a linked pair by reference.ts. Blocks of 500
   * frames, with each block's largest reduction (dB).
   */
  function transcribed(p: Params, input: Float32Array[]): { out: Float32Array[]; largest: number[] } {
    const oct = DB_PER_OCTAVE;
    const knee = p.knee / oct;
    const attack = 1 - Math.exp(-1 / (p.attack * SR));
    const release = 1 - Math.exp(-1 / (p.release * SR));
    const mean = (attack + release) / 2;
    const threshold = p.threshold / oct;
    const kneeTop = threshold + knee / 2;
    const lane: LaneConstants = {
      quiet: Float32Array.of(Math.pow(2, threshold - knee / 2), 0, 0, 0),
      eBase: Int32Array.of(127 + Math.floor(kneeTop), 0, 0, 0),
      kneeTopFraction: Float32Array.of(kneeTop - Math.floor(kneeTop), 0, 0, 0),
      fields: new Float64Array(4 * COMP4_FIELDS.length),
    };
    const field = (name: (typeof COMP4_FIELDS)[number]) => 4 * COMP4_FIELDS.indexOf(name);
    const constants = {
      halfSlope: (1 - 1 / p.ratio) / 2, knee, kneeScale: knee > 0 ? 1 / (4 * knee) : 0,
      keep: 1 - mean, mean, spread: (attack - release) / 2, exp2Base: p.makeup / oct, reduction: 0, largest: 0,
    };
    for (const name of COMP4_FIELDS) lane.fields[field(name)] = constants[name];
    const frames = input[0].length;
    const linked = input.length > 1;
    const detector = linked ? new Float32Array(frames) : input[0];
    if (linked) ref.loudest(input[0], input[1], detector, frames);
    const gains = new Float32Array(frames); // a linked pair's; a mono compressor's output
    const largestPerBlock: number[] = [];
    for (let from = 0; from < frames; from += 500) {
      compressLane(lane, 0, detector, gains, from, from + 500, linked);
      const f = lane.fields;
      if (f[field("reduction")] < 1e-12) f[field("reduction")] = 0; // as `process` does after each block
      largestPerBlock.push(f[field("largest")] * oct);
      f[field("largest")] = 0;
    }
    const out = linked ? input.map(() => new Float32Array(frames)) : [gains];
    if (linked) input.forEach((c, ch) => ref.applyGains(c, gains, out[ch], frames));
    return { out, largest: largestPerBlock };
  }

  /** The compressor in blocks of 500, with each block's largest reduction. */
  function compressed(p: Params, input: Float32Array[]): { out: Float32Array[]; largest: number[] } {
    const comp = new Compressor(p, SR, input.length);
    const out = input.map((c) => new Float32Array(c.length));
    const largest: number[] = [];
    for (let at = 0; at < input[0].length; at += 500) {
      comp.process(input.map((c) => c.subarray(at, at + 500)), out.map((c) => c.subarray(at, at + 500)), 500);
      largest.push(comp.maxGainReductionDb);
    }
    return { out, largest };
  }

  const rng = mulberry32(77);
  const music = (gain: number) => Float32Array.from({ length: 24000 }, (_, i) => gain * (Math.sin(i / 9) * Math.sin(i / 4000) + 0.2 * (rng() * 2 - 1)));
  for (const [name, p] of [
    ["hard knee", { ...DEFAULTS, knee: 0, threshold: -18, ratio: 3 }],
    ["soft knee and makeup", { ...DEFAULTS, knee: 10, makeup: 3 }],
  ] as const) {
    it(`equals, bit for bit, the arithmetic it documents (${name}), mono and linked`, () => {
      for (const input of [[music(0.8)], [music(0.5), music(0.9)]]) {
        const ours = compressed(p, input);
        const theirs = transcribed(p, input);
        assert.deepEqual(ours.largest, theirs.largest, `${input.length} channel(s): each block's largest reduction`);
        assert.deepEqual(ours.out, theirs.out, `${input.length} channel(s): the output`);
      }
    });
  }

  it("runs two to four mono compressors as a group with the bits each gives alone: different settings, any block size, silence, NaN, glides", () => {
    const r = mulberry32(5);
    const frames = 20000;
    // Loud, then silent (the reduction dies away to 0), then a NaN and an infinity, then loud again.
    const signal = (gain: number, rate: number) => Float32Array.from({ length: frames }, (_, i) =>
      i >= 9000 && i < 12000 ? 0 : i === 12500 ? NaN : i === 12600 ? Infinity : gain * (Math.sin(i / rate) + 0.3 * (r() * 2 - 1)));
    const settings: Params[] = [
      { ...DEFAULTS, knee: 0, threshold: -18, ratio: 3 },
      { ...DEFAULTS, knee: 10, makeup: 3, attack: 0.002 },
      { ...DEFAULTS, knee: 6 },
      { ...DEFAULTS, knee: 0, release: 0.5, ratio: 20, makeup: -6 },
    ];
    for (const size of [4, 3, 2]) {
      const chosen = settings.slice(0, size);
      const alone = chosen.map((p) => new Compressor(p, SR, 1));
      const grouped = chosen.map((p) => new Compressor(p, SR, 1));
      const signals = chosen.map((_, n) => signal(0.9 - 0.2 * n, 9 + 7 * n));
      const copies = signals.map((c) => Float32Array.from(c));
      for (const [at, n] of [[0, 7], [7, 4096], [4103, 1], [4104, 8192], [12296, 300], [12596, frames - 12596]]) {
        if (at === 12296) for (const c of [alone[0], grouped[0]]) c.setParam("threshold", -30); // the first glides, so the group runs one by one
        alone.forEach((c, j) => c.process([signals[j].subarray(at)], [signals[j].subarray(at)], n));
        Compressor.processGroup(grouped, copies.map((c) => c.subarray(at)), n);
        grouped.forEach((c, j) => assert.equal(c.maxGainReductionDb, alone[j].maxGainReductionDb, `${size}: compressor ${j}'s largest reduction, block at ${at}`));
      }
      alone.forEach((c) => assert.ok(c.maxGainReductionDb > 1, `${size}: each compresses`));
      copies.forEach((c, j) => assert.deepEqual(c, signals[j], `${size}: channel ${j}`));
    }
    const mono = new Compressor(DEFAULTS, SR, 1);
    const block = () => new Float32Array(8);
    assert.throws(() => Compressor.processGroup([mono, new Compressor(DEFAULTS, SR, 2)], [block(), block()], 8), /1 to 4 different mono compressors/);
    assert.throws(() => Compressor.processGroup([mono, mono], [block(), block()], 8), /1 to 4 different mono compressors/);
    assert.throws(() => Compressor.processGroup(Array.from({ length: 5 }, () => new Compressor(DEFAULTS, SR, 1)), Array.from({ length: 5 }, block), 8), /1 to 4/);
  });
});
