// The chorus: per channel, a delay line read at a time swept by a sine LFO.
// Per channel c and sample n:
//
//   d[n] = delay + depth · sin(2π (φ[n] + c/4))     (seconds; never under 2 samples)
//   wet[n] = line read d[n] back (fractional: the delay's 4-point Lagrange)
//   line[n] = x[n] + feedback · wet[n]
//   y[n] = (1 - mix) · x[n] + mix · wet[n]          (linear crossfade, as the delay)
//   φ[n + 1] = φ[n] + rate / sampleRate  (mod 1)
//
// sin is read from a 2048-point table of one cycle, linearly interpolated
// (within 1.2e-6 of the depth).
//
// The right channel's LFO runs a quarter cycle ahead of the left's
// (quadrature), so the two sweeps never move together; a mono insert uses the
// left's. The phase starts at 0 when the processor is made (and on reset) and
// is advanced per sample, so a render gives the same bits on every run and in
// any block size; there is no randomness.
//
// rate, depth, feedback and mix are automatable and glide linearly over 10 ms
// (rate by its phase increment, so the sweep never jumps); the base delay is
// fixed. The line is sized for the base delay plus the largest depth the
// catalogue allows, so automation never reads past it. Latency 0; blocks are
// at most MAX_BLOCK_FRAMES frames; nothing is allocated while processing.
import { checkBlock, MAX_BLOCK_FRAMES, paramChecker } from "./block";
import { Glide } from "./glide";
import { EFFECTS } from "../../core/catalogue";

export { MAX_BLOCK_FRAMES };
const GLIDE_SECONDS = 0.01;
const DENORMAL = 1e-30;
/** The shortest read, in samples: the four taps then never reach the sample being written. */
const MIN_DELAY = 2;
const SIXTH = 1 / 6;
/**
 * One cycle of sin(2π φ) at SINE_SIZE points (and the first again at the end),
 * read with linear interpolation: the error is under (π / SINE_SIZE)² / 2 ≈
 * 1.2e-6 of the depth (under 0.001 samples at the largest depth), far below
 * what the ear or the sweep test can tell, for a fraction of Math.sin's cost.
 */
const SINE_SIZE = 2048;
const SINE_MASK = SINE_SIZE - 1;
const SINE = Float64Array.from({ length: SINE_SIZE + 1 }, (_, k) => Math.sin((2 * Math.PI * k) / SINE_SIZE));

type ChorusParam = keyof typeof EFFECTS.chorus.params;
const SPECS = EFFECTS.chorus.params;
const UNITS: Record<ChorusParam, string> = { rate: "Hz", depth: "s", delay: "s", feedback: "(0..0.9)", mix: "(0..1)" };
const { read: readParam, check: checkParam, setup: checkSetup } = paramChecker("chorus", UNITS);

export class Chorus {
  readonly latency = 0;
  /** The base delay in samples. */
  readonly delaySamples: number;
  private readonly lines: Float64Array[];
  private readonly mask: number;
  /** LFO phase increment per sample (cycles), depth in samples, feedback and mix. */
  private readonly increment: Glide;
  private readonly depth: Glide;
  private readonly feedback: Glide;
  private readonly mix: Glide;
  private readonly increments = new Float64Array(MAX_BLOCK_FRAMES);
  private readonly depths = new Float64Array(MAX_BLOCK_FRAMES);
  private readonly feedbacks = new Float64Array(MAX_BLOCK_FRAMES);
  private readonly mixes = new Float64Array(MAX_BLOCK_FRAMES);
  /** Whether any glide moves in this block (then its values are read per frame from the arrays above). */
  private gliding = false;
  private phase = 0;
  private position = 0;

  constructor(params: Readonly<Record<string, number>>, readonly sampleRate: number, readonly channels: number) {
    checkSetup(params, sampleRate, channels);
    this.delaySamples = readParam(params, "delay") * sampleRate;
    if (this.delaySamples < MIN_DELAY) throw new RangeError(`chorus: delay ${params.delay} s is under 2 samples at ${sampleRate} Hz; give a longer delay.`);
    const longest = this.delaySamples + SPECS.depth.max * sampleRate;
    const size = 2 ** Math.ceil(Math.log2(Math.floor(longest) + 4));
    this.mask = size - 1;
    this.lines = Array.from({ length: channels }, () => new Float64Array(size));
    const glide = Math.max(1, Math.round(GLIDE_SECONDS * sampleRate));
    this.increment = new Glide(readParam(params, "rate") / sampleRate, glide);
    this.depth = new Glide(readParam(params, "depth") * sampleRate, glide);
    this.feedback = new Glide(readParam(params, "feedback"), glide);
    this.mix = new Glide(readParam(params, "mix"), glide);
  }

