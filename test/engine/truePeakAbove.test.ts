// framePeaksAbove: the limiter's detector skips stretches that cannot reach its aim,
// and gives exactly framePeaks' values wherever a peak may be above it.
import { strict as assert } from "node:assert";
import { TruePeakMeter } from "../../engine/loudness/truePeakMeter";
import { mulberry32, seededNoise } from "../random";

describe("engine: true-peak detection above a floor", () => {
  it("matches framePeaks wherever either is above the floor, and is at most the floor elsewhere", () => {
    const rate = 48000;
    const frames = 20000;
    // Quiet noise with loud bursts, so some stretches are skipped and some are not.
    const signal = seededNoise(frames, 5, 0.2);
    for (let i = 0; i < frames; i++) if (Math.floor(i / 3000) % 2 === 1) signal[i] *= 4.5;
    const floor = 0.5;
    const exact = new TruePeakMeter(rate, 1);
    const above = new TruePeakMeter(rate, 1);
    const a = new Float32Array(1000);
    const b = new Float32Array(1000);
    let skipped = 0;
    let compared = 0;
    // Blocks of random sizes, many shorter than the interpolator's window.
    const sizes = mulberry32(9);
    for (let start = 0; start < frames; ) {
      const n = Math.min(frames - start, sizes() < 0.3 ? 1 + Math.floor(sizes() * 40) : 1 + Math.floor(sizes() * 1000));
      const block = signal.subarray(start, start + n);
      exact.framePeaks(0, block, n, a);
      above.framePeaksAbove(0, block, n, b, floor);
      for (let i = 0; i < n; i++) {
        if (a[i] > floor || b[i] > floor) {
          assert.equal(b[i], a[i], `frame ${start + i}`);
          compared++;
        } else {
          assert.ok(b[i] <= floor);
          if (b[i] === 0) skipped++;
        }
      }
      start += n;
    }
    assert.ok(skipped > 5000 && compared > 1000, `skipped ${skipped}, compared ${compared}`);
    assert.equal(above.samplePeak(), exact.samplePeak());
  });

  it("gives the next block the right history after a block that ends in skipped stretches", () => {
    // Each block: a loud burst, then quiet long enough to be skipped; the next block
    // starts at a middling level, so its first windows reach back into that quiet.
    const rate = 48000;
    const block = 2000;
    const signal = new Float32Array(10 * block);
    for (let i = 0; i < signal.length; i++) {
      const at = i % block;
      const level = at < 700 ? 0.5 : at < 1300 ? 0.9 : 0.01;
      signal[i] = level * Math.sin(i / 3.1);
    }
    const exact = new TruePeakMeter(rate, 1);
    const above = new TruePeakMeter(rate, 1);
    const a = new Float32Array(block);
    const b = new Float32Array(block);
    for (let start = 0; start < signal.length; start += block) {
      const part = signal.subarray(start, start + block);
      exact.framePeaks(0, part, block, a);
      above.framePeaksAbove(0, part, block, b, 0.3);
      for (let i = 0; i < block; i++) if (a[i] > 0.3 || b[i] > 0.3) assert.equal(b[i], a[i], `frame ${start + i}`);
    }
    const pushed = new TruePeakMeter(rate, 1);
    // Later bursts a little quieter, so only a wrong history could raise the running peak.
    const steady = signal.map((v, i) => (i < block ? v : v * 0.95));
    for (let start = 0; start < signal.length; start += block) pushed.push([steady.subarray(start, start + block)], block);
    const all = new TruePeakMeter(rate, 1);
    all.framePeaks(0, steady, steady.length, new Float32Array(steady.length));
    assert.equal(pushed.truePeak(), all.truePeak(), "pushed in blocks, the running true peak");
  });

  it("meters a push longer than a kernel block as it meters small pushes; a NaN sample is never the peak", () => {
    const rate = 48000;
    const signal = seededNoise(3 * rate, 21, 0.3);
    for (let i = 0; i < signal.length; i++) if (Math.floor(i / 9000) % 3 === 2) signal[i] *= 3;
    signal[70001] = NaN;
    signal[70002] = -0;
    const whole = new TruePeakMeter(rate, 1);
    whole.push([signal], signal.length);
    const small = new TruePeakMeter(rate, 1);
    for (let at = 0; at < signal.length; at += 777) small.push([signal.subarray(at)], Math.min(777, signal.length - at));
    let largest = 0;
    for (const v of signal) if (Math.abs(v) > largest) largest = Math.abs(v);
    assert.equal(whole.samplePeak(), largest);
    assert.equal(small.samplePeak(), largest);
    assert.equal(whole.truePeak(), small.truePeak());
    assert.ok(Number.isFinite(whole.truePeak()) && whole.truePeak() >= largest);
  });

  it("without oversampling, takes the sample peak of pushes longer than a kernel block and of small ones; a NaN never wins", () => {
    const signal = seededNoise(20000, 5, 0.2);
    signal[19999] = -0.9; // in the last piece of a long push
    signal[100] = NaN;
    const whole = new TruePeakMeter(48000, 1, { oversampling: 1 });
    whole.push([signal], signal.length);
    const small = new TruePeakMeter(48000, 1, { oversampling: 1 });
    for (let at = 0; at < signal.length; at += 333) small.push([signal.subarray(at)], Math.min(333, signal.length - at));
    assert.equal(whole.samplePeak(), Math.fround(0.9));
    assert.equal(small.samplePeak(), Math.fround(0.9));
    assert.equal(whole.truePeak(), whole.samplePeak());
  });

  it("finds the running maxima in the kernel (truePeakScan) with the bits of the per-sample screen, whatever the pushes", () => {
    const r = mulberry32(31);
    // Music-like material that keeps coming near its peak (most stretches need their windows screened),
    // with a burst, a silence, a NaN and blocks of any size, longer than a kernel block too.
    const frames = 200_000;
    const signal = [0, 1].map((ch) => Float32Array.from({ length: frames }, (_, i) =>
      i === 77_777 ? NaN : i >= 120_000 && i < 125_000 ? 0 : i > 150_000 && i < 150_040 ? 1.5 * Math.sin(i / 3) : 0.8 * Math.sin(i / (3 + ch) + Math.sin(i / 900)) * (0.7 + 0.3 * r())));
    const kernel = new TruePeakMeter(48000, 2);
    const screen = new TruePeakMeter(48000, 2);
    Object.assign(screen, { scan: undefined }); // the per-sample screen in JavaScript
    assert.ok((kernel as unknown as { scan?: Float64Array }).scan, "4x at 48 kHz takes the kernel");
    const sizes = mulberry32(4);
    for (let at = 0; at < frames; ) {
      const n = Math.min(frames - at, 1 + Math.floor(sizes() * (sizes() < 0.2 ? 20_000 : 5000)));
      const block = signal.map((c) => c.subarray(at, at + n));
      kernel.push(block, n);
      screen.push(block, n);
      for (let ch = 0; ch < 2; ch++) assert.equal(kernel.truePeak(ch), screen.truePeak(ch), `channel ${ch} after ${at + n} frames`);
      at += n;
    }
    assert.ok(kernel.samplePeak() > 1 && kernel.truePeak() >= kernel.samplePeak(), "the burst is the peak");
  });
});
