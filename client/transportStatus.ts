// The player's transport in the status bar: playing, paused or stopped, and
// where the playhead is; a click plays or pauses. Shown while a player is open.
import * as vscode from "vscode";
import type { PlayerStatus } from "../core/protocol/webview";
import { transportText } from "./transportText";

export class TransportStatus implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem("mixdown.transport", vscode.StatusBarAlignment.Left, 51);

  constructor() {
    this.item.name = "Mixdown transport";
    this.item.command = { title: "Play / Pause", command: "mixdown.playPause" };
    this.item.tooltip = "Mixdown player: click to play or pause (Space in the player).";
  }

  /** A player's status, or undefined when its panel closed. */
  show(status: PlayerStatus | undefined): void {
    if (!status) return this.item.hide();
    this.item.text = transportText(status);
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
