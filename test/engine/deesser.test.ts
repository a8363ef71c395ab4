// The de-esser against analytic answers: no reduction below the threshold
// (output = input, bit for bit), a loud sine in the band turned down by as
// much as it is over, up to the range, a loud sine outside the band untouched,
// and `wide` turning down the whole signal.
import { strict as assert } from "node:assert";
import { Deesser, MAX_BLOCK_FRAMES } from "../../engine/dsp/deesser";
import { seededNoise } from "../random";
import { processInBlocks } from "./blocks";

const SR = 48000;

function run(d: Deesser, input: Float32Array[], block = 512): Float32Array[] {
  return processInBlocks(d, input, block);
}

/** A sine at a frequency that is not a divisor of the rate, so its sample peaks reach its peak. */
function sine(frames: number, peakDb: number, freq: number): Float32Array {
  const a = Math.pow(10, peakDb / 20);
  return Float32Array.from({ length: frames }, (_, i) => a * Math.sin((2 * Math.PI * freq * i) / SR));
}

function rmsDb(x: Float32Array, from: number): number {
  let sum = 0;
  for (let i = from; i < x.length; i++) sum += x[i] * x[i];
  return 10 * Math.log10(sum / (x.length - from));
}

/** Output over input level (dB) of a steady sine, over the second half second. */
function change(params: Record<string, number>, peakDb: number, freq: number): number {
  const x = sine(SR, peakDb, freq);
  const [y] = run(new Deesser(params, SR, 1), [x]);
  return rmsDb(y, SR / 2) - rmsDb(x, SR / 2);
}

describe("deesser", () => {
  it("changes no bit while the band stays under the threshold", () => {
    const x = seededNoise(48000, 5, 0.01); // about -46 dBFS peak, the band lower still
    const y = sine(48000, -20, 6007);
    for (const params of [{ threshold: -30, wide: 0 }, { threshold: -10, wide: 1 }]) {
      const input = params.wide ? y : x;
      assert.deepEqual(run(new Deesser(params, SR, 2), [input, input])[0], input, JSON.stringify(params));
    }
  });

  it("turns a loud sine at the band's centre down by as much as it is over the threshold, up to the range", () => {
    const p = { freq: 6000, threshold: -30, range: -8, attack: 0.0001, release: 1 };
    for (const [level, want] of [[-33, 0], [-27, -3], [-25, -5], [-22, -8], [-6, -8]] as const) {
      const got = change(p, level, 6001);
      assert.ok(Math.abs(got - want) < 0.15, `${level} dB in: ${got.toFixed(3)} dB, want ${want} dB`);
    }
  });

  it("leaves a loud sine outside the band alone: it neither triggers nor is cut", () => {
    const p = { freq: 7000, threshold: -30, range: -10, q: 1.5 };
    const low = change(p, -6, 300.7);
    assert.ok(Math.abs(low) < 0.01, `300 Hz at -6 dB: ${low} dB`);
    // With a loud sibilant and a bass note together, the bass comes out unchanged.
    const mixed = Float32Array.from(sine(SR, -10, 300.7), (v, i) => v + Math.pow(10, -6 / 20) * Math.sin((2 * Math.PI * 7001 * i) / SR));
    const [y] = run(new Deesser({ ...p, attack: 0.0001, release: 1 }, SR, 1), [mixed]);
    const bassOnly = (s: Float32Array) => {
      // The 300 Hz part by correlation with the tone over whole periods.
      let c = 0, q = 0;
      for (let i = SR / 2; i < SR; i++) {
        c += s[i] * Math.sin((2 * Math.PI * 300.7 * i) / SR);
        q += s[i] * Math.cos((2 * Math.PI * 300.7 * i) / SR);
      }
      return 10 * Math.log10(c * c + q * q);
    };
    const bassChange = bassOnly(y) - bassOnly(mixed);
    assert.ok(Math.abs(bassChange) < 0.1, `bass moved ${bassChange} dB while the 7 kHz sine was cut`);
    assert.ok(rmsDb(y, SR / 2) < rmsDb(mixed, SR / 2) - 1, "the sibilant was cut");
  });

  it("with wide 100% turns down the whole signal by the band's reduction", () => {
    const x = Float32Array.from(sine(SR, -10, 300.7), (v, i) => v + Math.pow(10, -20 / 20) * Math.sin((2 * Math.PI * 6001 * i) / SR));
    const d = new Deesser({ threshold: -30, range: -12, wide: 1, attack: 0.0001, release: 1 }, SR, 1);
    const [y] = run(d, [x]);
    const reduction = d.maxGainReductionDb;
    assert.ok(reduction > 9.5 && reduction < 11.5, `reduction ${reduction} dB (the 6 kHz band at -20 dB, 10 dB over, plus what the band-pass keeps of the 300 Hz tone)`);
    const ratio = rmsDb(y, SR / 2) - rmsDb(x, SR / 2);
    assert.ok(Math.abs(ratio + reduction) < 0.3, `whole signal ${ratio} dB`);
  });

  it("glides automated threshold and range, gives the same bits for any block size, refuses what it cannot do", () => {
    const x = seededNoise(30000, 8, 0.8);
    const go = (block: number) => {
      const d = new Deesser({}, SR, 2);
      const out = run(d, [x, x], block);
      d.setParam("threshold", -40);
      d.setParam("range", -12);
      return [...out, ...run(d, [x, x], block)];
    };
    assert.deepEqual(go(1000), go(77));
    run(new Deesser({}, SR, 1), [seededNoise(MAX_BLOCK_FRAMES, 2)], MAX_BLOCK_FRAMES);
    const d = new Deesser({}, SR, 1);
    assert.throws(() => d.setParam("freq", 5000), /'freq' cannot be automated; automate threshold or range/);
    assert.throws(() => d.setParam("range", 3), /range 3 dB is out of range/);
    assert.throws(() => new Deesser({ mode: 1 }, SR, 1), /no parameter 'mode'/);
  });
});
