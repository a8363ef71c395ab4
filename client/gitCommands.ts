// Your mix in git, from the editor: Compare with Revision... (a quick pick of
// the commits that changed the session, and HEAD), Compare with HEAD (also a
// CodeLens above `master`), Switch A/B, and Set Up Git. The engine renders
// and reads git (engine/rpc/revision.ts); the player plays A against B.
import * as vscode from "vscode";
import { ResponseError } from "vscode-jsonrpc/node";
import { EngineErrorCode } from "../core/protocol/engine";
import { RevisionsRequest, SetupGitRequest, type RenderRevisionResult, type SetupGitResult } from "../core/protocol/revision";
import type { AbSide } from "../core/protocol/webview";
import { targetSession, type CommandContext, type Factory } from "./commandTypes";
import { jobArgs, type JobArgs, type JobOutcome } from "./engineJobs";
import { showError } from "./notify";
import { currentPlayer, show } from "./playerCommands";
import { trustRefusal, type TrustedAction } from "./trust";

/** Compare's result: the revision's render and how long opening A/B took (tests and benches read it). */
export type CompareOutcome = JobOutcome<{ render: RenderRevisionResult; ms: number }>;

/** Arguments a caller (a test) may pass instead of picking. */
interface CompareArgs extends JobArgs {
  rev?: string;
}

function refused(ctx: CommandContext, action: TrustedAction): { ok: false; reason: "untrusted"; message: string } | undefined {
  const refusal = trustRefusal(vscode.workspace.isTrusted, action);
  if (!refusal) return undefined;
  ctx.output.warn(refusal);
  void vscode.window.showWarningMessage(`Mixdown: ${refusal}`, "Manage Workspace Trust").then((p) => p && vscode.commands.executeCommand("workbench.trust.manage"));
  return { ok: false, reason: "untrusted", message: refusal };
}

async function compare(ctx: CommandContext, args: CompareArgs, rev: string, label: string): Promise<CompareOutcome> {
  const started = Date.now();
  const untrusted = refused(ctx, "compare with a revision");
  if (untrusted) return untrusted;
  const player = await show(ctx, args.uri);
  const doc = player?.document;
  if (!player || !doc) return { ok: false, reason: "no-session", message: "Open a .session file first." };
  const name = vscode.workspace.asRelativePath(doc.uri);
  try {
    const render = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Mixdown: rendering ${name} at ${rev}`, cancellable: true },
      (progress, uiToken) => {
        const cancel = new vscode.CancellationTokenSource();
        const links = [uiToken, args.token].map((t) => t?.onCancellationRequested(() => cancel.cancel()));
        let done = 0;
        return player.compare(rev, label, cancel.token, (fraction, message) => {
          const increment = Math.max(0, fraction * 100 - done);
          done += increment;
          progress.report({ increment, message });
        }).finally(() => {
          for (const l of links) l?.dispose();
          cancel.dispose();
        });
      },
    );
    const ms = Date.now() - started;
    ctx.output.info(`A/B: ${name} at ${rev} (${render.commit.slice(0, 7)})${render.cached ? " from the cache" : ""}, opened in ${ms} ms.`);
    return { ok: true, result: { render, ms } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ResponseError && error.code === EngineErrorCode.Cancelled) return { ok: false, reason: "cancelled", message };
    void showError(ctx.output, `Cannot compare ${name} with ${rev}: ${message}`);
    return { ok: false, reason: "failed", message };
  }
}

/** The quick pick: HEAD, then the commits that changed the session. */
async function pickRevision(ctx: CommandContext, doc: vscode.TextDocument): Promise<{ rev: string; label: string } | undefined> {
  let commits;
  try {
    commits = await ctx.engine.request(RevisionsRequest, { session: doc.uri.fsPath });
  } catch (error) {
    void showError(ctx.output, error instanceof Error ? error.message : String(error));
    return undefined;
  }
  const items = [
    { label: "HEAD", description: "the last commit", rev: "HEAD", name: "HEAD" },
    ...commits.map((c) => ({ label: `${c.short} ${c.subject}`, description: c.date.slice(0, 10), rev: c.commit, name: `${c.short} ${c.subject}` })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Compare ${vscode.workspace.asRelativePath(doc.uri)} with...`, placeHolder: "A commit that changed this session" });
  return picked && { rev: picked.rev, label: picked.name };
}

export const GIT_COMMANDS = {
  "mixdown.compareWithHead": (ctx) => async (arg?: unknown): Promise<CompareOutcome> => compare(ctx, jobArgs(arg), "HEAD", "HEAD"),
  "mixdown.compareWithRevision": (ctx) => async (arg?: unknown): Promise<CompareOutcome | undefined> => {
    const args = jobArgs(arg) as CompareArgs;
    if (args.rev) return compare(ctx, args, args.rev, args.rev);
    const doc = await targetSession(args.uri);
    if (!doc) return undefined;
    const picked = await pickRevision(ctx, doc);
    return picked && compare(ctx, { ...args, uri: doc.uri }, picked.rev, picked.label);
  },
  "mixdown.switchAB": () => (side?: unknown): boolean => {
    const which: AbSide | "toggle" = side === "A" || side === "B" ? side : "toggle";
    return currentPlayer()?.ab(which) ?? false;
  },
  "mixdown.setupGit": (ctx) => async (uri?: unknown): Promise<SetupGitResult | undefined> => {
    if (refused(ctx, "set up git")) return undefined;
    const doc = await targetSession(uri instanceof vscode.Uri ? uri : undefined);
    if (!doc) return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath ?? vscode.Uri.joinPath(doc.uri, "..").fsPath;
    const cli = vscode.Uri.joinPath(vscode.extensions.getExtension("mixdown.mixdown")?.extensionUri ?? vscode.Uri.file(`${__dirname}/..`), "dist", "cli.js").fsPath;
    try {
      const result = await ctx.engine.request(SetupGitRequest, { folder, cli });
      for (const line of result.summary) ctx.output.info(`Set Up Git: ${line}`);
      void vscode.window.showInformationMessage(`Mixdown: set up git in ${vscode.workspace.asRelativePath(folder)}. ${result.summary.join(" ")}`);
      return result;
    } catch (error) {
      void showError(ctx.output, error instanceof Error ? error.message : String(error));
      return undefined;
    }
  },
} satisfies Record<string, Factory>;
