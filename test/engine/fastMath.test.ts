// The table-based decibel conversions against Math: within 2e-6 dB everywhere audio goes.
import { strict as assert } from "node:assert";
import { amplitudeToDbFast, dbToAmplitudeFast, exp2, log2f } from "../../engine/dsp/fastMath";
import { mulberry32 } from "../random";

describe("engine: fast decibel conversions", () => {
  it("log2 of float32 amplitudes from 1e-10 to 1e4 is within 2e-6 dB of Math.log10", () => {
    const r = mulberry32(3);
    let worst = 0;
    for (let i = 0; i < 200000; i++) {
      const a = Math.fround(Math.pow(10, -10 + 14 * r()));
      worst = Math.max(worst, Math.abs(amplitudeToDbFast(a) - 20 * Math.log10(a)));
    }
    assert.ok(worst < 2e-6, `worst error ${worst} dB`);
    assert.equal(log2f(1), 0);
    assert.equal(log2f(0.5), -1);
    assert.equal(log2f(1024), 10);
  });

  it("2^x from -120 dB to +60 dB is within 2e-6 dB of Math.pow, exact at whole octaves", () => {
    let worst = 0;
    for (let db = -120; db <= 60; db += 0.00137) worst = Math.max(worst, Math.abs(20 * Math.log10(dbToAmplitudeFast(db)) - db));
    assert.ok(worst < 2e-6, `worst error ${worst} dB`);
    for (let n = -20; n <= 20; n++) assert.equal(exp2(n), Math.pow(2, n));
  });

  it("clamps what is outside float32's normal range instead of returning NaN", () => {
    assert.equal(log2f(0), -126);
    assert.equal(log2f(Infinity), 128);
    assert.equal(exp2(-5000), Math.pow(2, -126));
    assert.equal(exp2(5000), Math.pow(2, 127));
    assert.equal(exp2(NaN), Math.pow(2, -126));
  });
});
