// CodeLens above each `track` and `bus` (Solo, Mute, and Play solo / Record
// once the player and recording register them) and above `master` (Render,
// Master, Compare with HEAD). Positions come from the syntax tree's UTF-16 ranges, converted by
// document.positionAt only. Each lens is one row of a table.
import * as vscode from "vscode";
import { analyze } from "../core/analyze";
import type { MasterNode } from "../core/ast";
import { flaggableStrips, hasFlag, type FlaggableStrip } from "../core/stripFlags";
import type { CommandId, PlannedCommandId } from "./commands";

interface StripLens {
  command: CommandId | PlannedCommandId;
  title(strip: FlaggableStrip): string;
  /** Only on tracks (recording a bus means nothing). */
  tracksOnly?: boolean;
  /** Runs the engine or writes files: hidden in an untrusted workspace. */
  needsTrust?: boolean;
}

/** Lenses of a track or bus, left to right; a planned command's lens shows once it is registered. */
const STRIP_LENSES: StripLens[] = [
  { command: "mixdown.playSolo", title: () => "$(play) Play solo", needsTrust: true },
  { command: "mixdown.soloTrack", title: (s) => (hasFlag(s, "solo") ? "Unsolo" : "Solo") },
  { command: "mixdown.muteTrack", title: (s) => (hasFlag(s, "mute") ? "Unmute" : "Mute") },
  { command: "mixdown.recordTrack", title: () => "$(record) Record", tracksOnly: true, needsTrust: true },
];

const MASTER_LENSES: { command: CommandId | PlannedCommandId; title: string }[] = [
  { command: "mixdown.renderMix", title: "$(file-media) Render" },
  { command: "mixdown.master", title: "$(graph) Master" },
  { command: "mixdown.compareWithHead", title: "$(git-compare) Compare with HEAD" },
];

export class SessionCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly trust = vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const registered = new Set(await vscode.commands.getCommands(true));
    const trusted = vscode.workspace.isTrusted;
    const shown = (id: string, needsTrust?: boolean) => registered.has(id) && (trusted || !needsTrust);
    const { file } = analyze(doc.getText());
    const lenses: vscode.CodeLens[] = [];
    for (const strip of flaggableStrips(file)) {
      const range = lineOf(doc, strip.range[0]);
      for (const lens of STRIP_LENSES) {
        if (!shown(lens.command, lens.needsTrust) || (lens.tracksOnly && strip.kind !== "Track")) continue;
        lenses.push(new vscode.CodeLens(range, { title: lens.title(strip), command: lens.command, arguments: [doc.uri, strip.name] }));
      }
    }
    const master = file.items.find((i): i is MasterNode => i.kind === "Master");
    if (master && trusted) {
      const range = lineOf(doc, master.range[0]);
      for (const lens of MASTER_LENSES) {
        if (shown(lens.command)) lenses.push(new vscode.CodeLens(range, { title: lens.title, command: lens.command, arguments: [doc.uri] }));
      }
    }
    return lenses;
  }

  dispose(): void {
    this.trust.dispose();
    this.changed.dispose();
  }
}

function lineOf(doc: vscode.TextDocument, offset: number): vscode.Range {
  const at = doc.positionAt(offset);
  return new vscode.Range(at, at);
}
