// A code-server workbench in headless Chromium, with the extension installed from this checkout
// (linked into the extensions folder), on a scratch copy of test/e2e/workspace; and what a person does in
// it: open a file, run a command from the palette, read the Problems panel, find a webview.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Frame, Locator, Page } from "playwright-core";
import { copyWorkspace } from "../e2e/launch/bundle";
import { launchBrowser, startCodeServer, type BrowserSession, type CodeServer } from "../harness/codeServer";
import { waitFor } from "../harness/poll";
import { makeScratch, type Scratch } from "../harness/scratch";
import { provisioned } from "../provision";

export const ROOT = join(__dirname, "..", "..");

/** How long the workbench may take to show something after an action. */
export const UI_DEADLINE_MS = 30_000;

export interface Workbench {
  readonly page: Page;
  readonly workspace: string;
  close(): Promise<void>;
  /** Saves a screenshot under .cache/ui-screenshots/ and returns its path. */
  screenshot(name: string): Promise<string>;
}

/** Extra files the UI tests open besides the e2e workspace. */
const EXTRA_FILES: Record<string, string> = {};

/** Starts code-server and Chromium and waits for the explorer to list the workspace. */
export async function openWorkbench(): Promise<Workbench> {
  const provision = provisioned(ROOT);
  const editor = provision.editor();
  if (!editor.ok) throw new Error(`the UI suite needs code-server: ${editor.reason}`);
  if (!provision.browser.ok) throw new Error(`the UI suite needs Chromium: ${provision.browser.reason}`);
  const scratch: Scratch = makeScratch("ui");
  const workspace = copyWorkspace(ROOT, join(scratch.dir, "workspace"));
  for (const [name, text] of Object.entries(EXTRA_FILES)) writeFileSync(join(workspace, name), text);
  let codeServer: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await codeServer?.stop();
    scratch.remove();
  };
  try {
    // Installed the way a user has it, not as a development extension: the smoke-test driver that
    // loads development extensions also hides notification toasts.
    codeServer = await startCodeServer({ editor: editor.value, scratch, smokeTestDriver: false, installed: { [extensionFolder()]: ROOT } });
    browser = await launchBrowser(provision.browser.value, scratch);
    const page = browser.page;
    await page.goto(codeServer.url(workspace));
    await explorerRow(page, "broken.session").waitFor({ state: "visible", timeout: 60_000 });
    return { page, workspace, close, screenshot: (name) => screenshot(page, name) };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The folder name an installed copy of this extension has: publisher.name-version. */
function extensionFolder(): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { publisher: string; name: string; version: string };
  return `${manifest.publisher}.${manifest.name}-${manifest.version}`;
}

async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(ROOT, ".cache", "ui-screenshots");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name.replace(/[^\w.-]+/g, "-")}.png`);
  await page.screenshot({ path });
  return path;
}

export function explorerRow(page: Page, name: string): Locator {
  return page.locator(".explorer-folders-view .monaco-list-row", { hasText: name }).first();
}

/** Opens a file from the explorer and waits for its tab to be the active one. */
export async function openFile(page: Page, name: string): Promise<void> {
  await explorerRow(page, name).click();
  await page.locator(".tabs-container .tab.active", { hasText: name }).waitFor({ state: "visible", timeout: UI_DEADLINE_MS });
  await page.locator(".editor-instance .monaco-editor .view-lines").first().waitFor({ state: "visible", timeout: UI_DEADLINE_MS });
}

/**
 * Opens a file by its path in the workspace through Quick Open (which searches the disk, so it
 * finds files written after the workbench opened, without the explorer's tree to click through).
 */
export async function quickOpen(page: Page, path: string): Promise<void> {
  const name = path.split("/").pop()!;
  const input = page.locator(".quick-input-widget input");
  await waitFor(
    async () => {
      if (!(await input.isVisible())) await page.keyboard.press("Control+P");
      return input.waitFor({ state: "visible", timeout: 3000 }).then(() => true, () => undefined);
    },
    { what: "Quick Open to open", timeoutMs: UI_DEADLINE_MS, intervalMs: 10 },
  );
  await input.fill(path);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().waitFor({ state: "visible", timeout: UI_DEADLINE_MS });
  await page.keyboard.press("Enter");
  await page.locator(".tabs-container .tab.active", { hasText: name }).waitFor({ state: "visible", timeout: UI_DEADLINE_MS });
  await page.locator(".editor-instance .monaco-editor .view-lines").first().waitFor({ state: "visible", timeout: UI_DEADLINE_MS });
}

/**
 * F1, type the command's title, wait for it to be listed, Enter. A command
 * whose `when` needs a trusted folder is not listed until a freshly opened
 * workbench has settled its trust state (once seen unlisted for 30 s after
 * the workbench opened, with the other suites running): until it is listed,
 * close the palette and look again, for up to three UI deadlines.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator(".quick-input-widget input");
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
  await waitFor(
    async () => {
      // A keypress sent while the workbench is busy can be lost: press again until the palette shows.
      if (!(await input.isVisible())) await page.keyboard.press("F1");
      if (!(await input.waitFor({ state: "visible", timeout: 3000 }).then(() => true, () => false))) return undefined;
      await input.fill(`>${title}`);
      if (await row.waitFor({ state: "visible", timeout: 3000 }).then(() => true, () => false)) return true;
      await page.keyboard.press("Escape");
      return undefined;
    },
    { what: `'${title}' in the command palette`, timeoutMs: 3 * UI_DEADLINE_MS, intervalMs: 250 },
  );
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden", timeout: UI_DEADLINE_MS });
}

/** The visible text of the active editor, spaces normalised. */
export async function editorText(page: Page): Promise<string> {
  const lines = page.locator(".editor-instance .monaco-editor .view-lines").first();
  return (await lines.innerText()).replace(/\u00a0/g, " ");
}

/** Waits for a webview frame whose document satisfies `test` (it runs inside the frame). */
export function webviewFrame(page: Page, test: string): Promise<Frame> {
  return waitFor(
    async () => {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        const found = await frame.evaluate(test).catch(() => false);
        if (found === true) return frame;
      }
      return undefined;
    },
    { what: `a webview where ${test}`, timeoutMs: UI_DEADLINE_MS, intervalMs: 250 },
  );
}
