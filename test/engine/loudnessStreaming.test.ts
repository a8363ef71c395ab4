// The loudness meter as a streaming meter: results do not depend on how the
// audio is cut into pushes, live readings and history, the true-peak meter
// on its own, gating, and errors that say what to do.

import { strict as assert } from "node:assert";
import { gatedLoudness, LoudnessMeter, lufsToPower, measureLoudness, TruePeakMeter } from "../../engine/loudness";
import { fadeIn, phasedSine, seededRandom, toneSequence } from "./loudnessHelpers";

/** Seeded noise whose level steps every 2 s, the same in both channels' envelope. */
function steppedNoise(seconds: number, sampleRate: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const frames = Math.round(seconds * sampleRate);
  const planar = [new Float32Array(frames), new Float32Array(frames)];
  let gain = 0.1;
  for (let i = 0; i < frames; i++) {
    if (i % (2 * sampleRate) === 0) gain = Math.pow(10, (-35 + 30 * random()) / 20);
    planar[0][i] = gain * (random() * 2 - 1);
    planar[1][i] = gain * (random() * 2 - 1);
  }
  return planar;
}

/**
 * Repeats, with rising level, a 32-sample window that is silent in its 12
 * central samples and elsewhere +-1 with the sign of the 4x interpolator's
 * middle phase (the point halfway between the central samples), then 40 silent samples.
 */
function farTapsOnly(frames: number): Float32Array {
  const taps = 32;
  const window = Float32Array.from({ length: taps }, (_, w) => {
    const x = w - (taps - 1) / 2; // distance from the halfway point, in samples
    // The sinc's lobes alternate in sign from one sample to the next.
    return Math.abs(x) < 6 ? 0 : Math.sign(Math.sin(Math.PI * x) / x);
  });
  const out = new Float32Array(frames);
  for (let at = 0; at + taps <= frames; at += taps + 40) {
    const level = 0.1 + (0.8 * at) / frames;
    for (let w = 0; w < taps; w++) out[at + w] = level * window[w];
  }
  return out;
}

/** Feeds `planar` in pushes of random sizes (0 to 9000 frames). */
function pushRandomly(meter: LoudnessMeter, planar: Float32Array[], seed: number): void {
  const random = seededRandom(seed);
  const frames = planar[0].length;
  let start = 0;
  while (start < frames) {
    const count = Math.min(frames - start, Math.floor(random() * 9000));
    meter.push(
      planar.map((channel) => channel.subarray(start, start + count)),
      count,
    );
    start += count;
  }
}

