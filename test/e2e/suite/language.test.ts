// What the language server gives the editor: diagnostics (what the Problems panel lists comes from
// here) and the outline (document symbols) of a session.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { closeAllEditors, mixdownDiagnostics, openSession, outline, SERVER_DEADLINE_MS, waitFor, workspaceFile } from "./session";

describe("diagnostics in the editor", () => {
  afterEach(closeAllEditors);

  it("lists the unknown bus of broken.session, at the misspelt name, with a suggestion", async () => {
    const { doc } = await openSession("broken.session");
    const diagnostics = await mixdownDiagnostics(doc.uri);
    assert.equal(diagnostics.length, 1, `expected one problem, got: ${diagnostics.map((d) => d.message).join("; ")}`);
    const [problem] = diagnostics;
    assert.equal(problem.message, "No bus named 'drumz'. Did you mean 'drums'?");
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(problem.range), "drumz");
    assert.equal(problem.range.start.line, 12, "line 13 of broken.session says `out drumz`");
  });

  it("shows the problem in the workspace-wide list the Problems panel reads", async () => {
    const { doc } = await openSession("broken.session");
    await mixdownDiagnostics(doc.uri);
    const all = vscode.languages.getDiagnostics();
    const entry = all.find(([uri]) => uri.toString() === workspaceFile("broken.session").toString());
    assert.ok(entry, "broken.session is missing from the workspace diagnostics");
    assert.ok(entry[1].some((d) => d.source === "mixdown" && d.message.includes("drumz")));
  });

  it("clears the problem once the name is fixed", async () => {
    const { doc, editor } = await openSession("broken.session");
    const [problem] = await mixdownDiagnostics(doc.uri);
    assert.ok(await editor.edit((edit) => edit.replace(problem.range, "drums")), "the editor refused the edit");
    assert.equal(doc.lineAt(12).text.trim(), "out drums");
    await waitForNoDiagnostics(doc.uri);
  });
});

describe("outline", () => {
  afterEach(closeAllEditors);

  it("lists the tracks, the bus and the master of broken.session, in order", async () => {
    const { doc } = await openSession("broken.session");
    const symbols = await outline(doc.uri);
    const top = symbols.map((s) => s.name);
    for (const name of ["kick", "bass", "drums", "master"]) assert.ok(top.includes(name), `the outline lacks '${name}': ${top.join(", ")}`);
    assert.ok(top.indexOf("kick") < top.indexOf("bass") && top.indexOf("bass") < top.indexOf("drums"), `out of order: ${top.join(", ")}`);
  });

  it("gives tracks and buses different kinds, and selects the name", async () => {
    const { doc } = await openSession("broken.session");
    const symbols = await outline(doc.uri);
    const kick = symbols.find((s) => s.name === "kick");
    const drums = symbols.find((s) => s.name === "drums");
    assert.ok(kick && drums, "kick and drums are in the outline");
    assert.notEqual(kick.kind, drums.kind, "a track and a bus look the same in the outline");
    assert.equal(doc.getText(kick.selectionRange), "kick");
    assert.ok(kick.range.contains(kick.selectionRange));
    assert.equal(kick.kind, vscode.SymbolKind.Class);
  });
});

async function waitForNoDiagnostics(uri: vscode.Uri): Promise<void> {
  await waitFor(() => {
    const left = vscode.languages.getDiagnostics(uri).filter((d) => d.source === "mixdown");
    if (left.length === 0) return true;
    throw new Error(`still listed: ${left.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join("; ")}`);
  }, {
    what: "the diagnostics to clear after the fix",
    timeoutMs: SERVER_DEADLINE_MS,
  });
}
