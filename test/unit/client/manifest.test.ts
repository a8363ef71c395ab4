// The extension's manifest, the trust guard and the loudness report text: what can be checked
// without an editor (the e2e suite checks the same commands are registered in a real one).
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { reportMarkdown, statusText } from "../../../client/reportText";
import { clock, transportText } from "../../../client/transportText";
import { TRUSTED_COMMANDS, trustRefusal } from "../../../client/trust";
import type { PlayerStatus } from "../../../core/protocol/webview";
import { REPORT_VERSION, type RenderReport } from "../../../core/protocol/report";
import { ROOT } from "../../helpers";

interface Manifest {
  main: string;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string; description: string; restrictedConfigurations: string[] } };
  contributes: { commands: { command: string; title: string; category: string }[]; menus: { commandPalette: { command: string; when: string }[] } };
}

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Manifest;

describe("client: manifest and trust", () => {
  it("contributes every Mixdown command under the category 'Mixdown', each with a palette `when`", () => {
    const ids = manifest.contributes.commands.map((c) => c.command);
    for (const id of ["mixdown.renderMix", "mixdown.master", "mixdown.exportStems", "mixdown.showLoudnessReport", "mixdown.soloTrack", "mixdown.muteTrack", "mixdown.formatSession", "mixdown.checkSession"]) {
      assert.ok(ids.includes(id), `${id} is not contributed`);
    }
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, "Mixdown");
      const when = manifest.contributes.menus.commandPalette.find((m) => m.command === c.command)?.when;
      assert.match(when ?? "", /editorLangId == mixdown/, `${c.command} has no palette when clause`);
      assert.ok(manifest.activationEvents.includes(`onCommand:${c.command}`), `${c.command} does not activate the extension`);
    }
  });

  it("declares limited support for untrusted workspaces and hides the commands that write files", () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, "limited");
    assert.deepEqual(untrusted.restrictedConfigurations, []);
    assert.match(untrusted.description, /language features only/);
    for (const id of TRUSTED_COMMANDS) {
      const when = manifest.contributes.menus.commandPalette.find((m) => m.command === id)?.when;
      if (when !== undefined) assert.match(when, /isWorkspaceTrusted/, `${id} shows in an untrusted workspace`);
    }
  });

  it("refuses to render in an untrusted workspace, saying what to do; allows it in a trusted one", () => {
    assert.equal(trustRefusal(true, "render the mix"), undefined);
    const message = trustRefusal(false, "render the mix");
    assert.match(message ?? "", /will not render the mix in a folder you have not trusted.*Trust the folder \(Manage Workspace Trust\)/);
  });
});

describe("client: the loudness report text", () => {
  const mix: RenderReport = {
    version: REPORT_VERSION, output: "renders/song-mix.wav", duration: 12.5, integrated: -18.234, truePeak: -3.21, sha256: "ab",
    tracks: [{ id: "kick", peak: -6.5, loudness: -24.1 }, { id: "vox", peak: null, loudness: null }],
  };

  it("shows the mix's loudness and true peak in the status bar, and a table per track in the report", () => {
    assert.equal(statusText({ mix }), "mix -18.2 LUFS · -3.2 dBTP");
    assert.equal(statusText({}), undefined);
    const text = reportMarkdown("song.session", { mix });
    assert.match(text, /^# Loudness report: song\.session$/m);
    assert.match(text, /^\| integrated loudness \| -18\.2 LUFS \|$/m);
    assert.match(text, /^\| kick \| -6\.5 dBFS \| -24\.1 LUFS \|$/m);
    assert.match(text, /^\| vox \| — \| — \|$/m);
  });
});

describe("client: the transport status text", () => {
  const status = (state: PlayerStatus["state"], position: number, ab: PlayerStatus["ab"] = null) => ({ state, position, ab }) as PlayerStatus;

  it("says the state and the playhead as m:ss.s, rounding up into the next minute", () => {
    assert.equal(clock(0), "0:00.0");
    assert.equal(clock(59.96), "1:00.0");
    assert.equal(clock(125.04), "2:05.0");
    assert.equal(transportText(status("playing", 12.34)), "$(play) playing 0:12.3");
    assert.equal(transportText(status("paused", 61)), "$(debug-pause) paused 1:01.0");
  });

  it("names the side heard in A/B mode", () => {
    assert.equal(transportText(status("playing", 3, { side: "A", rev: "HEAD", offsetDb: -1.2 })), "$(play) playing 0:03.0 · A (HEAD)");
  });
});
