// What only a person sees: the squiggle under a mistake, the Problems panel, the command
// palette running Mixdown's commands and its notification, and a webview's content.
import * as assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { editorText, openFile, openWorkbench, ROOT, runCommand, UI_DEADLINE_MS, webviewFrame, type Workbench } from "./workbench";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "../harness/poll";
import { copyNightDrive } from "../fixtures/sessions";

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

  it("plays the session in the player webview, and shows it in the dark and light themes", async () => {
    const { page, workspace } = bench;
    copyNightDrive(ROOT, workspace);
    // Written after the workbench opened: have the explorer look again instead of waiting for its watcher.
    await runCommand(page, "Refresh Explorer");
    await openFile(page, "night-drive.session");
    // The command shows for a session editor with the focus.
    await page.locator(".editor-instance .monaco-editor .view-lines").first().click();
    await runCommand(page, "Mixdown: Open Player");
    const frame = await webviewFrame(page, `document.getElementById("mixdown-player")?.dataset.state === "stopped"`);
    const marker = frame.locator("#mixdown-player");
    await frame.locator("#play").click();
    await waitFor(async () => ((await marker.getAttribute("data-state")) === "playing" && Number(await marker.getAttribute("data-position")) > 1 ? true : undefined), {
      what: "the player to play past 0:01", timeoutMs: UI_DEADLINE_MS,
    });
    assert.notEqual(await marker.getAttribute("data-played-hash"), "811c9dc5", "it reports a hash of what it played");
    await waitFor(async () => ((await marker.getAttribute("data-overview")) ? true : undefined), { what: "the waveforms", timeoutMs: UI_DEADLINE_MS });
    // Space pauses (the webview has the focus after the click).
    await page.keyboard.press("Space");
    await waitFor(async () => ((await marker.getAttribute("data-state")) === "paused" ? true : undefined), { what: "Space to pause", timeoutMs: UI_DEADLINE_MS });
    // The screenshots in docs/: the player's group maximised, in a dark and a light theme.
    mkdirSync(join(ROOT, "docs"), { recursive: true });
    await runCommand(page, "Maximize Editor Group");
    for (const [theme, file] of [["Dark Modern", "player-dark.png"], ["Light Modern", "player-light.png"]]) {
      await pickTheme(page, theme);
      const kind = theme.startsWith("Dark") ? "vs-dark" : "vs";
      await waitFor(async () => ((await page.locator(`.monaco-workbench.${kind}`).count()) > 0 ? true : undefined), { what: `the ${theme} theme`, timeoutMs: UI_DEADLINE_MS });
      await frame.locator("#play").click();
      await waitFor(async () => (Number(await marker.getAttribute("data-position")) > 8 ? true : undefined), { what: "the player to play on", timeoutMs: UI_DEADLINE_MS });
      await frame.locator("#play").click();
      await page.screenshot({ path: join(ROOT, "docs", file) });
    }
  });
});

/** Preferences: Color Theme, then the theme, both picked with the mouse from the quick input. */
async function pickTheme(page: Page, theme: string): Promise<void> {
  const input = page.locator(".quick-input-widget input");
  const row = (text: string) => page.locator(".quick-input-list .monaco-list-row", { hasText: text }).first();
  await waitFor(async () => {
    if (!(await input.isVisible())) await page.keyboard.press("F1");
    await input.fill(">Preferences: Color Theme").catch(() => undefined);
    return row("Preferences: Color Theme").waitFor({ state: "visible", timeout: 2000 }).then(() => true, () => undefined);
  }, { what: "the Color Theme command", timeoutMs: UI_DEADLINE_MS, intervalMs: 250 });
  await row("Preferences: Color Theme").click();
  await waitFor(async () => {
    await input.fill(theme).catch(() => undefined);
    return row(theme).waitFor({ state: "visible", timeout: 2000 }).then(() => true, () => undefined);
  }, { what: `the theme '${theme}' in the picker`, timeoutMs: UI_DEADLINE_MS, intervalMs: 250 });
  await row(theme).click();
}
