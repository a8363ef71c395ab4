// Several sessions in several folders at once, and render reports.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { InlayHint } from "vscode-languageserver";
import { REPORT_VERSION, reportPath, type RenderReport } from "../../core/protocol/report";
import { ROOT } from "../helpers";
import { LspClient } from "./client";

describe("lsp: workspaces", () => {
  let root: string;
  let lsp: LspClient;
  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), "mixdown-ws-"));
    for (const f of ["a", "b"]) mkdirSync(join(root, f, "takes"), { recursive: true });
    copyFileSync(join(ROOT, "examples", "podcast", "takes", "host.wav"), join(root, "a", "takes", "x.wav"));
    lsp = LspClient.inProcess();
    await lsp.initialize(root);
  });
  afterEach(async () => {
    await lsp.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("checks each open session against the takes of its own folder", async () => {
    const text = 'track t {\n  take "takes/x.wav"\n}\n';
    const a = await lsp.open(pathToFileURL(join(root, "a", "s.session")).href, text);
    const b = await lsp.open(pathToFileURL(join(root, "b", "s.session")).href, text);
    assert.deepEqual(a, []);
    assert.deepEqual(b.map((d) => d.code), ["take-missing"]);
  });

  it("shows each track's peak and loudness from the last render's report", async () => {
    const session = join(root, "a", "song.session");
    const text = 'track t {\n  take "takes/x.wav"\n}\n';
    writeFileSync(session, text);
    const report: RenderReport = { version: REPORT_VERSION, output: "renders/song-mix.wav", duration: 12, integrated: -16.2, truePeak: -1.1, sha256: "0".repeat(64), tracks: [{ id: "t", peak: -3.14, loudness: -18.25 }] };
    mkdirSync(join(root, "a", "renders"));
    writeFileSync(join(root, "a", reportPath("song")), JSON.stringify(report));
    const uri = pathToFileURL(session).href;
    await lsp.open(uri, text);
    const hints = await lsp.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } } });
    assert.deepEqual(hints.map((h) => [h.label, h.position]), [["peak -3.1 dBFS · -18.3 LUFS", { line: 0, character: 9 }]]);
  });
});
