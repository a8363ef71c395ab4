// The true-peak limiter on loud material (seeded noise, sines and clicks;
// sample peaks up to +12 dBFS, true peaks up to +14.4 dBTP): the output's true
// peak is checked by the project's own BS.1770 meter (must not exceed the
// ceiling) and by ffmpeg's ebur128 filter. A signal under the ceiling must
// come out bit-exact after `latency` frames; the gain-reduction statistics,
// in-place use and block-size independence are checked too.
import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { HEADROOM_DB, Limiter, MAX_BLOCK_FRAMES } from "../../engine/dsp/limiter";
import { writeWav } from "../../engine/io/wavWrite";
import { TruePeakMeter } from "../../engine/loudness/truePeakMeter";
import { FFMPEG, ffmpegLoudness, scratchDir, seededRandom } from "./loudnessHelpers";

const SR = 48000;
const DEFAULTS = { ceiling: -1, release: 0.05, lookahead: 0.005 };
const db = (x: number) => 20 * Math.log10(x);

/**
 * 8 s of stereo: noise plus a 997 Hz sine swelling to +12 dB, then a sine at
 * fs/4 with 45 degree phase (true peak 3 dB over its samples) plus noise,
 * then 100 Hz + 15 kHz (+9 dBFS) broken by one-sample clicks at +12 dBFS, then quiet noise at -20 dBFS.
 */
function loudMaterial(seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const frames = 8 * SR;
  const planar = [new Float32Array(frames), new Float32Array(frames)];
  for (let i = 0; i < frames; i++) {
    const t = i / SR;
    const section = Math.floor(t / 2);
    const swell = Math.pow(10, (-12 + 24 * Math.abs(Math.sin(t * 1.6))) / 20);
    for (let ch = 0; ch < 2; ch++) {
      const noise = 2 * random() - 1;
      let x: number;
      if (section === 0) x = swell * (0.5 * noise + 0.5 * Math.sin(2 * Math.PI * 997 * t + ch));
      else if (section === 1) x = 3.2 * Math.sin((Math.PI * i) / 2 + Math.PI / 4 + ch) + 0.8 * noise;
      else if (section === 2) x = i % 4801 === 0 ? 4 : 1.6 * Math.sin(2 * Math.PI * 100 * t) + 1.2 * Math.sin(2 * Math.PI * 15000 * t + ch);
      else x = 0.1 * noise;
      planar[ch][i] = x;
    }
  }
  return planar;
}

/** Runs the limiter in blocks of `block` frames (or sizes from `sizes`), then flushes `latency` frames. */
function limit(limiter: Limiter, input: Float32Array[], sizes: (at: number) => number): Float32Array[] {
  const frames = input[0].length;
  const out = input.map(() => new Float32Array(frames + limiter.latency));
  for (let at = 0; at < frames; ) {
    const n = Math.min(sizes(at), frames - at);
    limiter.process(input.map((c) => c.subarray(at, at + n)), out.map((c) => c.subarray(at, at + n)), n);
    at += n;
  }
  limiter.flush(out.map((c) => c.subarray(frames)), limiter.latency);
  return out;
}

/** True peak per channel by the project's meter, with silence pushed after so the last points are seen. */
function ourTruePeaksDb(planar: Float32Array[]): number[] {
  const meter = new TruePeakMeter(SR, planar.length);
  meter.push(planar, planar[0].length);
  meter.push(planar.map(() => new Float32Array(64)), 64);
  return planar.map((_, ch) => meter.truePeakDb(ch));
}

