// What only a person sees: the squiggle under a mistake, the Problems panel, the command
// palette running Mixdown's commands and its notification, and a webview's content.
import * as assert from "node:assert/strict";
import { editorText, openFile, openWorkbench, runCommand, UI_DEADLINE_MS, webviewFrame, type Workbench } from "./workbench";
import { waitFor } from "../harness/poll";

describe("the workbench in a browser", function () {
  this.timeout(120_000);
  let bench: Workbench;

  before(async () => {
    bench = await openWorkbench();
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed") {
      console.log(`    screenshot: ${await bench.screenshot(this.currentTest.fullTitle())}`);
    }
    await bench.page.keyboard.press("Escape");
  });

  after(async () => {
    await bench?.close();
  });

  it("underlines the misspelt bus name with an error squiggle", async () => {
    const { page } = bench;
    await openFile(page, "broken.session");
    const squiggle = page.locator(".editor-instance .monaco-editor .squiggly-error").first();
    await squiggle.waitFor({ state: "attached", timeout: UI_DEADLINE_MS });
    await page.locator(".editor-instance .view-line", { hasText: "out drumz" }).first().hover();
    assert.ok((await page.locator(".squiggly-error").count()) >= 1);
  });

  it("lists the problem in the Problems panel, with its message and source", async () => {
    const { page } = bench;
    await openFile(page, "broken.session");
    await runCommand(page, "Problems: Focus on Problems View");
    const row = page.locator(".markers-panel .monaco-list-row", { hasText: "No bus named 'drumz'. Did you mean 'drums'?" }).first();
    await row.waitFor({ state: "visible", timeout: UI_DEADLINE_MS });
    const text = (await row.innerText()).replace(/\s+/g, " ");
    assert.match(text, /mixdown/, `the row should name its source: ${text}`);
    assert.match(text, /\[Ln 13, Col 7\]/, `the row should point at line 13, column 7: ${text}`);
    const status = page.locator(".statusbar-item", { hasText: /1/ }).filter({ has: page.locator(".codicon-error") }).first();
    await status.waitFor({ state: "visible", timeout: UI_DEADLINE_MS });
  });

  it("lists the tracks, the bus and the master in the Outline view", async () => {
    const { page } = bench;
    await openFile(page, "broken.session");
    await runCommand(page, "Explorer: Focus on Outline View");
    const outline = page.locator(".pane", { has: page.locator(".pane-header", { hasText: "Outline" }) });
    for (const name of ["kick", "bass", "drums", "master"]) {
      await outline.locator(".monaco-list-row", { hasText: name }).first().waitFor({ state: "visible", timeout: UI_DEADLINE_MS });
    }
  });

  it("runs 'Mixdown: Check Session' from the palette and says how many problems", async () => {
    const { page } = bench;
    await openFile(page, "broken.session");
    await runCommand(page, "Mixdown: Check Session");
    const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "Mixdown: 1 problem" }).first();
    await toast.waitFor({ state: "visible", timeout: UI_DEADLINE_MS });
  });

  it("runs 'Mixdown: Format Session' from the palette and shows the canonical text", async () => {
    const { page } = bench;
    await openFile(page, "messy.session");
    assert.match(await editorText(page), /rate {3}48kHz/);
    await runCommand(page, "Mixdown: Format Session");
    await waitFor(async () => ((await editorText(page)).includes("rate 48 kHz") ? true : undefined), {
      what: "the formatted text in the editor",
      timeoutMs: UI_DEADLINE_MS,
    });
    const text = await editorText(page);
    assert.match(text, /^ {2}gain -2 dB$/m);
    assert.match(text, /^ {2}loudness -14 LUFS$/m);
    await runCommand(page, "File: Revert File");
  });

  it("reaches into a webview's document (a Markdown preview, until the player exists)", async () => {
    const { page } = bench;
    await openFile(page, "notes.md");
    await runCommand(page, "Markdown: Open Preview to the Side");
    const frame = await webviewFrame(page, `document.querySelector("h1")?.textContent?.trim() === "Mixing notes"`);
    const paragraph = await frame.locator("p").first().innerText();
    assert.match(paragraph, /webview test/);
  });
});
