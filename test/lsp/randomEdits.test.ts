// Random edits never crash the server or leave stale diagnostics: after any
// sequence of incremental changes, the published diagnostics are those of
// the final text.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { analyze } from "../../core/analyze";
import { example } from "../helpers";
import { LspClient } from "./client";

const pieces = ["{", "}", "\n", " ", "#", '"', "track x {", "gain", "-4", "dB", "eq {", "bell 1 kHz", "1/8", "bar 3", "automate gain {", "out verb", "%"];

const editArb = fc.tuple(fc.nat(), fc.nat(30), fc.constantFrom(...pieces));

describe("lsp: random edits", () => {
  let lsp: LspClient;
  before(async () => {
    lsp = LspClient.inProcess();
    await lsp.initialize();
  });
  after(() => lsp.close());

  it("publishes the diagnostics of the final text after any edits", async () => {
    const seed = example("band").text;
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 8 }), async (edits) => {
      const uri = `untitled:random-${run++}.session`;
      await lsp.open(uri, seed);
      let text = seed;
      let version = 1;
      for (const [at, len, piece] of edits) {
        const start = at % (text.length + 1);
        const end = Math.min(text.length, start + len);
        const range = { start: position(text, start), end: position(text, end) };
        text = text.slice(0, start) + piece + text.slice(end);
        version++;
        await lsp.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range, text: piece }] });
      }
      const published = await lsp.diagnostics(uri, version);
      const expected = analyze(text).diagnostics.map((d) => `${d.code}:${d.message}`);
      assert.deepEqual(published.map((d) => `${d.code}:${d.message}`), expected);
      await lsp.notify("textDocument/didClose", { textDocument: { uri } });
    }), { numRuns: 60 });
  });
});

function position(text: string, offset: number) {
  const before = text.slice(0, offset);
  const line = before.split("\n").length - 1;
  return { line, character: offset - (before.lastIndexOf("\n") + 1) };
}
