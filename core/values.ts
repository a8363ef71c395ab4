// Reading values from a statement's arguments: units, ranges, times, pan.
// Each reader reports what is wrong and returns undefined; the lowering
// carries on so one bad value never hides the next mistake.
import type { Arg, NumberArg, Range, WordArg } from "./ast";
import type { ParamSpec } from "./catalogue";
import { DiagnosticSink } from "./diagnostics";
import { didYouMean } from "./suggest";
import { barSeconds, noteSeconds, type Timebase } from "./timebase";
import type { UserEffects } from "./userEffects";
import { canonicalUnit, defaultUnit, formatValue, KNOWN_UNITS, UNIT_KINDS, unitFactor } from "./units";

export interface ReadContext {
  sink: DiagnosticSink;
  timebase: Timebase;
  /** Compiles `fx` programs and reads their sliders; without it, `fx` blocks are not checked. */
  userEffects?: UserEffects;
}

export function describe(arg: Arg): string {
  switch (arg.kind) {
    case "Number":
      return arg.unit ? `${arg.text} ${arg.unit}` : arg.text;
    case "String":
      return `"${arg.value}"`;
    default:
      return arg.text;
  }
}

/** Reads a number in the unit kind of `spec`, checks its range, returns it in base units. */
export function readValue(ctx: ReadContext, arg: Arg | undefined, spec: ParamSpec, label: string, at: Range): number | undefined {
  const example = UNIT_KINDS[spec.kind].example;
  if (!arg) {
    ctx.sink.error("missing-value", at, `'${label}' needs a value, such as ${example}.`);
    return undefined;
  }
  if (arg.kind === "Fraction" && spec.note) return readNote(ctx, arg.num, arg.den, arg.range, label, spec);
  if (arg.kind !== "Number") {
    ctx.sink.error("invalid-value", arg.range, `'${label}' takes a value such as ${example}, not '${describe(arg)}'.`);
    return undefined;
  }
  const factor = unitOf(ctx, arg, spec, label);
  if (factor === undefined) return undefined;
  return checkRange(ctx, arg, arg.value * factor, spec, label);
}

function unitOf(ctx: ReadContext, arg: NumberArg, spec: ParamSpec, label: string): number | undefined {
  const expected = defaultUnit(spec.kind);
  if (arg.unit === undefined) {
    if (!expected) return 1;
    ctx.sink.error("missing-unit", arg.range, `'${label}' ${arg.text} needs a unit: write ${arg.text} ${expected}.`, {
      fixes: [{ title: `Add '${expected}'`, edits: [{ range: [arg.range[1], arg.range[1]], newText: ` ${expected}` }], preferred: true }],
    });
    return undefined;
  }
  const unitRange = arg.unitRange ?? arg.range;
  const canonical = canonicalUnit(arg.unit);
  if (!canonical) {
    const { hint, match } = didYouMean(arg.unit, KNOWN_UNITS);
    ctx.sink.error("unknown-unit", unitRange, `Unknown unit '${arg.unit}'.${hint}`, {
      fixes: match ? [{ title: `Change to '${match}'`, edits: [{ range: unitRange, newText: match }], preferred: true }] : undefined,
    });
    return undefined;
  }
  const factor = unitFactor(spec.kind, canonical);
  if (factor === undefined) {
    const accepted = Object.keys(UNIT_KINDS[spec.kind].units);
    const what = accepted.length ? `in ${accepted.join(" or ")}` : "a plain number, without a unit";
    ctx.sink.error("wrong-unit", unitRange, `'${label}' is written ${what}, not ${canonical}: for example ${UNIT_KINDS[spec.kind].example}.`, {
      fixes: expected ? [{ title: `Change to '${expected}'`, edits: [{ range: unitRange, newText: expected }] }] : undefined,
    });
    return undefined;
  }
  return factor;
}

function checkRange(ctx: ReadContext, arg: Arg, value: number, spec: ParamSpec, label: string): number | undefined {
  if (!Number.isFinite(value) || value < spec.min - 1e-9 || value > spec.max + 1e-9) {
    const lo = formatValue(spec.kind, spec.min);
    const hi = formatValue(spec.kind, spec.max);
    ctx.sink.error("out-of-range", arg.range, `'${label}' ${describe(arg)} is out of range: use ${lo} to ${hi}.`);
    return undefined;
  }
  return value;
}

