// Choosing how to record on this machine: the capture command (detected tool, or the user's
// template), the player for the cue, and the monitor capture that places takes precisely.
import { spawnSync } from "node:child_process";
import type { InputModel, SessionModel } from "../../core/model";
import {
  CAPTURE_TOOLS, captureCommand, customCommand, executableOf, firstInstalled, installAdvice, listDevicesCommand, noCaptureToolMessage,
  parseDevices, PLAY_TOOLS, playCommand, which, type CaptureTool, type CommandLine, type Platform, type PlayTool,
} from "./backends";

export class SetupError extends Error {}

export interface CaptureChoice {
  capture: CommandLine;
  /** The tool's name, or "custom" for a --capture-command. */
  tool: CaptureTool | "custom";
  device: string;
  captureChannels: number;
  takeChannels: number[];
}

export interface CaptureSettings {
  rate: number;
  /** From the track's input block, or the flags. */
  device: string;
  channels: number[];
  /** A command template with {rate}, {channels}, {device}; overrides detection. */
  template?: string;
  /** Force one tool. */
  tool?: CaptureTool;
  platform?: Platform;
  env?: NodeJS.ProcessEnv;
}

/** The input a track records from: its `input` block, else the default device, channel 1. */
export function trackInput(model: SessionModel, track: string): { device: string; channels: number[]; input: InputModel | undefined } {
  const t = model.tracks.find((x) => x.id === track);
  const input = t?.input ? model.inputs.find((i) => i.id === t.input) : undefined;
  return { device: input?.device ?? "default", channels: input?.channels.length ? input.channels : [1], input };
}

export function chooseCapture(s: CaptureSettings): CaptureChoice {
  const platform = s.platform ?? (process.platform as Platform);
  const captureChannels = Math.max(...s.channels);
  const opts = { rate: s.rate, channels: captureChannels, device: s.device };
  const base = { device: s.device, captureChannels, takeChannels: s.channels };
  if (s.template !== undefined) {
    const capture = customCommand(s.template, opts);
    if (!which(capture.command, s.env, platform)) {
      throw new SetupError(`the capture command '${capture.command}' (from --capture-command) was not found. Install it, fix the command, or leave --capture-command out to use a detected tool: ${installAdvice(platform)}.`);
    }
    return { ...base, capture, tool: "custom" };
  }
  const tool = s.tool ?? firstInstalled(CAPTURE_TOOLS[platform], s.env, platform);
  if (!tool) throw new SetupError(noCaptureToolMessage(platform));
  if (!which(executableOf(tool), s.env, platform)) throw new SetupError(`${executableOf(tool)} is not installed: ${installAdvice(platform)}.`);
  return { ...base, capture: captureCommand(tool, opts), tool };
}

export interface PlayerChoice {
  tool: PlayTool;
  sink: string;
  play: (file: string) => CommandLine;
  /** A capture of the sink's monitor, when the sound server has one (PulseAudio, PipeWire). */
  witness?: CommandLine;
}

/** The cue player, or undefined when no player is installed (the take is then placed by the record start). */
export function choosePlayer(rate: number, sink: string, env?: NodeJS.ProcessEnv, platform: Platform = process.platform as Platform): PlayerChoice | undefined {
  const tool = firstInstalled(PLAY_TOOLS[platform], env, platform);
  if (!tool) return undefined;
  const play = (file: string) => playCommand(tool, file, { rate, channels: 2, sink });
  let witness: CommandLine | undefined;
  if ((tool === "pacat" || tool === "paplay") && which("parec", env, platform) && which("pactl", env, platform)) {
    const name = sink === "default" ? defaultSink(env) : sink;
    if (name) witness = { command: "parec", args: ["--raw", "--format=float32le", `--rate=${rate}`, "--channels=2", "--latency-msec=10", `--device=${name}.monitor`] };
  }
  return { tool, sink, play, witness };
}

function defaultSink(env?: NodeJS.ProcessEnv): string | undefined {
  const run = spawnSync("pactl", ["get-default-sink"], { env, encoding: "utf8", timeout: 5000 });
  return run.status === 0 && run.stdout.trim() ? run.stdout.trim() : undefined;
}

/** The capture devices the tool can list (empty when it cannot). */
export function listDevices(tool: CaptureTool, env?: NodeJS.ProcessEnv): string[] {
  const cmd = listDevicesCommand(tool);
  if (!cmd) return [];
  const run = spawnSync(cmd.command, cmd.args, { env, encoding: "utf8", timeout: 10_000 });
  return parseDevices(tool, `${run.stdout ?? ""}\n${run.stderr ?? ""}`);
}
