// The engine process: the extension forks this bundle (dist/engine.js) with the
// Node that VS Code provides and talks to it over vscode-jsonrpc
// (core/protocol/engine.ts), through the IPC channel of `child_process.fork`,
// or over stdin/stdout with `--stdio`. Audio work happens here, never in the
// extension host. A request's cancellation aborts its render.
import {
  createMessageConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter,
  type CancellationToken, type MessageConnection,
} from "vscode-jsonrpc/node";
import { EngineLogNotification, EngineProgressType, InfoRequest, type EngineProgress } from "../../core/protocol/engine";
import { ExportStemsRequest, LoudnessRequest, MasterRequest, RenderRequest } from "../../core/protocol/render";
import { exportStems, loudness, master, render, type Job } from "./render";
import { serveLive } from "./player";
import { serveRecording } from "./record";
import { serveRevisions } from "./revision";

function connect(): MessageConnection {
  if (process.argv.includes("--stdio") || !process.send) {
    return createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  }
  return createMessageConnection(new IPCMessageReader(process), new IPCMessageWriter(process));
}

/** Progress reports at most every 50 ms (and always the last one), so a fast render does not flood the channel. */
function job(connection: MessageConnection, token: CancellationToken, progressToken: string | undefined): Job {
  const controller = new AbortController();
  token.onCancellationRequested(() => controller.abort());
  let last = 0;
  return {
    signal: controller.signal,
    progress(update: EngineProgress) {
      if (progressToken === undefined) return;
      const now = Date.now();
      if (update.message === undefined && update.fraction !== 1 && now - last < 50) return;
      last = now;
      void connection.sendProgress(EngineProgressType, progressToken, update);
    },
  };
}

export function serve(connection: MessageConnection): void {
  connection.onRequest(RenderRequest, (params, token) => render(params, job(connection, token, params.progressToken)));
  connection.onRequest(MasterRequest, (params, token) => master(params, job(connection, token, params.progressToken)));
  connection.onRequest(ExportStemsRequest, (params, token) => exportStems(params, job(connection, token, params.progressToken)));
  connection.onRequest(LoudnessRequest, (params, token) => loudness(params, job(connection, token, undefined)));
  connection.onRequest(InfoRequest, () => ({ node: process.version, pid: process.pid }));
  serveLive(connection);
  serveRevisions(connection, (token, progressToken) => job(connection, token, progressToken));
  serveRecording(connection, (token, progressToken) => job(connection, token, progressToken));
  connection.listen();
}

function main(): void {
  const connection = connect();
  const log = (level: "warn" | "error", message: string) => void connection.sendNotification(EngineLogNotification, { level, message });
  process.on("uncaughtException", (error) => log("error", `engine: ${error.stack ?? error.message}`));
  process.on("unhandledRejection", (reason) => log("error", `engine: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`));
  // The client went away (the extension host stopped): nothing left to serve.
  connection.onClose(() => process.exit(0));
  process.on("disconnect", () => process.exit(0));
  serve(connection);
}

main();
