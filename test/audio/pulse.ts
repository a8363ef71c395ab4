// A PulseAudio server for tests, started and stopped by them: a null "speaker" sink (what the
// program plays), a null "micfeed" sink whose monitor is the virtual "mic" source (what the
// program records), and a silent keep-alive stream on each sink so their monitors run on time.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "../harness/poll";
import { startGroup, stopGroup, type Server } from "../harness/processes";
import { makeScratch, type Scratch } from "../harness/scratch";

export const RATE = 48_000;
export const CHANNELS = 2;
/** Raw sample format of every stream the helpers open. */
export const RAW_FORMAT = ["--raw", "--format=float32le", `--rate=${RATE}`, `--channels=${CHANNELS}`];

export interface AudioServer {
  /** Environment for any client (PULSE_SERVER, HOME, XDG_*, TMPDIR); give it to the program under test. */
  readonly env: NodeJS.ProcessEnv;
  readonly scratch: Scratch;
  readonly daemon: Server;
  /** Runs pactl against this server and returns its stdout. */
  pactl(...args: string[]): string;
  /** Stops the keep-alive streams and the daemon, and removes the scratch folder. */
  stop(): Promise<void>;
}

function defaultPa(dir: string): string {
  return [
    `load-module module-native-protocol-unix auth-anonymous=1 socket=${join(dir, "native")}`,
    `load-module module-null-sink sink_name=speaker rate=${RATE} channels=${CHANNELS} format=float32le sink_properties=device.description=speaker`,
    `load-module module-null-sink sink_name=micfeed rate=${RATE} channels=${CHANNELS} format=float32le sink_properties=device.description=micfeed`,
    "load-module module-virtual-source source_name=mic master=micfeed.monitor",
    "set-default-sink speaker",
    "set-default-source mic",
    "",
  ].join("\n");
}

/** Starts the daemon and its keep-alive streams; resolves once `pactl info` answers and the sinks exist. */
export async function startPulse(): Promise<AudioServer> {
  const scratch = makeScratch("pulse");
  const dir = scratch.sub("pulse");
  writeFileSync(join(dir, "default.pa"), defaultPa(dir));
  writeFileSync(join(dir, "client.conf"), "autospawn = no\n");
  const env: NodeJS.ProcessEnv = { ...scratch.env, PULSE_SERVER: `unix:${join(dir, "native")}`, PULSE_CLIENTCONFIG: join(dir, "client.conf") };
  const pactl = (...args: string[]): string => {
    const run = spawnSync("pactl", args, { env, encoding: "utf8", timeout: 10_000 });
    if (run.status !== 0) throw new Error(`pactl ${args.join(" ")} failed: ${(run.stderr || run.error?.message || "").trim()}`);
    return run.stdout;
  };
  const daemonArgs = ["--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no", "-n", "-F", join(dir, "default.pa"), `--log-target=file:${join(dir, "pulse.log")}`];
  const daemon = startGroup("pulseaudio", "pulseaudio", daemonArgs, { env, logFile: join(dir, "daemon.out") });
  const keepAlive: Server[] = [];
  const stop = async (): Promise<void> => {
    for (const stream of keepAlive) await stopGroup(stream);
    await stopGroup(daemon);
    scratch.remove();
  };
  try {
    await waitFor(
      () => {
        if (daemon.child.exitCode !== null) throw new Error(`pulseaudio exited with ${daemon.child.exitCode}; see ${join(dir, "pulse.log")}`);
        const sinks = pactl("list", "short", "sinks");
        return sinks.includes("speaker") && sinks.includes("micfeed") ? true : undefined;
      },
      { what: "the PulseAudio server to answer with its sinks", timeoutMs: 15_000, intervalMs: 50 },
    );
    for (const sink of ["speaker", "micfeed"]) {
      const args = ["--playback", "-d", sink, ...RAW_FORMAT, "--latency-msec=50"];
      keepAlive.push(startGroup(`keep-alive ${sink}`, "pacat", args, { env, logFile: join(dir, `keepalive-${sink}.log`), stdinFile: "/dev/zero" }));
    }
    await waitFor(() => (streamsOn(pactl) >= 2 ? true : undefined), { what: "the keep-alive streams to play", timeoutMs: 10_000, intervalMs: 50 });
  } catch (error) {
    await stop();
    throw error;
  }
  return { env, scratch, daemon, pactl, stop };
}

/** How many playback streams the server is playing. */
function streamsOn(pactl: (...args: string[]) => string): number {
  return pactl("list", "short", "sink-inputs").split("\n").filter((line) => line.trim()).length;
}

/** Whether the Debian tools the audio helpers use are on PATH. */
export function audioToolsMissing(): string[] {
  return ["pulseaudio", "pactl", "pacat", "parec", "paplay"].filter((tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0);
}
