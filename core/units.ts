// Units: how values are written, and the branded types they become.

export type Decibels = number & { readonly __unit: "dB" };
export type Seconds = number & { readonly __unit: "s" };
export type Hertz = number & { readonly __unit: "Hz" };
/** A linear amplitude factor (1 = unity). */
export type Gain = number & { readonly __unit: "gain" };

// The brands exist only for the compiler: at run time each is a plain number
// (the model stays JSON), and the functions below are the only places a value
// gains or changes its unit. Arithmetic on a branded number gives a plain
// number, so a computed value is branded again with one of them.

/** A number known to be in dB. */
export const dB = (v: number): Decibels => v as Decibels;
/** A number known to be in seconds. */
export const seconds = (v: number): Seconds => v as Seconds;
/** A number known to be in Hz. */
export const hertz = (v: number): Hertz => v as Hertz;
/** A number known to be a linear gain (1 = unity); from dB, use dbToGain. */
export const linear = (v: number): Gain => v as Gain;

/** dB to a linear gain; -200 dB and below is silence (0). */
export function dbToGain(db: Decibels): Gain {
  return (db <= -200 ? 0 : Math.pow(10, db / 20)) as Gain;
}

/** A linear gain to dB; 0 (or less) is -Infinity. */
export function gainToDb(gain: Gain): Decibels {
  return (gain <= 0 ? -Infinity : 20 * Math.log10(gain)) as Decibels;
}

/** The branded type of a value of a unit kind, in that kind's base unit (a plain number for the kinds without a brand). */
export type InUnit<K extends UnitKind> = K extends "level" | "truePeak" ? Decibels : K extends "duration" ? Seconds : K extends "frequency" | "rate" ? Hertz : number;

/** A number in the base unit of kind K (a catalogue parameter's, named by the caller), with K's brand. */
export const inUnit = <K extends UnitKind>(v: number): InUnit<K> => v as InUnit<K>;

/**
 * The kinds of value a parameter takes. Each kind lists the units it is
 * written in and the factor to the model's base unit (dB, Hz, s, 0..1, ...).
 */
export const UNIT_KINDS = {
  level: { units: { dB: 1 }, base: "dB", example: "-4 dB" },
  frequency: { units: { Hz: 1, kHz: 1000 }, base: "Hz", example: "1.2 kHz" },
  duration: { units: { ms: 0.001, s: 1 }, base: "s", example: "80 ms" },
  percent: { units: { "%": 0.01 }, base: "fraction", example: "40%" },
  ratio: { units: {}, base: "ratio", example: "4" },
  number: { units: {}, base: "number", example: "1.1" },
  loudness: { units: { LUFS: 1 }, base: "LUFS", example: "-14 LUFS" },
  truePeak: { units: { dBTP: 1 }, base: "dBTP", example: "-1 dBTP" },
  range: { units: { LU: 1 }, base: "LU", example: "8 LU" },
  tempo: { units: { bpm: 1 }, base: "bpm", example: "120 bpm" },
  rate: { units: { Hz: 1, kHz: 1000 }, base: "Hz", example: "48 kHz" },
  bits: { units: { bit: 1 }, base: "bits", example: "24 bit" },
} as const;

export type UnitKind = keyof typeof UNIT_KINDS;

/** Every spelling accepted for a unit, lower-cased, to its canonical form. */
const SPELLINGS: Record<string, string> = {
  db: "dB", dbfs: "dB", dbtp: "dBTP", hz: "Hz", khz: "kHz", ms: "ms", s: "s", sec: "s",
  "%": "%", lufs: "LUFS", lu: "LU", bpm: "bpm", bit: "bit", bits: "bit",
};

/** The canonical spelling of a unit as written, or undefined if unknown. */
export function canonicalUnit(written: string): string | undefined {
  return SPELLINGS[written.toLowerCase()];
}

export const KNOWN_UNITS = [...new Set(Object.values(SPELLINGS))];

/** The factor from `unit` to the base unit of `kind`, or undefined if the unit does not fit. */
export function unitFactor(kind: UnitKind, unit: string): number | undefined {
  const units = UNIT_KINDS[kind].units as Record<string, number>;
  return units[unit];
}

/** The unit a value of this kind is written in when none is given, e.g. "dB". */
export function defaultUnit(kind: UnitKind): string | undefined {
  return Object.keys(UNIT_KINDS[kind].units)[0];
}

/** How a value in base units is written back, for docs and completion. */
export function formatValue(kind: UnitKind, value: number): string {
  switch (kind) {
    case "frequency":
    case "rate":
      return value >= 1000 ? `${round(value / 1000)} kHz` : `${round(value)} Hz`;
    case "duration":
      return value < 1 ? `${round(value * 1000)} ms` : `${round(value)} s`;
    case "percent":
      return `${round(value * 100)}%`;
    case "ratio":
    case "number":
      return `${round(value)}`;
    default:
      return `${round(value)} ${defaultUnit(kind)}`;
  }
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
