// Checks across an effect's parameters: the catalogue's `ascending` lists
// (the crossovers of a `multiband`) must rise. A value at 0, where the
// parameter's range allows 0, is off and skipped.
import type { Range, Setting } from "./ast";
import { EFFECTS, type EffectSpec, type EffectType } from "./catalogue";
import { formatValue } from "./units";
import type { ReadContext } from "./values";

/** Reports `crossover-order` on the first parameter of `type`'s `ascending` list that is not above the one before. */
export function checkAscending(ctx: ReadContext, type: EffectType, params: Readonly<Record<string, number>>, settings: readonly Setting[], at: Range): void {
  const spec: EffectSpec = EFFECTS[type];
  const order = spec.ascending;
  if (!order) return;
  const written = (name: string) => settings.find((s) => s.name === name);
  const shown = (name: string) => `${name} ${formatValue(spec.params[name].kind, params[name])}${written(name) ? "" : " (its default)"}`;
  let previous: string | undefined;
  for (const name of order) {
    if (params[name] === 0 && spec.params[name].min === 0) continue;
    if (previous !== undefined && !(params[name] > params[previous])) {
      const line = written(name) ?? written(previous);
      ctx.sink.error(
        "crossover-order",
        line?.range ?? at,
        `'${type}' crossovers must rise: ${shown(name)} is not above ${shown(previous)}. Write them from low to high: ${order.join(" < ")}.`,
      );
      return;
    }
    previous = name;
  }
}
