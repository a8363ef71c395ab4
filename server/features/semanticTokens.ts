// Semantic tokens: keywords, names, effects, parameters, numbers, units,
// strings and comments, read off the tree (so they match what the checker sees).
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from "vscode-languageserver";
import type { Arg, Block, BlockItem, Range, TopItem } from "../../core/ast";
import type { SessionState } from "../documents";

const TYPES = ["keyword", "variable", "function", "property", "number", "string", "comment", "enumMember", "operator", "class"] as const;
type TokenType = (typeof TYPES)[number];

export const LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: ["declaration"] };

export function semanticTokens(state: SessionState): SemanticTokens {
  const spans: { range: Range; type: TokenType; decl?: boolean }[] = [];
  const add = (range: Range, type: TokenType, decl = false): void => void spans.push({ range, type, decl });
  const word = (at: number, text: string) => add([at, at + text.length], "keyword");
  const args = (list: Arg[]) => list.forEach((a) => addArg(a, add));
  const block = (b: Block, inEffect: boolean) => b.items.forEach((i) => item(i, inEffect));
  const item = (i: TopItem | BlockItem, inEffect: boolean): void => {
    switch (i.kind) {
      case "Comment":
        return add(i.range, "comment");
      case "Session":
        word(i.range[0], "session");
        if (i.title) add(i.title.range, "string");
        return block(i.body, false);
      case "Input":
      case "Track":
      case "Bus":
        word(i.range[0], i.kind.toLowerCase());
        add(i.nameRange, "class", true);
        return block(i.body, false);
      case "Master":
        word(i.range[0], "master");
        return block(i.body, false);
      case "Effect":
        add(i.nameRange, "function");
        return block(i.body, true);
      case "Automate":
        word(i.range[0], "automate");
        args(i.target);
        return block(i.body, false);
      case "Take":
        word(i.range[0], i.active ? "take" : "alt");
        add(i.path.range, "string");
        if (i.body) block(i.body, false);
        return;
      case "Send":
      case "Out":
      case "InputRef":
        word(i.range[0], i.kind === "InputRef" ? "input" : i.kind.toLowerCase());
        add(i.nameRange, "variable");
        return args(i.args);
      case "Setting":
        if (i.name) add(i.nameRange, inEffect ? "property" : "keyword");
        return args(i.args);
      case "Bad":
        return;
    }
  };
  for (const top of state.analysis.file.items) item(top, false);
  spans.sort((a, b) => a.range[0] - b.range[0]);
  const builder = new SemanticTokensBuilder();
  for (const s of spans) {
    const start = state.doc.positionAt(s.range[0]);
    const end = state.doc.positionAt(s.range[1]);
    if (end.line !== start.line || end.character <= start.character) continue;
    builder.push(start.line, start.character, end.character - start.character, TYPES.indexOf(s.type), s.decl ? 1 : 0);
  }
  return builder.build();
}

function addArg(a: Arg, add: (r: Range, t: TokenType) => void): void {
  switch (a.kind) {
    case "Number":
      if (a.unitRange && a.unitRange[0] > a.range[0]) {
        add([a.range[0], a.range[0] + a.text.length], "number");
        add(a.unitRange, "operator");
      } else add(a.range, "number");
      return;
    case "Clock":
    case "Fraction":
      return add(a.range, "number");
    case "String":
      return add(a.range, "string");
    case "Word":
      return add(a.range, "enumMember");
  }
}
