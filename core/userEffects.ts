// User effects: Faust programs beside the session (`fx "effects/tape.dsp" { drive 6 dB }`).
// They enter the catalogue at run time: their sliders become parameter specs of the
// same shape as the built-ins' (`ParamSpec`), so checking, completion and hover treat
// them alike. Compiling is I/O and belongs to a port (`UserEffects`) that
// platform/faustEffects.ts implements; core only reads the compiled metadata.
import type { ParamSpec } from "./catalogue";
import type { UnitKind } from "./units";

/** A slider as a parameter: its catalogue spec plus how a model value becomes the slider's value. */
export interface UserParamSpec extends ParamSpec {
  /** The slider's value is the model's (base unit) value times this: 100 for `%`, 1000 for `ms` and `kHz`. */
  scale: number;
  /** Faust's index of the slider in the DSP's memory (`setParamValue`). */
  index: number;
}

export interface UserEffect {
  /** As written, relative to the session file's folder. */
  path: string;
  /** The content hash the compiled module is cached under. */
  hash: string;
  /** Where the engine loads the compiled WebAssembly module from (absolute). */
  module: string;
  doc: string;
  inputs: number;
  outputs: number;
  /** Frames by which the output lags the input: `declare latency_samples "N";`. */
  latency: number;
  params: Readonly<Record<string, UserParamSpec>>;
}

/** A compile or read failure: Faust's message and the `.dsp` line it names (1-based), when it names one. */
export interface UserEffectProblem {
  message: string;
  line?: number;
  /** `missing`: the file does not exist; `compile`: it does not compile or is unusable; `timeout`: the compiler was stopped (it may pass on a quieter machine). */
  code: "missing" | "compile" | "timeout";
}

export type UserEffectStatus = { ok: true; effect: UserEffect } | ({ ok: false } & UserEffectProblem);

/** The run-time part of the catalogue: a Faust program's parameters, compiled on demand. */
export interface UserEffects {
  lookup(path: string): UserEffectStatus;
}

/** The metadata key that declares a program's latency in frames. */
export const LATENCY_KEY = "latency_samples";

interface FaustItem {
  type: string;
  label?: string;
  shortname?: string;
  index?: number;
  init?: number;
  min?: number;
  max?: number;
  step?: number;
  meta?: Record<string, string>[];
  items?: FaustItem[];
}

interface FaustMeta {
  name?: string;
  inputs: number;
  outputs: number;
  meta?: Record<string, string>[];
  ui?: FaustItem[];
}

/** Faust's `[unit:...]` to a unit kind and the factor from the base unit to the slider's unit. */
const UNITS: Record<string, { kind: UnitKind; scale: number }> = {
  db: { kind: "level", scale: 1 },
  hz: { kind: "frequency", scale: 1 },
  khz: { kind: "frequency", scale: 0.001 },
  ms: { kind: "duration", scale: 1000 },
  s: { kind: "duration", scale: 1 },
  "%": { kind: "percent", scale: 100 },
};

/** The parameters, channels and latency of a compiled program, from Faust's JSON; throws a UserEffectProblem-shaped message on a bad one. */
export function userEffectFromMeta(path: string, hash: string, module: string, json: string): UserEffect | UserEffectProblem {
  const meta = JSON.parse(json) as FaustMeta;
  const declared = new Map<string, string>();
  for (const entry of meta.meta ?? []) for (const [k, v] of Object.entries(entry)) declared.set(k, v);
  const latency = Number(declared.get(LATENCY_KEY) ?? 0);
  if (!Number.isInteger(latency) || latency < 0) {
    return { code: "compile", message: `declare ${LATENCY_KEY} "${declared.get(LATENCY_KEY)}" is not a whole number of frames (0 or more).` };
  }
  const params: Record<string, UserParamSpec> = {};
  for (const item of sliders(meta.ui ?? [])) {
    const name = item.shortname ?? item.label ?? "";
    const unitText = item.meta?.find((m) => m.unit !== undefined)?.unit;
    const unit = unitText === undefined ? { kind: "number" as UnitKind, scale: 1 } : UNITS[unitText.toLowerCase()];
    if (!unit) return { code: "compile", message: `slider '${name}' has [unit:${unitText}], which Mixdown does not read; use dB, Hz, kHz, ms, s or %, or no unit.` };
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) return { code: "compile", message: `slider '${name}' cannot be written as a parameter name; name it with letters, digits, '_' and '-'.` };
    const doc = item.meta?.find((m) => m.tooltip !== undefined)?.tooltip ?? `Slider '${item.label ?? name}' of ${path}.`;
    params[name] = {
      kind: unit.kind, scale: unit.scale, index: item.index ?? 0, automatable: true, doc,
      min: (item.min ?? 0) / unit.scale, max: (item.max ?? 0) / unit.scale, default: (item.init ?? 0) / unit.scale,
    };
  }
  const doc = declared.get("description") ?? `Faust effect ${path}${declared.get("name") ? ` ('${declared.get("name")}')` : ""}.`;
  return { path, hash, module, doc, inputs: meta.inputs, outputs: meta.outputs, latency, params };
}

/** Sliders and number entries, in the order written, through groups. */
function sliders(items: FaustItem[]): FaustItem[] {
  const out: FaustItem[] = [];
  for (const item of items) {
    if (item.items) out.push(...sliders(item.items));
    else if (item.type === "hslider" || item.type === "vslider" || item.type === "nentry") out.push(item);
  }
  return out;
}

/** A program's channel shape is usable: 1 in 1 out (mono, run per channel on a stereo strip) or 2 in 2 out (stereo). */
export function channelProblem(effect: UserEffect): string | undefined {
  if ((effect.inputs === 1 && effect.outputs === 1) || (effect.inputs === 2 && effect.outputs === 2)) return undefined;
  return `its process has ${effect.inputs} input${effect.inputs === 1 ? "" : "s"} and ${effect.outputs} output${effect.outputs === 1 ? "" : "s"}; an effect needs 1 in and 1 out (run on each channel) or 2 in and 2 out (stereo).`;
}

/** Faust's error text, "name:LINE : ERROR : message", as a message and the line it names. */
export function faustProblem(text: string): UserEffectProblem {
  const sentence = (s: string) => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);
  const match = /^[^:\n]*:(-?\d+)\s*:\s*ERROR\s*:\s*([\s\S]*)$/.exec(text.trim());
  if (!match) return { code: "compile", message: sentence(text.trim().replace(/^ERROR\s*:\s*/, "")) };
  const line = Number(match[1]);
  return { code: "compile", message: sentence(match[2]), line: line > 0 ? line : undefined };
}
