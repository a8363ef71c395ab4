// CodeLens above tracks, buses and master, and Solo / Mute as undoable edits of the text.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { FlagResult } from "../../../client/stripCommands";
import { closeAllEditors, EXTENSION_ID, openSession, waitFor } from "./session";

async function lensTitles(doc: vscode.TextDocument): Promise<Map<number, string[]>> {
  const lenses = await waitFor(async () => {
    const found = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", doc.uri);
    return found && found.length > 0 ? found : undefined;
  }, { what: `CodeLens for ${doc.uri.path}`, timeoutMs: 10_000 });
  const byLine = new Map<number, string[]>();
  for (const lens of lenses) byLine.set(lens.range.start.line, [...(byLine.get(lens.range.start.line) ?? []), lens.command?.title ?? ""]);
  return byLine;
}

/** The lenses of a strip: Play solo and Record appear once the player and recording register them. */
async function stripLenses(kind: "track" | "bus", solo = "Solo", mute = "Mute"): Promise<string[]> {
  const registered = new Set(await vscode.commands.getCommands(true));
  return [
    ...(registered.has("mixdown.playSolo") ? ["$(play) Play solo"] : []),
    solo, mute,
    ...(kind === "track" && registered.has("mixdown.recordTrack") ? ["$(record) Record"] : []),
  ];
}

function lineOf(doc: vscode.TextDocument, text: string): number {
  return doc.positionAt(doc.getText().indexOf(text)).line;
}

describe("CodeLens and solo / mute", () => {
  afterEach(closeAllEditors);

  it("shows Solo and Mute (and Play solo, Record once registered) above tracks and buses, Render, Master and Compare with HEAD above master", async () => {
    const { doc } = await openSession("broken.session");
    const lenses = await lensTitles(doc);
    assert.deepEqual(lenses.get(lineOf(doc, "track kick")), await stripLenses("track"));
    assert.deepEqual(lenses.get(lineOf(doc, "bus drums")), await stripLenses("bus"));
    assert.deepEqual(lenses.get(lineOf(doc, "master {")), ["$(file-media) Render", "$(graph) Master", "$(git-compare) Compare with HEAD"]);
  });

  it("mutes the track under the cursor as an undoable edit, and the lens says Unmute", async () => {
    const { doc, editor } = await openSession("messy.session");
    const before = doc.getText();
    const inside = doc.positionAt(before.indexOf("pan"));
    editor.selection = new vscode.Selection(inside, inside);
    const result = await vscode.commands.executeCommand<FlagResult>("mixdown.muteTrack");
    assert.deepEqual(result, { name: "lead", flag: "mute", on: true });
    // Indented like the block's first statement (messy.session indents it by six).
    assert.equal(doc.getText(), before.replace("left\n}", "left\n      mute\n}"));
    assert.ok(doc.isDirty, "an edit, not a write");
    const lenses = await waitFor(async () => {
      const titles = (await lensTitles(doc)).get(lineOf(doc, "track lead"));
      return titles?.includes("Unmute") ? titles : undefined;
    }, { what: "the lens to say Unmute", timeoutMs: 10_000 });
    assert.deepEqual(lenses, await stripLenses("track", "Solo", "Unmute"));
    await vscode.commands.executeCommand("undo");
    await waitFor(() => (doc.getText() === before ? true : undefined), { what: "undo to restore the text", timeoutMs: 10_000 });
  });

  it("solos a track named in the arguments (as the lens passes them), and toggles it back", async () => {
    const { doc } = await openSession("broken.session");
    const before = doc.getText();
    const on = await vscode.commands.executeCommand<FlagResult>("mixdown.soloTrack", doc.uri, "bass");
    assert.deepEqual(on, { name: "bass", flag: "solo", on: true });
    assert.match(doc.getText(), /track bass \{[^}]*\n {2}solo\n\}/);
    const off = await vscode.commands.executeCommand<FlagResult>("mixdown.soloTrack", doc.uri, "bass");
    assert.equal(off.on, false);
    assert.equal(doc.getText(), before);
  });

  it("registers every command package.json contributes, and contributes every one it registers", async () => {
    await openSession("messy.session");
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith("mixdown.")).sort();
    assert.deepEqual(registered, contributed);
  });
});
