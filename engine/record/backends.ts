// Capture and playback through tools the user already has (never native addons): the command
// lines per platform, which of them are installed, and what to install when none is.
// Every capture command writes raw 32-bit float little-endian, interleaved, to its stdout.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export type Platform = "linux" | "darwin" | "win32";
export type CaptureTool = "parec" | "ffmpeg-pulse" | "arecord" | "ffmpeg-avfoundation" | "sox-coreaudio" | "ffmpeg-dshow" | "sox-waveaudio";
export type PlayTool = "pacat" | "paplay" | "ffplay" | "aplay" | "sox-play";

export interface CaptureOptions {
  rate: number;
  channels: number;
  /** As the tool names it; "default" for the system default. */
  device: string;
}

export interface CommandLine {
  command: string;
  args: string[];
}

/** Capture tools in order of preference for each platform. */
export const CAPTURE_TOOLS: Record<Platform, CaptureTool[]> = {
  linux: ["parec", "ffmpeg-pulse", "arecord"],
  darwin: ["ffmpeg-avfoundation", "sox-coreaudio"],
  win32: ["ffmpeg-dshow", "sox-waveaudio"],
};

export const PLAY_TOOLS: Record<Platform, PlayTool[]> = {
  linux: ["pacat", "paplay", "ffplay", "aplay"],
  darwin: ["ffplay", "sox-play"],
  win32: ["ffplay", "sox-play"],
};

/** The executable each tool runs. */
export function executableOf(tool: CaptureTool | PlayTool): string {
  if (tool.startsWith("ffmpeg")) return "ffmpeg";
  if (tool.startsWith("sox")) return "sox";
  return tool;
}

const RAW_OUT = ["-f", "f32le"];
const quiet = ["-hide_banner", "-loglevel", "error", "-nostdin"];

export function captureCommand(tool: CaptureTool, o: CaptureOptions): CommandLine {
  const { rate, channels } = o;
  const dev = o.device;
  switch (tool) {
    case "parec":
      return { command: "parec", args: ["--raw", "--format=float32le", `--rate=${rate}`, `--channels=${channels}`, "--latency-msec=10", ...(dev === "default" ? [] : [`--device=${dev}`])] };
    case "ffmpeg-pulse":
      return { command: "ffmpeg", args: [...quiet, "-f", "pulse", "-c:a", "pcm_f32le", "-sample_rate", `${rate}`, "-channels", `${channels}`, "-fragment_size", "1920", "-i", dev, ...RAW_OUT, "-ac", `${channels}`, "-ar", `${rate}`, "-flush_packets", "1", "-"] };
    case "arecord":
      return { command: "arecord", args: ["-q", "-f", "FLOAT_LE", "-r", `${rate}`, "-c", `${channels}`, "-t", "raw", ...(dev === "default" ? [] : ["-D", dev]), "-"] };
    case "ffmpeg-avfoundation":
      return { command: "ffmpeg", args: [...quiet, "-f", "avfoundation", "-i", `:${dev === "default" ? "default" : dev}`, ...RAW_OUT, "-ac", `${channels}`, "-ar", `${rate}`, "-"] };
    case "sox-coreaudio":
      return { command: "sox", args: ["-q", ...(dev === "default" ? ["-d"] : ["-t", "coreaudio", dev]), "-t", "raw", "-e", "floating-point", "-b", "32", "-L", "-r", `${rate}`, "-c", `${channels}`, "-"] };
    case "ffmpeg-dshow":
      return { command: "ffmpeg", args: [...quiet, "-f", "dshow", "-i", `audio=${dev}`, ...RAW_OUT, "-ac", `${channels}`, "-ar", `${rate}`, "-"] };
    case "sox-waveaudio":
      return { command: "sox", args: ["-q", "-t", "waveaudio", dev === "default" ? "0" : dev, "-t", "raw", "-e", "floating-point", "-b", "32", "-L", "-r", `${rate}`, "-c", `${channels}`, "-"] };
  }
}

/** Plays a raw f32le interleaved file to `sink` ("default" for the system default). */
export function playCommand(tool: PlayTool, file: string, o: { rate: number; channels: number; sink: string }): CommandLine {
  const { rate, channels, sink } = o;
  const dev = sink === "default" ? [] : [`--device=${sink}`];
  switch (tool) {
    case "pacat":
      return { command: "pacat", args: ["--playback", "--raw", "--format=float32le", `--rate=${rate}`, `--channels=${channels}`, "--latency-msec=200", ...dev, file] };
    case "paplay":
      return { command: "paplay", args: ["--raw", "--format=float32le", `--rate=${rate}`, `--channels=${channels}`, ...dev, file] };
    case "ffplay":
      return { command: "ffplay", args: ["-nodisp", "-autoexit", "-loglevel", "error", "-f", "f32le", "-ar", `${rate}`, "-ac", `${channels}`, file] };
    case "aplay":
      return { command: "aplay", args: ["-q", "-f", "FLOAT_LE", "-r", `${rate}`, "-c", `${channels}`, "-t", "raw", ...(sink === "default" ? [] : ["-D", sink]), file] };
    case "sox-play":
      return { command: "sox", args: ["-q", "-t", "raw", "-e", "floating-point", "-b", "32", "-L", "-r", `${rate}`, "-c", `${channels}`, file, "-d"] };
  }
}

