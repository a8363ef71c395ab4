// The delay (echo): one delay line per channel (stereo = two independent
// lines), with feedback. Per channel and sample:
//
//   wet[n] = line read `time` seconds back (fractional: 4-point Lagrange)
//   line[n] = x[n] + feedback · wet[n]        (the first echo is at unity)
//   y[n] = (1 - mix) · x[n] + mix · wet[n]    (linear crossfade: `mix` is the
//                                              wet share; 100% on a send bus)
//
// The delay time is fixed for the processor's life (the model resolved note
// values to seconds; `time` is not automatable). The fractional part of time ·
// sampleRate is read by third-order Lagrange interpolation, centred (fraction
// in 1..2 over four taps) so its magnitude never exceeds 1 and the loop stays
// stable: -0.04 dB at 5 kHz and -0.53 dB at 10 kHz for the worst fraction
// (48 kHz), where linear interpolation loses 0.47 and 2.0 dB on every pass.
// Feedback and mix are automatable: `setParam` glides them linearly to the new
// value over 10 ms, so moving them never clicks. Latency 0; blocks are at most
// MAX_BLOCK_FRAMES frames; nothing is allocated while processing.
import { checkBlock, MAX_BLOCK_FRAMES, paramChecker } from "./block";
import { Glide } from "./glide";
import type { EFFECTS } from "../../core/catalogue";

/** Largest `frames` per `process` call; the per-frame parameter buffers are preallocated at this size. */
export { MAX_BLOCK_FRAMES };
/** Automated feedback and mix glide linearly to a new value over this long. */
const GLIDE_SECONDS = 0.01;
/** Line values below this are flushed to zero, so a dying echo ends in exact silence (no denormals). */
const DENORMAL = 1e-30;

type DelayParam = keyof typeof EFFECTS.delay.params;
const UNITS: Record<DelayParam, string> = { time: "s", feedback: "(0..0.95)", mix: "(0..1)" };
const { read: readParam, check: checkParam, setup: checkSetup } = paramChecker("delay", UNITS);


/** Third-order Lagrange weights for a delay of `d` (1 <= d < 2) samples over taps 0..3. */
export function lagrangeWeights(d: number): [number, number, number, number] {
  return [-((d - 1) * (d - 2) * (d - 3)) / 6, (d * (d - 2) * (d - 3)) / 2, -(d * (d - 1) * (d - 3)) / 2, (d * (d - 1) * (d - 2)) / 6];
}

export class Delay {
  /** Frames between input and output: none (the dry signal passes at once). */
  readonly latency = 0;
  /** The delay in samples, time × sampleRate. */
  readonly delaySamples: number;
  private readonly lines: Float64Array[];
  private readonly mask: number;
  /** The whole samples of the delay minus one: the newest of the four taps. */
  private readonly nearest: number;
  private readonly weights: [number, number, number, number];
  private readonly feedback: Glide;
  private readonly mix: Glide;
  private readonly feedbacks = new Float64Array(MAX_BLOCK_FRAMES);
  private readonly mixes = new Float64Array(MAX_BLOCK_FRAMES);
  private position = 0;
  /** Frames since a non-zero value was last written to any line. */
  private silentFrames = 0;

  constructor(params: Readonly<Record<string, number>>, readonly sampleRate: number, readonly channels: number) {
    checkSetup(params, sampleRate, channels);
    this.delaySamples = readParam(params, "time") * sampleRate;
    if (this.delaySamples < 2) throw new RangeError(`delay: time ${params.time} s is under 2 samples at ${sampleRate} Hz; give a longer time.`);
    const whole = Math.floor(this.delaySamples);
    this.nearest = whole - 1;
    this.weights = lagrangeWeights(1 + this.delaySamples - whole);
    const size = 2 ** Math.ceil(Math.log2(whole + 3));
    this.mask = size - 1;
    this.lines = Array.from({ length: channels }, () => new Float64Array(size));
    const glide = Math.max(1, Math.round(GLIDE_SECONDS * sampleRate));
    this.feedback = new Glide(readParam(params, "feedback"), glide);
    this.mix = new Glide(readParam(params, "mix"), glide);
    this.silentFrames = this.idleAfter;
  }

  /** Automates feedback or mix (0..1 fractions): the value glides there over 10 ms. */
  setParam(name: string, value: number): void {
    if (name === "feedback") this.feedback.set(checkParam(name, value));
    else if (name === "mix") this.mix.set(checkParam(name, value));
    else throw new RangeError(`delay: '${name}' cannot be automated; automate feedback or mix`);
  }

  /** True when every line holds only zeros: silence in gives silence out (the dry share of it). */
  get idle(): boolean {
    return this.silentFrames >= this.idleAfter;
  }

  /** Empties the lines and finishes any glide. */
  reset(): void {
    for (const line of this.lines) line.fill(0);
    this.position = 0;
    this.silentFrames = this.idleAfter;
    this.feedback.settle();
    this.mix.settle();
  }

  /** Delays `frames` frames of each channel; `outputs` may be `inputs`. Allocates nothing. */
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void {
    checkBlock("delay", inputs, outputs, frames, this.channels);
    this.feedback.fill(this.feedbacks, frames);
    this.mix.fill(this.mixes, frames);
    let lastWritten = -1;
    for (let ch = 0; ch < this.channels; ch++) lastWritten = Math.max(lastWritten, this.processChannel(this.lines[ch], inputs[ch], outputs[ch], frames));
    this.silentFrames = lastWritten < 0 ? this.silentFrames + frames : frames - 1 - lastWritten;
    this.position = (this.position + frames) & this.mask;
  }

  /** Frames of zeros after which all four taps read zeros. */
  private get idleAfter(): number {
    return this.nearest + 4;
  }

  /** One channel's block; returns the last frame that wrote a non-zero value to the line, or -1. */
  private processChannel(line: Float64Array, input: Float32Array, output: Float32Array, frames: number): number {
    const [h0, h1, h2, h3] = this.weights;
    const mask = this.mask;
    const feedbacks = this.feedbacks;
    const mixes = this.mixes;
    let write = this.position;
    let read = (write - this.nearest) & mask;
    let lastWritten = -1;
    for (let i = 0; i < frames; i++) {
      const wet = h0 * line[read] + h1 * line[(read - 1) & mask] + h2 * line[(read - 2) & mask] + h3 * line[(read - 3) & mask];
      const x = input[i];
      let v = x + feedbacks[i] * wet;
      if (v < DENORMAL && v > -DENORMAL) v = 0;
      else lastWritten = i;
      line[write] = v;
      output[i] = x + mixes[i] * (wet - x);
      write = (write + 1) & mask;
      read = (read + 1) & mask;
    }
    return lastWritten;
  }
}

