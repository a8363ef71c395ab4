// The player in the real editor: open the example, open the player, play. The webview's audio
// clock advances, every stretch it played hashes the same as the engine's offline render of
// those frames, and a gain edit while playing changes what plays without stopping.
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import * as vscode from "vscode";
import type { MixdownApi } from "../../../client/extension";
import { readWav } from "../../../engine/io/wavRead";
import { pcmHash, type PlayedChunk, type PlayerStatus } from "../../../core/protocol/webview";
import { copyNightDrive } from "../../fixtures/sessions";
import { closeAllEditors, EXTENSION_ID, openSession, waitFor, workspaceFile } from "./session";

const PLAY_DEADLINE_MS = 30_000;
const run = promisify(execFile);

function api(): MixdownApi {
  return vscode.extensions.getExtension<MixdownApi>(EXTENSION_ID)!.exports;
}

function status(): PlayerStatus | undefined {
  return api().player()?.status;
}

/**
 * The offline render of the session as saved, by the CLI (`mixdown render --bits 32`: the 32-bit
 * float mix, which the live renderer equals bit for bit), as planar samples.
 */
async function offline(doc: vscode.TextDocument, name: string): Promise<Float32Array[]> {
  if (doc.isDirty) assert.ok(await doc.save(), "the session could not be saved");
  const cli = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, "dist", "cli.js");
  const out = `renders/${name}.wav`;
  await run(process.execPath, [cli, "render", doc.uri.fsPath, "--bits", "32", "--out", out], { env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" } });
  return readWav(join(dirname(doc.uri.fsPath), out)).data;
}

function mismatches(played: PlayedChunk[], render: Float32Array[]): string[] {
  return played
    .filter((p) => pcmHash(render, p.startFrame, p.startFrame + p.frames) !== p.hash)
    .map((p) => `frames ${p.startFrame}+${p.frames} (v${p.version})`);
}

describe("the player", function () {
  this.timeout(180_000);
  before(() => {
    const dir = workspaceFile("player-night-drive").fsPath;
    mkdirSync(dir, { recursive: true });
    copyNightDrive(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, dir);
  });
  afterEach(async () => {
    await vscode.commands.executeCommand("mixdown.stop");
    await closeAllEditors();
  });

  it("plays the session: the audio clock advances and what it played is the rendered mix, bit for bit", async () => {
    const { doc } = await openSession("player-night-drive/night-drive.session");
    assert.equal(await vscode.commands.executeCommand("mixdown.openPlayer"), true);
    await vscode.commands.executeCommand("mixdown.playPause", doc.uri);
    const first = await waitFor(() => (status()?.state === "playing" && status()!.played.length >= 3 ? status() : undefined), {
      what: `the player to play three chunks (status: ${JSON.stringify(status() ?? null)?.slice(0, 300)})`, timeoutMs: PLAY_DEADLINE_MS,
    });
    await waitFor(() => (status()!.contextTime > first.contextTime + 0.5 && status()!.position > first.position ? true : undefined), {
      what: "the webview's AudioContext clock and playhead to advance", timeoutMs: PLAY_DEADLINE_MS,
    });
    assert.ok(first.startLatencyMs !== null && first.startLatencyMs < 5000, `start latency ${first.startLatencyMs} ms`);
    const render = await offline(doc, "player-check");
    const played = status()!.played;
    assert.ok(played.length >= 3);
    assert.deepEqual(mismatches(played, render), [], "every played stretch hashes as the offline render of the same frames");
  });

  it("keeps playing through a gain edit, and then plays the edited mix", async () => {
    const { doc } = await openSession("player-night-drive/night-drive.session");
    await vscode.commands.executeCommand("mixdown.openPlayer", doc.uri);
    await vscode.commands.executeCommand("mixdown.playPause", doc.uri);
    const before = await waitFor(() => (status()?.state === "playing" && status()!.played.length >= 2 ? status() : undefined), {
      what: "the player to play", timeoutMs: PLAY_DEADLINE_MS,
    });
    assert.match(api().transport()?.item.text ?? "", /^\$\(play\) playing \d+:\d\d\.\d$/, "the status bar shows the transport");
    const oldRender = await offline(doc, "player-before-edit");
    const states = new Set<string>();
    const listening = api().player()!.onStatus((s) => s && states.add(s.state));
    const text = doc.getText();
    const at = text.indexOf("gain -4 dB");
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + "gain -4 dB".length)), "gain -16 dB");
    assert.ok(await vscode.workspace.applyEdit(edit));
    const newVersion = before.version + 1;
    await waitFor(() => (status()!.played.filter((p) => p.version === newVersion).length >= 2 ? true : undefined), {
      what: `two stretches of version ${newVersion} to be played (status: ${JSON.stringify(status()?.played.slice(-3))})`, timeoutMs: PLAY_DEADLINE_MS,
    });
    listening.dispose();
    assert.deepEqual([...states], ["playing"], "playback never stopped");
    const after = status()!;
    assert.ok(after.position > before.position, "the playhead moved on");
    const newRender = await offline(doc, "player-after-edit");
    const oldPlayed = after.played.filter((p) => p.version === before.version);
    const newPlayed = after.played.filter((p) => p.version === newVersion);
    assert.deepEqual(mismatches(oldPlayed, oldRender), [], "before the edit it played the old mix");
    assert.deepEqual(mismatches(newPlayed, newRender), [], "after the edit it plays the new mix");
    assert.ok(mismatches(newPlayed, oldRender).length > 0, "the new audio is not the old mix");
  });
});
