// Effect blocks to EffectModel, against the catalogue.
import type { Arg, Effect, Setting } from "./ast";
import { BAND_PARAMS, BAND_TYPES, BANDS, bandDefault, EFFECT_TYPES, EFFECTS, effectParams, isBand, isEffect, type BandParam, type BandSpec, type EffectType, type ParamSpec } from "./catalogue";
import { FX, lowerFx } from "./lowerFx";
import type { EffectModel, EqBandModel } from "./model";
import { checkAscending } from "./lowerOrder";
import { didYouMean } from "./suggest";
import { dB, hertz } from "./units";
import { readValue, describe, type ReadContext } from "./values";
import { duplicateFix, settingArgs, type StripKind } from "./lowerShared";

export function lowerEffect(ctx: ReadContext, node: Effect, where: StripKind): EffectModel | undefined {
  if (node.name === FX) return lowerFx(ctx, node);
  if (node.path) {
    ctx.sink.error("invalid-value", node.path.range, `'${node.name}' takes no path; only '${FX} "effects/NAME.dsp" { ... }' names a program.`);
    return undefined;
  }
  if (!isEffect(node.name)) {
    const { hint, match } = didYouMean(node.name, EFFECT_TYPES);
    ctx.sink.error("unknown-effect", node.nameRange, `Unknown effect '${node.name}'.${hint} Effects: ${EFFECT_TYPES.join(", ")}, and ${FX} "effects/NAME.dsp" for a Faust program.`, {
      fixes: match ? [{ title: `Change to '${match}'`, edits: [{ range: node.nameRange, newText: match }], preferred: true }] : undefined,
    });
    return undefined;
  }
  const type: EffectType = node.name;
  const allowed: readonly string[] = EFFECTS[type].where;
  if (!allowed.includes(where)) {
    ctx.sink.error("unknown-statement", node.nameRange, `'${type}' cannot be used on the ${where}; it belongs on a ${allowed.join(" or ")}.`);
    return undefined;
  }
  const settings = node.body.items.filter((i): i is Setting => i.kind === "Setting");
  for (const item of node.body.items) {
    if (item.kind !== "Setting" && item.kind !== "Comment" && item.kind !== "Bad") {
      ctx.sink.error("unknown-statement", item.range, `'${type}' takes only ${type === "eq" ? "band lines such as 'bell 1 kHz -2 dB q 1'" : "parameter lines such as 'threshold -20 dB'"}.`);
    }
  }
  if (type === "eq") return { type, bands: lowerBands(ctx, settings), origin: node.range };
  const params = lowerParams(ctx, type, effectParams(type), settings);
  checkAscending(ctx, type, params, settings, node.nameRange);
  return { type, params, origin: node.range };
}

/** Parameter lines against their specs (a built-in's or a Faust program's sliders); `type` names the effect in messages. */
export function lowerParams(ctx: ReadContext, type: string, specs: Readonly<Record<string, ParamSpec>>, settings: Setting[]): Record<string, number> {
  const params: Record<string, number> = {};
  for (const [name, spec] of Object.entries(specs)) params[name] = spec.default;
  const seen = new Set<string>();
  for (const s of settings) {
    const spec = Object.prototype.hasOwnProperty.call(specs, s.name) ? specs[s.name] : undefined;
    if (!spec) {
      const { hint, match } = didYouMean(s.name, Object.keys(specs));
      ctx.sink.error("unknown-parameter", s.nameRange, `'${type}' has no parameter '${s.name || describe(s.args[0])}'.${hint} It has: ${Object.keys(specs).join(", ")}.`, {
        fixes: match ? [{ title: `Change to '${match}'`, edits: [{ range: s.nameRange, newText: match }], preferred: true }] : undefined,
      });
      continue;
    }
    if (seen.has(s.name)) {
      ctx.sink.error("duplicate-setting", s.range, `'${s.name}' is set twice in this '${type}'; only one can apply. Remove one of them.`, { fixes: [duplicateFix(s)] });
      continue;
    }
    seen.add(s.name);
    const value = readValue(ctx, s.args[0], spec, s.name, s.nameRange);
    extraArgs(ctx, s.args.slice(1), s.name);
    if (value !== undefined) params[s.name] = value;
  }
  return params;
}