describe("loudness: streaming", () => {
  const noise = steppedNoise(20, 48000, 7);

  it("gives the same result whatever the sizes of the pushes", () => {
    const whole = measureLoudness(noise, 48000);
    const meter = new LoudnessMeter(48000, 2);
    pushRandomly(meter, noise, 99);
    const pieces = meter.result();
    for (const key of Object.keys(whole) as (keyof typeof whole)[]) {
      assert.ok(Math.abs(whole[key] - pieces[key]) < 1e-9, `${key}: ${whole[key]} vs ${pieces[key]}`);
    }
  });

  it("meters two to four mono signals as a group with exactly the figures each gets alone", () => {
    const signals = [noise[0], Float32Array.from(noise[1], (v, i) => v * (i < 100000 ? 0.1 : 1)), Float32Array.from(noise[0], (v, i) => v * Math.sin(i / 3000)), noise[1]];
    const options = [{ keepHistory: true }, { keepHistory: true, channelWeights: [0.7] }, { keepHistory: true }, { keepHistory: true, channelWeights: [1.4] }];
    for (const size of [2, 3, 4]) {
      const alone = options.slice(0, size).map((o) => new LoudnessMeter(48000, 1, o));
      const grouped = options.slice(0, size).map((o) => new LoudnessMeter(48000, 1, o));
      const sizes = seededRandom(17 + size);
      for (let at = 0; at < signals[0].length; ) {
        const n = Math.min(signals[0].length - at, 1 + Math.floor(sizes() * 9000));
        alone.forEach((m, k) => m.push([signals[k].subarray(at)], n));
        LoudnessMeter.pushGroup(grouped, signals.slice(0, size).map((s) => [s.subarray(at)]), n);
        at += n;
      }
      for (let m = 0; m < size; m++) {
        assert.deepEqual(grouped[m].result(), alone[m].result(), `${size} meters: meter ${m}`);
        assert.deepEqual(grouped[m].shortTermHistory(), alone[m].shortTermHistory(), `${size} meters: meter ${m}'s history`);
      }
    }
  });

  it("reads only `frames` frames of longer arrays", () => {
    const meter = new LoudnessMeter(48000, 2);
    meter.push(noise, 48000);
    assert.equal(meter.seconds, 1);
  });

  it("keeps a short-term history every 100 ms when asked, ending at the live reading", () => {
    const meter = new LoudnessMeter(48000, 2, { keepHistory: true });
    pushRandomly(meter, noise, 3);
    const history = meter.shortTermHistory();
    assert.equal(history.length, 200);
    assert.equal(history[history.length - 1], meter.shortTerm());
    assert.equal(Math.max(...history), meter.result().shortTermMax);
    assert.equal(new LoudnessMeter(48000, 2).shortTermHistory().length, 0);
  });

  it("updates momentary loudness every 100 ms as the level changes", () => {
    const meter = new LoudnessMeter(48000, 2);
    const planar = toneSequence([{ dbfs: -30, seconds: 5 }, { dbfs: -10, seconds: 5 }]);
    meter.push(planar, 48000 * 5);
    assert.ok(Math.abs(meter.momentary() + 30) < 0.1, `momentary ${meter.momentary()}`);
    meter.push([planar[0].subarray(48000 * 5), planar[1].subarray(48000 * 5)], 48000);
    assert.ok(Math.abs(meter.momentary() + 10) < 0.1, `momentary ${meter.momentary()}`);
    assert.ok(meter.shortTerm() < -10.5, "short-term still remembers the quiet part");
  });

  it("forgets everything on reset", () => {
    const meter = new LoudnessMeter(48000, 2);
    meter.push(noise, noise[0].length);
    meter.reset();
    assert.equal(meter.result().integrated, -Infinity);
    assert.equal(meter.seconds, 0);
    meter.push(noise, noise[0].length);
    assert.deepEqual(meter.result(), measureLoudness(noise, 48000));
  });

  it("explains bad input", () => {
    assert.throws(() => new LoudnessMeter(0, 2), /sample rate 0 Hz is not supported/);
    assert.throws(() => new LoudnessMeter(48000, 0), /channel count 0/);
    const meter = new LoudnessMeter(48000, 2);
    assert.throws(() => meter.push([noise[0]], 10), /expected 2 channel arrays, got 1/);
    assert.throws(() => meter.push([new Float32Array(4), new Float32Array(4)], 8), /channel 0 holds 4 samples but 8 frames/);
    assert.throws(() => measureLoudness([new Float32Array(4), new Float32Array(5)], 48000), /same length/);
    assert.throws(() => new LoudnessMeter(48000, 2, { channelWeights: [1] }), /must hold 2 finite weights/);
  });
});

describe("loudness: gating", () => {
  it("drops blocks under -70 LUFS and 10 LU below the absolutely gated mean", () => {
    const blocks = Float64Array.from([-80, -23, -23, -40, -23.5].map(lufsToPower));
    const expected = -0.691 + 10 * Math.log10((2 * lufsToPower(-23) + lufsToPower(-23.5)) / 3);
    assert.ok(Math.abs(gatedLoudness(blocks) - expected) < 1e-9);
    assert.equal(gatedLoudness(Float64Array.from([lufsToPower(-75)])), -Infinity);
    assert.equal(gatedLoudness(new Float64Array(0)), -Infinity);
  });
});

