// Effect models to processors: the one place the engine maps the catalogue's
// effect types to DSP classes.
import type { EqBandModel, EffectModel } from "../../core/model";
import { EqProcessor } from "../dsp/biquad";
import { Compressor } from "../dsp/compressor";
import { Deesser } from "../dsp/deesser";
import { Delay } from "../dsp/delay";
import { FaustEffect } from "../dsp/faust";
import { Gate } from "../dsp/gate";
import { Limiter } from "../dsp/limiter";
import { Multiband } from "../dsp/multiband";
import { Reverb } from "../dsp/reverb";
import { Width } from "../dsp/width";
import { Chorus } from "../dsp/chorus";
import { Saturate } from "../dsp/saturate";
import { Clipper } from "../dsp/clipper";

export interface Processor {
  /** Frames by which the output lags the input. */
  readonly latency: number;
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void;
  /** Automation of a parameter (effects with parameters). */
  setParam?(name: string, value: number): void;
  /** Automation of one EQ band. */
  setBand?(index: number, band: EqBandModel): void;
}

type ParamClass = new (params: Readonly<Record<string, number>>, sampleRate: number, channels: number) => Processor;

const PARAM_PROCESSORS: Record<Exclude<EffectModel["type"], "eq" | "fx">, ParamClass> = {
  comp: Compressor,
  gate: Gate,
  limiter: Limiter,
  delay: Delay,
  reverb: Reverb,
  saturate: Saturate,
  clipper: Clipper,
  deesser: Deesser,
  multiband: Multiband,
  width: Width,
  chorus: Chorus,
};

export function createProcessor(effect: EffectModel, sampleRate: number, channels: number): Processor {
  if (effect.type === "eq") return new EqProcessor(effect.bands, channels, sampleRate);
  if (effect.type === "fx") return new FaustEffect(effect, sampleRate, channels);
  return new PARAM_PROCESSORS[effect.type](effect.params, sampleRate, channels);
}
