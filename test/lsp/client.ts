// A JSON-RPC client for the language server, over the real protocol: in
// process over a stream pair, or as a child process over stdio.
import { spawn, type ChildProcess } from "node:child_process";
import { PassThrough } from "node:stream";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import type { Diagnostic, PublishDiagnosticsParams } from "vscode-languageserver";
import { createConnection } from "vscode-languageserver/node";
import { startServer } from "../../server/server";

export class LspClient {
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: (() => void)[] = [];
  private versions = new Map<string, number>();

  private constructor(readonly rpc: MessageConnection, private readonly child?: ChildProcess) {
    rpc.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
      this.latest.set(p.uri, p);
      this.waiters.splice(0).forEach((w) => w());
    });
    rpc.onNotification("window/logMessage", () => undefined);
    rpc.onRequest("workspace/configuration", () => []);
    rpc.onRequest("client/registerCapability", () => null);
    rpc.listen();
  }

  static inProcess(): LspClient {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)));
    return new LspClient(createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer)));
  }

  static child(command: string, args: string[]): LspClient {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "inherit"] });
    return new LspClient(createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!)), child);
  }

  async initialize(rootPath?: string): Promise<Record<string, unknown>> {
    const result = await this.rpc.sendRequest<{ capabilities: Record<string, unknown> }>("initialize", {
      processId: process.pid, rootUri: rootPath ? pathToFileURL(rootPath).href : null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } } },
      workspaceFolders: rootPath ? [{ uri: pathToFileURL(rootPath).href, name: "root" }] : null,
    });
    await this.rpc.sendNotification("initialized", {});
    return result.capabilities;
  }

  /** Opens a document and returns the diagnostics published for this version. */
  async open(uri: string, text: string): Promise<Diagnostic[]> {
    this.versions.set(uri, 1);
    await this.rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "mixdown", version: 1, text } });
    return this.diagnostics(uri, 1);
  }

  /** Replaces the whole text and returns the diagnostics for the new version. */
  async change(uri: string, text: string): Promise<Diagnostic[]> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.rpc.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text }] });
    return this.diagnostics(uri, version);
  }

  /** Waits (with a deadline) for diagnostics of `version` or later. */
  async diagnostics(uri: string, version: number, timeoutMs = 10000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.latest.get(uri);
      if (p && (p.version === undefined || p.version >= version)) return p.diagnostics;
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} version ${version} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.rpc.sendRequest<R>(method, params);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.rpc.sendNotification(method, params);
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.rpc.sendRequest("shutdown"), new Promise((r) => setTimeout(r, 2000))]);
      // `exit` ends the server's process: only send it to a child.
      if (this.child) await this.rpc.sendNotification("exit");
    } catch {
      // already gone
    }
    this.rpc.dispose();
    this.child?.kill();
  }
}

export function pos(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`'${needle}' is not in the text`);
  const before = text.slice(0, offset + delta);
  const line = before.split("\n").length - 1;
  return { line, character: before.length - before.lastIndexOf("\n") - 1 };
}
