// Render Mix, Master and Cancel in the real editor: the commands run the engine in its own
// process on a scratch copy of examples/night-drive inside the test workspace, the files appear,
// and they measure (with the engine's own meter) what the reports say.
import * as assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { MixdownApi } from "../../../client/extension";
import type { JobOutcome } from "../../../client/engineJobs";
import type { MasterResult, RenderResult } from "../../../core/protocol/render";
import { parseReport } from "../../../core/protocol/report";
import { copyNightDrive, measureFile, writeLongSession } from "../../fixtures/sessions";
import { closeAllEditors, EXTENSION_ID, openSession, waitFor, workspaceFile } from "./session";

function extensionRoot(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  return extension.extensionPath;
}

function api(): MixdownApi {
  return vscode.extensions.getExtension<MixdownApi>(EXTENSION_ID)!.exports;
}

/** A fresh folder inside the workspace (the scratch copy), with `make` run in it. */
function scratchFolder(name: string, make: (root: string, dir: string) => string): string {
  const dir = workspaceFile(name).fsPath;
  mkdirSync(dir, { recursive: true });
  return make(extensionRoot(), dir);
}

function ok<R>(outcome: JobOutcome<R> | undefined): R {
  assert.ok(outcome, "the command returned nothing");
  assert.ok(outcome.ok, `the command failed: ${outcome.ok ? "" : `${outcome.reason}: ${outcome.message}`}`);
  return outcome.result;
}

describe("rendering and mastering", function () {
  this.timeout(120_000);
  let session: string;
  before(() => {
    session = scratchFolder("night-drive", copyNightDrive);
  });
  afterEach(closeAllEditors);

  it("renders the mix with 'Mixdown: Render Mix': the file measures what the report says", async () => {
    await openSession("night-drive/night-drive.session");
    const result = ok(await vscode.commands.executeCommand<JobOutcome<RenderResult>>("mixdown.renderMix"));
    assert.equal(result.path, join(session, "..", "renders", "night-drive-mix.wav"));
    assert.deepEqual(parseReport(readFileSync(result.reportPath, "utf8")), result.report, "the report file is the result");
    const measured = measureFile(result.path);
    assert.ok(result.report.integrated !== null && result.report.truePeak !== null);
    assert.ok(Math.abs(measured.integrated - result.report.integrated) <= 0.011, `measured ${measured.integrated} LUFS, report ${result.report.integrated}`);
    assert.ok(Math.abs(measured.truePeak - result.report.truePeak) <= 0.05, `measured ${measured.truePeak} dBTP, report ${result.report.truePeak}`);
    const expected = `mix ${result.report.integrated.toFixed(1)} LUFS · ${result.report.truePeak.toFixed(1)} dBTP`;
    await waitFor(() => (api().status.text.includes(expected) ? true : undefined), { what: `the status bar to say '${expected}' (it says '${api().status.text}')`, timeoutMs: 10_000 });
  });

  it("masters it with 'Mixdown: Master' to the session's -14 LUFS, as its report says", async () => {
    await openSession("night-drive/night-drive.session");
    const result = ok(await vscode.commands.executeCommand<JobOutcome<MasterResult>>("mixdown.master"));
    assert.equal(result.path, join(session, "..", "mix", "night-drive.wav"), "the session's `export` path");
    assert.ok(existsSync(result.reportPath));
    const measured = measureFile(result.path);
    assert.ok(Math.abs(measured.integrated - result.report.after.integrated!) <= 0.02, `measured ${measured.integrated}, report ${result.report.after.integrated}`);
    assert.ok(Math.abs(measured.integrated - -14) <= 0.1);
    assert.ok(measured.truePeak <= -0.9, `true peak ${measured.truePeak} above the -1 dBTP ceiling`);
    await waitFor(() => (api().status.text.includes("master -14.0 LUFS") ? true : undefined), { what: `the status bar to show the master (it says '${api().status.text}')`, timeoutMs: 10_000 });
    const report = await vscode.commands.executeCommand<string>("mixdown.showLoudnessReport");
    assert.match(report, /^## Master: `mix\/night-drive\.wav`$/m);
    assert.match(report, /^Target -14 LUFS: reached\.$/m);
    assert.match(report, /^\| kick \| /m);
  });

  it("saves an edited session before rendering it, and renders the edit", async () => {
    const { doc, editor } = await openSession("night-drive/night-drive.session");
    const at = doc.positionAt(doc.getText().indexOf("track kick {") + "track kick {".length);
    assert.ok(await editor.edit((e) => e.insert(at, "\n  mute")));
    assert.ok(doc.isDirty);
    const result = ok(await vscode.commands.executeCommand<JobOutcome<RenderResult>>("mixdown.renderMix"));
    assert.ok(!doc.isDirty, "the session was saved first");
    assert.equal(result.report.tracks.find((t) => t.id === "kick")?.peak, null, "the muted kick is silent in the render");
  });
});

describe("cancelling a render", function () {
  this.timeout(120_000);
  afterEach(closeAllEditors);

  it("stops a long render when its token is cancelled and leaves no file, partial or whole", async () => {
    const path = scratchFolder("long", writeLongSession);
    const renders = join(path, "..", "renders");
    await openSession("long/long.session");
    const cancel = new vscode.CancellationTokenSource();
    const running = vscode.commands.executeCommand<JobOutcome<RenderResult>>("mixdown.renderMix", { token: cancel.token });
    await waitFor(() => (existsSync(renders) && readdirSync(renders).some((f) => f.endsWith(".partial")) ? true : undefined), {
      what: "the engine to start writing long-mix.wav's temporary file", timeoutMs: 30_000, intervalMs: 20,
    });
    cancel.cancel();
    const outcome = await running;
    assert.ok(outcome && !outcome.ok && outcome.reason === "cancelled", `expected a cancelled outcome, got ${JSON.stringify(outcome)}`);
    assert.deepEqual(readdirSync(renders), [], "no mix, no partial file, no report");
    assert.ok(!api().status.text.includes("rendering"), "the status bar is idle again");
  });
});
