// The player's commands (spread into the table in client/commands.ts): Open
// Player, Play / Pause, Stop, Play from Cursor, and Play solo (CodeLens).
import * as vscode from "vscode";
import type { CommandContext, Factory } from "./commandTypes";
import { targetSession } from "./commandTypes";
import { Player } from "./player";
import { cursorAt } from "./playerCursor";
import { TransportStatus } from "./transportStatus";

let player: Player | undefined;
let transport: TransportStatus | undefined;

/** The player, made on first use (tests reach it through the extension's API). */
export function currentPlayer(): Player | undefined {
  return player;
}

/** The transport's status bar item, made with the player. */
export function currentTransport(): TransportStatus | undefined {
  return transport;
}

function playerFor(ctx: CommandContext): Player {
  if (!player) {
    const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === "mixdown" && e.packageJSON?.publisher === "mixdown");
    player = new Player(ctx, extension?.extensionUri ?? vscode.Uri.file(__dirname + "/.."));
    const item = (transport = new TransportStatus());
    player.onStatus((status) => item.show(status));
  }
  return player;
}

/** Opens the player on the given or active session; false when there is none or the folder is not trusted. */
export async function show(ctx: CommandContext, uri?: unknown): Promise<Player | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage("Mixdown: the player runs the audio engine on this folder's takes; trust the folder (Manage Workspace Trust) to play.");
    return undefined;
  }
  const p = playerFor(ctx);
  const doc = uri instanceof vscode.Uri ? await targetSession(uri) : vscode.window.activeTextEditor?.document.languageId === "mixdown" ? vscode.window.activeTextEditor.document : p.document ?? (await targetSession());
  if (!doc) return undefined;
  try {
    await p.open(doc);
  } catch (error) {
    void vscode.window.showErrorMessage(`Mixdown: cannot play ${vscode.workspace.asRelativePath(doc.uri)}: ${(error as Error).message}`);
    return undefined;
  }
  return p;
}

export const PLAYER_COMMANDS = {
  "mixdown.openPlayer": (ctx) => async (uri?: unknown) => (await show(ctx, uri)) !== undefined,
  "mixdown.playPause": (ctx) => async (uri?: unknown) => {
    const p = await show(ctx, uri);
    p?.transport("playPause");
    return p !== undefined;
  },
  "mixdown.stop": () => () => {
    player?.transport("stop");
    return player !== undefined;
  },
  "mixdown.playFromCursor": (ctx) => async (uri?: unknown, offset?: unknown) => {
    const editor = vscode.window.activeTextEditor;
    const p = await show(ctx, uri ?? editor?.document.uri);
    if (!p?.document) return false;
    const at = typeof offset === "number" ? offset : editor?.document === p.document ? p.document.offsetAt(editor.selection.active) : 0;
    p.transport("play", timeAt(p, at));
    return true;
  },
  "mixdown.playSolo": (ctx) => async (uri?: unknown, name?: unknown) => {
    const p = await show(ctx, uri);
    if (!p || typeof name !== "string") return false;
    const again = p.soloed?.length === 1 && p.soloed[0] === name;
    await p.solo(again ? null : [name]);
    p.transport("play");
    return true;
  },
} satisfies Record<string, Factory>;

/** The time a cursor offset points at: an automation point's, a take's start, else the start. */
function timeAt(p: Player, offset: number): number {
  const state = p.state;
  if (!state) return 0;
  const cursor = cursorAt(state, offset);
  if (cursor.time !== null) return cursor.time;
  const channel = state.channels.find((c) => c.id === cursor.channel);
  const take = channel?.takes.find((t) => offset >= t.origin[0] && offset <= t.origin[1]) ?? channel?.takes[0];
  return take ? take.start / state.sampleRate : 0;
}
