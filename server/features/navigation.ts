// Go to definition, find references, rename: tracks, buses and inputs,
// following `out`, `send`, `input` and `automate send` references.
import { ResponseError, type Location, type Range as LspRange, type WorkspaceEdit } from "vscode-languageserver";
import type { Range } from "../../core/ast";
import { toLspRange } from "../../core/positions";
import { symbolAt, type SymbolDef } from "../../core/symbols";
import type { SessionState } from "../documents";

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function definition(state: SessionState, offset: number): Location | null {
  const { def } = symbolAt(state.analysis.symbols, offset);
  return def ? { uri: state.doc.uri, range: toLspRange(state.doc, def.nameRange) } : null;
}

/** Every place the name under the cursor is written: its definition and its uses. */
function occurrences(state: SessionState, offset: number): { def?: SymbolDef; name: string; ranges: Range[] } | undefined {
  const { def, ref } = symbolAt(state.analysis.symbols, offset);
  const name = def?.name ?? ref?.name;
  const kind = def?.kind ?? ref?.kind;
  if (!name || !kind) return undefined;
  const { defs, refs } = state.analysis.symbols;
  const ranges = [
    ...defs.filter((d) => d.name === name && d.kind === kind).map((d) => d.nameRange),
    ...refs.filter((r) => r.name === name && r.kind === kind).map((r) => r.range),
  ];
  return { def, name, ranges };
}

export function references(state: SessionState, offset: number, includeDeclaration: boolean): Location[] {
  const found = occurrences(state, offset);
  if (!found) return [];
  return found.ranges
    .filter((r) => includeDeclaration || !found.def || r[0] !== found.def.nameRange[0])
    .map((r) => ({ uri: state.doc.uri, range: toLspRange(state.doc, r) }));
}

export function prepareRename(state: SessionState, offset: number): { range: LspRange; placeholder: string } | null {
  const found = occurrences(state, offset);
  if (!found) return null;
  const here = found.ranges.find((r) => offset >= r[0] && offset <= r[1]) ?? found.ranges[0];
  return { range: toLspRange(state.doc, here), placeholder: found.name };
}

export function rename(state: SessionState, offset: number, newName: string): WorkspaceEdit | null {
  const found = occurrences(state, offset);
  if (!found) return null;
  if (!NAME.test(newName) || newName === "master") {
    throw new ResponseError(1, `'${newName}' cannot be a name: use letters, digits, '_' and '-', starting with a letter (and not 'master').`);
  }
  const taken = state.analysis.symbols.defs.some((d) => d.name === newName && (d.kind === "input") === (found.def?.kind === "input"));
  if (taken) throw new ResponseError(1, `'${newName}' is already used; choose another name.`);
  return { changes: { [state.doc.uri]: found.ranges.map((r) => ({ range: toLspRange(state.doc, r), newText: newName })) } };
}