function readNote(ctx: ReadContext, num: number, den: number, range: Range, label: string, spec: ParamSpec): number | undefined {
  const value = noteSeconds(ctx.timebase, num, den);
  if (value === null) {
    ctx.sink.error("bar-without-tempo", range, `The note value ${num}/${den} for '${label}' needs a tempo: add 'tempo 120 bpm' to the session block, or write the time in ms.`);
    return undefined;
  }
  if (value < spec.min || value > spec.max) {
    ctx.sink.error("out-of-range", range, `'${label}' ${num}/${den} is ${formatValue("duration", value)} at this tempo: use ${formatValue("duration", spec.min)} to ${formatValue("duration", spec.max)}.`);
    return undefined;
  }
  return value;
}

export interface TimeRead {
  seconds: number | undefined;
  /** How many arguments the time used. */
  used: number;
}

/** Reads a position: `1:04.5`, `bar 33`, `bar 2.3`, `12 s`, `500 ms`. */
export function readTime(ctx: ReadContext, args: Arg[], i: number, label: string, at: Range): TimeRead {
  const arg = args[i];
  if (!arg) {
    ctx.sink.error("missing-value", at, `'${label}' needs a time, such as 0:04.250, bar 9 or 12 s.`);
    return { seconds: undefined, used: 0 };
  }
  if (arg.kind === "Clock") return { seconds: arg.seconds, used: 1 };
  if (arg.kind === "Word" && arg.text === "bar") return readBar(ctx, arg, args[i + 1]);
  if (arg.kind === "Number" && arg.unit !== undefined) {
    const unit = canonicalUnit(arg.unit);
    const factor = unit === "s" ? 1 : unit === "ms" ? 0.001 : undefined;
    if (factor !== undefined && arg.value >= 0) return { seconds: arg.value * factor, used: 1 };
  }
  ctx.sink.error("invalid-value", arg.range, `'${describe(arg)}' is not a time: write 0:04.250, bar 9, bar 9.3 or 12 s.`);
  return { seconds: undefined, used: 1 };
}

function readBar(ctx: ReadContext, word: WordArg, next: Arg | undefined): TimeRead {
  if (!next || next.kind !== "Number" || next.unit !== undefined || next.value < 1) {
    ctx.sink.error("invalid-value", next?.range ?? word.range, "'bar' takes a bar number from 1, and an optional beat: bar 33 or bar 33.2.");
    return { seconds: undefined, used: next ? 2 : 1 };
  }
  const [barText, beatText] = next.text.replace(/^\+/, "").split(".");
  const bar = Number(barText);
  const beat = beatText ? Number(beatText) : 1;
  const range: Range = [word.range[0], next.range[1]];
  if (beat < 1 || beat > ctx.timebase.meter.beats) {
    ctx.sink.error("out-of-range", next.range, `Beat ${beat} does not exist in ${ctx.timebase.meter.beats}/${ctx.timebase.meter.unit}: use beats 1 to ${ctx.timebase.meter.beats}.`);
    return { seconds: undefined, used: 2 };
  }
  const seconds = barSeconds(ctx.timebase, bar, beat);
  if (seconds === null) {
    ctx.sink.error("bar-without-tempo", range, `'bar ${next.text}' needs a tempo: add 'tempo 120 bpm' to the session block, or write a time such as 1:04.5.`);
    return { seconds: undefined, used: 2 };
  }
  return { seconds, used: 2 };
}

/** Reads a pan position: `center`, `10% left`, `30% right`. Returns -1..1. */
export function readPan(ctx: ReadContext, args: Arg[], i: number, at: Range): { value: number | undefined; used: number } {
  const first = args[i];
  if (first?.kind === "Word" && /^(center|centre|c)$/i.test(first.text)) return { value: 0, used: 1 };
  const side = args[i + 1];
  if (first?.kind === "Number" && first.unit === "%" && first.value >= 0 && side?.kind === "Word") {
    const dir = /^(left|l)$/i.test(side.text) ? -1 : /^(right|r)$/i.test(side.text) ? 1 : 0;
    if (dir !== 0) {
      if (first.value > 100) {
        ctx.sink.error("out-of-range", first.range, `Pan ${first.text}% is out of range: use 0% to 100% left or right.`);
        return { value: undefined, used: 2 };
      }
      return { value: (dir * first.value) / 100, used: 2 };
    }
  }
  if (first?.kind === "Number" && first.unit === "%" && first.value === 0 && side?.kind !== "Word") return { value: 0, used: 1 };
  ctx.sink.error("invalid-value", first?.range ?? at, "Pan is written 'center', '10% left' or '30% right'.");
  return { value: undefined, used: first ? 1 : 0 };
}
