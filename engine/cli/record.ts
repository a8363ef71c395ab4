// `mixdown record FILE.session TRACK [--seconds N] [--device D] [--output SINK] [--from BAR|TIME]
//   [--count-in BARS] [--click] [--latency MS] [--capture-command CMD] [--no-play]`
// `mixdown record FILE.session --recover [--add]`, `mixdown record FILE.session --list-devices`
import { dirname, resolve } from "node:path";
import type { SessionModel } from "../../core/model";
import { barSeconds } from "../../core/timebase";
import { CAPTURE_TOOLS, firstInstalled, noCaptureToolMessage, type Platform } from "../record/backends";
import { commitTake } from "../record/commit";
import { buildCue } from "../record/cue";
import { storedLatency } from "../record/latency";
import { CaptureError, recordTake } from "../record/recorder";
import { findOrphanTakes, forgetJournal, repairTake, type OrphanTake } from "../record/recover";
import { chooseCapture, choosePlayer, listDevices, SetupError, trackInput } from "../record/setup";
import { CliError, type Args, type Command } from "./args";
import { loadSession, type LoadedSession } from "./session";

function loadForRecording(path: string): LoadedSession {
  return loadSession(path, "fix them before recording, so the take can be added to it. Nothing was recorded.", { needsTracks: false });
}

/** `--from`: `bar 9`, `9` (a bar), `bar 9.3`, `1:04.5`, `12 s`, `500 ms`. */
export function parseFrom(value: string, model: SessionModel): number {
  const v = value.trim();
  const bar = /^(?:bar\s*)?(\d+)(?:\.(\d+(?:\.\d+)?))?$/i.exec(v);
  if (bar) {
    const s = barSeconds(model, Number(bar[1]), bar[2] ? Number(bar[2]) : 1);
    if (s === null) throw new CliError(`--from ${value} is a bar, but the session has no tempo: add 'tempo N bpm', or give a time such as 0:12.5.`, 2);
    return s;
  }
  const clock = /^(\d+):([0-5]?\d(?:\.\d+)?)$/.exec(v);
  if (clock) return Number(clock[1]) * 60 + Number(clock[2]);
  const unit = /^(\d+(?:\.\d+)?)\s*(s|ms)$/i.exec(v);
  if (unit) return Number(unit[1]) / (unit[2].toLowerCase() === "ms" ? 1000 : 1);
  throw new CliError(`--from '${value}' is not a position: use a bar (9, bar 9, bar 9.3) or a time (1:04.5, 12 s, 500 ms).`, 2);
}

function numberFlag(args: Args, name: string, min: number, max: number): number | undefined {
  const raw = args.flags.get(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw === true || !Number.isFinite(n) || n < min || n > max) throw new CliError(`--${name} is a number from ${min} to ${max}, not '${String(raw)}'.`, 2);
  return n;
}

const str = (args: Args, name: string): string | undefined => {
  const v = args.flags.get(name);
  return typeof v === "string" ? v : undefined;
};

function describeOrphan(o: OrphanTake): string {
  if (o.unreadable) return `${o.relative}: not a readable WAV (${o.unreadable})`;
  const lost = o.framesOnDisk > o.frames ? ` (+${((o.framesOnDisk - o.frames) / o.sampleRate).toFixed(2)} s after its last header update)` : "";
  return `${o.relative}: ${(o.frames / o.sampleRate).toFixed(2)} s${lost}, track ${o.track ?? "?"}${o.at !== undefined ? `, at ${o.at.toFixed(3)} s` : ""}`;
}

function recover(path: string, add: boolean): number {
  const { text, folder } = loadForRecording(path);
  const orphans = findOrphanTakes(folder, text);
  if (orphans.length === 0) {
    process.stdout.write("no takes outside the session: nothing to recover\n");
    return 0;
  }
  for (const o of orphans) process.stdout.write(`${add ? "adding" : "not in the session"}: ${describeOrphan(o)}\n`);
  if (!add) {
    process.stdout.write(`add ${orphans.length === 1 ? "it" : "them"} with: mixdown record ${path} --recover --add\n`);
    return 0;
  }
  for (const o of orphans) {
    if (o.unreadable || !o.track) continue;
    repairTake(o);
    commitTake(path, { track: o.track, path: o.relative, at: o.at ?? 0, length: o.frames / o.sampleRate });
    forgetJournal(o.path);
  }
  return 0;
}

function warnOrphans(path: string, folder: string, text: string): void {
  const orphans = findOrphanTakes(folder, text);
  if (orphans.length === 0) return;
  process.stderr.write(`note: ${orphans.length} take${orphans.length === 1 ? "" : "s"} in takes/ ${orphans.length === 1 ? "is" : "are"} not in the session (a recording that crashed?):\n`);
  for (const o of orphans) process.stderr.write(`  ${describeOrphan(o)}\n`);
  process.stderr.write(`  add with: mixdown record ${path} --recover --add\n`);
}

