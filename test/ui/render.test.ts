// Rendering as a person does it: "Mixdown: Render Mix" from the palette shows a progress
// notification whose Cancel stops the engine and leaves no file; a finished render shows its
// loudness in the status bar.
import * as assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { copyNightDrive, writeLongSession } from "../fixtures/sessions";
import { waitFor } from "../harness/poll";
import { openWorkbench, quickOpen, ROOT, runCommand, UI_DEADLINE_MS, type Workbench } from "./workbench";

describe("rendering from the palette", function () {
  this.timeout(120_000);
  let bench: Workbench;

  before(async () => {
    bench = await openWorkbench();
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed") console.log(`    screenshot: ${await bench.screenshot(this.currentTest.fullTitle())}`);
    await bench.page.keyboard.press("Escape");
  });

  after(async () => {
    await bench?.close();
  });

  /** Clicks the lens above `master` that runs Render Mix. */
  async function clickRenderLens(): Promise<void> {
    const lens = bench.page.locator(".codelens-decoration a", { hasText: /^\W*Render$/ }).first();
    await lens.waitFor({ state: "visible", timeout: UI_DEADLINE_MS });
    await lens.click();
  }

  it("cancels a long render (started from the Render lens) from its progress notification, leaving no file", async () => {
    const dir = join(bench.workspace, "long");
    mkdirSync(dir);
    // Half an hour of timeline: long enough that the click always comes before the end.
    writeLongSession(ROOT, dir, 30);
    await quickOpen(bench.page, "long/long.session");
    await clickRenderLens();
    const toast = bench.page.locator(".notifications-toasts .notification-toast", { hasText: "Mixdown: Rendering" }).first();
    await toast.waitFor({ state: "visible", timeout: UI_DEADLINE_MS });
    await bench.page.locator(".statusbar-item", { hasText: "rendering" }).first().waitFor({ state: "visible", timeout: UI_DEADLINE_MS });
    await toast.hover();
    await toast.getByRole("button", { name: "Cancel" }).click();
    await toast.waitFor({ state: "hidden", timeout: UI_DEADLINE_MS });
    const renders = join(dir, "renders");
    await waitFor(() => (!existsSync(renders) || readdirSync(renders).length === 0 ? true : undefined), {
      what: `no file left in ${renders} (there: ${existsSync(renders) ? readdirSync(renders).join(", ") : "none"})`, timeoutMs: UI_DEADLINE_MS,
    });
    assert.ok(!existsSync(join(renders, "long-mix.wav")));
  });

  it("renders night-drive from the palette and shows its loudness and true peak in the status bar", async () => {
    const dir = join(bench.workspace, "night-drive");
    mkdirSync(dir);
    copyNightDrive(ROOT, dir);
    await quickOpen(bench.page, "night-drive/night-drive.session");
    await runCommand(bench.page, "Mixdown: Render Mix");
    const item = bench.page.locator(".statusbar-item", { hasText: /mix -\d+\.\d LUFS · -\d+\.\d dBTP/ }).first();
    await item.waitFor({ state: "visible", timeout: 60_000 });
    assert.ok(existsSync(join(dir, "renders", "night-drive-mix.wav")));
  });
});
