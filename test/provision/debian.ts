// Debian packages the real-editor and real-audio suites need: found with dpkg-query, installed
// with apt-get when running as root on Debian, otherwise reported as missing with the reason.
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";

/** What each group of tests needs from Debian. */
export const DEBIAN_NEEDS = {
  /** The PulseAudio server, its clients, the reference tools, and the swh LADSPA set (a delay line for the latency test). */
  audio: ["pulseaudio", "pulseaudio-utils", "alsa-utils", "libasound2-plugins", "sox", "libsox-fmt-all", "ffmpeg", "swh-plugins"],
  /** The browser that drives code-server. */
  browser: ["chromium", "fonts-dejavu-core"],
  /** What code-server's native modules are built with. */
  editorBuild: ["libkrb5-dev", "pkg-config", "python3", "make", "g++"],
  /** A third-party LSP client (headless neovim). */
  lspClient: ["neovim"],
} as const;

export type DebianGroup = keyof typeof DEBIAN_NEEDS;

export interface DebianResult {
  /** Packages still missing after provisioning, by group; a group absent here is complete. */
  missing: Partial<Record<DebianGroup, string[]>>;
  /** Why packages could not be installed, when they could not. */
  reason?: string;
  /** What was installed by this run. */
  installed: string[];
  seconds: number;
}

/** Which of `packages` dpkg does not report as installed (all of them where there is no dpkg). */
export function missingPackages(packages: readonly string[]): string[] {
  const query = spawnSync("dpkg-query", ["-W", "-f=${Package} ${db:Status-Status}\\n", ...packages], { encoding: "utf8" });
  if (query.error) return [...packages];
  const installed = new Set(
    query.stdout
      .split("\n")
      .filter((line) => line.endsWith(" installed"))
      .map((line) => line.split(" ")[0].split(":")[0]),
  );
  return packages.filter((p) => !installed.has(p));
}

/** Why this machine cannot apt-get install, or undefined when it can. */
export function cannotInstall(): string | undefined {
  if (!existsSync("/etc/debian_version") || spawnSync("apt-get", ["--version"]).error) return "not Debian (no apt-get)";
  if (process.getuid?.() !== 0) return "not root, so apt-get install is not possible";
  return undefined;
}

/** Installs what is missing from `groups` (one apt-get run for all of them), logging to `logFile`. */
export function provisionDebian(groups: readonly DebianGroup[], logFile: string): DebianResult {
  const started = Date.now();
  const wanted = [...new Set(groups.flatMap((g) => DEBIAN_NEEDS[g]))];
  const before = missingPackages(wanted);
  let reason: string | undefined;
  if (before.length > 0) {
    reason = cannotInstall() ?? aptInstall(before, logFile);
  }
  const after = missingPackages(wanted);
  const missing: Partial<Record<DebianGroup, string[]>> = {};
  for (const group of groups) {
    const lacking = DEBIAN_NEEDS[group].filter((p) => after.includes(p));
    if (lacking.length > 0) missing[group] = lacking;
  }
  const installed = before.filter((p) => !after.includes(p));
  return { missing, reason, installed, seconds: (Date.now() - started) / 1000 };
}

/** Runs apt-get update and install; returns why it failed, or undefined. */
function aptInstall(packages: string[], logFile: string): string | undefined {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  let log = "";
  const steps: string[][] = [["update"], ["install", "-y", "--no-install-recommends", ...packages]];
  for (const args of steps) {
    console.log(`provision: apt-get ${args.join(" ")}`);
    const run = spawnSync("apt-get", args, { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    log += `$ apt-get ${args.join(" ")}\n${run.stdout ?? ""}${run.stderr ?? ""}\n`;
    writeFileSync(logFile, log);
    if (run.status !== 0) return `apt-get ${args[0]} failed (exit ${run.status ?? run.signal}): see ${logFile}`;
  }
  return undefined;
}
