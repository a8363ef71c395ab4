// The one catalogue of effects and their parameters. The validator, the
// lowering to the model, completion, hover, the formatter's docs and the
// engine all read it: adding a parameter is one edit here.
import type { UnitKind } from "./units";

export interface ParamSpec {
  kind: UnitKind;
  /** Range and default in the model's base unit (dB, Hz, s, 0..1 for %). */
  min: number;
  max: number;
  default: number;
  doc: string;
  automatable: boolean;
  /** Also accepts a note value such as `1/8` (needs the session's tempo). */
  note?: boolean;
}

export interface EffectSpec {
  doc: string;
  /** Where the effect may be inserted. */
  where: readonly ("track" | "bus" | "master")[];
  params: Readonly<Record<string, ParamSpec>>;
  /** Frequencies that must rise in this order (a parameter at 0, where its range allows 0, is off and skipped); checked with code `crossover-order`. */
  ascending?: readonly string[];
}

const anywhere = ["track", "bus", "master"] as const;

/** One band's compressor in a `multiband`: `BAND-threshold`, `BAND-ratio`, `BAND-attack`, `BAND-release`, `BAND-makeup`, with the ranges of `comp`. */
function bandComp<B extends string>(band: B, what: string, attack: number, release: number) {
  const level = "level" as const;
  const duration = "duration" as const;
  return {
    [`${band}-threshold`]: { kind: level, min: -60, max: 0, default: -20, automatable: true, doc: `Level above which the ${what} band is turned down.` },
    [`${band}-ratio`]: { kind: "ratio" as const, min: 1, max: 20, default: 2, automatable: true, doc: `The ${what} band's ratio (1 leaves it alone).` },
    [`${band}-attack`]: { kind: duration, min: 0.0001, max: 0.5, default: attack, automatable: false, doc: `How fast the ${what} band's gain reduction sets in.` },
    [`${band}-release`]: { kind: duration, min: 0.005, max: 5, default: release, automatable: false, doc: `How fast the ${what} band's gain reduction recovers.` },
    [`${band}-makeup`]: { kind: level, min: -12, max: 24, default: 0, automatable: true, doc: `Gain added to the ${what} band after compression.` },
  } as Record<`${B}-threshold` | `${B}-makeup`, ParamSpec & { kind: "level" }> & Record<`${B}-ratio`, ParamSpec & { kind: "ratio" }> & Record<`${B}-attack` | `${B}-release`, ParamSpec & { kind: "duration" }>;
}

