import { strict as assert } from "node:assert";
import { cascadeMagnitude, CHUNK_FRAMES, designHalfband, FACTOR, filterMagnitude, LATENCY, Oversampler, STAGES } from "../../engine/dsp/oversample";

const SR = 48000;
const db = (v: number) => 20 * Math.log10(v);

/** Runs a signal up and straight back down (no nonlinearity) in chunks of `chunk`. */
function roundTrip(x: Float32Array, chunk = CHUNK_FRAMES, shape?: (s: Float64Array, n: number) => void): Float32Array {
  const os = new Oversampler();
  const scratch = new Float64Array(CHUNK_FRAMES * FACTOR);
  const out = new Float32Array(x.length);
  for (let at = 0; at < x.length; at += chunk) {
    const n = Math.min(chunk, x.length - at);
    os.up(x, at, n, scratch);
    shape?.(scratch, n * FACTOR);
    os.down(scratch, n, out, at);
  }
  return out;
}

describe("oversampler: three 2x half-band stages", () => {
  it("has a whole-frame latency of 55 base-rate frames, from linear-phase half-band stages", () => {
    assert.equal(LATENCY, 55);
    assert.ok(Number.isInteger(LATENCY));
    for (const spec of STAGES) {
      const h = designHalfband(spec);
      const c = 2 * spec.k - 1;
      assert.equal(h.length, 4 * spec.k - 1);
      assert.equal(h[c], 0.5, "centre tap 1/2");
      for (let i = 0; i < h.length; i++) {
        assert.equal(h[i], h[h.length - 1 - i], `linear phase: tap ${i} mirrors`);
        if (i !== c && (i - c) % 2 === 0) assert.equal(h[i], 0, `half-band: tap ${i} is zero`);
      }
      assert.ok(Math.abs(filterMagnitude(h, 0) - 1) < 1e-15, "unity at DC");
    }
  });

  it("is flat to 20 kHz within 0.0001 dB each way (at 48 kHz)", () => {
    let worst = 0;
    for (let f = 0; f <= 20000; f += 50) worst = Math.max(worst, Math.abs(db(cascadeMagnitude(f / (SR * FACTOR)))));
    assert.ok(worst < 0.0001, `passband ripple ${worst.toExponential(2)} dB`);
  });

  it("rejects 28 kHz and above by at least 110 dB, up to the 8x rate's Nyquist", () => {
    let worst = -Infinity;
    for (let f = 28000; f <= (SR * FACTOR) / 2; f += 37) worst = Math.max(worst, db(cascadeMagnitude(f / (SR * FACTOR))));
    assert.ok(worst < -110, `stopband ${worst.toFixed(1)} dB`);
  });

  it("each stage rejects its own stopband by 110 dB (what would fold onto 0..28 kHz)", () => {
    // fractions of each stage's rate: A at 2x (28..48 kHz of 96), B at 4x (68..96 of 192), C at 8x (164..192 of 384)
    const stops = [28 / 96, 68 / 192, 164 / 384];
    STAGES.forEach((spec, i) => {
      const h = designHalfband(spec);
      let worst = -Infinity;
      for (let f = stops[i]; f <= 0.5; f += 0.0005) worst = Math.max(worst, db(filterMagnitude(h, f)));
      assert.ok(worst < -110, `stage ${i}: ${worst.toFixed(1)} dB`);
    });
  });

  it("brings a delayed impulse out at its frame plus the latency, symmetric about it", () => {
    const d = 300;
    const x = new Float32Array(1200);
    x[d] = 1;
    const y = roundTrip(x, 100);
    let peak = 0;
    for (let i = 1; i < y.length; i++) if (Math.abs(y[i]) > Math.abs(y[peak])) peak = i;
    assert.equal(peak, d + LATENCY);
    assert.ok(y[peak] > 0.95 && y[peak] <= 1, `peak ${y[peak]} (an impulse is not band-limited: the 20..28 kHz transition takes its share)`);
    for (let k = 1; k < LATENCY; k++) assert.ok(Math.abs(y[peak - k] - y[peak + k]) < 1e-7, `symmetric at ±${k}`);
    assert.deepEqual(Array.from(y.subarray(0, d)), new Array(d).fill(0), "nothing before the impulse");
  });

  it("passes a 1 kHz and a 15 kHz sine through unchanged, delayed by the latency, whatever the chunking", () => {
    for (const f of [1000, 15000]) {
      const x = Float32Array.from({ length: 9600 }, (_, n) => 0.9 * Math.sin((2 * Math.PI * f * n) / SR));
      const y = roundTrip(x, 97);
      let err = 0;
      for (let n = 1000; n < x.length; n++) err = Math.max(err, Math.abs(y[n] - x[n - LATENCY]));
      assert.ok(db(err) < -100, `${f} Hz: error ${db(err).toFixed(1)} dB`);
      assert.deepEqual(roundTrip(x, 256), roundTrip(x, 1), "chunk size does not change a bit");
    }
  });

  it("removes what the nonlinearity puts above the base band: a hard clip's harmonics above 28 kHz are gone", () => {
    // a 1 kHz sine hard-clipped at the 8x rate; its output is band-limited, so
    // upsampling it again and comparing shows no content the lowpass would cut
    const x = Float32Array.from({ length: 4800 }, (_, n) => Math.sin((2 * Math.PI * 1000 * n) / SR));
    const y = roundTrip(x, 256, (s, n) => {
      for (let i = 0; i < n; i++) s[i] = Math.max(-0.5, Math.min(0.5, s[i]));
    });
    const peak = y.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    assert.ok(peak > 0.5 && peak < 0.56, `peak ${peak}: the clip, plus the ringing of a band-limited corner`);
  });
});