describe("loudness: TruePeakMeter on its own", () => {
  const tone = toneSequence([{ dbfs: -3, seconds: 1 }], 48000, 1, 11000)[0];

  it("reports per-frame peaks whose largest is the meter's true peak", () => {
    const meter = new TruePeakMeter(48000, 1);
    const out = new Float32Array(tone.length);
    meter.framePeaks(0, tone, tone.length, out);
    let largest = 0;
    for (const value of out) largest = Math.max(largest, value);
    assert.ok(Math.abs(largest - meter.truePeak()) < 1e-6);
    const pushed = new TruePeakMeter(48000, 1);
    pushed.push([tone], tone.length);
    assert.ok(Math.abs(pushed.truePeak() - meter.truePeak()) < 1e-12, "push and framePeaks agree");
  });

  it("screens windows without losing a point: the running true peak equals evaluating every window, bit for bit", () => {
    const random = seededRandom(31);
    const frames = 3 * 48000;
    const materials: Record<string, Float32Array> = {
      "dense noise": Float32Array.from({ length: frames }, () => random() * 2 - 1),
      "music-like, rising": Float32Array.from({ length: frames }, (_, i) => (i / frames) * (0.4 * Math.sin(i / 7.3) + 0.3 * Math.sin(i / 2.1) + 0.2 * (random() - 0.5))),
      "sine near Nyquist at 45 degrees": Float32Array.from({ length: frames }, (_, i) => 0.7 * Math.sin((Math.PI * i) / 2 + Math.PI / 4) * (1 + 0.001 * Math.sin(i / 5000))),
      "clipped square with clicks": Float32Array.from({ length: frames }, (_, i) => (i % 9001 === 0 ? -1 : Math.sign(Math.sin(i / 40)) * 0.9)),
      // Windows that are silent in the middle and follow the sign of the phases' outer taps:
      // the points come from the far taps alone, which the screen must not ignore.
      "far taps only": farTapsOnly(frames),
    };
    for (const [name, signal] of Object.entries(materials)) {
      const every = new TruePeakMeter(48000, 1);
      every.framePeaks(0, signal, frames, new Float32Array(frames));
      const screened = new TruePeakMeter(48000, 1);
      const pushes = seededRandom(5);
      for (let at = 0; at < frames; ) {
        const n = Math.min(frames - at, 1 + Math.floor(pushes() * 5000));
        screened.push([signal.subarray(at, at + n)], n);
        at += n;
      }
      assert.equal(screened.truePeak(), every.truePeak(), name);
      // The in-between points alone (the sample peak can hide them in truePeak()).
      const points = (m: TruePeakMeter) => (m as unknown as { interPeaks: Float64Array }).interPeaks[0];
      assert.equal(points(screened), points(every), `${name}: in-between points`);
      assert.ok(screened.truePeak() > screened.samplePeak() || name === "clipped square with clicks", `${name}: the points matter`);
    }
  });

  it("delays per-frame peaks by `latency` frames", () => {
    const meter = new TruePeakMeter(48000, 1);
    const impulse = new Float32Array(200);
    impulse[50] = 1;
    const out = new Float32Array(200);
    meter.framePeaks(0, impulse, 200, out);
    assert.equal(out[50 + meter.latency], 1);
    assert.ok(out[50 + meter.latency - 1] < 1 && out[50 + meter.latency + 1] < 1);
  });

  it("finds the peak of an 8 kHz tone between its samples", () => {
    // Samples at 0°, 60°, 120°...: the largest is sin 60° = -1.25 dB below the peak.
    const [eightKhz] = fadeIn(phasedSine(6, Math.pow(10, -3 / 20), 0, 1));
    const meter = new TruePeakMeter(48000, 1);
    meter.push([eightKhz], eightKhz.length);
    assert.ok(Math.abs(meter.samplePeakDb() + 4.25) < 0.01, `sample peak ${meter.samplePeakDb()}`);
    assert.ok(Math.abs(meter.truePeakDb() + 3) < 0.02, `true peak ${meter.truePeakDb()}`);
  });
});
