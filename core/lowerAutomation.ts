// `automate TARGET { TIME VALUE [curve] ... }` to AutomationModel.
import type { Arg, Automate, Range, Setting } from "./ast";
import { BAND_PARAMS, EFFECTS, isEffect, type BandParam, type ParamSpec } from "./catalogue";
import type { AutomationModel, AutomationPoint, AutomationTarget, Curve, EffectModel, SendModel } from "./model";
import { settingArgs, type StripKind } from "./lowerShared";
import { FX } from "./lowerFx";
import { CURVES, SETTINGS } from "./statements";
import { seconds } from "./units";
import { describe, readPan, readTime, readValue, type ReadContext } from "./values";

export interface StripShape {
  kind: StripKind;
  inserts: EffectModel[];
  sends: SendModel[];
}

interface ResolvedTarget {
  target: AutomationTarget;
  /** Reads one point's value; undefined when it is wrong (already reported). */
  read: (args: Arg[], i: number, at: Range) => { value: number | undefined; used: number };
}

export function lowerAutomation(ctx: ReadContext, node: Automate, strip: StripShape, text: string): AutomationModel | undefined {
  const resolved = resolveTarget(ctx, node, strip);
  const points: AutomationPoint[] = [];
  for (const item of node.body.items) {
    if (item.kind === "Setting") {
      const point = resolved && lowerPoint(ctx, item, resolved);
      if (point) points.push(point);
    } else if (item.kind !== "Comment" && item.kind !== "Bad") {
      ctx.sink.error("unknown-statement", item.range, "An automate block takes only points: TIME VALUE [linear|step|smooth].");
    }
  }
  if (!resolved) return undefined;
  checkOrder(ctx, node, points, text);
  return { target: resolved.target, points: [...points].sort((a, b) => a.time - b.time), origin: node.range };
}

function lowerPoint(ctx: ReadContext, s: Setting, target: ResolvedTarget): AutomationPoint | undefined {
  const args = settingArgs(s);
  const time = readTime(ctx, args, 0, "automation point", s.range);
  if (time.seconds === undefined) return undefined;
  const value = target.read(args, time.used, s.range);
  let i = time.used + value.used;
  let curve: Curve = "linear";
  const word = args[i];
  if (word?.kind === "Word" && (CURVES as readonly string[]).includes(word.text)) {
    curve = word.text as Curve;
    i++;
  }
  if (i < args.length) {
    const extra = args.slice(i);
    ctx.sink.error("invalid-value", [extra[0].range[0], extra[extra.length - 1].range[1]], `Unexpected '${extra.map(describe).join(" ")}': a point is TIME VALUE and an optional curve (linear, step or smooth).`);
  }
  if (value.value === undefined) return undefined;
  return { time: seconds(time.seconds), value: value.value, curve, origin: s.range };
}

function checkOrder(ctx: ReadContext, node: Automate, points: AutomationPoint[], text: string): void {
  for (let i = 1; i < points.length; i++) {
    if (points[i].time < points[i - 1].time) {
      ctx.sink.error("automation-order", points[i].origin, "This point comes before the one above it: automation points must be in time order.", {
        related: [{ message: "the point above", range: points[i - 1].origin }],
        fixes: [sortFix(node, points, text)],
      });
      return;
    }
  }
}

/** Rewrites the points in time order, keeping each line's text. */
function sortFix(node: Automate, points: AutomationPoint[], text: string) {
  const sorted = [...points].sort((a, b) => a.time - b.time);
  return {
    title: "Sort the points by time",
    preferred: true,
    edits: points.map((p, i) => ({ range: p.origin, newText: text.slice(sorted[i].origin[0], sorted[i].origin[1]) })),
  };
}

// ------------------------------------------------------------------ targets

function valueReader(ctx: ReadContext, spec: ParamSpec, label: string): ResolvedTarget["read"] {
  return (args, i, at) => ({ value: readValue(ctx, args[i], spec, label, at), used: args[i] ? 1 : 0 });
}