  /** Automates rate (Hz), depth (s), feedback or mix (0..1): the value glides there over 10 ms. */
  setParam(name: string, value: number): void {
    if (name === "rate") this.increment.set(checkParam(name, value) / this.sampleRate);
    else if (name === "depth") this.depth.set(checkParam(name, value) * this.sampleRate);
    else if (name === "feedback") this.feedback.set(checkParam(name, value));
    else if (name === "mix") this.mix.set(checkParam(name, value));
    else throw new RangeError(`chorus: '${name}' cannot be automated; automate rate, depth, feedback or mix`);
  }

  /** Empties the lines, puts the LFO back at phase 0 and finishes any glide. */
  reset(): void {
    for (const line of this.lines) line.fill(0);
    this.phase = 0;
    this.position = 0;
    for (const g of [this.increment, this.depth, this.feedback, this.mix]) g.settle();
  }

  /** Choruses `frames` frames of each channel; `outputs` may be `inputs`. Allocates nothing. */
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void {
    checkBlock("chorus", inputs, outputs, frames, this.channels);
    // A glide's values are written out per frame only while it moves; a steady one is read as a number.
    this.gliding = this.increment.moving || this.depth.moving || this.feedback.moving || this.mix.moving;
    if (this.gliding) {
      this.increment.fill(this.increments, frames);
      this.depth.fill(this.depths, frames);
      this.feedback.fill(this.feedbacks, frames);
      this.mix.fill(this.mixes, frames);
    }
    let phase = this.phase;
    for (let ch = 0; ch < this.channels; ch++) phase = this.processChannel(this.lines[ch], inputs[ch], outputs[ch], frames, ch === 1 ? 0.25 : 0);
    this.phase = phase;
    this.position = (this.position + frames) & this.mask;
  }

  /** One channel's block (`offset`: its LFO's lead in cycles); returns the LFO phase after it. */
  private processChannel(line: Float64Array, input: Float32Array, output: Float32Array, frames: number, offset: number): number {
    const { mask, delaySamples, gliding, increments, depths, feedbacks, mixes } = this;
    const inc = this.increment.value;
    const depth = this.depth.value;
    const feedback = this.feedback.value;
    const mix = this.mix.value;
    let write = this.position;
    let phase = this.phase;
    for (let i = 0; i < frames; i++) {
      // The LFO: sin(2π (φ + offset)) from the table, linearly interpolated.
      const u = (phase + offset) * SINE_SIZE;
      const k = u | 0;
      const j = k & SINE_MASK;
      const s = SINE[j] + (u - k) * (SINE[j + 1] - SINE[j]);
      phase += gliding ? increments[i] : inc;
      if (phase >= 1) phase -= 1;
      let d = delaySamples + (gliding ? depths[i] : depth) * s;
      if (d < MIN_DELAY) d = MIN_DELAY;
      const whole = d | 0; // d >= 2: the floor
      const t = 1 + d - whole;
      const read = (write - whole + 1) & mask;
      // The delay's lagrangeWeights(t), inlined so nothing is allocated per sample.
      const t1 = t - 1;
      const t2 = t - 2;
      const t3 = t - 3;
      const t12 = t1 * t2;
      const t03 = t * t3;
      const h0 = -t12 * t3 * SIXTH;
      const h1 = t03 * t2 * 0.5;
      const h2 = -t03 * t1 * 0.5;
      const h3 = t * t12 * SIXTH;
      const wet = h0 * line[read] + h1 * line[(read - 1) & mask] + h2 * line[(read - 2) & mask] + h3 * line[(read - 3) & mask];
      const x = input[i];
      let v = x + (gliding ? feedbacks[i] : feedback) * wet;
      if (Math.abs(v) < DENORMAL) v = 0;
      line[write] = v;
      output[i] = x + (gliding ? mixes[i] : mix) * (wet - x);
      write = (write + 1) & mask;
    }
    return phase;
  }
}
