// The compressor's float32 log2 and 2^x (fastMath.ts) against Math: within
// about a float32 rounding everywhere audio goes, exact where they should be.
import { strict as assert } from "node:assert";
import { DB_PER_OCTAVE, exp2f, log2f, log2Parts } from "../../engine/dsp/fastMath";
import { mulberry32 } from "../random";

describe("engine: fast float32 log2 and 2^x", () => {
  it("log2 of float32 amplitudes from 1e-30 to 1e30 is within 1.5e-7 octaves (1e-6 dB) of Math.log2", () => {
    const r = mulberry32(3);
    let worst = 0;
    for (let i = 0; i < 200000; i++) {
      const a = Math.fround(Math.pow(10, -30 + 60 * r()));
      const { octave, mantissaLog2 } = log2Parts(a);
      worst = Math.max(worst, Math.abs(octave - 127 + mantissaLog2 - Math.log2(a)));
    }
    assert.ok(worst < 1.5e-7, `worst error ${worst} octaves (${worst * DB_PER_OCTAVE} dB)`);
    for (let n = -126; n <= 127; n++) assert.equal(log2f(Math.pow(2, n)), n);
    assert.equal(log2f(-0.25), -2, "of the magnitude");
  });

  it("2^x from -125 to +20 octaves is within 1.2e-7 of Math.pow, relative (1e-6 dB), exact at whole octaves", () => {
    let worst = 0;
    for (let y = -125; y <= 20; y += 0.000731) {
      const x = Math.fround(y);
      worst = Math.max(worst, Math.abs(exp2f(x) / Math.pow(2, x) - 1));
    }
    assert.ok(worst < 1.2e-7, `worst error ${worst} (${20 * Math.log10(1 + worst)} dB)`);
    for (let n = -125; n <= 20; n++) assert.equal(exp2f(n), Math.pow(2, n));
  });

  it("stops 2^x at 2^-125, a normal float32, and reads infinities and NaN as 2^128", () => {
    assert.equal(exp2f(-5000), Math.pow(2, -125));
    assert.equal(exp2f(-125.7), Math.pow(2, -125));
    assert.deepEqual(log2Parts(Infinity), { octave: 255, mantissaLog2: 0 });
    assert.ok(log2Parts(NaN).octave >= 255);
  });
});