function resolveTarget(ctx: ReadContext, node: Automate, strip: StripShape): ResolvedTarget | undefined {
  const words = node.target;
  const [first, second, third] = words;
  const whole: Range = words.length ? [words[0].range[0], words[words.length - 1].range[1]] : [node.range[0], node.range[0] + "automate".length];
  const fail = (why: string) => {
    ctx.sink.error("unknown-target", whole, `Cannot automate '${words.map(describe).join(" ")}': ${why}`);
    return undefined;
  };
  if (!first || first.kind !== "Word") return fail("write a target such as gain, pan, send BUS, comp threshold or eq 2 gain.");
  const target = first.text;
  if (target === "gain" && words.length === 1) return { target: { kind: "gain" }, read: valueReader(ctx, SETTINGS.gain, "gain") };
  if (target === "pan" && words.length === 1) {
    if (strip.kind === "master") return fail("the master has no pan.");
    return { target: { kind: "pan" }, read: (args, i, at) => readPan(ctx, args, i, at) };
  }
  if (target === "send") {
    if (second?.kind !== "Word" || words.length !== 2) return fail("write 'automate send BUS'.");
    if (!strip.sends.some((s) => s.to === second.text)) return fail(`this ${strip.kind} has no 'send ${second.text}'; add the send first.`);
    return { target: { kind: "send", to: second.text }, read: valueReader(ctx, SETTINGS.send, `send ${second.text}`) };
  }
  if (target === FX) return resolveFx(ctx, strip, second, third, words.length, fail);
  if (!isEffect(target)) return fail(`it is not gain, pan, send BUS or an effect (${Object.keys(EFFECTS).join(", ")}).`);
  const effect = strip.inserts.findIndex((e) => e.type === target);
  if (effect < 0) return fail(`this ${strip.kind} has no '${target}' block.`);
  if (target === "eq") return resolveBand(ctx, strip, effect, second, third, words.length, fail);
  const params = EFFECTS[target].params as Record<string, ParamSpec>;
  const automatable = Object.keys(params).filter((p) => params[p].automatable);
  if (second?.kind !== "Word" || words.length !== 2 || !automatable.includes(second.text)) {
    return fail(`'${target}' can automate ${automatable.join(", ")}.`);
  }
  return { target: { kind: "effect", effect, param: second.text }, read: valueReader(ctx, params[second.text], `${target} ${second.text}`) };
}

/** `automate fx "effects/tape.dsp" drive`: a slider of the strip's insert of that program. */
function resolveFx(ctx: ReadContext, strip: StripShape, path: Arg | undefined, param: Arg | undefined, count: number, fail: (why: string) => undefined): ResolvedTarget | undefined {
  if (path?.kind !== "String" || param?.kind !== "Word" || count !== 3) return fail(`write '${FX} "effects/NAME.dsp" SLIDER', such as '${FX} "effects/tape.dsp" drive'.`);
  const effect = strip.inserts.findIndex((e) => e.type === FX && e.path === path.value);
  if (effect < 0) return fail(`this ${strip.kind} has no '${FX} "${path.value}"' block.`);
  // Without the port the program is not compiled, so its sliders are unknown (and the model is not rendered).
  const status = ctx.userEffects?.lookup(path.value);
  if (!status?.ok) return undefined;
  const params = status.effect.params;
  if (!Object.prototype.hasOwnProperty.call(params, param.text)) return fail(`${path.value} has the sliders ${Object.keys(params).join(", ") || "(none)"}.`);
  return { target: { kind: "effect", effect, param: param.text }, read: valueReader(ctx, params[param.text], `${path.value} ${param.text}`) };
}

function resolveBand(
  ctx: ReadContext, strip: StripShape, effect: number, band: Arg | undefined, param: Arg | undefined,
  count: number, fail: (why: string) => undefined,
): ResolvedTarget | undefined {
  const eq = strip.inserts[effect];
  const bands = eq.type === "eq" ? eq.bands.length : 0;
  if (band?.kind !== "Number" || band.unit || !Number.isInteger(band.value) || param?.kind !== "Word" || count !== 3) {
    return fail("write 'eq BAND PARAM', such as 'eq 2 gain' for the second band's gain.");
  }
  if (band.value < 1 || band.value > bands) return fail(`the eq has ${bands} band${bands === 1 ? "" : "s"}.`);
  if (!Object.prototype.hasOwnProperty.call(BAND_PARAMS, param.text)) return fail(`a band can automate ${Object.keys(BAND_PARAMS).join(", ")}.`);
  const p = param.text as BandParam;
  return {
    target: { kind: "band", effect, band: band.value - 1, param: p },
    read: valueReader(ctx, BAND_PARAMS[p], `eq ${band.value} ${p}`),
  };
}
