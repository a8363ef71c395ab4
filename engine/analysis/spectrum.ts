// The power spectrum of Hann-windowed real input, for a long-term average
// spectrum, through the shared FFT (engine/dsp/fft.ts); `power` allocates
// nothing per call.
import { Fft } from "../dsp/fft";

export class PowerSpectrum {
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly fft: Fft;
  readonly window: Float64Array;
  /** Sum of the squared window, to scale power to a sine's mean square. */
  readonly windowPower: number;

  constructor(readonly size: number) {
    this.fft = new Fft(size);
    this.re = new Float64Array(size);
    this.im = new Float64Array(size);
    this.window = Float64Array.from({ length: size }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size));
    this.windowPower = this.window.reduce((s, w) => s + w * w, 0);
  }

  /** Adds |X[k]|² (Hann-windowed) of `input[0 .. size)` into `into[0 .. size/2]`. */
  power(input: Float32Array | Float64Array, into: Float64Array): void {
    const { re, im, size } = this;
    for (let i = 0; i < size; i++) {
      const j = this.fft.reversed(i);
      re[j] = input[i] * this.window[i];
      im[j] = 0;
    }
    this.fft.butterflies(re, im);
    for (let k = 0; k <= size / 2; k++) into[k] += re[k] * re[k] + im[k] * im[k];
  }
}
