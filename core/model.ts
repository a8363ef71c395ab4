// The SessionModel: what the engine renders. JSON-serialisable, in base
// units (linear gains, seconds, Hz), names resolved to ids, and every item
// keeps `origin`, its source range, so an engine error can point at the text.
import type { Range } from "./ast";
import type { BandParam, BandType, EffectType } from "./catalogue";
import type { Decibels, Gain, Hertz, Seconds } from "./units";

export const MODEL_VERSION = 1;

export interface SessionModel {
  version: typeof MODEL_VERSION;
  title: string;
  sampleRate: number;
  /** Beats per minute, or null when the session has no tempo. */
  tempo: number | null;
  meter: { beats: number; unit: number };
  /** Seconds rendered after the last take ends, so tails ring out. */
  tail: Seconds;
  inputs: InputModel[];
  tracks: TrackModel[];
  /** In dependency order: every bus comes after all the buses that feed it. */
  buses: BusModel[];
  master: MasterModel;
}

export interface InputModel {
  id: string;
  device: string;
  /** 1-based capture channels. */
  channels: number[];
  origin: Range;
}

export interface TakeModel {
  /** As written, relative to the session file's folder. */
  path: string;
  /** Where the take starts on the timeline, in seconds. */
  at: Seconds;
  fadeIn: Seconds;
  fadeOut: Seconds;
  /** Linear gain. */
  gain: Gain;
  origin: Range;
  /** Where the path is written. */
  pathRange: Range;
}

export interface EqBandModel {
  type: BandType;
  freq: Hertz;
  /** dB; 0 for band types without gain. */
  gain: Decibels;
  q: number;
  slope: number;
  origin: Range;
}

export type EffectModel =
  | { type: "eq"; bands: EqBandModel[]; origin: Range }
  | { type: Exclude<EffectType, "eq">; params: Record<string, number>; origin: Range }
  | FxModel;

/** A user effect (a Faust program): its parameters in base units, by slider name. */
export interface FxModel {
  type: "fx";
  /** As written, relative to the session file's folder. */
  path: string;
  /** The source's content hash and the compiled module's absolute path; null when analysed without compiling (no UserEffects port). */
  hash: string | null;
  module: string | null;
  params: Record<string, number>;
  origin: Range;
}

export interface SendModel {
  /** Bus id. */
  to: string;
  /** Linear gain. */
  level: Gain;
  pre: boolean;
  origin: Range;
}

export type Curve = "linear" | "step" | "smooth";

export interface AutomationPoint {
  time: Seconds;
  /** In the target's unit: dB for gain and sends, -1..1 for pan, the parameter's base unit otherwise. */
  value: number;
  /** How the value moves from this point to the next. */
  curve: Curve;
  origin: Range;
}

export type AutomationTarget =
  | { kind: "gain" }
  | { kind: "pan" }
  | { kind: "send"; to: string }
  | { kind: "effect"; effect: number; param: string }
  | { kind: "band"; effect: number; band: number; param: BandParam };

export interface AutomationModel {
  target: AutomationTarget;
  /** Sorted by time. */
  points: AutomationPoint[];
  origin: Range;
}

export type ExpectMeasure = "loudness" | "true-peak" | "peak" | "loudness-range" | "clipping";
/** within: |measured - value| <= tolerance; below: measured <= value; above: measured >= value; none: no clipping. */
export type ExpectTest = "within" | "below" | "above" | "none";

/** An `expect` line: a figure the rendered mix must meet (checked by `mixdown test`). */
export interface Expectation {
  measure: ExpectMeasure;
  test: ExpectTest;
  /** In the measure's unit: LUFS, dBTP, dBFS or LU (0 for clipping). */
  value: number;
  /** For `within`, in LU or dB. */
  tolerance: number;
  /** The line after `expect`, in canonical form: `loudness -14 LUFS within 0.5`. */
  text: string;
  origin: Range;
}

export interface ChannelModel {
  id: string;
  inserts: EffectModel[];
  /** Linear fader gain. */
  gain: Gain;
  /** -1 (left) .. 1 (right). */
  pan: number;
  sends: SendModel[];
  /** A bus id, or "master". */
  out: string;
  mute: boolean;
  solo: boolean;
  automation: AutomationModel[];
  expects: Expectation[];
  origin: Range;
}

export interface TrackModel extends ChannelModel {
  kind: "track";
  input: string | null;
  takes: TakeModel[];
  /** Inactive alternatives (`alt`), kept for the session's history. */
  alternatives: TakeModel[];
}

export interface BusModel extends ChannelModel {
  kind: "bus";
}

export interface ExportModel {
  path: string;
  bits: 16 | 24 | 32;
  origin: Range;
}

export interface MasterModel {
  inserts: EffectModel[];
  /** Linear gain. */
  gain: Gain;
  automation: AutomationModel[];
  /** Integrated loudness target in LUFS, or null. */
  loudness: number | null;
  export: ExportModel | null;
  expects: Expectation[];
  origin: Range;
}
