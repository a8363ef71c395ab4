// Markdown documentation from the catalogue and the statement table.
import { BANDS, EFFECTS, effectParams, type BandSpec, type EffectType, type ParamSpec } from "../../core/catalogue";
import { STATEMENTS } from "../../core/statements";
import { formatValue } from "../../core/units";

export function paramDoc(name: string, spec: ParamSpec): string {
  const range = `${formatValue(spec.kind, spec.min)} to ${formatValue(spec.kind, spec.max)}`;
  return [
    `**${name}**: ${spec.doc}`,
    "",
    `Range ${range}; default ${formatValue(spec.kind, spec.default)}${spec.note ? "; also a note value such as `1/8`" : ""}.`,
    spec.automatable ? "Automatable." : "Not automatable.",
  ].join("\n");
}

export function effectDoc(type: EffectType): string {
  const lines = [`**${type}**: ${EFFECTS[type].doc}`, ""];
  if (type === "eq") {
    lines.push("| band | written |", "|---|---|");
    for (const [name, b] of Object.entries(BANDS) as [string, BandSpec][]) {
      lines.push(`| \`${name}\` | \`${[name, ...b.positional, ...b.named.map((n) => `[${n} N]`)].join(" ")}\` |`);
    }
    return lines.join("\n");
  }
  lines.push("| parameter | range | default |", "|---|---|---|");
  for (const [name, spec] of Object.entries(effectParams(type))) {
    lines.push(`| \`${name}\` | ${formatValue(spec.kind, spec.min)} to ${formatValue(spec.kind, spec.max)} | ${formatValue(spec.kind, spec.default)} |`);
  }
  return lines.join("\n");
}

export function statementDoc(name: string): string | undefined {
  const spec = STATEMENTS[name];
  return spec ? `**${name}**: ${spec.doc}\n\n\`\`\`\n${spec.syntax}\n\`\`\`` : undefined;
}

export function bandDoc(name: keyof typeof BANDS): string {
  const b: BandSpec = BANDS[name];
  return `**${name}** (EQ band): ${b.doc}\n\n\`${[name, ...b.positional, ...b.named.map((n) => `[${n} N]`)].join(" ")}\``;
}
