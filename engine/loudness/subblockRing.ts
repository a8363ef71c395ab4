// The last 3 s of K-weighted energy in 100 ms steps: momentary (400 ms) and
// short-term (3 s) loudness are read from it as the mean power of the last
// 4 or 30 steps. Before the stream has filled a window, the missing steps
// count as silence, as in libebur128 and ffmpeg, so live meters rise from
// -Infinity instead of overshooting on the first 100 ms.

export class SubblockRing {
  private readonly energies: Float64Array;
  private readonly frames: Float64Array;
  private readonly nominalFrames: number;
  private next = 0;

  /** `capacity` steps of `nominalFrames` frames each (the length assumed for steps not yet seen). */
  constructor(capacity: number, nominalFrames: number) {
    this.energies = new Float64Array(capacity);
    this.frames = new Float64Array(capacity).fill(nominalFrames);
    this.nominalFrames = nominalFrames;
  }

  /** Appends a step: its weighted sum of squares over all channels, and its length in frames. */
  add(energy: number, frames: number): void {
    this.energies[this.next] = energy;
    this.frames[this.next] = frames;
    this.next = this.next + 1 === this.energies.length ? 0 : this.next + 1;
  }

  /** Mean power (weighted mean square) of the last `steps` steps, at most the capacity. */
  power(steps: number): number {
    const capacity = this.energies.length;
    let energy = 0;
    let frames = 0;
    let index = this.next;
    for (let k = 0; k < steps; k++) {
      index = index === 0 ? capacity - 1 : index - 1;
      energy += this.energies[index];
      frames += this.frames[index];
    }
    return frames > 0 ? energy / frames : 0;
  }

  /** Forgets every step. */
  reset(): void {
    this.energies.fill(0);
    this.frames.fill(this.nominalFrames);
    this.next = 0;
  }
}
