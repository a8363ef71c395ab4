// What every processor checks the same way: the block size limit, the
// arguments of a `process` call, and parameters against the catalogue.
import { effectParams, type EffectType } from "../../core/catalogue";

/** The largest block a processor takes; its buffers are allocated for this. */
export const MAX_BLOCK_FRAMES = 8192;

/** Throws an error saying what is wrong with a `process` call's arguments. */
export function checkBlock(label: string, inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number, channels: number): void {
  if (!Number.isInteger(frames) || frames < 0 || frames > MAX_BLOCK_FRAMES) {
    throw new RangeError(`${label}: blocks of ${frames} frames; give a whole number from 0 to ${MAX_BLOCK_FRAMES} (split longer blocks)`);
  }
  if (inputs.length < channels || outputs.length < channels) {
    throw new RangeError(`${label}: ${channels} channels to process but ${inputs.length} inputs and ${outputs.length} outputs`);
  }
  for (let ch = 0; ch < channels; ch++) {
    if (inputs[ch].length < frames || outputs[ch].length < frames) {
      throw new RangeError(`${label}: channel ${ch} holds fewer than the ${frames} frames asked for`);
    }
  }
}

export interface ParamChecker<P extends string> {
  /** A parameter from an effect model's params (its catalogue default when absent), checked. */
  read(params: Readonly<Record<string, number>>, name: P): number;
  /** A new value for a parameter, checked against the catalogue's range. */
  check(name: P, value: number): number;
}

/** Range checks for one effect's parameters; `units` says how each is written in messages. */
export function paramChecker<P extends string>(effect: Exclude<EffectType, "eq">, units: Record<P, string>): ParamChecker<P> {
  const specs = effectParams(effect);
  const check = (name: P, value: number): number => {
    const { min, max } = specs[name];
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new RangeError(`${effect}: ${name} ${value} ${units[name]} is out of range; give a value from ${min} to ${max} ${units[name]}.`);
    }
    return value;
  };
  return { check, read: (params, name) => check(name, params[name] ?? specs[name].default) };
}
