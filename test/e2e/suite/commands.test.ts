// The commands the palette shows: contributed by package.json, registered on activation, and
// doing their work on the active session.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { closeAllEditors, EXTENSION_ID, openSession, waitFor } from "./session";

const CANONICAL_MESSY = `# A correct session written carelessly: the formatter puts it in canonical form.
session "Messy" {
  rate 48 kHz
}

track lead {
  gain -2 dB
  pan 10% left
}

master {
  loudness -14 LUFS
}
`;

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

describe("commands", () => {
  afterEach(closeAllEditors);

  it("contributes 'Mixdown: Check Session' and 'Mixdown: Format Session' to the palette", async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    const manifest = extension.packageJSON as { contributes?: { commands?: ContributedCommand[] } };
    const titles = (manifest.contributes?.commands ?? []).map((c) => [c.command, c.category ? `${c.category}: ${c.title}` : c.title]);
    assert.deepEqual(
      titles.filter(([id]) => id === "mixdown.checkSession" || id === "mixdown.formatSession").sort(),
      [
        ["mixdown.checkSession", "Mixdown: Check Session"],
        ["mixdown.formatSession", "Mixdown: Format Session"],
      ],
    );
    await openSession("broken.session");
    const registered = await vscode.commands.getCommands(true);
    for (const id of ["mixdown.checkSession", "mixdown.formatSession"]) assert.ok(registered.includes(id), `${id} is not registered`);
  });

  it("checks the active session: one problem in broken.session, none in messy.session", async () => {
    await openSession("broken.session");
    assert.equal(await vscode.commands.executeCommand("mixdown.checkSession"), 1);
    await openSession("messy.session");
    assert.equal(await vscode.commands.executeCommand("mixdown.checkSession"), 0);
  });

  it("formats the active session into canonical form, as an undoable edit", async () => {
    const { doc } = await openSession("messy.session");
    const before = doc.getText();
    assert.notEqual(before, CANONICAL_MESSY, "the fixture should start out of canonical form");
    await vscode.commands.executeCommand("mixdown.formatSession");
    await waitFor(() => (doc.getText() === CANONICAL_MESSY ? true : undefined), { what: "messy.session to be formatted", timeoutMs: 10_000 });
    assert.ok(doc.isDirty, "formatting is an edit the user can undo or save, not a write behind their back");
    await vscode.commands.executeCommand("undo");
    await waitFor(() => (doc.getText() === before ? true : undefined), { what: "undo to restore the text", timeoutMs: 10_000 });
  });
});
