// The last `mixdown test` at each `expect` line, over the real protocol:
// a ✓/✗ inlay hint with the figure, a warning on what failed, kept on its line through edits.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { InlayHint } from "vscode-languageserver";
import { analyze } from "../../core/analyze";
import { testSession } from "../../engine/expect/judge";
import { writeWav } from "../../engine/io/wavWrite";
import { LspClient } from "./client";

const TEXT = 'session {\n  tail 0 s\n}\ntrack vox {\n  take "takes/vox.wav"\n  expect peak below -1 dBFS\n}\nmaster {\n  loudness -16 LUFS\n  expect loudness -16 LUFS within 0.5\n  expect loudness-range below 0 LU\n  expect loudness-range above 30 LU\n}\n';

describe("lsp: expect results", function () {
  this.timeout(60000);
  let dir: string;
  let lsp: LspClient;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-expect-lsp-"));
    mkdirSync(join(dir, "takes"));
    const tone = Float32Array.from({ length: 48000 }, (_, i) => 0.25 * Math.sin(i / 15));
    writeWav(join(dir, "takes", "vox.wav"), [tone, tone], 48000, 24);
    const path = join(dir, "song.session");
    writeFileSync(path, TEXT);
    const result = await testSession({ path, folder: dir, model: analyze(TEXT).model, text: TEXT });
    assert.deepEqual(result.results.map((r) => r.pass), [true, true, true, false]);
    lsp = LspClient.inProcess();
    await lsp.initialize(dir);
  });
  after(async () => {
    await lsp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const hints = (uri: string) =>
    lsp.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } } });

  it("shows ✓ or ✗ and the measured figure at each expect line, and warns on failures", async () => {
    const uri = pathToFileURL(join(dir, "song.session")).href;
    const diags = await lsp.open(uri, TEXT);
    assert.deepEqual(diags.map((d) => [d.code, d.severity, d.range.start.line]), [["expect-failed", 2, 11]]);
    assert.match(String(diags[0].message), /failed in the last 'mixdown test': measured 0\.0 LU/);
    const shown = (await hints(uri)).filter((h) => /^[✓✗]/.test(String(h.label))).map((h) => [String(h.label), h.position.line]);
    assert.deepEqual(shown.map(([, line]) => line), [5, 9, 10, 11]);
    assert.match(String(shown[0][0]), /^✓ -\d+\.\d dBFS$/);
    assert.equal(shown[1][0], "✓ -16.0 LUFS");
    assert.equal(shown[3][0], "✗ 0.0 LU");
  });

  it("keeps each result on its line through edits, and drops results of changed expectations", async () => {
    const uri = pathToFileURL(join(dir, "song.session")).href;
    const edited = TEXT.replace("master {\n", "master {\n  # checked in CI\n\n").replace("above 30 LU", "above 31 LU");
    const diags = await lsp.change(uri, edited);
    assert.deepEqual(diags, []);
    const shown = (await hints(uri)).filter((h) => /^[✓✗]/.test(String(h.label))).map((h) => [String(h.label), h.position.line]);
    assert.deepEqual(shown, [[shown[0][0], 5], ["✓ -16.0 LUFS", 11], ["✓ 0.0 LU", 12]]);
  });
});
