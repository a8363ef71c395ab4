// Inlay hints: the clock time each `bar N` position resolves to, and after a
// render, each track's peak and loudness at its header (from the report);
// after `mixdown test`, the measured figure at each `expect` line.
import { InlayHintKind, type InlayHint } from "vscode-languageserver";
import type { Arg, Block } from "../../core/ast";
import { barSeconds, formatClock } from "../../core/timebase";
import type { SessionState } from "../documents";
import { lastReport } from "../sessionFiles";
import { expectHints } from "./expectResults";

export function inlayHints(state: SessionState, from: number, to: number): InlayHint[] {
  const hints = [...reportHints(state, from, to), ...expectHints(state, from, to)];
  const { model, file } = state.analysis;
  if (model.tempo === null) return hints;
  const tb = { tempo: model.tempo, meter: model.meter };
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

/** `peak -3.1 dBFS · -18.2 LUFS` after each track's `{`, from the last render. */
function reportHints(state: SessionState, from: number, to: number): InlayHint[] {
  const report = lastReport(state.doc.uri);
  if (!report) return [];
  const hints: InlayHint[] = [];
  for (const item of state.analysis.file.items) {
    if (item.kind !== "Track" || item.range[0] > to || item.body.range[0] < from) continue;
    const t = report.tracks.find((r) => r.id === item.name);
    if (!t) continue;
    const loudness = t.loudness === null ? "silent" : `${t.loudness.toFixed(1)} LUFS`;
    hints.push({ position: state.doc.positionAt(item.body.range[0] + 1), label: `peak ${t.peak === null ? "-inf" : t.peak.toFixed(1)} dBFS · ${loudness}`, paddingLeft: true });
  }
  return hints;
}
