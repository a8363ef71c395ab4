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
});
