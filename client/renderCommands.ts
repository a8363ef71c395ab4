// Render Mix, Master, Export Stems and Show Loudness Report: the engine does the
// work in its own process (client/engineHost.ts); these only ask and show.
import * as vscode from "vscode";
import { ExportStemsRequest, MasterRequest, RenderRequest, type MasterResult, type RenderResult, type StemsResult } from "../core/protocol/engine";
import { targetSession, type Factory } from "./commandTypes";
import { jobArgs, runJob, type JobOutcome } from "./engineJobs";

const noSession = { ok: false, reason: "no-session", message: "Open a .session file first." } as const;

export const RENDER_COMMANDS = {
  "mixdown.renderMix": (ctx) => async (arg?: unknown): Promise<JobOutcome<RenderResult>> => {
    const args = jobArgs(arg);
    const doc = await targetSession(args.uri);
    if (!doc) return noSession;
    const outcome = await runJob(ctx, doc, args, {
      action: "render the mix", verb: "Rendering",
      run: (session, token, onProgress) => ctx.engine.request(RenderRequest, { session }, { token, onProgress }),
    });
    if (outcome.ok) {
      const r = outcome.result.report;
      void vscode.window.showInformationMessage(`Mixdown: rendered ${r.output}: ${lufs(r.integrated)}, true peak ${dbtp(r.truePeak)}.`, "Show Loudness Report")
        .then((p) => p && vscode.commands.executeCommand("mixdown.showLoudnessReport", doc.uri));
    }
    return outcome;
  },
  "mixdown.master": (ctx) => async (arg?: unknown): Promise<JobOutcome<MasterResult>> => {
    const args = jobArgs(arg);
    const doc = await targetSession(args.uri);
    if (!doc) return noSession;
    const outcome = await runJob(ctx, doc, args, {
      action: "master the mix", verb: "Mastering",
      run: (session, token, onProgress) => ctx.engine.request(MasterRequest, { session }, { token, onProgress }),
    });
    if (outcome.ok) {
      const r = outcome.result.report;
      const say = r.reachedTarget ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
      void say(`Mixdown: mastered ${r.output}: ${r.summary[0] ?? ""}${r.reachedTarget ? "" : ` ${r.summary.at(-1)}`}`, "Show Loudness Report")
        .then((p) => p && vscode.commands.executeCommand("mixdown.showLoudnessReport", doc.uri));
    }
    return outcome;
  },
  "mixdown.exportStems": (ctx) => async (arg?: unknown): Promise<JobOutcome<StemsResult>> => {
    const args = jobArgs(arg);
    const doc = await targetSession(args.uri);
    if (!doc) return noSession;
    const outcome = await runJob(ctx, doc, args, {
      action: "export stems", verb: "Exporting stems of",
      run: (session, token, onProgress) => ctx.engine.request(ExportStemsRequest, { session }, { token, onProgress }),
    });
    if (outcome.ok) {
      const folder = vscode.workspace.asRelativePath(outcome.result.folder);
      void vscode.window.showInformationMessage(`Mixdown: ${outcome.result.files.length} stems in ${folder}.`);
    }
    return outcome;
  },
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
