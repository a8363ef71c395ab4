// What the transport status bar item says (no vscode import, so unit tests read it).
import type { PlayerStatus } from "../core/protocol/webview";

const ICONS: Record<PlayerStatus["state"], string> = { loading: "$(loading~spin)", stopped: "$(debug-stop)", playing: "$(play)", paused: "$(debug-pause)" };

/** m:ss.s of a position in seconds. */
export function clock(seconds: number): string {
  const tenths = Math.round(Math.max(0, seconds) * 10);
  const minutes = Math.floor(tenths / 600);
  return `${minutes}:${((tenths - 600 * minutes) / 10).toFixed(1).padStart(4, "0")}`;
}

/** What the item says for a player's status. */
export function transportText(status: PlayerStatus): string {
  const ab = status.ab ? ` · ${status.ab.side} (${status.ab.rev})` : "";
  return `${ICONS[status.state]} ${status.state} ${clock(status.position)}${ab}`;
}
