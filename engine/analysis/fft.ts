// An in-place radix-2 FFT over real input (imaginary part zero), enough for a
// long-term average spectrum. Twiddles and the bit-reversal table are made
// once per size; `power` allocates nothing per call.

export class PowerSpectrum {
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly reverse: Uint32Array;
  readonly window: Float64Array;
  /** Sum of the squared window, to scale power to a sine's mean square. */
  readonly windowPower: number;

  constructor(readonly size: number) {
    if (size < 2 || (size & (size - 1)) !== 0) throw new Error(`FFT size ${size} is not a power of two`);
    this.re = new Float64Array(size);
    this.im = new Float64Array(size);
    this.cos = new Float64Array(size / 2);
    this.sin = new Float64Array(size / 2);
    for (let k = 0; k < size / 2; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.sin[k] = -Math.sin((2 * Math.PI * k) / size);
    }
    const bits = Math.log2(size);
    this.reverse = new Uint32Array(size);
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.reverse[i] = r;
    }
    this.window = Float64Array.from({ length: size }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size));
    this.windowPower = this.window.reduce((s, w) => s + w * w, 0);
  }

  /** Adds |X[k]|² (Hann-windowed) of `input[0 .. size)` into `into[0 .. size/2]`. */
  power(input: Float32Array | Float64Array, into: Float64Array): void {
    const { re, im, size } = this;
    for (let i = 0; i < size; i++) {
      re[this.reverse[i]] = input[i] * this.window[i];
      im[this.reverse[i]] = 0;
    }
    for (let len = 2; len <= size; len <<= 1) {
      const half = len >> 1;
      const step = size / len;
      for (let start = 0; start < size; start += len) {
        for (let k = 0; k < half; k++) {
          const c = this.cos[k * step];
          const s = this.sin[k * step];
          const a = start + k;
          const b = a + half;
          const tr = re[b] * c - im[b] * s;
          const ti = re[b] * s + im[b] * c;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
    for (let k = 0; k <= size / 2; k++) into[k] += re[k] * re[k] + im[k] * im[k];
  }
}
