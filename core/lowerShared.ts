// Small helpers the lowering passes share.
import type { Arg, Setting } from "./ast";
import type { Fix } from "./diagnostics";

export type StripKind = "track" | "bus" | "master";

/** A setting's words as one list: `bar 33 -6 dB` is [bar, 33, -6 dB]. */
export function settingArgs(s: Setting): Arg[] {
  if (!s.name) return s.args;
  return [{ kind: "Word", text: s.name, range: s.nameRange }, ...s.args];
}

/** The quick fix that deletes a whole statement line. */
export function duplicateFix(node: { range: [number, number] }): Fix {
  return { title: "Remove this line", edits: [{ range: node.range, newText: "" }] };
}
