// Generates core/generated/parser.js (+ .d.ts) from grammar/session.peggy.
// Run by esbuild.mjs before bundling, and by `npm run grammar`.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import peggy from "peggy";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const grammarPath = join(root, "grammar", "session.peggy");
const outDir = join(root, "core", "generated");
const STAMP = "// Generated from grammar/session.peggy by grammar/build.mjs. Do not edit.\n";

export function buildGrammar() {
  const source = readFileSync(grammarPath, "utf8");
  const code = peggy.generate(source, {
    output: "source",
    format: "commonjs",
    grammarSource: "grammar/session.peggy",
    allowedStartRules: ["File"],
  });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "parser.js"), STAMP + code);
  writeFileSync(join(outDir, "parser.d.ts"), STAMP + DTS);
}

// The parser's typed surface: it returns the File node described in core/ast.ts.
const DTS = `import type { FileNode } from "../ast";

export interface ParseOptions {
  grammarSource?: unknown;
  startRule?: "File";
}

export interface SyntaxErrorLocation {
  start: { offset: number; line: number; column: number };
  end: { offset: number; line: number; column: number };
}

export declare class SyntaxError extends Error {
  location: SyntaxErrorLocation;
  expected: unknown[] | null;
  found: string | null;
}

export declare function parse(input: string, options?: ParseOptions): FileNode;
export declare const StartRules: string[];
`;

if (process.argv[1] === fileURLToPath(import.meta.url)) buildGrammar();
