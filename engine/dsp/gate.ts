// The noise gate: stereo-linked, with hysteresis and hold. The key is the
// loudest channel's absolute sample value. The gate opens when the key reaches
// the threshold and only counts as falling once the key is below the threshold
// minus HYSTERESIS_DB, so a signal hovering at the threshold does not chatter.
// Every sample above that lower level restarts the hold; when the hold runs
// out the gate closes. The gain moves linearly between 1 (open) and the range
// (closed): from closed to open in `attack`, back in `release`, so it never
// jumps (at most (1 - range gain) / (attack or release in frames) per sample).
// The hold also bridges a low note's zero crossings: a sine at the threshold
// stays below the lower level for 0.25 / frequency around each crossing, so
// the default 10 ms hold keeps notes down to 25 Hz open; a hold of 0 lets
// such a note flutter (smoothed by the release).
// Latency 0. Blocks are at most MAX_BLOCK_FRAMES frames.
import { checkBlock, MAX_BLOCK_FRAMES, paramChecker } from "./block";
import { EFFECTS } from "../../core/catalogue";
import type { Decibels } from "../../core/units";

/** Largest `frames` per `process` call; the per-frame gain buffer is preallocated at this size. */
export { MAX_BLOCK_FRAMES };
/** The gate opens at the threshold and holds/closes only below threshold - 3 dB. */
export const HYSTERESIS_DB = 3;
/** An automated range glides linearly (in dB) to its new value over this long. */
const GLIDE_SECONDS = 0.01;

type GateParam = keyof typeof EFFECTS.gate.params;
const UNITS: Record<GateParam, string> = { threshold: "dB", range: "dB", attack: "s", hold: "s", release: "s" };
const { read: readParam, check: checkParam } = paramChecker("gate", UNITS);

const dbToGain = (db: number) => Math.pow(10, db / 20);

export class Gate {
  /** Frames between input and output: none. */
  readonly latency = 0;
  /** Key levels (linear) at which the gate opens, and below which it starts to close. */
  private openLevel = 0;
  private closeLevel = 0;
  private readonly holdFrames: number;
  /** Openness change per frame while opening / closing. */
  private readonly attackStep: number;
  private readonly releaseStep: number;
  private readonly glideFrames: number;
  /** Range in dB, its target and glide. */
  private rangeDb: number;
  private rangeTarget: number;
  private rangeStep = 0;
  private rangeLeft = 0;
  private closedGain: number;
  private readonly gains: Float64Array;
  private open = false;
  private holdLeft = 0;
  /** 0 = closed (gain = range), 1 = open (gain 1). */
  private openness = 0;

  constructor(params: Readonly<Record<string, number>>, readonly sampleRate: number, readonly channels: number) {
    if (!Number.isFinite(sampleRate) || sampleRate <= 0) throw new RangeError(`gate: sample rate ${sampleRate} Hz is not a positive number`);
    if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`gate: ${channels} channels; it needs a whole number of at least 1`);
    this.setThreshold(readParam(params, "threshold"));
    this.rangeDb = this.rangeTarget = readParam(params, "range");
    this.closedGain = dbToGain(this.rangeDb);
    this.holdFrames = Math.round(readParam(params, "hold") * sampleRate);
    this.attackStep = 1 / Math.max(1, readParam(params, "attack") * sampleRate);
    this.releaseStep = 1 / Math.max(1, readParam(params, "release") * sampleRate);
    this.glideFrames = Math.max(1, Math.round(GLIDE_SECONDS * sampleRate));
    this.gains = new Float64Array(MAX_BLOCK_FRAMES);
  }

  /** True while the gate is open or holding (the gain may still be ramping). */
  get isOpen(): boolean {
    return this.open;
  }

  /**
   * Automates threshold (dB: takes effect at once; the gain still ramps) or
   * range (dB: glides there over 10 ms). The gate's state carries on.
   */
  setParam(name: string, value: number): void {
    if (name === "threshold") {
      this.setThreshold(checkParam(name, value));
    } else if (name === "range") {
      this.rangeTarget = checkParam(name, value);
      this.rangeLeft = this.glideFrames;
      this.rangeStep = (this.rangeTarget - this.rangeDb) / this.glideFrames;
    } else {
      throw new RangeError(`gate: '${name}' cannot be automated; automate threshold or range`);
    }
  }

  /** Closes the gate at once (gain = range) and finishes any range glide. */
  reset(): void {
    this.open = false;
    this.holdLeft = 0;
    this.openness = 0;
    this.rangeDb = this.rangeTarget;
    this.rangeLeft = 0;
    this.closedGain = dbToGain(this.rangeDb);
  }

  /** Gates `frames` frames of each channel; `outputs` may be `inputs`. Allocates nothing. */
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void {
    checkBlock("gate", inputs, outputs, frames, this.channels);
    const gains = this.gains;
    for (let i = 0; i < frames; i++) gains[i] = this.nextGain(keyLevel(inputs, this.channels, i));
    for (let ch = 0; ch < this.channels; ch++) {
      const input = inputs[ch];
      const output = outputs[ch];
      for (let i = 0; i < frames; i++) output[i] = input[i] * gains[i];
    }
  }

  private setThreshold(db: Decibels): void {
    this.openLevel = dbToGain(db);
    this.closeLevel = dbToGain(db - HYSTERESIS_DB);
  }

  /** Advances the detector, hold and ramps by one frame and returns its gain. */
  private nextGain(key: number): number {
    if (key >= this.openLevel) this.open = true;
    if (this.open) {
      if (key >= this.closeLevel) this.holdLeft = this.holdFrames;
      else if (this.holdLeft > 0) this.holdLeft--;
      else this.open = false;
    }
    this.openness = this.open ? Math.min(1, this.openness + this.attackStep) : Math.max(0, this.openness - this.releaseStep);
    if (this.rangeLeft > 0) {
      this.rangeLeft--;
      this.rangeDb = this.rangeLeft === 0 ? this.rangeTarget : this.rangeDb + this.rangeStep;
      this.closedGain = dbToGain(this.rangeDb);
    }
    return this.closedGain + (1 - this.closedGain) * this.openness;
  }
}

/** The stereo-linked key: the largest absolute sample of frame `i` over the channels. */
function keyLevel(inputs: readonly Float32Array[], channels: number, i: number): number {
  let peak = 0;
  for (let ch = 0; ch < channels; ch++) {
    const a = Math.abs(inputs[ch][i]);
    if (a > peak) peak = a;
  }
  return peak;
}

