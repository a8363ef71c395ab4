// Compare with HEAD in the real editor: in a git repository inside the scratch workspace
// (night-drive committed with its takes), a gain edit, then the CodeLens's command opens the
// player in A/B mode with the loudness matched; switching sides while playing keeps the
// playhead (the played stretches stay contiguous across the switch), and what A played hashes
// as the revision's render, bit for bit. A second compare comes from the cache.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import * as vscode from "vscode";
import type { MixdownApi } from "../../../client/extension";
import type { CompareOutcome } from "../../../client/gitCommands";
import { readWav } from "../../../engine/io/wavRead";
import { pcmHash, type PlayedChunk, type PlayerStatus } from "../../../core/protocol/webview";
import { copyNightDrive } from "../../fixtures/sessions";
import { GIT_ENV } from "../../gitRepo";
import { closeAllEditors, EXTENSION_ID, openSession, waitFor, workspaceFile } from "./session";

const DEADLINE_MS = 60_000;

function status(): PlayerStatus | undefined {
  return vscode.extensions.getExtension<MixdownApi>(EXTENSION_ID)!.exports.player()?.status;
}

function played(side: "A" | "B"): PlayedChunk[] {
  return (status()?.played ?? []).filter((p) => p.side === side);
}

describe("A/B: compare with a revision", function () {
  this.timeout(240_000);
  before(() => {
    const dir = workspaceFile("ab-night-drive").fsPath;
    mkdirSync(dir, { recursive: true });
    copyNightDrive(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, dir);
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, env: GIT_ENV, encoding: "utf8" });
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-q", "-m", "night drive: first mix");
  });
  after(async () => {
    await vscode.commands.executeCommand("mixdown.stop");
    await closeAllEditors();
  });

  it("opens the player in A/B mode from the CodeLens's Compare with HEAD, switches at the same playhead, and A is the revision's render", async () => {
    const { doc } = await openSession("ab-night-drive/night-drive.session");
    const lenses = await waitFor(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", doc.uri);
      return found?.some((l) => l.command?.command === "mixdown.compareWithHead") ? found : undefined;
    }, { what: "the Compare with HEAD lens above master", timeoutMs: DEADLINE_MS });
    const lens = lenses.find((l) => l.command?.command === "mixdown.compareWithHead")!;
    assert.equal(doc.lineAt(lens.range.start.line).text.trim(), "master {");

    // B: the kick 6 dB down (saved, so the working tree differs from HEAD); A: HEAD.
    const text = doc.getText();
    const at = text.indexOf("gain -4 dB");
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + "gain -4 dB".length)), "gain -10 dB");
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());

    const outcome = await vscode.commands.executeCommand<CompareOutcome>(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.ok(outcome?.ok, `compare failed: ${outcome && !outcome.ok ? outcome.message : "no outcome"}`);
    const { render, ms } = outcome.result;
    console.log(`      A/B opened in ${ms} ms (${render.cached ? "cached" : "rendered"})`);
    const ab = await waitFor(() => (status()?.ab?.offsetDb != null ? status()!.ab! : undefined), {
      what: `the player to show A/B with the loudness offset (status: ${JSON.stringify(status()?.ab ?? null)})`, timeoutMs: DEADLINE_MS,
    });
    assert.equal(ab.side, "B");
    assert.equal(ab.rev, "HEAD");
    assert.ok(ab.offsetDb! > 0.3, `A (the kick 6 dB louder) should measure louder than B: offset ${ab.offsetDb}`);

    await vscode.commands.executeCommand("mixdown.playPause", doc.uri);
    await waitFor(() => (played("B").length >= 2 ? true : undefined), { what: "B to play", timeoutMs: DEADLINE_MS });
    const before = status()!.position;
    assert.equal(await vscode.commands.executeCommand("mixdown.switchAB", "A"), true);
    await waitFor(() => (status()?.ab?.side === "A" && played("A").length >= 3 ? true : undefined), { what: "A to play after the switch", timeoutMs: DEADLINE_MS });
    assert.ok(status()!.position >= before, "the playhead did not jump back");
    await vscode.commands.executeCommand("mixdown.switchAB");
    await waitFor(() => (status()?.ab?.side === "B" && played("B").some((p) => p.startFrame > played("A")[0].startFrame) ? true : undefined), {
      what: "B again after switching back", timeoutMs: DEADLINE_MS,
    });
    await vscode.commands.executeCommand("mixdown.stop");

    const all = status()!.played;
    const gaps = all.slice(1).filter((p, i) => p.startFrame !== all[i].startFrame + all[i].frames).map((p) => p.startFrame);
    assert.deepEqual(gaps, [], "the stretches played follow each other across both switches: the playhead never moved");
    const revision = readWav(render.path).data;
    const wrong = played("A").filter((p) => pcmHash(revision, p.startFrame, p.startFrame + p.frames) !== p.hash);
    assert.deepEqual(wrong, [], "every stretch A played is the revision's render, bit for bit");
    assert.ok(played("B").some((p) => pcmHash(revision, p.startFrame, p.startFrame + p.frames) !== p.hash), "B is not the revision");

    const again = await vscode.commands.executeCommand<CompareOutcome>("mixdown.compareWithHead", doc.uri);
    assert.ok(again?.ok);
    assert.equal(again.result.render.cached, true, "the second compare is served from the cache");
    assert.equal(again.result.render.path, render.path);
    console.log(`      A/B opened again in ${again.result.ms} ms (cached)`);
  });
});
