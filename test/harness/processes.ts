// Every server a test starts runs in its own process group, is stopped whole, and is reaped.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs";
import { waitFor, waitUntil } from "./poll";

export interface Server {
  /** Who it is, for messages ("code-server", "pulseaudio"). */
  readonly name: string;
  /** Its pid, which is also its process group id. */
  readonly pid: number;
  readonly child: ChildProcess;
  /** Where its stdout and stderr go. */
  readonly logFile: string;
  /** Resolves with the exit code (or signal name) once the leader has been reaped. */
  readonly exited: Promise<number | string>;
}

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Appended to; stdout and stderr both go there. */
  logFile: string;
  /** Standard input; /dev/null unless told. */
  stdinFile?: string;
  /** Standard output alone goes here (raw audio, say); stderr still goes to `logFile`. */
  stdoutFile?: string;
}

const started = new Map<number, Server>();

/** Starts `command` as the leader of a new process group (a new session, like setsid). */
export function startGroup(name: string, command: string, args: string[], options: StartOptions): Server {
  const log = openSync(options.logFile, "a");
  const out = options.stdoutFile ? openSync(options.stdoutFile, "w") : log;
  const input = options.stdinFile ? openSync(options.stdinFile, "r") : "ignore";
  try {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, detached: true, stdio: [input, out, log] });
    if (child.pid === undefined) throw new Error(`could not start ${name} (${command}): see ${options.logFile}`);
    const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
    const server: Server = { name, pid: child.pid, child, logFile: options.logFile, exited };
    started.set(child.pid, server);
    return server;
  } finally {
    closeSync(log);
    if (out !== log) closeSync(out);
    if (typeof input === "number") closeSync(input);
  }
}

/** Sends TERM to the whole group, waits for it to empty, then KILLs what is left; reaps the leader. */
export async function stopGroup(server: Server, graceMs = 5000): Promise<void> {
  signalGroup(server.pid, "SIGTERM");
  try {
    await waitUntil(() => liveMembers(server.pid).length === 0, { what: `${server.name} to stop`, timeoutMs: graceMs, intervalMs: 50 });
  } catch {
    signalGroup(server.pid, "SIGKILL");
    await waitUntil(() => liveMembers(server.pid).length === 0, { what: `${server.name} to die`, timeoutMs: 5000, intervalMs: 50 });
  }
  await server.exited;
  started.delete(server.pid);
}

/** Runs a short-lived command in its own group to the end (stopping it at the deadline). */
export async function runInGroup(name: string, command: string, args: string[], options: StartOptions, timeoutMs: number): Promise<number | string> {
  const job = startGroup(name, command, args, options);
  try {
    return await waitFor(() => job.child.exitCode ?? job.child.signalCode ?? undefined, { what: `${name} to finish (log: ${options.logFile})`, timeoutMs, intervalMs: 20 });
  } finally {
    await stopGroup(job);
  }
}

/** Stops every group still running, newest first. */
export async function stopAllGroups(): Promise<void> {
  for (const server of [...started.values()].reverse()) await stopGroup(server);
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  command: string;
}

/** Every process on the machine, from /proc (Linux). */
export function processTable(): ProcInfo[] {
  const table: ProcInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const fields = stat.slice(close + 2).split(" ");
      const command = stat.slice(stat.indexOf("(") + 1, close);
      table.push({ pid: Number(entry), state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), command });
    } catch {
      // the process ended while we looked
    }
  }
  return table;
}

/** Members of a process group that have not exited (zombies count as gone). */
export function liveMembers(pgid: number): ProcInfo[] {
  return processTable().filter((p) => p.pgid === pgid && p.state !== "Z");
}

/** Live descendants of `pid` (children, their children, ...). */
export function liveDescendants(pid: number = process.pid): ProcInfo[] {
  const table = processTable();
  const found: ProcInfo[] = [];
  const parents = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of table) {
      if (!parents.has(p.ppid) || parents.has(p.pid)) continue;
      parents.add(p.pid);
      grew = true;
      if (p.state !== "Z") found.push(p);
    }
  }
  return found;
}

/**
 * Stops this process's own esbuild services (`esbuild --service=...` children: the one tsx started
 * to compile TypeScript, and any a test's esbuild call started) and waits for them to exit.
 * `esbuild.stop()` only signals them (a SIGTERM, or ending the worker thread whose pipe they read)
 * and returns at once, so a look at the process table straight after it can still find them
 * running, more often the busier the machine. One still running after `timeoutMs` is left for
 * `leftovers()` to report.
 */
export async function stopEsbuildServices(stop: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const services = processTable().filter((p) => p.ppid === process.pid && p.state !== "Z" && commandLine(p.pid).includes("--service="));
  await stop();
  const running = () => services.filter((s) => processTable().some((p) => p.pid === s.pid && p.state !== "Z"));
  try {
    await waitUntil(() => running().length === 0, { what: "esbuild's service to exit", timeoutMs, intervalMs: 10 });
  } catch {
    // reported by leftovers()
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

/** What tests left running: members of groups they started, and live descendants of this process. */
export function leftovers(): string[] {
  const seen = new Map<number, string>();
  for (const server of started.values()) {
    for (const p of liveMembers(server.pid)) seen.set(p.pid, `${p.pid} ${p.command} (group of ${server.name})`);
  }
  for (const p of liveDescendants()) if (!seen.has(p.pid)) seen.set(p.pid, `${p.pid} ${p.command}`);
  return [...seen.values()];
}

// If this process is stopped abruptly, take the groups down with it.
process.once("exit", () => {
  for (const pid of started.keys()) signalGroup(pid, "SIGKILL");
});
