// The commands, from one typed table of small factories (rust-analyzer's
// createCommands): each entry builds its handler from the shared context.
// The table is the union of the per-area tables; package.json contributes
// each id (category "Mixdown") and a unit test checks they agree.
import * as vscode from "vscode";
import type { CommandContext, Factory } from "./commandTypes";
import { GIT_COMMANDS } from "./gitCommands";
import { PLAYER_COMMANDS } from "./playerCommands";
import { RECORD_COMMANDS } from "./recordCommands";
import { RENDER_COMMANDS } from "./renderCommands";
import { SESSION_COMMANDS } from "./sessionCommands";
import { STRIP_COMMANDS } from "./stripCommands";

export type { CommandContext } from "./commandTypes";

export const COMMANDS = {
  ...SESSION_COMMANDS,
  ...RENDER_COMMANDS,
  ...STRIP_COMMANDS,
  ...PLAYER_COMMANDS,
  ...GIT_COMMANDS,
  ...RECORD_COMMANDS,
} satisfies Record<string, Factory>;

export type CommandId = keyof typeof COMMANDS;

/**
 * Commands other parts will register (the player, recording), with the
 * arguments CodeLens and other callers pass them. Not registered here: no stubs.
 * To add one, put its factory in a table spread into COMMANDS and its entry in
 * package.json; client/codeLens.ts shows a lens for it as soon as it is registered.
 */
export const PLANNED_COMMANDS = {} as const;

export type PlannedCommandId = keyof typeof PLANNED_COMMANDS;

export function registerCommands(context: vscode.ExtensionContext, ctx: CommandContext): void {
  for (const [id, factory] of Object.entries(COMMANDS) as [CommandId, Factory][]) {
    context.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx) as (...args: unknown[]) => unknown));
  }
}