describe("limiter: true peak", () => {
  const scratch = scratchDir();
  after(() => scratch.remove());
  const input = loudMaterial(17);
  const configs = [DEFAULTS, { ceiling: -0.3, release: 0.2, lookahead: 0.002 }, { ceiling: -6, release: 0.005, lookahead: 0.01 }];

  it("the loud material really is loud: sample peaks at +12 dBFS, true peaks above them", () => {
    const meter = new TruePeakMeter(SR, 2);
    meter.push(input, input[0].length);
    for (let ch = 0; ch < 2; ch++) {
      const sample = meter.samplePeakDb(ch);
      assert.ok(sample > 11.9 && sample < 12.05, `channel ${ch} sample peak ${sample.toFixed(2)} dBFS`);
      assert.ok(meter.truePeakDb(ch) > sample + 1, `channel ${ch} true peak ${meter.truePeakDb(ch).toFixed(2)} dBTP`);
    }
  });

  configs.forEach((params, index) => {
    it(`keeps the output under ${params.ceiling} dBTP (lookahead ${params.lookahead * 1000} ms, release ${params.release * 1000} ms) by our meter and by ffmpeg`, function () {
      const out = limit(new Limiter(params, SR, 2), input, () => 512);
      const ours = ourTruePeaksDb(out);
      for (const p of ours) assert.ok(p <= params.ceiling, `our meter: ${p.toFixed(5)} dBTP over the ${params.ceiling} ceiling`);
      if (!existsSync(FFMPEG)) this.skip();
      const path = join(scratch.dir, `limited-${index}.wav`);
      writeWav(path, out, SR, 32);
      // ffmpeg's ebur128 oversamples with swresample's own filter (a different
      // windowed sinc and cutoff from ours, so content near Nyquist reads a
      // little differently) and prints true peaks with three decimals (0.001
      // linear, about 0.01 dB at -1 dBTP): hence the 0.05 dB tolerance.
      const theirs = ffmpegLoudness(path, 2).truePeaks.map(db);
      for (const p of theirs) assert.ok(p <= params.ceiling + 0.05, `ffmpeg: ${p.toFixed(4)} dBTP, ceiling ${params.ceiling}`);
    });
  });
});

