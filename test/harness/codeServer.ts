// code-server on 127.0.0.1, in its own process group, with its user data, extensions, HOME and
// temp inside a scratch folder, and no way out to an extension gallery; and the headless Debian
// Chromium (playwright-core) that opens it, with a fresh profile in the same scratch folder and no
// host name resolving but loopback, so the page can reach nothing but the local servers.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import type { Editor } from "../provision/editor";
import { waitFor } from "./poll";
import { startGroup, stopGroup, type Server } from "./processes";
import { freePort, type Scratch } from "./scratch";

export interface CodeServerOptions {
  editor: Editor;
  scratch: Scratch;
  /** Serve the `payload` query (extensionDevelopmentPath, extensionTestsPath) and report test exits. */
  smokeTestDriver: boolean;
  /** More environment for code-server and its extension host. */
  env?: NodeJS.ProcessEnv;
  /** Extensions installed as a user has them: folder name (publisher.name-version) to its source folder, linked. */
  installed?: Record<string, string>;
}

export interface CodeServer {
  readonly server: Server;
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The workbench URL for a folder, with an optional smoke-test payload. */
  url(folder: string, payload?: [string, string][]): string;
  /** A path on this machine as the workbench's remote URI. */
  remote(path: string): string;
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and offline: no welcome page, tips or update checks. */
const SETTINGS = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "security.workspace.trust.enabled": false,
  "chat.disableAIFeatures": true,
  "files.autoSave": "off",
  "window.restoreWindows": "none",
};

function writeSettings(userDataDir: string): void {
  mkdirSync(join(userDataDir, "User"), { recursive: true });
  writeFileSync(join(userDataDir, "User", "settings.json"), JSON.stringify(SETTINGS, null, 2));
}

/** Starts code-server and waits until it answers /healthz; a port lost to a race is retried. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const userDataDir = options.scratch.sub("code-server/user-data");
  const extensionsDir = options.scratch.sub("code-server/extensions");
  writeSettings(userDataDir);
  for (const [name, source] of Object.entries(options.installed ?? {})) symlinkSync(source, join(extensionsDir, name));
  const env: NodeJS.ProcessEnv = {
    ...options.scratch.env,
    ...options.env,
    // An empty gallery: the workbench never asks a marketplace for anything.
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: "" }),
    CS_TELEMETRY_URL: "http://127.0.0.1:9/",
  };
  let lastError = "";
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const args = [
      options.editor.entry,
      "--auth", "none",
      "--bind-addr", `127.0.0.1:${port}`,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      "--ignore-last-opened",
      "--reconnection-grace-time", "5",
      "--user-data-dir", userDataDir,
      "--extensions-dir", extensionsDir,
      ...(options.smokeTestDriver ? ["--vscode-option", "enable-smoke-test-driver"] : []),
    ];
    const logFile = join(options.scratch.dir, `code-server-${attempt}.log`);
    const server = startGroup("code-server", options.editor.node, args, { env, logFile, cwd: options.scratch.dir });
    try {
      await waitFor(() => healthy(server, port), { what: `code-server on 127.0.0.1:${port} (log: ${logFile})`, timeoutMs: 30_000, intervalMs: 100 });
      return handle(server, port);
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      await stopGroup(server);
    }
  }
  throw new Error(`code-server did not start: ${lastError}`);
}

async function healthy(server: Server, port: number): Promise<true | undefined> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) {
    throw new Error(`code-server exited (${server.child.exitCode ?? server.child.signalCode}) before it answered; see ${server.logFile}`);
  }
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  return response.ok ? true : undefined;
}

function handle(server: Server, port: number): CodeServer {
  const origin = `http://127.0.0.1:${port}`;
  const remote = (path: string): string => `vscode-remote://127.0.0.1:${port}${path}`;
  return {
    server,
    port,
    origin,
    remote,
    url(folder, payload) {
      const query = new URLSearchParams({ folder });
      if (payload) query.set("payload", JSON.stringify(payload));
      return `${origin}/?${query.toString()}`;
    },
    stop: () => stopGroup(server),
  };
}

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  "--autoplay-policy=no-user-gesture-required",
  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
];

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console lines the page printed, for failure messages. */
  readonly console: string[];
  close(): Promise<void>;
}

/** Launches Chromium with a profile under `scratch` and opens one page. */
export async function launchBrowser(executablePath: string, scratch: Scratch): Promise<BrowserSession> {
  const context = await chromium.launchPersistentContext(scratch.sub("chromium-profile"), {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    env: scratch.env,
    viewport: { width: 1400, height: 900 },
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const lines: string[] = [];
  page.on("console", (message) => {
    lines.push(`[${message.type()}] ${message.text()}`);
    if (lines.length > 500) lines.shift();
  });
  return { context, page, console: lines, close: () => context.close() };
}
