// Render Mix, Master, Export Stems and Show Loudness Report: the engine does the
// work in its own process (client/engineHost.ts); these only ask and show.
import * as vscode from "vscode";
import { ExportStemsRequest, MasterRequest, RenderRequest, type MasterResult, type RenderResult, type StemsResult } from "../core/protocol/render";
import { targetSession, type CommandContext, type Factory } from "./commandTypes";
import { jobArgs, runJob, type JobOutcome, type JobSpec } from "./engineJobs";

const noSession = { ok: false, reason: "no-session", message: "Open a .session file first." } as const;

/** A command that runs one engine job on the target session and says what came of it. */
function jobCommand<R>(job: (ctx: CommandContext) => JobSpec<R>, announce: (result: R, doc: vscode.TextDocument) => void): Factory {
  return (ctx) => async (arg?: unknown): Promise<JobOutcome<R>> => {
    const args = jobArgs(arg);
    const doc = await targetSession(args.uri);
    if (!doc) return noSession;
    const outcome = await runJob(ctx, doc, args, job(ctx));
    if (outcome.ok) announce(outcome.result, doc);
    return outcome;
  };
}

/** "Show Loudness Report" as the notification's button. */
function offerReport(message: Thenable<string | undefined>, doc: vscode.TextDocument): void {
  void message.then((p) => p && vscode.commands.executeCommand("mixdown.showLoudnessReport", doc.uri));
}

export const RENDER_COMMANDS = {
  "mixdown.renderMix": jobCommand<RenderResult>(
    (ctx) => ({ action: "render the mix", verb: "Rendering", run: (session, token, onProgress) => ctx.engine.request(RenderRequest, { session }, { token, onProgress }) }),
    ({ report: r }, doc) => offerReport(vscode.window.showInformationMessage(`Mixdown: rendered ${r.output}: ${lufs(r.integrated)}, true peak ${dbtp(r.truePeak)}.`, "Show Loudness Report"), doc),
  ),
  "mixdown.master": jobCommand<MasterResult>(
    (ctx) => ({ action: "master the mix", verb: "Mastering", run: (session, token, onProgress) => ctx.engine.request(MasterRequest, { session }, { token, onProgress }) }),
    ({ report: r }, doc) => {
      const say = r.reachedTarget ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
      offerReport(say(`Mixdown: mastered ${r.output}: ${r.summary[0] ?? ""}${r.reachedTarget ? "" : ` ${r.summary.at(-1)}`}`, "Show Loudness Report"), doc);
    },
  ),
  "mixdown.exportStems": jobCommand<StemsResult>(
    (ctx) => ({ action: "export stems", verb: "Exporting stems of", run: (session, token, onProgress) => ctx.engine.request(ExportStemsRequest, { session }, { token, onProgress }) }),
    (result) => void vscode.window.showInformationMessage(`Mixdown: ${result.files.length} stems in ${vscode.workspace.asRelativePath(result.folder)}.`),
  ),
  "mixdown.showLoudnessReport": (ctx) => async (uri?: vscode.Uri): Promise<string | undefined> => {
    const doc = await targetSession(uri instanceof vscode.Uri ? uri : undefined);
    if (!doc) return undefined;
    const shown = await ctx.reports.show(doc.uri);
    if (!shown) {
      void vscode.window.showInformationMessage(`Mixdown: ${vscode.workspace.asRelativePath(doc.uri)} has not been rendered yet.`, "Render Mix")
        .then((p) => p && vscode.commands.executeCommand("mixdown.renderMix", doc.uri));
    }
    return shown;
  },
} satisfies Record<string, Factory>;

export function lufs(v: number | null): string {
  return v === null ? "silence" : `${v.toFixed(1)} LUFS`;
}

export function dbtp(v: number | null): string {
  return v === null ? "-inf dBTP" : `${v.toFixed(1)} dBTP`;
}
