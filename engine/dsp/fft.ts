// An in-place radix-2 complex FFT, forward or inverse (unscaled), with its
// twiddles and bit-reversal table made once per size. Shared by the
// long-term spectrum (engine/analysis) and cross-correlation (engine/record).

export class Fft {
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly reverse: Uint32Array;

  constructor(readonly size: number) {
    if (size < 2 || (size & (size - 1)) !== 0) throw new Error(`FFT size ${size} is not a power of two`);
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
  }

  /** Where sample i goes before the butterflies (load input through it to skip `permute`). */
  reversed(i: number): number {
    return this.reverse[i];
  }

  /** Puts (re, im) in bit-reversed order. */
  permute(re: Float64Array, im: Float64Array): void {
    for (let i = 0; i < this.size; i++) {
      const j = this.reverse[i];
      if (i < j) {
        const r = re[i];
        re[i] = re[j];
        re[j] = r;
        const m = im[i];
        im[i] = im[j];
        im[j] = m;
      }
    }
  }

  /** The butterflies over (re, im) already in bit-reversed order; `inverse` conjugates the twiddles. */
  butterflies(re: Float64Array, im: Float64Array, inverse = false): void {
    const size = this.size;
    const sign = inverse ? -1 : 1;
    for (let len = 2; len <= size; len <<= 1) {
      const half = len >> 1;
      const step = size / len;
      for (let start = 0; start < size; start += len) {
        for (let k = 0; k < half; k++) {
          const c = this.cos[k * step];
          const s = sign * this.sin[k * step];
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
  }

  /** The transform of (re, im) in place: forward, or inverse without the 1/size scale. */
  transform(re: Float64Array, im: Float64Array, inverse = false): void {
    this.permute(re, im);
    this.butterflies(re, im, inverse);
  }
}
