// The shared FFT against a direct DFT, and forward then inverse back to the input.
import { strict as assert } from "node:assert";
import { Fft } from "../../engine/dsp/fft";
import { mulberry32 } from "../random";

describe("engine: FFT", () => {
  it("matches a direct DFT and inverts back to its input (times the size)", () => {
    const n = 64;
    const r = mulberry32(9);
    const xr = Float64Array.from({ length: n }, () => r() - 0.5);
    const xi = Float64Array.from({ length: n }, () => r() - 0.5);
    const re = xr.slice();
    const im = xi.slice();
    const fft = new Fft(n);
    fft.transform(re, im);
    for (let k = 0; k < n; k++) {
      let dr = 0;
      let di = 0;
      for (let t = 0; t < n; t++) {
        const a = (-2 * Math.PI * k * t) / n;
        dr += xr[t] * Math.cos(a) - xi[t] * Math.sin(a);
        di += xr[t] * Math.sin(a) + xi[t] * Math.cos(a);
      }
      assert.ok(Math.abs(re[k] - dr) < 1e-12 && Math.abs(im[k] - di) < 1e-12, `bin ${k}`);
    }
    fft.transform(re, im, true);
    for (let t = 0; t < n; t++) assert.ok(Math.abs(re[t] / n - xr[t]) < 1e-14 && Math.abs(im[t] / n - xi[t]) < 1e-14, `sample ${t}`);
  });

  it("refuses a size that is not a power of two", () => {
    assert.throws(() => new Fft(48), /48 is not a power of two/);
  });
});