async function record(args: Args): Promise<number> {
  const [path, track] = args.positional;
  if (!track || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(track)) throw new CliError("give the session file and a track name (letters, digits, _ and -): mixdown record song.session vox", 2);
  const { model, text, folder } = loadForRecording(path);
  warnOrphans(path, folder, text);
  const input = trackInput(model, track);
  const device = str(args, "device") ?? input.device;
  const output = str(args, "output") ?? "default";
  const choice = chooseCapture({ rate: model.sampleRate, device, channels: input.channels, template: str(args, "capture-command") });
  const from = args.flags.has("from") ? parseFrom(String(args.flags.get("from")), model) : 0;
  const countInBars = numberFlag(args, "count-in", 0, 16) ?? 0;
  const seconds = numberFlag(args, "seconds", 0.1, 24 * 3600);
  const player = args.flags.has("no-play") ? undefined : choosePlayer(model.sampleRate, output);
  if (!player && !args.flags.has("no-play")) process.stderr.write("note: no player found (pacat, paplay, ffplay, aplay or sox); recording without playing the session.\n");
  const cue = player ? await buildCue(model, track, folder, { from, countInBars, click: args.flags.has("click"), seconds }).catch((e: Error) => { throw new CliError(e.message, 2); }) : undefined;
  const flagLatency = numberFlag(args, "latency", 0, 2000);
  const stored = flagLatency === undefined ? storedLatency([process.cwd(), folder], choice.tool, device, output) : undefined;
  const latencyMs = flagLatency ?? stored?.latencyMs ?? 0;
  if (stored) process.stderr.write(`using the measured latency ${stored.latencyMs.toFixed(2)} ms from ${stored.file}\n`);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.stderr.write(`recording ${track} from ${choice.tool === "custom" ? choice.capture.command : choice.tool} (${device}, channel ${choice.takeChannels.join(" ")})${seconds ? ` for ${seconds} s` : "; Ctrl-C stops"}\n`);
  try {
    const result = await recordTake({
      folder, sessionPath: resolve(path), track, rate: model.sampleRate, captureChannels: choice.captureChannels, takeChannels: choice.takeChannels,
      capture: choice.capture, cue, play: player?.play, witness: player?.witness, latency: latencyMs / 1000, seconds, signal: controller.signal,
    });
    commitTake(path, { track, path: result.take.relative, at: result.at, length: result.frames / model.sampleRate });
    forgetJournal(result.take.path);
    const peakDb = result.peak > 0 ? 20 * Math.log10(result.peak) : -Infinity;
    process.stdout.write(`recorded ${result.take.relative}: ${(result.frames / model.sampleRate).toFixed(2)} s at ${result.at.toFixed(6)} s (placed by ${result.placement}, latency ${latencyMs.toFixed(2)} ms), peak ${peakDb.toFixed(1)} dBFS${result.peak >= 0.999 ? ", CLIPPED: lower the input gain and record again" : ""}\n`);
    process.stdout.write(`${path}: ${track} now plays ${result.take.relative}; the takes it replaces are kept as alt lines\n`);
    return 0;
  } catch (error) {
    if (error instanceof CaptureError) throw new CliError(`${error.message}.`);
    throw error;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

export const recordCommand: Command = {
  usage: "FILE.session TRACK [--seconds N] [--device D] [--output SINK] [--from BAR|TIME] [--count-in BARS] [--click] [--latency MS] [--capture-command CMD] [--no-play] | FILE.session --recover [--add] | --list-devices",
  summary: "Record a take into takes/<track>-<n>.wav while the rest of the session plays, and make it the track's take (the old one stays as alt).",
  flags: {
    seconds: { value: true }, device: { value: true }, output: { value: true }, from: { value: true }, "count-in": { value: true }, click: { value: false },
    latency: { value: true }, "capture-command": { value: true }, "no-play": { value: false }, recover: { value: false }, add: { value: false }, "list-devices": { value: false },
  },
  async run(args) {
    try {
      if (args.flags.has("list-devices")) {
        const tool = firstInstalled(CAPTURE_TOOLS[process.platform as Platform]);
        if (!tool) throw new SetupError(noCaptureToolMessage(process.platform as Platform));
        for (const d of listDevices(tool)) process.stdout.write(`${d}\n`);
        return 0;
      }
      if (args.positional.length < 1) throw new CliError("give the session file: mixdown record song.session TRACK", 2);
      if (args.flags.has("recover")) return recover(args.positional[0], args.flags.has("add"));
      return await record(args);
    } catch (error) {
      if (error instanceof SetupError) throw new CliError(`${error.message}`);
      throw error;
    }
  },
};

