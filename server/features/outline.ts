// Document symbols (the outline), folding ranges and selection ranges.
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange, type SelectionRange } from "vscode-languageserver";
import type { Block, TopItem } from "../../core/ast";
import { toLspRange } from "../../core/positions";
import type { SessionState } from "../documents";
import { locate } from "./locate";

export function documentSymbols(state: SessionState): DocumentSymbol[] {
  const { doc, analysis } = state;
  const out: DocumentSymbol[] = [];
  for (const item of analysis.file.items) {
    const sym = topSymbol(item);
    if (!sym) continue;
    const children: DocumentSymbol[] = [];
    if ("body" in item) {
      for (const child of item.body.items) {
        if (child.kind === "Effect" || child.kind === "Automate" || child.kind === "Take") {
          const name = child.kind === "Effect" ? child.name : child.kind === "Take" ? `${child.active ? "take" : "alt"} ${child.path.value}` : "automate";
          const sel = child.kind === "Effect" ? child.nameRange : child.range;
          children.push({ name, kind: child.kind === "Take" ? SymbolKind.File : SymbolKind.Function, range: toLspRange(doc, child.range), selectionRange: toLspRange(doc, [sel[0], Math.min(sel[1], child.range[1])]) });
        }
      }
    }
    out.push({ ...sym, range: toLspRange(doc, item.range), selectionRange: toLspRange(doc, sym.sel), children });
  }
  return out;
}

function topSymbol(item: TopItem): { name: string; detail: string; kind: SymbolKind; sel: [number, number] } | undefined {
  switch (item.kind) {
    case "Track":
      return { name: item.name, detail: "track", kind: SymbolKind.Class, sel: item.nameRange };
    case "Bus":
      return { name: item.name, detail: "bus", kind: SymbolKind.Interface, sel: item.nameRange };
    case "Input":
      return { name: item.name, detail: "input", kind: SymbolKind.Variable, sel: item.nameRange };
    case "Master":
      return { name: "master", detail: "master", kind: SymbolKind.Module, sel: [item.range[0], item.range[0] + 6] };
    case "Session":
      return { name: item.title?.value ?? "session", detail: "session", kind: SymbolKind.Namespace, sel: [item.range[0], item.range[0] + 7] };
    default:
      return undefined;
  }
}

export function foldingRanges(state: SessionState): FoldingRange[] {
  const { doc, analysis } = state;
  const out: FoldingRange[] = [];
  const visit = (block: Block) => {
    const start = doc.positionAt(block.range[0]).line;
    const end = doc.positionAt(block.range[1]).line;
    if (end > start) out.push({ startLine: start, endLine: end - (block.closed ? 1 : 0) });
    for (const item of block.items) if ("body" in item && item.body) visit(item.body);
  };
  for (const item of analysis.file.items) {
    if ("body" in item) visit(item.body);
    if (item.kind === "Comment") {
      const line = doc.positionAt(item.range[0]).line;
      const prev = out[out.length - 1];
      if (prev?.kind === FoldingRangeKind.Comment && prev.endLine === line - 1) prev.endLine = line;
      else out.push({ startLine: line, endLine: line, kind: FoldingRangeKind.Comment });
    }
  }
  return out.filter((r) => r.endLine > r.startLine);
}

export function selectionRanges(state: SessionState, offsets: number[]): SelectionRange[] {
  return offsets.map((offset) => {
    const chain = locate(state.analysis.file, offset).chain;
    let range: SelectionRange | undefined;
    for (const node of chain) {
      const next: SelectionRange = { range: toLspRange(state.doc, node.range), parent: range };
      if (!range || next.range.start.line !== range.range.start.line || next.range.start.character !== range.range.start.character || next.range.end.line !== range.range.end.line || next.range.end.character !== range.range.end.character) range = next;
    }
    return range ?? { range: toLspRange(state.doc, [offset, offset]) };
  });
}