describe("limiter: transparency, statistics, blocks", () => {
  it("passes a signal under the ceiling bit-exact, delayed by exactly `latency` frames", () => {
    const quiet = loudMaterial(3).map((c) => c.map((x) => x / 8));
    assert.ok(Math.max(...ourTruePeaksDb(quiet)) < DEFAULTS.ceiling - HEADROOM_DB, "the input is under the ceiling");
    const limiter = new Limiter(DEFAULTS, SR, 2);
    assert.equal(limiter.latency, Math.round(DEFAULTS.lookahead * SR) + new TruePeakMeter(SR, 2).latency);
    const out = limit(limiter, quiet, () => 777);
    for (let ch = 0; ch < 2; ch++) {
      assert.ok(out[ch].subarray(0, limiter.latency).every((x) => x === 0), "silence during the latency");
      assert.deepEqual(out[ch].subarray(limiter.latency), quiet[ch]);
    }
    assert.equal(limiter.maxGainReductionDb, 0);
    assert.equal(limiter.averageGainReductionDb, 0);
  });

  it("reports the deepest reduction (input true peak over the ceiling) and the mean reduction actually applied", () => {
    const input = loudMaterial(17);
    const limiter = new Limiter(DEFAULTS, SR, 2);
    const out = limit(limiter, input, () => 1024);
    const deepest = Math.max(...ourTruePeaksDb(input)) - (DEFAULTS.ceiling - HEADROOM_DB);
    assert.ok(Math.abs(limiter.maxGainReductionDb - deepest) < 0.05, `max ${limiter.maxGainReductionDb} dB, expected ${deepest} dB`);
    let sum = 0;
    const frames = input[0].length;
    for (let i = 0; i < frames; i++) sum += input[0][i] === 0 ? 0 : db(Math.abs(input[0][i] / out[0][i + limiter.latency]));
    const applied = sum / (frames + limiter.latency);
    assert.ok(Math.abs(limiter.averageGainReductionDb - applied) < 1e-3, `mean ${limiter.averageGainReductionDb} dB, applied ${applied} dB`);
    assert.ok(applied > 2 && applied < deepest, `mean reduction ${applied.toFixed(2)} dB`);
    const tail = out[0].subarray(7.5 * SR + limiter.latency, 8 * SR + limiter.latency);
    assert.deepEqual(tail, input[0].subarray(7.5 * SR), "released fully once the material is quiet");
  });

  it("gives bit-identical output for blocks of 64, 1000 and random sizes up to the maximum, and after reset", () => {
    const input = loudMaterial(5).map((c) => c.subarray(0, 6 * SR));
    const limiter = new Limiter(DEFAULTS, SR, 2);
    const reference = limit(limiter, input, () => 64);
    assert.deepEqual(limit(new Limiter(DEFAULTS, SR, 2), input, () => 1000), reference);
    const random = seededRandom(9);
    assert.deepEqual(limit(new Limiter(DEFAULTS, SR, 2), input, () => 1 + Math.floor(random() * MAX_BLOCK_FRAMES)), reference);
    limiter.reset();
    assert.deepEqual(limit(limiter, input, () => 4096), reference);
  });

  it("skips the per-frame detector at rest only where that changes no bit: bursts over the ceiling between quiet stretches", () => {
    // Quiet noise with bursts of the loud material every 0.7 s, from 5 ms to 0.3 s
    // long: the limiter settles, skips, wakes on a burst, releases, settles again.
    const random = seededRandom(23);
    const loud = loudMaterial(29);
    const input = [0, 1].map((ch) => Float32Array.from({ length: 6 * SR }, (_, i) => {
      const inBurst = i % Math.round(0.7 * SR) < Math.round((0.005 + 0.05 * (Math.floor(i / (0.7 * SR)) % 6)) * SR);
      return inBurst ? loud[ch][i] : 0.05 * (2 * random() - 1);
    }));
    const skipping = new Limiter(DEFAULTS, SR, 2);
    const perFrame = new Limiter(DEFAULTS, SR, 2);
    // The per-frame path alone: a limiter that never counts as settled.
    Object.assign(perFrame, { settleFrames: Infinity });
    const random2 = seededRandom(4);
    const sizes = () => 1 + Math.floor(random2() * 3000);
    const reference = limit(perFrame, input, () => 512);
    assert.deepEqual(limit(skipping, input, sizes), reference);
    // At rest the delay line is copied a stretch at a time: in place too, blocks shorter and longer than the line.
    const inPlace = new Limiter(DEFAULTS, SR, 2);
    const buffers = input.map((c) => c.slice());
    const random3 = seededRandom(8);
    for (let at = 0; at < buffers[0].length; ) {
      const n = Math.min(1 + Math.floor(random3() * 1200), buffers[0].length - at);
      const blocks = buffers.map((c) => c.subarray(at, at + n));
      inPlace.process(blocks, blocks, n);
      at += n;
    }
    buffers.forEach((c, ch) => assert.deepEqual(c, reference[ch].subarray(0, c.length), `in place, channel ${ch}`));
    assert.equal(skipping.maxGainReductionDb, perFrame.maxGainReductionDb);
    assert.equal(skipping.averageGainReductionDb, perFrame.averageGainReductionDb);
    assert.ok(perFrame.maxGainReductionDb > 3, "the bursts were limited");
  });

  it("limits in place (outputs === inputs)", () => {
    const input = loudMaterial(5).map((c) => c.subarray(0, SR));
    const expected = limit(new Limiter(DEFAULTS, SR, 2), input, () => 512);
    const buffers = input.map((c) => c.slice());
    const limiter = new Limiter(DEFAULTS, SR, 2);
    for (let at = 0; at < SR; at += 512) {
      const blocks = buffers.map((c) => c.subarray(at, at + 512));
      limiter.process(blocks, blocks, Math.min(512, SR - at));
    }
    for (let ch = 0; ch < 2; ch++) assert.deepEqual(buffers[ch], expected[ch].subarray(0, SR));
  });

  it("refuses oversized blocks, bad parameters and automation, saying why", () => {
    const limiter = new Limiter(DEFAULTS, SR, 1);
    const big = new Float32Array(MAX_BLOCK_FRAMES + 1);
    assert.throws(() => limiter.process([big], [big], big.length), /8193 frames.*0 to 8192/);
    assert.throws(() => new Limiter({ ...DEFAULTS, lookahead: 0.05 }, SR, 1), /lookahead 0\.05 s is out of range; give a value from 0\.0005 to 0\.02 s/);
    assert.throws(() => limiter.setParam("ceiling", -2), /'ceiling' \(-2\) cannot be automated/);
  });
});
