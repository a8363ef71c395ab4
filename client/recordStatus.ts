// While a take records: a status bar item with the track, the elapsed time, the input's level and
// the take's peak (flagged when it clipped); clicking it stops the take. The `mixdown.recording`
// context key is true meanwhile, so Escape stops recording too (package.json keybinding).
import * as vscode from "vscode";
import type { RecordLevel } from "../core/protocol/record";
import { clock } from "./transportText";

/** dBFS of a sample magnitude, one decimal, "-inf" for silence. */
export function dbfs(v: number): string {
  return v > 0 ? `${(20 * Math.log10(v)).toFixed(1)} dBFS` : "-inf dBFS";
}

/** The status text for a take: "$(record) vox 0:03.2 · level -12.0 dBFS · peak -6.1 dBFS". */
export function recordingText(track: string, l: RecordLevel | undefined): string {
  if (!l) return `$(record) ${track}: starting…`;
  return `$(record) ${track} ${clock(l.seconds)} · level ${dbfs(l.level)} · peak ${dbfs(l.peak)}${l.clipped ? " · CLIPPED" : ""}`;
}

export class RecordingStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("mixdown.recording", vscode.StatusBarAlignment.Left, 1000);
  /** The last level reported (tests read it). */
  last: RecordLevel | undefined;

  constructor() {
    this.item.name = "Mixdown Recording";
    this.item.command = "mixdown.stopRecording";
    this.item.tooltip = "Recording: click or press Escape to stop (Mixdown: Stop Recording)";
  }

  get text(): string {
    return this.item.text;
  }

  async start(track: string): Promise<void> {
    this.last = undefined;
    this.item.text = recordingText(track, undefined);
    this.item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
    this.item.show();
    await vscode.commands.executeCommand("setContext", "mixdown.recording", true);
  }

  update(track: string, level: RecordLevel): void {
    this.last = level;
    this.item.text = recordingText(track, level);
    this.item.backgroundColor = new vscode.ThemeColor(level.clipped ? "statusBarItem.warningBackground" : "statusBarItem.errorBackground");
  }

  async stop(): Promise<void> {
    this.item.hide();
    await vscode.commands.executeCommand("setContext", "mixdown.recording", false);
  }

  dispose(): void {
    this.item.dispose();
  }
}
