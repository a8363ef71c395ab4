// Pan, the two laws of docs/language.md "Pan laws", for p in -1 (left) .. 1 (right):
//
// - A mono source is panned with constant power: L = cos((p+1)π/4),
//   R = sin((p+1)π/4). At centre each side gets cos(π/4), -3.01 dB; fully left
//   the left side gets 0 dB and the right nothing; L² + R² = 1 everywhere.
//   L is computed as sin((1-p)π/4), the same value as the cosine, so that the
//   two sides mirror each other bit for bit and the far side is exactly 0.
// - A stereo source gets a balance control: unity on both sides at centre, so
//   an unpanned stereo take passes unchanged. Panning right turns only the
//   left side down, along the same constant-power curve normalised to unity at
//   centre: left = min(1, cos((p+1)π/4) / cos(π/4)), right = min(1,
//   sin((p+1)π/4) / sin(π/4)). Fully right the left side is silent.
//
// The pan is either the processor's own value (`setPan`) or one value per
// sample (an automation block rendered by engine/render/automation.ts).
// Automated values outside -1..1 are clamped.
import { linear, type Gain } from "../../core/units";

/** Largest block `process` takes. */
export const MAX_BLOCK_FRAMES = 8192;

export type PanSource = "mono" | "stereo";

/** Left and right (linear) gains of a pan position. */
export interface PanGains {
  left: Gain;
  right: Gain;
}

const QUARTER_PI = Math.PI / 4;
/** The centre gain cos(π/4) = sin(π/4), as computed: dividing by it gives exactly 1 at centre. */
const CENTRE = Math.sin(QUARTER_PI);

/** Constant-power gains for a mono source at pan `p`. */
export function panGains(p: number): PanGains {
  const c = clampPan(p);
  return { left: linear(Math.sin((1 - c) * QUARTER_PI)), right: linear(Math.sin((1 + c) * QUARTER_PI)) };
}

/** Balance gains for a stereo source at pan `p`: unity at centre. */
export function balanceGains(p: number): PanGains {
  const g = panGains(p);
  return { left: linear(Math.min(1, g.left / CENTRE)), right: linear(Math.min(1, g.right / CENTRE)) };
}

function clampPan(p: number): number {
  return p < -1 ? -1 : p > 1 ? 1 : p;
}

/**
 * The pan stage of a channel strip. Mono: inputs[0] -> outputs[0..1]. Stereo:
 * inputs[0..1] -> outputs[0..1]. `outputs` may be `inputs` (for mono, the left
 * output may be the input). Allocates nothing.
 */
export class PanProcessor {
  private pan = 0;
  private left = linear(0);
  private right = linear(0);

  constructor(readonly source: PanSource, pan = 0) {
    if (source !== "mono" && source !== "stereo") throw new Error(`Pan: source "${String(source)}" must be "mono" or "stereo"`);
    this.setPan(pan);
  }

  /** Inputs `process` reads: 1 for a mono source, 2 for stereo. */
  get inputChannels(): number {
    return this.source === "mono" ? 1 : 2;
  }

  /** The fixed pan, used when `process` gets no per-sample values. */
  get value(): number {
    return this.pan;
  }

  /** The fixed pan's left and right gains. */
  get gains(): PanGains {
    return { left: this.left, right: this.right };
  }

  setPan(pan: number): void {
    if (!Number.isFinite(pan) || pan < -1 || pan > 1) throw new RangeError(`Pan: ${pan} is outside -1 (left) .. 1 (right)`);
    const g = this.source === "mono" ? panGains(pan) : balanceGains(pan);
    this.pan = pan;
    this.left = g.left;
    this.right = g.right;
  }

  /** Pans `frames` frames; `pans`, when given, holds one pan value per frame. */
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number, pans?: Float32Array): void {
    this.check(inputs, outputs, frames, pans);
    const stereo = this.source === "stereo";
    const inL = inputs[0];
    const inR = stereo ? inputs[1] : inputs[0];
    const outL = outputs[0];
    const outR = outputs[1];
    if (pans === undefined) {
      const gl = this.left;
      const gr = this.right;
      for (let i = 0; i < frames; i++) {
        const l = inL[i];
        const r = inR[i];
        outL[i] = l * gl;
        outR[i] = r * gr;
      }
    } else if (stereo) {
      balanceAutomated(inL, inR, outL, outR, frames, pans);
    } else {
      panAutomated(inL, outL, outR, frames, pans);
    }
  }

  private check(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number, pans: Float32Array | undefined): void {
    const need = this.inputChannels;
    if (!Number.isInteger(frames) || frames < 0 || frames > MAX_BLOCK_FRAMES) {
      throw new RangeError(`Pan: a block of ${frames} frames; give a whole number from 0 to ${MAX_BLOCK_FRAMES} and split longer blocks.`);
    }
    if (inputs.length < need || outputs.length < 2) throw new RangeError(`Pan (${this.source}): needs ${need} inputs and 2 outputs, got ${inputs.length} and ${outputs.length}`);
    for (let c = 0; c < need; c++) if (inputs[c].length < frames) throw new RangeError(`Pan: input ${c} holds ${inputs[c].length} samples, fewer than the ${frames} frames asked for`);
    for (let c = 0; c < 2; c++) if (outputs[c].length < frames) throw new RangeError(`Pan: output ${c} holds ${outputs[c].length} samples, fewer than the ${frames} frames asked for`);
    if (pans !== undefined && pans.length < frames) throw new RangeError(`Pan: ${pans.length} pan values for ${frames} frames; give one value per frame`);
  }
}

/** Constant-power pan with one pan value per sample. */
function panAutomated(input: Float32Array, outL: Float32Array, outR: Float32Array, frames: number, pans: Float32Array): void {
  for (let i = 0; i < frames; i++) {
    const p = pans[i];
    const c = p < -1 ? -1 : p > 1 ? 1 : p;
    const x = input[i];
    outL[i] = x * Math.sin((1 - c) * QUARTER_PI);
    outR[i] = x * Math.sin((1 + c) * QUARTER_PI);
  }
}

/** Balance with one pan value per sample. */
function balanceAutomated(inL: Float32Array, inR: Float32Array, outL: Float32Array, outR: Float32Array, frames: number, pans: Float32Array): void {
  for (let i = 0; i < frames; i++) {
    const p = pans[i];
    const c = p < -1 ? -1 : p > 1 ? 1 : p;
    const gl = Math.sin((1 - c) * QUARTER_PI) / CENTRE;
    const gr = Math.sin((1 + c) * QUARTER_PI) / CENTRE;
    const l = inL[i];
    const r = inR[i];
    outL[i] = gl < 1 ? l * gl : l;
    outR[i] = gr < 1 ? r * gr : r;
  }
}
