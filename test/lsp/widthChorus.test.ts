// The language server offers width and chorus, and their parameters.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CompletionItem } from "vscode-languageserver";
import { ROOT } from "../helpers";
import { LspClient, pos } from "./client";

const URI = pathToFileURL(join(ROOT, "examples", "night-drive", "palette.session")).href;

describe("lsp: width and chorus", function () {
  let lsp: LspClient;
  before(async () => {
    lsp = LspClient.inProcess();
    await lsp.initialize(join(ROOT, "examples"));
  });
  after(() => lsp.close());

  const labels = (items: CompletionItem[] | { items: CompletionItem[] }) => (Array.isArray(items) ? items : items.items).map((i) => i.label);

  it("completes width and chorus as effects in a track, and their parameters inside them", async () => {
    const text = "track a {\n  \n}\nbus b {\n  width {\n    \n  }\n  chorus {\n    \n  }\n}\n";
    await lsp.open(URI, text);
    const completeAt = async (offset: number) => labels(await lsp.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri: URI }, position: pos(text, "track", offset) }));
    const effects = await completeAt("track a {\n  ".length);
    for (const l of ["width", "chorus"]) assert.ok(effects.includes(l), `${l} in ${effects}`);
    const widthAt = text.indexOf("width {\n    ") + "width {\n    ".length;
    assert.deepEqual((await completeAt(widthAt)).sort(), ["amount", "mono-below"]);
    const chorusAt = text.indexOf("chorus {\n    ") + "chorus {\n    ".length;
    assert.deepEqual((await completeAt(chorusAt)).sort(), ["delay", "depth", "feedback", "mix", "rate"]);
  });
});
