// `fx "effects/tape.dsp" { drive 6 dB }`: a Faust program as an insert. Its sliders come
// from the UserEffects port (the catalogue's run-time part) and are read like a built-in's
// parameters; a program that is missing, does not compile or has the wrong channels is a
// diagnostic on the path, carrying Faust's message and the `.dsp` line it names.
import type { Effect, Range, Setting } from "./ast";
import type { FxModel } from "./model";
import { lowerParams } from "./lowerEffect";
import { channelProblem, type UserEffect } from "./userEffects";
import type { ReadContext } from "./values";

/** The effect name that takes a program's path. */
export const FX = "fx";

export function lowerFx(ctx: ReadContext, node: Effect): FxModel | undefined {
  for (const item of node.body.items) {
    if (item.kind !== "Setting" && item.kind !== "Comment" && item.kind !== "Bad") {
      ctx.sink.error("unknown-statement", item.range, `'${FX}' takes only its program's slider values, such as 'drive 6 dB'.`);
    }
  }
  if (!node.path) {
    ctx.sink.error("missing-value", node.nameRange, `'${FX}' needs the path of its Faust program: ${FX} "effects/NAME.dsp" { ... }.`);
    return undefined;
  }
  const path = node.path.value;
  const settings = node.body.items.filter((i): i is Setting => i.kind === "Setting");
  if (!ctx.userEffects) return { type: "fx", path, hash: null, module: null, params: {}, origin: node.range };
  const effect = compiled(ctx, node.path.range, path);
  if (!effect) return undefined;
  const params = lowerParams(ctx, path, effect.params, settings);
  return { type: "fx", path, hash: effect.hash, module: effect.module, params, origin: node.range };
}

function compiled(ctx: ReadContext, at: Range, path: string): UserEffect | undefined {
  const status = ctx.userEffects!.lookup(path);
  if (!status.ok) {
    if (status.code === "missing") {
      ctx.sink.error("fx-missing", at, `Faust program '${path}' does not exist. Write it, or fix the path (it is relative to the session file).`);
    } else if (status.code === "timeout") {
      ctx.sink.error("fx-compile", at, `Faust program ${path} did not compile in time: ${status.message} See docs/effects.md.`);
    } else {
      const where = status.line ? `${path}:${status.line}` : path;
      ctx.sink.error("fx-compile", at, `Faust program ${where} does not compile: ${status.message} Fix the program${status.line ? ` at line ${status.line}` : ""}; see docs/effects.md.`);
    }
    return undefined;
  }
  const channels = channelProblem(status.effect);
  if (channels) {
    ctx.sink.error("fx-compile", at, `Faust program ${path} cannot run as an effect: ${channels}`);
    return undefined;
  }
  return status.effect;
}
