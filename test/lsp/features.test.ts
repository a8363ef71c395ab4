// The language server over the real protocol, feature by feature.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CompletionItem, DocumentSymbol, Hover, Location, WorkspaceEdit, CodeAction, TextEdit, FoldingRange, InlayHint, SemanticTokens } from "vscode-languageserver";
import { example, ROOT } from "../helpers";
import { LspClient, pos } from "./client";

const nightDrive = example("night-drive");
const URI = pathToFileURL(nightDrive.path).href;
const BROKEN_URI = pathToFileURL(join(ROOT, "examples", "night-drive", "broken.session")).href;

describe("lsp: features", function () {
  let lsp: LspClient;
  before(async () => {
    lsp = LspClient.inProcess();
    await lsp.initialize(join(ROOT, "examples"));
  });
  after(() => lsp.close());

  const labels = (items: CompletionItem[] | { items: CompletionItem[] }) => (Array.isArray(items) ? items : items.items).map((i) => i.label);
  const completeAt = async (uri: string, text: string, needle: string, delta: number) => {
    await lsp.change(uri, text);
    return labels(await lsp.request("textDocument/completion", { textDocument: { uri }, position: pos(text, needle, delta) }));
  };

  it("publishes no diagnostics for the example, takes included", async () => {
    assert.deepEqual(await lsp.open(URI, nightDrive.text), []);
  });

  it("publishes diagnostics with codes, source and related information", async () => {
    const text = "track a {\n  out drumz\n}\nbus drums {\n}\ntrack a {\n}\n";
    const diags = await lsp.open(BROKEN_URI, text);
    assert.deepEqual(diags.map((d) => [d.code, d.source, d.range.start.line]), [["unknown-name", "mixdown", 1], ["duplicate-name", "mixdown", 5]]);
    assert.match(String(diags[0].message), /Did you mean 'drums'/);
    assert.equal(diags[1].relatedInformation?.[0].location.range.start.line, 0);
  });

  it("offers quick fixes: did you mean, create the bus, add the unit, sort points, remove a duplicate", async () => {
    const text = "track a {\n  out drumz\n  gain -4\n  gain 1 dB\n  automate gain {\n    0:10 1 dB\n    0:05 2 dB\n  }\n}\nbus drums {\n}\n";
    const diags = await lsp.change(BROKEN_URI, text);
    const titles: string[] = [];
    for (const d of diags) {
      const actions = await lsp.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: BROKEN_URI }, range: d.range, context: { diagnostics: [d] } });
      titles.push(...actions.map((a) => a.title));
    }
    for (const t of ["Change to 'drums'", "Create bus 'drumz'", "Add 'dB'", "Sort the points by time", "Remove this line"]) assert.ok(titles.includes(t), `missing ${t} in ${titles}`);
  });

  it("completes statements valid in a track, and effects", async () => {
    const text = nightDrive.text.replace("  gain -4 dB\n", "  gain -4 dB\n  \n");
    const items = await completeAt(URI, text, "  gain -4 dB\n  \n", "  gain -4 dB\n  ".length);
    for (const l of ["take", "pan", "send", "automate", "eq", "reverb", "mute"]) assert.ok(items.includes(l), `${l} in ${items}`);
    assert.ok(!items.includes("gain"), "gain is already set");
    assert.ok(!items.includes("rate"));
  });

  it("completes the parameters of this effect that are not yet set, as snippets", async () => {
    const text = nightDrive.text.replace("    ratio 4\n", "    ratio 4\n    \n");
    await lsp.change(URI, text);
    const result = await lsp.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri: URI }, position: pos(text, "    ratio 4\n    \n", "    ratio 4\n    ".length) });
    assert.deepEqual(result.map((i) => i.label).sort(), ["knee", "makeup"]);
    assert.equal(result.find((i) => i.label === "knee")!.insertText, "knee ${1:6} dB");
  });

  it("completes bus names after out and send, inputs after input", async () => {
    const outText = nightDrive.text.replace("  out drums", "  out ");
    assert.deepEqual((await completeAt(URI, outText, "  out \n", "  out ".length)).sort(), ["drums", "master", "slap", "verb"]);
    const inText = nightDrive.text.replace("  input mic", "  input ");
    assert.deepEqual(await completeAt(URI, inText, "  input \n", "  input ".length), ["mic"]);
  });

  it("completes take paths from the session's folder", async () => {
    const text = nightDrive.text.replace('take "takes/kick.wav"', 'take "takes/');
    const items = await completeAt(URI, text, 'take "takes/', 'take "takes/'.length);
    assert.deepEqual(items, ["takes/kick.wav", "takes/vox-3.wav"]);
  });

  it("completes units after a number, and automation targets", async () => {
    const text = nightDrive.text.replace("    threshold -16 dB", "    threshold -16 ");
    assert.deepEqual(await completeAt(URI, text, "threshold -16 ", "threshold -16 ".length), ["dB"]);
    const auto = nightDrive.text.replace("  automate gain {", "  automate  {");
    const targets = await completeAt(URI, auto, "  automate  {", "  automate ".length);
    for (const t of ["gain", "pan", "send verb", "send slap", "comp threshold", "eq 2 gain"]) assert.ok(targets.includes(t), `${t} in ${targets}`);
  });

  it("keeps completing around a half-typed line", async () => {
    const text = nightDrive.text.replace("  gain -4 dB\n", "  gain -4 dB\n  eq { bell 3\n  \n");
    const items = await completeAt(URI, text, "  eq { bell 3\n  \n", "  eq { bell 3\n  ".length);
    assert.ok(items.includes("pan"), `${items}`);
  });

  it("hovers keywords, effects, parameters, takes and bars", async () => {
    await lsp.change(URI, nightDrive.text);
    const hoverAt = async (needle: string, delta = 1) =>
      (await lsp.request<Hover | null>("textDocument/hover", { textDocument: { uri: URI }, position: pos(nightDrive.text, needle, delta) }))?.contents as { value: string } | undefined;
    assert.match((await hoverAt("comp {"))!.value, /Feed-forward compressor/);
    assert.match((await hoverAt("threshold -16"))!.value, /Range -60 dB to 0 dB; default -20 dB/);
    assert.match((await hoverAt("takes/kick.wav", 2))!.value, /0:20\.000, 48000 Hz, mono, 16-bit PCM, peak -3\.\d dBFS/);
    assert.match((await hoverAt("bar 9"))!.value, /bar 9\*\* is at \*\*0:20\.870\*\*/);
    assert.match((await hoverAt("  send verb", 2))!.value, /Sends a copy/);
  });

  it("goes to definitions, finds references and renames a bus everywhere", async () => {
    const text = nightDrive.text;
    const at = pos(text, "send verb", 6);
    const def = await lsp.request<Location>("textDocument/definition", { textDocument: { uri: URI }, position: at });
    assert.equal(def.range.start.line, pos(text, "bus verb").line);
    const refs = await lsp.request<Location[]>("textDocument/references", { textDocument: { uri: URI }, position: at, context: { includeDeclaration: true } });
    assert.equal(refs.length, 2);
    const edit = await lsp.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri: URI }, position: at, newName: "hall" });
    assert.equal(edit.changes![URI].length, 2);
    await assert.rejects(lsp.request("textDocument/rename", { textDocument: { uri: URI }, position: at, newName: "drums" }), /already used/);
  });

  it("renames automation targets with the bus", async () => {
    const text = "track a {\n  send v -3 dB\n  automate send v {\n    0:00 -3 dB\n  }\n}\nbus v {\n}\n";
    await lsp.change(BROKEN_URI, text);
    const edit = await lsp.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri: BROKEN_URI }, position: pos(text, "bus v", 4), newName: "wet" });
    assert.deepEqual(edit.changes![BROKEN_URI].map((e: TextEdit) => e.range.start.line), [6, 1, 2]);
  });

  it("lists tracks, buses and master in the outline", async () => {
    await lsp.change(URI, nightDrive.text);
    const symbols = await lsp.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: URI } });
    assert.deepEqual(symbols.map((s) => s.name), ["Night Drive", "mic", "kick", "vox", "drums", "verb", "slap", "master"]);
    assert.deepEqual(symbols[2].children!.map((c) => c.name), ["take takes/kick.wav", "eq", "comp"]);
  });

  it("folds blocks, formats, gives semantic tokens, selection ranges and bar inlay hints", async () => {
    const folds = await lsp.request<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri: URI } });
    assert.ok(folds.some((f) => f.startLine === pos(nightDrive.text, "track kick").line));
    const messy = nightDrive.text.replace("  gain -4 dB", "  gain   -4dB");
    await lsp.change(URI, messy);
    const edits = await lsp.request<TextEdit[]>("textDocument/formatting", { textDocument: { uri: URI }, options: { tabSize: 2, insertSpaces: true } });
    assert.equal(edits.length, 1);
    assert.equal(edits[0].newText, nightDrive.text);
    await lsp.change(URI, nightDrive.text);
    const tokens = await lsp.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: URI } });
    assert.ok(tokens.data.length > 5 * 100);
    const hints = await lsp.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } });
    // Bar times only: render-report hints (present after `npm start`) are tested in workspace.test.ts.
    assert.deepEqual(hints.map((h) => h.label).filter((l) => String(l).startsWith("=")), ["= 0:20.870"]);
    const sel = await lsp.request<{ range: unknown; parent?: unknown }[]>("textDocument/selectionRange", { textDocument: { uri: URI }, positions: [pos(nightDrive.text, "ratio 4", 2)] });
    let depth = 0;
    for (let r: { parent?: unknown } | undefined = sel[0]; r; r = r.parent as { parent?: unknown } | undefined) depth++;
    assert.ok(depth >= 4, `selection depth ${depth}`);
  });

  it("updates diagnostics when a take file appears", async () => {
    const text = nightDrive.text.replace("takes/kick.wav", "takes/kick-2.wav");
    const before = await lsp.change(URI, text);
    assert.deepEqual(before.map((d) => d.code), ["take-missing"]);
    const { copyFileSync, rmSync } = await import("node:fs");
    const file = join(ROOT, "examples", "night-drive", "takes", "kick-2.wav");
    copyFileSync(join(ROOT, "examples", "night-drive", "takes", "kick.wav"), file);
    try {
      await lsp.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(file).href, type: 1 }] });
      const deadline = Date.now() + 5000;
      let now = await lsp.diagnostics(URI, 0);
      while (now.length && Date.now() < deadline) now = await new Promise((r) => setTimeout(() => r(lsp.diagnostics(URI, 0)), 20));
      assert.deepEqual(now, []);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