/** Replaces {rate}, {channels} and {device} in a user's command template and splits it into words (double quotes group). */
export function customCommand(template: string, o: CaptureOptions): CommandLine {
  const filled = template.replace(/\{(rate|channels|device)\}/g, (_, k: keyof CaptureOptions) => String(o[k]));
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(filled); m; m = re.exec(filled)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2] ?? m[3]);
  if (words.length === 0) throw new Error("the capture command is empty");
  return { command: words[0], args: words.slice(1) };
}

/** The full path of `name` on PATH, or undefined. */
export function which(name: string, env: NodeJS.ProcessEnv = process.env, platform: Platform = process.platform as Platform): string | undefined {
  const exts = platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  const hasDir = name.includes("/") || (platform === "win32" && name.includes("\\"));
  const dirs = hasDir ? [""] : (env.PATH ?? "").split(platform === "win32" ? ";" : delimiter).filter(Boolean);
  for (const dir of dirs) {
    for (const ext of exts) {
      const full = dir ? join(dir, name + ext) : name + ext;
      try {
        accessSync(full, platform === "win32" ? constants.F_OK : constants.X_OK);
        return full;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** The first installed tool of `tools`. */
export function firstInstalled<T extends CaptureTool | PlayTool>(tools: readonly T[], env?: NodeJS.ProcessEnv, platform?: Platform): T | undefined {
  return tools.find((t) => which(executableOf(t), env, platform) !== undefined);
}

/** What to install, per platform, when no capture tool is found. */
export function installAdvice(platform: Platform): string {
  switch (platform) {
    case "linux":
      return "install PulseAudio's tools (Debian/Ubuntu: 'sudo apt install pulseaudio-utils' for parec; with PipeWire, 'pipewire-pulse' too), or ffmpeg ('sudo apt install ffmpeg'), or ALSA's arecord ('sudo apt install alsa-utils')";
    case "darwin":
      return "install ffmpeg ('brew install ffmpeg') or sox ('brew install sox')";
    case "win32":
      return "install ffmpeg ('winget install Gyan.FFmpeg', or from ffmpeg.org, and add its bin folder to PATH) or sox (sox.sourceforge.net, with its folder on PATH)";
  }
}

export function noCaptureToolMessage(platform: Platform): string {
  const tools = CAPTURE_TOOLS[platform].map(executableOf).filter((t, i, all) => all.indexOf(t) === i);
  return `no capture tool found on PATH (looked for ${tools.join(", ")}). To record, ${installAdvice(platform)}; or pass --capture-command "..." with {rate}, {channels} and {device} placeholders, writing raw 32-bit float to stdout.`;
}

/** How to list capture devices with `tool`, and how to read its answer. */
export function listDevicesCommand(tool: CaptureTool): CommandLine | undefined {
  switch (tool) {
    case "parec":
    case "ffmpeg-pulse":
      return { command: "pactl", args: ["list", "short", "sources"] };
    case "arecord":
      return { command: "arecord", args: ["-L"] };
    case "ffmpeg-avfoundation":
      return { command: "ffmpeg", args: ["-hide_banner", "-f", "avfoundation", "-list_devices", "true", "-i", ""] };
    case "ffmpeg-dshow":
      return { command: "ffmpeg", args: ["-hide_banner", "-f", "dshow", "-list_devices", "true", "-i", "dummy"] };
    default:
      return undefined;
  }
}

/** Device names from the output of `listDevicesCommand(tool)` (stdout and stderr together). */
export function parseDevices(tool: CaptureTool, output: string): string[] {
  const lines = output.split(/\r?\n/);
  switch (tool) {
    case "parec":
    case "ffmpeg-pulse":
      return lines.map((l) => l.split("\t")[1]).filter((n): n is string => !!n);
    case "arecord":
      return lines.filter((l) => l && !/^\s/.test(l));
    case "ffmpeg-avfoundation": {
      const audio = output.split(/AVFoundation audio devices:/)[1] ?? "";
      return [...audio.matchAll(/\[(\d+)\] (.+)/g)].map((m) => m[2].trim());
    }
    case "ffmpeg-dshow":
      return [...output.matchAll(/"([^"]+)" \(audio\)/g)].map((m) => m[1]);
    default:
      return [];
  }
}