export const EFFECTS = {
  eq: {
    doc: "Parametric equaliser: one line per band, applied in the order written. Bands are the RBJ Audio EQ Cookbook biquads.",
    where: anywhere,
    params: {},
  },
  comp: {
    doc: "Feed-forward compressor: turns down what rises above the threshold by the ratio, with a soft knee.",
    where: anywhere,
    params: {
      threshold: { kind: "level", min: -60, max: 0, default: -20, automatable: true, doc: "Level above which gain reduction starts." },
      ratio: { kind: "ratio", min: 1, max: 20, default: 4, automatable: true, doc: "Input dB over the threshold per output dB (4 means 4:1)." },
      knee: { kind: "level", min: 0, max: 24, default: 6, automatable: false, doc: "Width of the soft knee around the threshold." },
      attack: { kind: "duration", min: 0.0001, max: 0.5, default: 0.01, automatable: false, doc: "How fast gain reduction sets in." },
      release: { kind: "duration", min: 0.005, max: 5, default: 0.1, automatable: false, doc: "How fast gain reduction recovers." },
      makeup: { kind: "level", min: -12, max: 24, default: 0, automatable: true, doc: "Gain added after compression." },
    },
  },
  gate: {
    doc: "Noise gate: attenuates the signal while it stays below the threshold.",
    where: ["track", "bus"],
    params: {
      threshold: { kind: "level", min: -90, max: 0, default: -50, automatable: true, doc: "Level below which the gate closes." },
      range: { kind: "level", min: -90, max: 0, default: -80, automatable: true, doc: "Attenuation while closed." },
      attack: { kind: "duration", min: 0.0001, max: 0.1, default: 0.001, automatable: false, doc: "How fast the gate opens." },
      hold: { kind: "duration", min: 0, max: 2, default: 0.01, automatable: false, doc: "How long the gate stays open after the signal falls." },
      release: { kind: "duration", min: 0.005, max: 5, default: 0.1, automatable: false, doc: "How fast the gate closes." },
    },
  },
  limiter: {
    doc: "True-peak lookahead limiter: keeps the 4x-oversampled peak under the ceiling.",
    where: anywhere,
    params: {
      ceiling: { kind: "truePeak", min: -20, max: 0, default: -1, automatable: false, doc: "Highest true peak the output may reach." },
      release: { kind: "duration", min: 0.001, max: 2, default: 0.05, automatable: false, doc: "How fast gain reduction recovers." },
      lookahead: { kind: "duration", min: 0.0005, max: 0.02, default: 0.005, automatable: false, doc: "How far ahead peaks are seen (adds this much latency, compensated)." },
    },
  },
  delay: {
    doc: "Echo: a delay line with feedback; the time may be a note value synced to the tempo.",
    where: anywhere,
    params: {
      time: { kind: "duration", min: 0.001, max: 4, default: 0.25, automatable: false, note: true, doc: "Delay time, in ms or s, or a note value such as 1/8." },
      feedback: { kind: "percent", min: 0, max: 0.95, default: 0.3, automatable: true, doc: "How much of each echo is fed back." },
      mix: { kind: "percent", min: 0, max: 1, default: 1, automatable: true, doc: "Wet share of the output (100% on a send bus)." },
    },
  },
  reverb: {
    doc: "Algorithmic reverb (a feedback delay network).",
    where: anywhere,
    params: {
      size: { kind: "percent", min: 0, max: 1, default: 0.5, automatable: false, doc: "Room size: spreads the reflections." },
      decay: { kind: "duration", min: 0.1, max: 20, default: 1.8, automatable: false, doc: "Time for the tail to fall by 60 dB (RT60)." },
      predelay: { kind: "duration", min: 0, max: 0.5, default: 0, automatable: false, doc: "Gap before the reverb starts." },
      damping: { kind: "percent", min: 0, max: 1, default: 0.5, automatable: false, doc: "How much faster the highs die away." },
      mix: { kind: "percent", min: 0, max: 1, default: 1, automatable: true, doc: "Wet share of the output (100% on a send bus)." },
    },
  },
  saturate: {
    doc: "Saturation: a smooth odd waveshaper run at 8x oversampling (a 10 kHz sine at -1 dBFS driven by 12 dB aliases below -100 dB re the fundamental). The output is divided by the drive, so quiet signals pass at unity and drive pushes the peaks into the curve instead of making the track louder; wet and dry are level-matched for `mix`. Adds 55 frames of latency (compensated on tracks, trimmed on the master).",
    where: anywhere,
    params: {
      drive: { kind: "level", min: 0, max: 24, default: 6, automatable: true, doc: "Gain into the curve (taken off again after it): more drive, more saturation." },
      character: { kind: "percent", min: 0, max: 1, default: 0.5, automatable: true, doc: "The curve: 0% is tanh (soft, bends early), 100% a smoothed hard clip (linear longer, then a sharp knee)." },
      mix: { kind: "percent", min: 0, max: 1, default: 1, automatable: true, doc: "Wet share of the output (the dry share is delayed to line up)." },
    },
  },
  clipper: {
    doc: "Clipper: clips at a ceiling, hard or with a soft knee, at 8x oversampling; the master's loudest tool before the limiter. The sample peak never exceeds the ceiling (a last clip at the base rate catches the ringing of the oversampling filter). Adds 55 frames of latency (compensated on tracks, trimmed on the master).",
    where: anywhere,
    params: {
      ceiling: { kind: "level", min: -24, max: 0, default: -1, automatable: false, doc: "Highest sample peak of the output, in dBFS." },
      softness: { kind: "percent", min: 0, max: 1, default: 0, automatable: false, doc: "0% clips hard; above, a smooth knee that never reaches the ceiling (at 100% it starts bending about 6 dB under it)." },
    },
  },
  multiband: {
    doc: "Multiband compressor: Linkwitz-Riley 4th-order crossovers (24 dB per octave, -6 dB at the corner) split the signal into three bands, low, mid and high, or four with `high-top` (the fourth is top); each band has its own compressor, the `comp` gain computer and detector, stereo-linked, sharing one knee. Band parameters are the band's name and the `comp` parameter: `low-threshold -24 dB`, `mid-ratio 3`, `top-makeup 1 dB`. Each band takes the allpass of the crossovers above it, so all bands share one phase: with every band at unity (ratio 1 or below threshold) the output has the input's magnitude within 0.1 dB at every frequency (an allpass: flat, the phase turned). The crossovers must rise, low-mid < mid-high < high-top (diagnostic `crossover-order`).",
    where: anywhere,
    ascending: ["low-mid", "mid-high", "high-top"],
    params: {
      "low-mid": { kind: "frequency", min: 20, max: 20000, default: 200, automatable: false, doc: "Crossover between the low and mid bands." },
      "mid-high": { kind: "frequency", min: 20, max: 20000, default: 2000, automatable: false, doc: "Crossover between the mid and high bands." },
      "high-top": { kind: "frequency", min: 0, max: 20000, default: 0, automatable: false, doc: "Crossover between the high and top bands: a fourth band above it; 0 Hz (the default) is three bands." },
      knee: { kind: "level", min: 0, max: 24, default: 6, automatable: false, doc: "Width of every band's soft knee around its threshold." },
      ...bandComp("low", "low", 0.02, 0.2),
      ...bandComp("mid", "mid", 0.01, 0.12),
      ...bandComp("high", "high", 0.005, 0.08),
      ...bandComp("top", "top (four bands only)", 0.003, 0.06),
    },
  },
  deesser: {
    doc: "De-esser, split-band: a band-pass (RBJ, 0 dB peak) at `freq` listens for sibilance; while the band's peak rises above the threshold, the band alone is turned down by as much as it is over, up to `range`. The band is split off complementarily (rest = input - band), so with no reduction the output is the input, bit for bit; turning the band down is a bell cut, exactly the reduction at `freq`. `wide 100%` turns down the whole signal instead (the catalogue takes numbers, so the issue's `mode wide` is this percentage; between 0% and 100% a blend).",
    where: anywhere,
    params: {
      freq: { kind: "frequency", min: 1000, max: 16000, default: 6000, automatable: false, doc: "Centre of the sibilance band the detector hears and that is turned down." },
      q: { kind: "number", min: 0.3, max: 6, default: 1.5, automatable: false, doc: "Width of the band: higher is narrower." },
      threshold: { kind: "level", min: -60, max: 0, default: -30, automatable: true, doc: "Peak level of the band above which it is turned down." },
      range: { kind: "level", min: -40, max: 0, default: -6, automatable: true, doc: "The most the band (or, wide, the signal) is turned down." },
      wide: { kind: "percent", min: 0, max: 1, default: 0, automatable: false, doc: "0% turns down only the band; 100% the whole signal (wide-band de-essing)." },
      attack: { kind: "duration", min: 0.0001, max: 0.05, default: 0.001, automatable: false, doc: "How fast the reduction sets in." },
      release: { kind: "duration", min: 0.005, max: 1, default: 0.06, automatable: false, doc: "How fast the reduction recovers." },
    },
  },
  width: {
    doc: "Stereo width by mid/side: scales the side (L - R) / 2 and keeps the mid (L + R) / 2. At 100% with mono-below 0 Hz the output is the input, bit for bit. On a mono track (one channel before the pan) there is no side, and it passes the signal unchanged.",
    where: anywhere,
    params: {
      amount: { kind: "percent", min: 0, max: 2, default: 1, automatable: true, doc: "Side level: 0% is mono (L = R), 100% unchanged, 200% doubles the side." },
      "mono-below": { kind: "frequency", min: 0, max: 500, default: 0, automatable: false, doc: "Removes the side below this frequency (a Linkwitz-Riley 4th-order high-pass on the side, -6 dB at the frequency), so the lows are mono; 0 Hz is off." },
    },
  },
  chorus: {
    doc: "Chorus: a delay swept by a sine LFO, mixed with the dry signal. In stereo the right channel's LFO runs a quarter cycle (90°) ahead of the left's; the LFO starts at phase 0 in every render, so renders are reproducible.",
    where: anywhere,
    params: {
      rate: { kind: "frequency", min: 0.01, max: 10, default: 0.8, automatable: true, doc: "LFO rate: sweeps per second." },
      depth: { kind: "duration", min: 0, max: 0.01, default: 0.003, automatable: true, doc: "How far the delay swings either side of its base time (the delay never falls under 2 samples)." },
      delay: { kind: "duration", min: 0.001, max: 0.05, default: 0.012, automatable: false, doc: "Base delay time, the centre of the sweep." },
      feedback: { kind: "percent", min: 0, max: 0.9, default: 0, automatable: true, doc: "How much of the delayed signal is fed back into the line (flanger-like at high settings)." },
      mix: { kind: "percent", min: 0, max: 1, default: 0.5, automatable: true, doc: "Wet share of the output: 0% is the dry signal, 100% only the swept delay." },
    },
  },
} as const satisfies Record<string, EffectSpec>;