function lowerBands(ctx: ReadContext, settings: Setting[]): EqBandModel[] {
  const bands: EqBandModel[] = [];
  for (const s of settings) {
    if (!isBand(s.name)) {
      const { hint, match } = didYouMean(s.name, BAND_TYPES);
      ctx.sink.error("unknown-band", s.nameRange, `Unknown EQ band '${s.name || describe(s.args[0])}'.${hint} Bands: ${BAND_TYPES.join(", ")}.`, {
        fixes: match ? [{ title: `Change to '${match}'`, edits: [{ range: s.nameRange, newText: match }], preferred: true }] : undefined,
      });
      continue;
    }
    const band = lowerBand(ctx, s, s.name);
    if (band) bands.push(band);
  }
  return bands;
}

function lowerBand(ctx: ReadContext, s: Setting, type: keyof typeof BANDS): EqBandModel | undefined {
  const spec: BandSpec = BANDS[type];
  const values: Partial<Record<BandParam, number>> = {};
  let ok = true;
  let positional = 0;
  for (let i = 0; i < s.args.length; i++) {
    const arg = s.args[i];
    const named = arg.kind === "Word" ? spec.named.find((p) => p === arg.text) : undefined;
    let param: BandParam | undefined;
    let valueArg: Arg | undefined = arg;
    if (named) {
      param = named;
      valueArg = s.args[++i];
    } else if (arg.kind === "Word") {
      const all = [...spec.named];
      ctx.sink.error("unknown-parameter", arg.range, `A ${type} band has no '${arg.text}'. It is written: ${bandSyntax(type)}.`);
      ok = false;
      if (s.args[i + 1]?.kind === "Number" && all.length === 0) i++;
      continue;
    } else {
      param = spec.positional[positional++];
      if (!param) {
        ctx.sink.error("invalid-value", arg.range, `Unexpected '${describe(arg)}': a ${type} band is written ${bandSyntax(type)}.`);
        ok = false;
        continue;
      }
    }
    const value = readValue(ctx, valueArg, BAND_PARAMS[param], `${type} ${param}`, arg.range);
    if (value === undefined) ok = false;
    else values[param] = value;
  }
  if (positional < spec.positional.length) {
    const missing = spec.positional.slice(positional).join(" and ");
    ctx.sink.error("missing-value", s.range, `This ${type} band needs its ${missing}: ${bandSyntax(type)}.`);
    return undefined;
  }
  if (!ok) return undefined;
  const get = (p: BandParam) => values[p] ?? bandDefault(type, p);
  return { type, freq: hertz(get("freq")), gain: dB(spec.positional.includes("gain") ? get("gain") : 0), q: get("q"), slope: get("slope"), origin: s.range };
}

export function bandSyntax(type: keyof typeof BANDS): string {
  const spec: BandSpec = BANDS[type];
  const examples: Record<BandParam, string> = { freq: "1 kHz", gain: "+2 dB", q: "q 1.4", slope: "slope 1" };
  return `'${[type, ...spec.positional.map((p) => examples[p]), ...spec.named.map((p) => `[${examples[p]}]`)].join(" ")}'`;
}

export function extraArgs(ctx: ReadContext, extra: Arg[], label: string): void {
  if (extra.length === 0) return;
  const range: [number, number] = [extra[0].range[0], extra[extra.length - 1].range[1]];
  ctx.sink.error("invalid-value", range, `Unexpected '${extra.map(describe).join(" ")}' after '${label}': one value is enough.`);
}

export { settingArgs };
