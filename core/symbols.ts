// Names: where tracks, buses and inputs are defined and where they are used.
// The language server's definition, references and rename read this too.
import type { Arg, FileNode, Range, Strip, WordArg } from "./ast";

export type DefKind = "track" | "bus" | "input";

export interface SymbolDef {
  kind: DefKind;
  name: string;
  nameRange: Range;
  range: Range;
}

export interface SymbolRef {
  /** What the name must be: a bus (`out`, `send`, `automate send`) or an input. */
  kind: "bus" | "input";
  name: string;
  range: Range;
  via: "out" | "send" | "input" | "automate";
  /** The strip the reference is written in (its name, or "master"). */
  owner: string;
}

export interface Symbols {
  defs: SymbolDef[];
  refs: SymbolRef[];
}

export function collectSymbols(file: FileNode): Symbols {
  const defs: SymbolDef[] = [];
  const refs: SymbolRef[] = [];
  for (const item of file.items) {
    if (item.kind === "Track" || item.kind === "Bus" || item.kind === "Input") {
      const kind = item.kind === "Track" ? "track" : item.kind === "Bus" ? "bus" : "input";
      defs.push({ kind, name: item.name, nameRange: item.nameRange, range: item.range });
    }
    if (item.kind === "Track" || item.kind === "Bus" || item.kind === "Master") collectRefs(item, refs);
  }
  return { defs, refs };
}

function collectRefs(strip: Strip, refs: SymbolRef[]): void {
  const owner = strip.kind === "Master" ? "master" : strip.name;
  for (const item of strip.body.items) {
    if (item.kind === "Out" && item.name !== "master") {
      refs.push({ kind: "bus", name: item.name, range: item.nameRange, via: "out", owner });
    } else if (item.kind === "Send") {
      refs.push({ kind: "bus", name: item.name, range: item.nameRange, via: "send", owner });
    } else if (item.kind === "InputRef") {
      refs.push({ kind: "input", name: item.name, range: item.nameRange, via: "input", owner });
    } else if (item.kind === "Automate") {
      const word = automatedSend(item.target);
      if (word) refs.push({ kind: "bus", name: word.text, range: word.range, via: "automate", owner });
    }
  }
}

/** The bus name in `automate send NAME`, if that is the target. */
export function automatedSend(target: Arg[]): WordArg | undefined {
  const [first, second] = target;
  return first?.kind === "Word" && first.text === "send" && second?.kind === "Word" ? second : undefined;
}

/** The definition whose name or reference covers `offset`, for rename and go-to. */
export function symbolAt(symbols: Symbols, offset: number): { def?: SymbolDef; ref?: SymbolRef } {
  const inside = (r: Range) => offset >= r[0] && offset <= r[1];
  const def = symbols.defs.find((d) => inside(d.nameRange));
  if (def) return { def };
  const ref = symbols.refs.find((r) => inside(r.range));
  return ref ? { ref, def: symbols.defs.find((d) => d.name === ref.name && d.kind === ref.kind) } : {};
}
