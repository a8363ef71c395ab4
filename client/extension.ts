// The Mixdown extension: starts the language server, the engine host (lazily),
// the commands, CodeLens and the loudness status bar item.
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { SessionCodeLenses } from "./codeLens";
import { registerCommands } from "./commands";
import type { Player } from "./player";
import { currentPlayer, currentTransport } from "./playerCommands";
import type { TransportStatus } from "./transportStatus";
import { EngineHost } from "./engineHost";
import { REPORT_SCHEME, ReportDocuments } from "./loudnessReport";
import { showError } from "./notify";
import { RenderStatus } from "./statusBar";
import { currentRecording, watchCrashedTakes } from "./recordCommands";
import type { RecordingStatus } from "./recordStatus";

let client: LanguageClient | undefined;

export interface MixdownApi {
  /** The engine process host (tests check its restarts and cancellation). */
  engine: EngineHost;
  status: RenderStatus;
  /** The player panel, once a player command opened it (tests read its status). */
  player(): Player | undefined;
  /** The transport's status bar item, once the player exists. */
  transport(): TransportStatus | undefined;
  /** The recording status bar item, once Record Track ran (tests read its level). */
  recording(): RecordingStatus | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<MixdownApi> {
  const output = vscode.window.createOutputChannel("Mixdown", { log: true });
  context.subscriptions.push(output);
  const module = context.asAbsolutePath("dist/server.js");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6029"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: "mixdown" }],
    outputChannel: output,
    synchronize: {
      // Takes appearing or disappearing change diagnostics; a new render report changes inlay hints;
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/*.{wav,WAV}"),
        // `fx` programs: a changed .dsp is compiled again and its sliders re-checked.
        vscode.workspace.createFileSystemWatcher("**/*.dsp"),
        vscode.workspace.createFileSystemWatcher("**/renders/*.report.json"),
        // `mixdown test` results: the server shows them at each `expect` line.
        vscode.workspace.createFileSystemWatcher("**/renders/*-test.json"),
      ],
    },
  };
  client = new LanguageClient("mixdown", "Mixdown", serverOptions, clientOptions);
  const engine = new EngineHost({
    module: context.asAbsolutePath("dist/engine.js"),
    log: (level, message) => output[level](message),
    onCrash: (message) => void showError(output, message),
  });
  const reports = new ReportDocuments();
  const status = new RenderStatus(() => reports.refresh());
  const lenses = new SessionCodeLenses();
  context.subscriptions.push(
    engine, status, reports, lenses,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    vscode.languages.registerCodeLensProvider({ language: "mixdown" }, lenses),
  );
  const ctx = { output, engine, status, reports };
  registerCommands(context, ctx);
  watchCrashedTakes(context, ctx);
  await client.start();
  context.subscriptions.push({ dispose: () => currentPlayer()?.dispose() });
  return { engine, status, player: currentPlayer, transport: currentTransport, recording: currentRecording };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