export type EffectType = keyof typeof EFFECTS;
export const EFFECT_TYPES = Object.keys(EFFECTS) as EffectType[];

export function isEffect(name: string): name is EffectType {
  return Object.prototype.hasOwnProperty.call(EFFECTS, name);
}

export function effectParams(type: EffectType): Readonly<Record<string, ParamSpec>> {
  return EFFECTS[type].params;
}

// ------------------------------------------------------------------ EQ bands

/** The parameters every band has; which of them a band type uses is below. */
export const BAND_PARAMS = {
  freq: { kind: "frequency", min: 10, max: 24000, default: 1000, automatable: true, doc: "Centre or corner frequency." },
  gain: { kind: "level", min: -30, max: 30, default: 0, automatable: true, doc: "Boost or cut." },
  q: { kind: "number", min: 0.05, max: 40, default: 0.7071067811865476, automatable: true, doc: "Bandwidth: higher is narrower." },
  slope: { kind: "number", min: 0.05, max: 1, default: 1, automatable: true, doc: "Shelf slope S (1 is the steepest without overshoot)." },
} as const satisfies Record<string, ParamSpec>;

export type BandParam = keyof typeof BAND_PARAMS;

export interface BandSpec {
  doc: string;
  /** Parameters written as bare values, in order: `bell 60 Hz +3 dB`. */
  positional: readonly BandParam[];
  /** Parameters written as `name value`: `q 1.1`, `slope 0.8`. */
  named: readonly BandParam[];
  /** Defaults that differ from BAND_PARAMS. */
  defaults?: Partial<Record<BandParam, number>>;
}

