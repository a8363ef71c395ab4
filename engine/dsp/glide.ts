// A parameter that moves linearly to a new value over a fixed number of
// frames, so automation never clicks. Shared by every processor with
// automatable parameters.

export class Glide {
  private target: number;
  private step = 0;
  private left = 0;

  constructor(public value: number, private readonly frames: number) {
    this.target = value;
  }

  set(target: number): void {
    this.target = target;
    this.left = this.frames;
    this.step = (target - this.value) / this.frames;
  }

  /** Fills `out[0..frames)` with the value at each frame of the block. */
  fill(out: Float64Array, frames: number): void {
    for (let i = 0; i < frames; i++) out[i] = this.next();
  }

  /** The value at the next frame (for per-sample loops). */
  next(): number {
    if (this.left > 0) {
      this.left--;
      this.value = this.left === 0 ? this.target : this.value + this.step;
    }
    return this.value;
  }

  /** True while gliding towards a new value. */
  get moving(): boolean {
    return this.left > 0;
  }

  settle(): void {
    this.value = this.target;
    this.left = 0;
  }
}
