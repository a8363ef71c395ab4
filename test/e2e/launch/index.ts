// Runs the extension-host suite (test/e2e/suite) under the chosen launcher and reads back its
// counts. The same bundled suite runs unchanged under either launcher: test-electron where VS Code
// can be downloaded (or already was, or MIXDOWN_VSCODE_EXECUTABLE names a local one), code-server
// where it cannot. MIXDOWN_E2E_LAUNCHER=electron|code-server forces one.
import { lookup } from "node:dns/promises";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Provision } from "../../provision";
import { makeScratch } from "../../harness/scratch";
import { warmUp } from "../../audio/capture";
import { startPulse, type AudioServer } from "../../audio/pulse";
import type { E2eResults } from "../index";
import { bundleE2e, copyWorkspace } from "./bundle";
import { runViaCodeServer, type LaunchOutcome, type LaunchRequest } from "./viaCodeServer";
import { hasDownloadedVSCode, runViaElectron } from "./viaElectron";

export type LauncherName = "electron" | "code-server";

export interface LauncherChoice {
  name: LauncherName;
  /** Why, for the log: "MIXDOWN_E2E_LAUNCHER=...", "VS Code cannot be downloaded: ...". */
  why: string;
}

const UPDATE_HOST = "update.code.visualstudio.com";

/** Resolves the update server's name, with a deadline; true when it resolves. */
async function canResolve(host: string, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([lookup(host).then(() => true, () => false), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export async function chooseLauncher(root: string, env: NodeJS.ProcessEnv = process.env): Promise<LauncherChoice> {
  const forced = env.MIXDOWN_E2E_LAUNCHER;
  if (forced === "electron" || forced === "code-server") return { name: forced, why: `MIXDOWN_E2E_LAUNCHER=${forced}` };
  if (forced) throw new Error(`MIXDOWN_E2E_LAUNCHER must be 'electron' or 'code-server', not '${forced}'`);
  if (env.MIXDOWN_VSCODE_EXECUTABLE) return { name: "electron", why: `MIXDOWN_VSCODE_EXECUTABLE=${env.MIXDOWN_VSCODE_EXECUTABLE}` };
  if (process.platform === "linux" && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { name: "code-server", why: "no DISPLAY for an Electron window on this Linux machine" };
  }
  if (hasDownloadedVSCode(root)) return { name: "electron", why: "VS Code is already downloaded in .vscode-test/" };
  if (await canResolve(UPDATE_HOST, 3000)) return { name: "electron", why: `${UPDATE_HOST} is reachable, so VS Code can be downloaded` };
  return { name: "code-server", why: `${UPDATE_HOST} cannot be resolved, so VS Code cannot be downloaded` };
}

export type E2eRun =
  | { status: "ran"; launcher: LauncherName; results: E2eResults; seconds: number }
  | { status: "skipped"; reason: string }
  | { status: "broken"; launcher: LauncherName; reason: string; seconds: number };

const DEADLINE_MS = 10 * 60_000;

/**
 * A PulseAudio server (virtual speaker and microphone, test/audio/pulse.ts) for the recording
 * tests: the editor, its extension host and the engine it forks inherit PULSE_SERVER.
 */
async function startAudio(): Promise<AudioServer | undefined> {
  let audio: AudioServer | undefined;
  try {
    audio = await startPulse();
    await warmUp(audio);
    return audio;
  } catch (error) {
    console.log(`e2e: PulseAudio did not start: ${error instanceof Error ? error.message : String(error)}`);
    await audio?.stop();
    return undefined;
  }
}

export async function runE2e(root: string, provision: Provision, grep?: string): Promise<E2eRun> {
  const choice = await chooseLauncher(root);
  console.log(`e2e: launcher ${choice.name} (${choice.why})`);
  let launch: (request: LaunchRequest) => Promise<LaunchOutcome>;
  if (choice.name === "code-server") {
    const editor = provision.editor();
    if (!editor.ok) return { status: "skipped", reason: `code-server launcher: ${editor.reason}` };
    if (!provision.browser.ok) return { status: "skipped", reason: `code-server launcher: ${provision.browser.reason}` };
    const [codeServer, chromium] = [editor.value, provision.browser.value];
    console.log(`e2e: code-server with VS Code ${codeServer.vscodeVersion}, ${chromium}`);
    launch = (request) => runViaCodeServer(codeServer, chromium, request);
  } else {
    launch = runViaElectron;
  }
  const started = Date.now();
  const seconds = (): number => (Date.now() - started) / 1000;
  const bundle = await bundleE2e(root);
  const scratch = makeScratch("e2e");
  const resultsFile = join(scratch.dir, "results.json");
  const request: LaunchRequest = {
    root,
    testsPath: bundle.index,
    workspace: copyWorkspace(root, join(scratch.dir, "workspace")),
    resultsFile,
    scratch,
    env: { MIXDOWN_E2E_RESULTS: resultsFile, ...(grep ? { MIXDOWN_E2E_GREP: grep } : {}) },
    deadlineMs: DEADLINE_MS,
  };
  const audio = provision.audio.ok ? await startAudio() : undefined;
  if (audio) Object.assign(request.env, { PULSE_SERVER: audio.env.PULSE_SERVER, PULSE_CLIENTCONFIG: audio.env.PULSE_CLIENTCONFIG });
  else console.log(`e2e: no PulseAudio server, the recording tests skip (${provision.audio.ok ? "it did not start" : provision.audio.reason})`);
  let outcome: LaunchOutcome;
  try {
    outcome = await launch(request);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { status: "broken", launcher: choice.name, reason: `${reason} (scratch kept: ${scratch.dir})`, seconds: seconds() };
  } finally {
    await audio?.stop();
  }
  if (!existsSync(resultsFile)) {
    const log = outcome.log.slice(-30).join("\n");
    const reason = `the test module wrote no results (exit ${outcome.exitCode}); scratch kept: ${scratch.dir}\n${log}`;
    return { status: "broken", launcher: choice.name, reason, seconds: seconds() };
  }
  const results = JSON.parse(readFileSync(resultsFile, "utf8")) as E2eResults;
  if (results.failures === 0 && outcome.exitCode !== 0) results.failures = 1;
  scratch.remove();
  bundle.remove();
  return { status: "ran", launcher: choice.name, results, seconds: seconds() };
}
