// Saturation: a smooth waveshaper at 8x oversampling. Per channel and sample:
//
//   wet[n] = curve(drive · x[n], character) / drive     (at the 8x rate)
//   y[n]   = (1 - mix) · x[n - latency] + mix · wet[n]
//
// The curve (shapers.ts) goes from tanh at character 0% to a smoothed hard
// clip at 100%; both have slope 1 at 0 and stay within ±1. Dividing by the
// drive is the level compensation: quiet signals pass at unity whatever the
// drive, and drive pushes the peaks into the curve (which bounds the wet
// output by 1 / drive) rather than making the track louder. Wet and dry are
// so level-matched that `mix` blends without a jump in level.
//
// The curve runs from its table (saturateFast, within 1e-11 of the curve).
// The oversampler (oversample.ts) makes the latency: LATENCY = 55 frames,
// the same at every sample rate; the dry share is delayed by as much. On 10 s
// of stereo noise at 48 kHz a saturate costs about 0.3 s (bench/oversample.ts;
// about four stereo limiters), most of it the oversampler's filters. Drive,
// character and mix are automatable: each glides linearly to a new value
// over 10 ms (drive as a linear gain). Blocks are at most MAX_BLOCK_FRAMES
// frames; nothing is allocated while processing.
import { checkBlock, MAX_BLOCK_FRAMES, paramChecker } from "./block";
import { Glide } from "./glide";
import { CHUNK_FRAMES, FACTOR, LATENCY, Oversampler } from "./oversample";
import { saturateFast } from "./shapers";
import type { EFFECTS } from "../../core/catalogue";
import { dbToGain } from "../../core/units";

const GLIDE_SECONDS = 0.01;
type SaturateParam = keyof typeof EFFECTS.saturate.params;
const UNITS: Record<SaturateParam, string> = { drive: "dB", character: "(0..1)", mix: "(0..1)" };
const { read: readParam, check: checkParam, setup: checkSetup } = paramChecker("saturate", UNITS);

export class Saturate {
  /** Frames by which the output lags the input: the oversampler's. */
  readonly latency = LATENCY;
  private readonly oversamplers: Oversampler[];
  /** The dry signal, delayed by the latency: one ring of LATENCY frames per channel. */
  private readonly dryLines: Float64Array[];
  private dryAt = 0;
  private readonly drive: Glide;
  private readonly character: Glide;
  private readonly mix: Glide;
  private readonly drives = new Float64Array(MAX_BLOCK_FRAMES);
  private readonly characters = new Float64Array(MAX_BLOCK_FRAMES);
  private readonly mixes = new Float64Array(MAX_BLOCK_FRAMES);
  private readonly scratch = new Float64Array(CHUNK_FRAMES * FACTOR);
  private readonly dry = new Float64Array(CHUNK_FRAMES);

  constructor(params: Readonly<Record<string, number>>, readonly sampleRate: number, readonly channels: number) {
    checkSetup(params, sampleRate, channels);
    const glide = Math.max(1, Math.round(GLIDE_SECONDS * sampleRate));
    this.drive = new Glide(dbToGain(readParam(params, "drive")), glide);
    this.character = new Glide(readParam(params, "character"), glide);
    this.mix = new Glide(readParam(params, "mix"), glide);
    this.oversamplers = Array.from({ length: channels }, () => new Oversampler());
    this.dryLines = Array.from({ length: channels }, () => new Float64Array(LATENCY));
  }

  /** Automates drive (dB), character or mix (0..1): the value glides there over 10 ms. */
  setParam(name: string, value: number): void {
    if (name === "drive") this.drive.set(dbToGain(checkParam(name, value)));
    else if (name === "character") this.character.set(checkParam(name, value));
    else if (name === "mix") this.mix.set(checkParam(name, value));
    else throw new RangeError(`saturate: '${name}' cannot be automated; automate drive, character or mix`);
  }

  /** Forgets the filters' and the dry line's history; finishes any glide. */
  reset(): void {
    for (const os of this.oversamplers) os.reset();
    for (const line of this.dryLines) line.fill(0);
    this.dryAt = 0;
    this.drive.settle();
    this.character.settle();
    this.mix.settle();
  }

  /** Saturates `frames` frames of each channel; `outputs` may be `inputs`. Allocates nothing. */
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void {
    checkBlock("saturate", inputs, outputs, frames, this.channels);
    this.drive.fill(this.drives, frames);
    this.character.fill(this.characters, frames);
    this.mix.fill(this.mixes, frames);
    const dryAt = this.dryAt;
    for (let ch = 0; ch < this.channels; ch++) {
      this.dryAt = dryAt;
      for (let at = 0; at < frames; at += CHUNK_FRAMES) this.processChunk(ch, inputs[ch], outputs[ch], at, Math.min(CHUNK_FRAMES, frames - at));
    }
  }

  /** One channel's frames [at, at + count): delay the dry, oversample, shape, decimate, mix. */
  private processChunk(ch: number, input: Float32Array, output: Float32Array, at: number, count: number): void {
    const line = this.dryLines[ch];
    const dry = this.dry;
    let d = this.dryAt;
    for (let i = 0; i < count; i++) {
      dry[i] = line[d];
      line[d] = input[at + i];
      d = d + 1 === LATENCY ? 0 : d + 1;
    }
    this.dryAt = d;
    const os = this.oversamplers[ch];
    const s = this.scratch;
    os.up(input, at, count, s);
    for (let i = 0; i < count; i++) {
      const g = this.drives[at + i];
      const c = this.characters[at + i];
      const back = 1 / g;
      for (let j = i * FACTOR, end = j + FACTOR; j < end; j++) s[j] = saturateFast(g * s[j], c) * back;
    }
    os.down(s, count, output, at);
    for (let i = 0; i < count; i++) {
      const m = this.mixes[at + i];
      if (m !== 1) output[at + i] = dry[i] + m * (output[at + i] - dry[i]);
    }
  }
}
