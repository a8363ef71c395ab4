// Scratch folders and an environment that points HOME, XDG_* and TMPDIR into one.
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Scratch {
  /** The folder everything goes under. */
  readonly dir: string;
  /** HOME, XDG_* and TMPDIR inside `dir`, on top of the given environment. */
  readonly env: NodeJS.ProcessEnv;
  /** A new folder inside `dir`. */
  sub(name: string): string;
  /** Removes everything; call it after the servers using it have stopped. */
  remove(): void;
}

/** Environment variables that would lead a child back into the real home or a real session. */
const LEAKY = ["DBUS_SESSION_BUS_ADDRESS", "PULSE_SERVER", "PULSE_SINK", "PULSE_SOURCE", "DISPLAY", "WAYLAND_DISPLAY", "VSCODE_IPC_HOOK_CLI", "ELECTRON_RUN_AS_NODE"];

/** Makes a scratch folder `<tmp>/mixdown-<label>-XXXX` with its own home, XDG folders and temp. */
export function makeScratch(label: string, base: NodeJS.ProcessEnv = process.env): Scratch {
  const dir = mkdtempSync(join(tmpdir(), `mixdown-${label}-`));
  const sub = (name: string): string => {
    const path = join(dir, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const runtime = sub("xdg/runtime");
  chmodSync(runtime, 0o700);
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of LEAKY) delete env[name];
  Object.assign(env, {
    HOME: sub("home"),
    XDG_CONFIG_HOME: sub("xdg/config"),
    XDG_DATA_HOME: sub("xdg/data"),
    XDG_CACHE_HOME: sub("xdg/cache"),
    XDG_STATE_HOME: sub("xdg/state"),
    XDG_RUNTIME_DIR: runtime,
    TMPDIR: sub("tmp"),
  });
  return { dir, env, sub, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("the OS gave no port"))));
    });
  });
}