export const BANDS = {
  highpass: { doc: "Second-order high-pass: removes what is below the frequency.", positional: ["freq"], named: ["q"] },
  lowpass: { doc: "Second-order low-pass: removes what is above the frequency.", positional: ["freq"], named: ["q"] },
  bell: { doc: "Peaking band: boosts or cuts around the frequency.", positional: ["freq", "gain"], named: ["q"], defaults: { q: 1 } },
  lowshelf: { doc: "Low shelf: boosts or cuts everything below the frequency.", positional: ["freq", "gain"], named: ["slope"] },
  highshelf: { doc: "High shelf: boosts or cuts everything above the frequency.", positional: ["freq", "gain"], named: ["slope"] },
  notch: { doc: "Notch: removes a narrow band around the frequency.", positional: ["freq"], named: ["q"], defaults: { q: 10 } },
  bandpass: { doc: "Band-pass (0 dB peak gain): keeps only the band around the frequency.", positional: ["freq"], named: ["q"], defaults: { q: 1 } },
} as const satisfies Record<string, BandSpec>;

export type BandType = keyof typeof BANDS;
export const BAND_TYPES = Object.keys(BANDS) as BandType[];

export function isBand(name: string): name is BandType {
  return Object.prototype.hasOwnProperty.call(BANDS, name);
}

/** The parameters a band type uses, in the order they are written. */
export function bandParams(type: BandType): BandParam[] {
  const spec: BandSpec = BANDS[type];
  return [...spec.positional, ...spec.named];
}

export function bandDefault(type: BandType, param: BandParam): number {
  const spec: BandSpec = BANDS[type];
  return spec.defaults?.[param] ?? BAND_PARAMS[param].default;
}
