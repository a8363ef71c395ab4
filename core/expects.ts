// `expect` lines: what a mix must measure, checked by `mixdown test`.
//   expect loudness -14 LUFS within 0.5     expect true-peak below -1 dBTP
//   expect loudness-range below 8 LU        expect peak below -3 dBFS
//   expect no clipping
// The table below is the one list of measures: lowering, completion, hover,
// the docs and the engine's checks all read it.
import type { Arg, Setting } from "./ast";
import type { ParamSpec } from "./catalogue";
import { printArg } from "./format";
import type { ExpectMeasure, Expectation, ExpectTest } from "./model";
import { didYouMean } from "./suggest";
import { canonicalUnit } from "./units";
import { describe, readValue, type ReadContext } from "./values";

export interface MeasureSpec extends ParamSpec {
  /** The unit figures of this measure are printed in. */
  unit: string;
  /** Units a `within` tolerance may be written in (besides none). */
  toleranceUnits: readonly string[];
  example: string;
}

const spec = (kind: ParamSpec["kind"], min: number, max: number, unit: string, tol: string[], example: string, doc: string): MeasureSpec =>
  ({ kind, min, max, default: min, automatable: false, unit, toleranceUnits: tol, example, doc });

export const MEASURES: Record<Exclude<ExpectMeasure, "clipping">, MeasureSpec> = {
  loudness: spec("loudness", -70, 0, "LUFS", ["LU"], "expect loudness -14 LUFS within 0.5", "Integrated loudness (BS.1770-4 / EBU R128)."),
  "true-peak": spec("truePeak", -60, 6, "dBTP", ["dB"], "expect true-peak below -1 dBTP", "Highest true peak (4x oversampled)."),
  peak: spec("level", -120, 6, "dBFS", ["dB"], "expect peak below -3 dBFS", "Highest sample peak."),
  "loudness-range": spec("range", 0, 40, "LU", ["LU"], "expect loudness-range below 8 LU", "Loudness range (EBU Tech 3342)."),
};

export const MEASURE_NAMES = [...Object.keys(MEASURES), "no clipping"];

/** `within` when no tolerance is written. */
export const DEFAULT_TOLERANCE = 0.5;
const TESTS = ["within", "below", "above"] as const;

/** Reads `expect ...`; reports what is wrong and returns undefined. */
export function lowerExpect(ctx: ReadContext, s: Setting): Expectation | undefined {
  const [what, ...rest] = s.args;
  const text = s.args.map(printArg).join(" ");
  const base = { text, origin: s.range };
  if (what?.kind === "Word" && what.text === "no") {
    const next = rest[0];
    if (next?.kind !== "Word" || next.text !== "clipping") return fail(ctx, next ?? what, "Write 'expect no clipping'.");
    return extra(ctx, rest.slice(1)) ? { measure: "clipping", test: "none", value: 0, tolerance: 0, ...base } : undefined;
  }
  if (what?.kind !== "Word" || !Object.prototype.hasOwnProperty.call(MEASURES, what.text)) {
    const written = what ? describe(what) : "";
    const { hint, match } = didYouMean(written, MEASURE_NAMES);
    ctx.sink.error("unknown-measure", what?.range ?? s.nameRange, `'expect' ${written ? `cannot measure '${written}'.${hint}` : "needs something to measure."} It measures: ${MEASURE_NAMES.join(", ")}; for example ${MEASURES.loudness.example}.`, {
      fixes: match && what ? [{ title: `Change to '${match}'`, edits: [{ range: what.range, newText: match }], preferred: true }] : undefined,
    });
    return undefined;
  }
  const measure = what.text as keyof typeof MEASURES;
  return readTest(ctx, s, measure, rest, base);
}

function readTest(ctx: ReadContext, s: Setting, measure: keyof typeof MEASURES, args: Arg[], base: { text: string; origin: Setting["range"] }): Expectation | undefined {
  const m = MEASURES[measure];
  const [first, second, third, ...more] = args;
  const label = `expect ${measure}`;
  if (first?.kind === "Word" && (first.text === "below" || first.text === "above")) {
    const value = readValue(ctx, second, m, label, first.range);
    if (value === undefined || !extra(ctx, [third, ...more].filter((a): a is Arg => a !== undefined))) return undefined;
    return { measure, test: first.text, value, tolerance: 0, ...base };
  }
  if (first?.kind !== "Number") {
    return fail(ctx, first ?? s, `Write '${label}' with a value and 'within', 'below' or 'above': ${m.example}.`);
  }
  const value = readValue(ctx, first, m, label, s.nameRange);
  if (value === undefined) return undefined;
  let tolerance = DEFAULT_TOLERANCE;
  if (second) {
    if (second.kind !== "Word" || second.text !== "within") return fail(ctx, second, `After the value, write 'within' and a tolerance: ${label} ${describe(first)} within 0.5.`);
    const t = readTolerance(ctx, third, m, label, second.range);
    if (t === undefined) return undefined;
    tolerance = t;
  }
  return extra(ctx, more) ? { measure, test: "within" as ExpectTest, value, tolerance, ...base } : undefined;
}

function readTolerance(ctx: ReadContext, arg: Arg | undefined, m: MeasureSpec, label: string, at: Setting["range"]): number | undefined {
  const unit = arg?.kind === "Number" && arg.unit !== undefined ? canonicalUnit(arg.unit) : undefined;
  const unitOk = arg?.kind === "Number" && (arg.unit === undefined || (unit !== undefined && m.toleranceUnits.includes(unit)));
  if (!arg || arg.kind !== "Number" || !unitOk || arg.value < 0 || arg.value > 20) {
    ctx.sink.error(arg ? "invalid-value" : "missing-value", arg?.range ?? at, `'${label} ... within' takes a tolerance from 0 to 20${m.toleranceUnits.length ? ` (plain, or in ${m.toleranceUnits.join(" or ")})` : ""}, such as 'within 0.5'${arg ? `, not '${describe(arg)}'` : ""}.`);
    return undefined;
  }
  return arg.value;
}

function fail(ctx: ReadContext, at: { range: Setting["range"] }, message: string): undefined {
  ctx.sink.error("invalid-value", at.range, message);
  return undefined;
}

function extra(ctx: ReadContext, args: Arg[]): boolean {
  if (args.length === 0) return true;
  ctx.sink.error("invalid-value", [args[0].range[0], args[args.length - 1].range[1]], `Unexpected '${args.map(describe).join(" ")}' at the end of this 'expect': see ${MEASURES.loudness.example}.`);
  return false;
}

/** What one expectation is keyed by: one of each measure and test per block. */
export function expectKey(e: Pick<Expectation, "measure" | "test">): string {
  return e.test === "none" || e.test === "within" ? e.measure : `${e.measure} ${e.test}`;
}

export { TESTS as EXPECT_TESTS };
