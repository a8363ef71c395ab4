// The fader's fused pan and gain for a mono channel (the kernel `pan`) against
// the arithmetic it stands for, f32(f32(x pan) gain) per side: the kernels'
// reference (reference.ts panChannel).
import { strict as assert } from "node:assert";
import { analyze } from "../../core/analyze";
import { linear } from "../../core/units";
import { panChannel } from "../../engine/dsp/wasm/reference";
import { Fader } from "../../engine/render/fader";
import { seededNoise } from "../random";

describe("engine: fader", () => {
  const model = analyze('track t {\n  take "t.wav"\n  gain -7.3 dB\n}\n').model.tracks[0];

  it("pans and fades a mono channel exactly as f32(f32(x pan) gain), for every block length and odd values", () => {
    const fader = new Fader(model, 48000, 4096);
    const gain = fader.fixedGain!;
    const [panL, panR] = [linear(Math.cos(0.3)), linear(Math.sin(0.3))];
    const input = seededNoise(4096, 9, 0.8);
    input.set([NaN, -0, Infinity, -Infinity, 1e-42, -3e38, 0.5], 1);
    for (const frames of [1, 2, 3, 4, 5, 7, 9, 4093, 4096]) {
      fader.output[0].fill(123);
      fader.output[1].fill(123);
      fader.applyPanned(input, input, panL, panR, 0, frames);
      // The kernel's reference: out[i] = f32(f32(x pan) gain).
      const [left, right] = [new Float32Array(frames), new Float32Array(frames)];
      panChannel(input, left, frames, panL, gain), panChannel(input, right, frames, panR, gain);
      for (let i = 0; i < frames; i++) {
        assert.ok(Object.is(fader.output[0][i], left[i]), `left, ${frames} frames, frame ${i}`);
        assert.ok(Object.is(fader.output[1][i], right[i]), `right, ${frames} frames, frame ${i}`);
      }
      assert.equal(fader.output[0][frames], frames < 4096 ? 123 : undefined, "nothing past the block");
    }
  });
});
