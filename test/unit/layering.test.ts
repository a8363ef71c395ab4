// The one-way import flow (docs/architecture.md, CONVENTIONS.md): grammar ->
// core -> platform -> {server, engine} -> client, the webview only through
// core/protocol. Read from the sources' import lines, so a sideways import
// fails here before it becomes a habit.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { ROOT } from "../helpers";

interface Import {
  file: string;
  spec: string;
  /** The top folder a relative import lands in, or undefined for a package. */
  folder?: string;
  /** Path inside the repository, for relative imports. */
  target?: string;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== "generated") out.push(...sources(full));
    } else if (/\.(ts|mjs)$/.test(name)) out.push(full);
  }
  return out;
}

function importsOf(folder: string): Import[] {
  const found: Import[] = [];
  for (const file of sources(join(ROOT, folder))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^"'\n]*?(?:from\s*)?["']([^"']+)["']|require\(["']([^"']+)["']\)/g)) {
      const spec = m[1] ?? m[2];
      const rel = relative(ROOT, file);
      if (!spec.startsWith(".")) {
        found.push({ file: rel, spec });
        continue;
      }
      const target = relative(ROOT, resolve(dirname(file), spec));
      found.push({ file: rel, spec, target, folder: target.split(sep)[0] });
    }
  }
  return found;
}

const isNode = (spec: string) => spec.startsWith("node:") || builtinModules.includes(spec);
const isVscode = (spec: string) => spec === "vscode";

function violations(folder: string, allowed: (i: Import) => boolean): string[] {
  return importsOf(folder).filter((i) => !allowed(i)).map((i) => `${i.file}: imports '${i.spec}'`);
}

describe("layering: imports flow one way", () => {
  it("core is free of Node, VS Code and every other part", () => {
    assert.deepEqual(violations("core", (i) => (i.folder ? i.folder === "core" : !isNode(i.spec) && !isVscode(i.spec))), []);
  });

  it("platform adapts core to Node and imports nothing else of ours", () => {
    assert.deepEqual(violations("platform", (i) => (i.folder ? ["core", "platform"].includes(i.folder) : !isVscode(i.spec))), []);
  });

  it("the engine never imports the server, the extension, the webview or VS Code", () => {
    assert.deepEqual(violations("engine", (i) => (i.folder ? ["core", "platform", "engine"].includes(i.folder) : !isVscode(i.spec))), []);
  });

  it("the language server never imports the engine, the extension or VS Code", () => {
    assert.deepEqual(violations("server", (i) => (i.folder ? ["core", "platform", "server"].includes(i.folder) : !isVscode(i.spec))), []);
  });

  it("the webview talks to the rest only through core/protocol", () => {
    const ok = (i: Import) => (i.folder ? i.folder === "webview" || i.target!.startsWith(`core${sep}protocol${sep}`) : !isNode(i.spec) && !isVscode(i.spec));
    assert.deepEqual(violations("webview", ok), []);
  });
});
