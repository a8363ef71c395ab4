// The test-electron launcher: a real VS Code downloaded by @vscode/test-electron, for machines
// that can reach Microsoft's update server. Runs electronMain.ts in its own process group.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startGroup, stopGroup } from "../../harness/processes";
import type { LaunchOutcome, LaunchRequest } from "./viaCodeServer";
import type { ElectronRequest } from "./electronMain";
import { tail } from "./viaCodeServer";

/** The VS Code test-electron runs: the one code-server 4.139.1 is built on, unless told otherwise. */
export const VSCODE_VERSION = process.env.MIXDOWN_VSCODE_VERSION ?? "1.139.1";

/** Whether test-electron has already downloaded a VS Code into `<root>/.vscode-test`. */
export function hasDownloadedVSCode(root: string): boolean {
  const dir = join(root, ".vscode-test");
  return existsSync(dir) && readdirSync(dir).some((name) => name.startsWith("vscode-"));
}

export async function runViaElectron(request: LaunchRequest): Promise<LaunchOutcome> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.env)) if (value !== undefined && key.startsWith("MIXDOWN_")) env[key] = value;
  const electronRequest: ElectronRequest = {
    root: request.root,
    testsPath: request.testsPath,
    workspace: request.workspace,
    userDataDir: request.scratch.sub("vscode/user-data"),
    extensionsDir: request.scratch.sub("vscode/extensions"),
    version: VSCODE_VERSION,
    executable: process.env.MIXDOWN_VSCODE_EXECUTABLE || undefined,
    env,
  };
  const logFile = join(request.scratch.dir, "test-electron.log");
  // DISPLAY stays: Electron needs one (the scratch environment drops it).
  const childEnv = { ...request.scratch.env, ...request.env, DISPLAY: process.env.DISPLAY, WAYLAND_DISPLAY: process.env.WAYLAND_DISPLAY };
  const child = startGroup("test-electron", process.execPath, ["--import", "tsx", join(__dirname, "electronMain.ts"), JSON.stringify(electronRequest)], {
    env: childEnv,
    cwd: request.root,
    logFile,
  });
  const deadline = setTimeout(() => void stopGroup(child), request.deadlineMs);
  try {
    const code = await child.exited;
    return { exitCode: typeof code === "number" ? code : 1, log: tail(logFile, 200).split("\n") };
  } finally {
    clearTimeout(deadline);
    await stopGroup(child);
  }
}
