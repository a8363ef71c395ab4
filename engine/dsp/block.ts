// What every processor checks the same way: the block size limit, the
// arguments of a `process` call, and parameters against the catalogue.
import { effectParams, type EFFECTS, type EffectType } from "../../core/catalogue";
import { inUnit, type InUnit, type UnitKind } from "../../core/units";

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

/** The effects whose processors take a parameter record (all but the EQ). */
export type ParamEffect = Exclude<EffectType, "eq">;
/** An effect's parameter names, from the catalogue. */
export type ParamName<E extends ParamEffect> = keyof (typeof EFFECTS)[E]["params"] & string;
/** The type of a parameter's value: its catalogue kind's unit (Decibels, Seconds, Hertz), or a plain number. */
export type ParamValue<E extends ParamEffect, P extends ParamName<E>> = InUnit<(typeof EFFECTS)[E]["params"][P] extends { kind: infer K extends UnitKind } ? K : never>;

export interface ParamChecker<E extends ParamEffect> {
  /** A parameter from an effect model's params (its catalogue default when absent), checked, in its unit. */
  read<P extends ParamName<E>>(params: Readonly<Record<string, number>>, name: P): ParamValue<E, P>;
  /** A new value for a parameter, checked against the catalogue's range, in its unit. */
  check<P extends ParamName<E>>(name: P, value: number): ParamValue<E, P>;
  /** Refuses a sample rate that is not positive, a channel count that is not a whole 1 or more, and a parameter the effect does not have. */
  setup(params: Readonly<Record<string, number>>, sampleRate: number, channels: number): void;
}

/** Range checks for one effect's parameters; `units` says how each is written in messages. */
export function paramChecker<E extends ParamEffect>(effect: E, units: Record<ParamName<E>, string>): ParamChecker<E> {
  const specs = effectParams(effect);
  const check = <P extends ParamName<E>>(name: P, value: number): ParamValue<E, P> => {
    const { min, max } = specs[name];
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new RangeError(`${effect}: ${name} ${value} ${units[name]} is out of range; give a value from ${min} to ${max} ${units[name]}.`);
    }
    return inUnit(value);
  };
  const setup = (params: Readonly<Record<string, number>>, sampleRate: number, channels: number): void => {
    if (!Number.isFinite(sampleRate) || sampleRate <= 0) throw new RangeError(`${effect}: sample rate ${sampleRate} Hz is not a positive number`);
    if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`${effect}: ${channels} channels; it needs a whole number of at least 1`);
    for (const name of Object.keys(params)) if (!(name in specs)) throw new RangeError(`${effect}: no parameter '${name}'; it has ${Object.keys(specs).join(", ")}`);
  };
  return { check, read: (params, name) => check(name, params[name] ?? specs[name].default), setup };
}
