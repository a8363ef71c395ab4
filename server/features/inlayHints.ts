// Inlay hints: the clock time each `bar N` position resolves to.
import { InlayHintKind, type InlayHint } from "vscode-languageserver";
import type { Arg, Block } from "../../core/ast";
import { barSeconds, formatClock } from "../../core/timebase";
import type { SessionState } from "../documents";

export function inlayHints(state: SessionState, from: number, to: number): InlayHint[] {
  const { model, file } = state.analysis;
  if (model.tempo === null) return [];
  const tb = { tempo: model.tempo, meter: model.meter };
  const hints: InlayHint[] = [];
  const visitArgs = (args: Arg[]) => {
    for (let i = 0; i + 1 < args.length; i++) {
      const [w, n] = [args[i], args[i + 1]];
      if (w.kind !== "Word" || w.text !== "bar" || n.kind !== "Number" || n.range[1] < from || n.range[0] > to) continue;
      const [bar, beat] = n.text.split(".").map(Number);
      const seconds = barSeconds(tb, bar, beat || 1);
      if (seconds !== null) hints.push({ position: state.doc.positionAt(n.range[1]), label: `= ${formatClock(seconds)}`, kind: InlayHintKind.Parameter, paddingLeft: true });
    }
  };
  const visit = (block: Block) => {
    for (const item of block.items) {
      if (item.kind === "Setting") visitArgs(item.name ? [{ kind: "Word", text: item.name, range: item.nameRange }, ...item.args] : item.args);
      if ("body" in item && item.body) visit(item.body);
    }
  };
  for (const item of file.items) if ("body" in item) visit(item.body);
  return hints;
}
