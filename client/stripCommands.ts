// Solo Track / Mute Track: toggle the `solo` / `mute` line of the track or bus
// under the cursor (or named in the arguments, as CodeLens passes them), as a
// normal undoable edit of the text. The edit itself is computed in core.
import * as vscode from "vscode";
import { analyze } from "../core/analyze";
import { findStrip, toggleFlag, type StripFlag } from "../core/stripFlags";
import { targetSession, type Factory } from "./commandTypes";

export interface FlagResult {
  /** The track or bus. */
  name: string;
  flag: StripFlag;
  /** Set after the edit. */
  on: boolean;
}

function toggler(flag: StripFlag) {
  return async (uri?: vscode.Uri, name?: string): Promise<FlagResult | undefined> => {
    const doc = await targetSession(uri instanceof vscode.Uri ? uri : undefined);
    if (!doc) return undefined;
    const text = doc.getText();
    const { file } = analyze(text);
    const editor = vscode.window.activeTextEditor;
    const offset = editor?.document === doc ? doc.offsetAt(editor.selection.active) : undefined;
    const strip = findStrip(file, typeof name === "string" ? { name } : { offset });
    if (!strip) {
      const where = typeof name === "string" ? `No track or bus named '${name}'` : "The cursor is not in a track or bus";
      void vscode.window.showWarningMessage(`Mixdown: ${where}; put the cursor inside a \`track\` or \`bus\` block, then ${flag} it.`);
      return undefined;
    }
    const toggle = toggleFlag(text, strip, flag);
    const edit = new vscode.WorkspaceEdit();
    const range = new vscode.Range(doc.positionAt(toggle.edit.range[0]), doc.positionAt(toggle.edit.range[1]));
    edit.replace(doc.uri, range, toggle.edit.newText);
    if (!(await vscode.workspace.applyEdit(edit))) return undefined;
    return { name: strip.name, flag, on: toggle.on };
  };
}

export const STRIP_COMMANDS = {
  "mixdown.soloTrack": () => toggler("solo"),
  "mixdown.muteTrack": () => toggler("mute"),
} satisfies Record<string, Factory>;
