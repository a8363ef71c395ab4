// Running one engine job from a command: trust first, the session saved, a
// progress notification with a working Cancel (cancel -> $/cancelRequest ->
// the engine aborts and removes its temporary file), the status bar busy,
// and errors told to the user with what to do.
import * as vscode from "vscode";
import { ResponseError } from "vscode-jsonrpc/node";
import { EngineErrorCode, type EngineErrorData, type EngineProgress, type SessionSource } from "../core/protocol/engine";
import type { CommandContext } from "./commandTypes";
import { showError } from "./notify";
import { trustRefusal, type TrustedAction } from "./trust";

/** Options a command accepts besides a URI: a caller's cancellation (tests, the player). */
export interface JobArgs {
  uri?: vscode.Uri;
  token?: vscode.CancellationToken;
}

/** What Render, Master and Export Stems return: the engine's result, or why there is none. */
export type JobOutcome<R> =
  | { ok: true; result: R }
  | { ok: false; reason: "cancelled" | "untrusted" | "no-session" | "unsaved" | "failed"; message: string };

/** A command's first argument: a URI (CodeLens, explorer) or JobArgs (tests). */
export function jobArgs(arg: unknown): JobArgs {
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (arg && typeof arg === "object") return arg as JobArgs;
  return {};
}

export interface JobSpec<R> {
  action: TrustedAction;
  /** "Rendering", for the progress title. */
  verb: string;
  run(source: SessionSource, token: vscode.CancellationToken, onProgress: (p: EngineProgress) => void): Promise<R>;
}

export async function runJob<R>(ctx: CommandContext, doc: vscode.TextDocument, args: JobArgs, spec: JobSpec<R>): Promise<JobOutcome<R>> {
  const refusal = trustRefusal(vscode.workspace.isTrusted, spec.action);
  if (refusal) {
    ctx.output.warn(refusal);
    void vscode.window.showWarningMessage(`Mixdown: ${refusal}`, "Manage Workspace Trust").then((p) => p && vscode.commands.executeCommand("workbench.trust.manage"));
    return { ok: false, reason: "untrusted", message: refusal };
  }
  if (doc.uri.scheme !== "file" || doc.isUntitled) {
    const message = "Save the session to a file in a folder first: renders are written beside it.";
    void vscode.window.showWarningMessage(`Mixdown: ${message}`);
    return { ok: false, reason: "unsaved", message };
  }
  // Decision: render what is on disk, so the render matches the file and its report; save first.
  if (doc.isDirty && !(await doc.save())) {
    const message = `Could not save ${vscode.workspace.asRelativePath(doc.uri)}; save it, then try again.`;
    void showError(ctx.output, message);
    return { ok: false, reason: "unsaved", message };
  }
  const source: SessionSource = { path: doc.uri.fsPath, roots: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath) };
  const name = vscode.workspace.asRelativePath(doc.uri);
  ctx.status.busy(spec.verb);
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Mixdown: ${spec.verb} ${name}`, cancellable: true },
      (progress, uiToken) => {
        const cancel = linked(uiToken, args.token);
        let done = 0;
        const onProgress = (p: EngineProgress) => {
          const increment = p.fraction === undefined ? undefined : Math.max(0, p.fraction * 100 - done);
          if (increment !== undefined) done += increment;
          progress.report({ increment, message: p.message });
        };
        return spec.run(source, cancel.token, onProgress).finally(() => cancel.dispose());
      },
    );
    ctx.output.info(`${spec.verb} ${name}: done.`);
    return { ok: true, result };
  } catch (error) {
    return failed(ctx, name, error);
  } finally {
    ctx.status.idle(doc.uri);
  }
}

function failed<R>(ctx: CommandContext, name: string, error: unknown): JobOutcome<R> {
  if (error instanceof ResponseError && error.code === EngineErrorCode.Cancelled) {
    ctx.output.info(`${name}: ${error.message}`);
    return { ok: false, reason: "cancelled", message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  const data = error instanceof ResponseError ? (error.data as EngineErrorData | undefined) : undefined;
  const detail = data?.problems?.join("\n");
  const actions = error instanceof ResponseError && error.code === EngineErrorCode.InvalidSession ? ["Show Problems"] : [];
  void showError(ctx.output, message, detail, ...actions).then((p) => p === "Show Problems" && vscode.commands.executeCommand("workbench.actions.view.problems"));
  return { ok: false, reason: "failed", message };
}

/** One token cancelled by either the progress notification's Cancel or the caller's token. */
function linked(a: vscode.CancellationToken, b: vscode.CancellationToken | undefined): vscode.CancellationTokenSource {
  const source = new vscode.CancellationTokenSource();
  const subscriptions = [a, b].filter((t): t is vscode.CancellationToken => !!t).map((t) => {
    if (t.isCancellationRequested) source.cancel();
    return t.onCancellationRequested(() => source.cancel());
  });
  const dispose = source.dispose.bind(source);
  source.dispose = () => {
    for (const s of subscriptions) s.dispose();
    dispose();
  };
  return source;
}
