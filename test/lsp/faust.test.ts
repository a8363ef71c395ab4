// The language server and `fx` programs: diagnostics from the compile, a slider's range,
// slider names completed and shown on hover, and a re-check when the .dsp changes.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CompletionItem, Hover } from "vscode-languageserver";
import { LspClient, pos } from "./client";

const TAPE = 'import("stdfaust.lib");\ndrive = hslider("drive[unit:dB][tooltip:Gain into the saturation.]", 0, 0, 24, 0.1) : ba.db2linear;\ntone = hslider("tone[unit:Hz]", 8000, 500, 20000, 1);\nprocess = *(drive) : ma.tanh : fi.lowpass(1, tone);\n';

describe("lsp: fx (Faust programs)", function () {
  this.timeout(60000);
  let lsp: LspClient;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-lsp-faust-"));
    mkdirSync(join(dir, "effects"));
    writeFileSync(join(dir, "effects", "tape.dsp"), TAPE);
    lsp = LspClient.inProcess();
    await lsp.initialize(dir);
  });
  after(() => {
    lsp.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const uri = () => pathToFileURL(join(dir, "s.session")).href;

  it("completes the program's unset sliders inside an fx block, and shows a slider on hover", async () => {
    const text = 'track t {\n  fx "effects/tape.dsp" {\n    drive 6 dB\n    \n  }\n}\n';
    const diags = await lsp.open(uri(), text);
    assert.deepEqual(diags.filter((d) => d.code !== "take-missing"), []);
    const items = await lsp.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri: uri() }, position: pos(text, "    drive 6 dB\n    \n", "    drive 6 dB\n    ".length) });
    assert.deepEqual(items.map((i) => i.label), ["tone"]);
    const hover = await lsp.request<Hover>("textDocument/hover", { textDocument: { uri: uri() }, position: pos(text, "drive 6", 1) });
    assert.match(JSON.stringify(hover.contents), /Gain into the saturation/);
  });

  it("reports a range error and a compile error with Faust's message and line, re-checked when the .dsp changes", async () => {
    const text = 'track t {\n  fx "effects/tape.dsp" {\n    drive 30 dB\n  }\n}\n';
    const first = await lsp.change(uri(), text);
    assert.ok(first.some((d) => d.code === "out-of-range" && /0 dB to 24 dB/.test(JSON.stringify(d.message))), JSON.stringify(first));
    writeFileSync(join(dir, "effects", "tape.dsp"), 'import("stdfaust.lib");\nprocess = foo + ;\n');
    lsp.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(join(dir, "effects", "tape.dsp")).href, type: 2 }] });
    const deadline = Date.now() + 20000;
    let found = false;
    while (!found && Date.now() < deadline) {
      const d = await lsp.diagnostics(uri(), 2).catch(() => []);
      found = d.some((x) => x.code === "fx-compile" && /tape\.dsp:2 does not compile: syntax error/.test(JSON.stringify(x.message)));
      if (!found) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(found, "the compile error replaces the range error after the .dsp changed");
  });
});
