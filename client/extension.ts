// The Mixdown extension: starts the language server and registers commands.
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { registerCommands } from "./commands";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
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
      // Takes appearing or disappearing change diagnostics; a new render report changes inlay hints.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/*.{wav,WAV}"),
        vscode.workspace.createFileSystemWatcher("**/renders/*.report.json"),
      ],
    },
  };
  client = new LanguageClient("mixdown", "Mixdown", serverOptions, clientOptions);
  registerCommands(context, { output });
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
