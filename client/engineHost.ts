// The engine process, seen from the extension: forked on first use with the
// Node that VS Code provides (process.execPath with ELECTRON_RUN_AS_NODE, as
// vscode-languageclient does for servers), spoken to over vscode-jsonrpc on
// the IPC channel, restarted on the next request after a crash. Nothing here
// imports `vscode`, so tests drive it from plain Node.
import { fork, type ChildProcess } from "node:child_process";
import {
  createMessageConnection, IPCMessageReader, IPCMessageWriter, ResponseError,
  type CancellationToken, type MessageConnection, type RequestParam, type RequestType,
} from "vscode-jsonrpc/node";
import { EngineLogNotification, EngineProgressType, type EngineErrorData, type EngineProgress } from "../core/protocol/engine";

export interface EngineHostOptions {
  /** The engine's entry: dist/engine.js (or engine/rpc/main.ts with execArgv `--import tsx`). */
  module: string;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  log(level: "info" | "warn" | "error", message: string): void;
  /** The engine stopped while it was needed: tell the user (it restarts on the next request). */
  onCrash(message: string): void;
}

export interface RequestOptions {
  token?: CancellationToken;
  onProgress?(update: EngineProgress): void;
}

/** A request failed because the engine process died under it. */
export class EngineCrashedError extends Error {}

interface Running {
  child: ChildProcess;
  connection: MessageConnection;
  /** The last lines the engine printed on stderr, for a crash report. */
  stderr: string[];
  stopping: boolean;
}

let nextProgress = 0;

export class EngineHost {
  private running: Running | undefined;
  /** Times the engine has been started (a crash followed by a request makes 2). */
  starts = 0;

  constructor(private readonly options: EngineHostOptions) {}

  get pid(): number | undefined {
    return this.running?.child.pid;
  }

  /** Sends a request, starting the engine if needed; progress arrives on a fresh token. */
  async request<P extends object, R>(type: RequestType<P, R, EngineErrorData>, params: P, options: RequestOptions = {}): Promise<R> {
    const running = this.running ?? this.start();
    const progressToken = options.onProgress ? `progress-${process.pid}-${++nextProgress}` : undefined;
    const listening = progressToken && options.onProgress ? running.connection.onProgress(EngineProgressType, progressToken, options.onProgress) : undefined;
    try {
      return await running.connection.sendRequest(type, { ...params, progressToken } as RequestParam<P>, options.token);
    } catch (error) {
      if (error instanceof ResponseError || (running.child.exitCode === null && running.child.signalCode === null)) throw error;
      throw new EngineCrashedError(`The Mixdown engine stopped while working (${exitOf(running.child)}); it restarts on the next command.`);
    } finally {
      listening?.dispose();
    }
  }

  private start(): Running {
    const child = fork(this.options.module, [], {
      execPath: process.execPath,
      execArgv: this.options.execArgv ?? [],
      env: { ...process.env, ...this.options.env, ELECTRON_RUN_AS_NODE: "1" },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "json",
    });
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const running: Running = { child, connection, stderr: [], stopping: false };
    this.running = running;
    this.starts++;
    child.stdout?.on("data", (d: Buffer) => this.options.log("info", `engine: ${d.toString().trimEnd()}`));
    child.stderr?.on("data", (d: Buffer) => {
      const text = d.toString().trimEnd();
      running.stderr.push(...text.split("\n"));
      running.stderr.splice(0, Math.max(0, running.stderr.length - 20));
      this.options.log("warn", `engine: ${text}`);
    });
    connection.onNotification(EngineLogNotification, ({ level, message }) => this.options.log(level, message));
    child.on("error", (error) => this.options.log("error", `engine: could not start ${this.options.module}: ${error.message}`));
    child.on("exit", () => this.exited(running));
    connection.listen();
    this.options.log("info", `engine: started ${this.options.module} (pid ${child.pid}, ${process.execPath})`);
    return running;
  }

  private exited(running: Running): void {
    if (this.running === running) this.running = undefined;
    running.connection.dispose();
    if (running.stopping) return;
    const tail = running.stderr.length ? `\n${running.stderr.slice(-10).join("\n")}` : "";
    this.options.log("error", `engine: stopped unexpectedly (${exitOf(running.child)}).${tail}`);
    this.options.onCrash(`The Mixdown engine stopped unexpectedly (${exitOf(running.child)}). It restarts on the next command; if it keeps stopping, the Mixdown output has the details.`);
  }

  /** Stops the engine (it starts again on the next request). */
  stop(): Promise<void> {
    const running = this.running;
    if (!running) return Promise.resolve();
    running.stopping = true;
    this.running = undefined;
    return new Promise((resolve) => {
      if (running.child.exitCode !== null || running.child.signalCode !== null) return resolve();
      running.child.once("exit", () => resolve());
      running.child.kill();
    });
  }

  dispose(): void {
    void this.stop();
  }
}

function exitOf(child: ChildProcess): string {
  return child.signalCode ? `signal ${child.signalCode}` : `exit code ${child.exitCode}`;
}
