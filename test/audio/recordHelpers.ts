// Helpers for the recording tests: a session folder with a track to overdub against, and
// `mixdown` run as its own process group against the test's PulseAudio server.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseWavHeader } from "../../core/wavHeader";
import { writeWav } from "../../engine/io/wavWrite";
import { cliBundle } from "../cliBundle";
import { waitFor } from "../harness/poll";
import { startGroup, type Server } from "../harness/processes";
import { playIntoMic } from "./capture";
import { CHANNELS, RATE, type AudioServer } from "./pulse";
import type { Stereo } from "./signals";

/** Where the backing track's impulses are, in seconds. */
export const IMPULSES = [1, 2];

export const SESSION = `# recording test
session "Rec" {
  rate 48 kHz
  tempo 120 bpm
  meter 4/4
}

input mic {
  device "mic"
  channel 1 2
}

track beat {
  take "takes/beat.wav"
  gain -1 dB
}

track vox {
  input mic
  take "takes/vox-old.wav"
  gain -2 dB
}
`;

/** A session folder: a backing track of impulses at IMPULSES (peak 0.9 before its -1 dB fader) and an old vox take (6 s at 0:00, so every new take overlaps it). */
export function makeSessionFolder(audio: AudioServer, name: string): string {
  const dir = audio.scratch.sub(name);
  mkdirSync(join(dir, "takes"), { recursive: true });
  const beat = new Float32Array(RATE * 4);
  for (const s of IMPULSES) beat[s * RATE] = 0.9;
  writeWav(join(dir, "takes", "beat.wav"), [beat, beat], RATE, 32);
  writeWav(join(dir, "takes", "vox-old.wav"), [new Float32Array(RATE * 6), new Float32Array(RATE * 6)], RATE, 32);
  writeFileSync(join(dir, "s.session"), SESSION);
  return dir;
}

let runs = 0;

/** Starts `mixdown ARGS` in `cwd` as a process group; its output goes to a log in `cwd`. */
export function startMixdown(audio: AudioServer, cwd: string, args: string[], env: NodeJS.ProcessEnv = audio.env): Server & { log: () => string } {
  const logFile = join(cwd, `mixdown-${++runs}.log`);
  const server = startGroup(`mixdown ${args[0]}`, process.execPath, [cliBundle(), ...args], { env, cwd, logFile });
  return Object.assign(server, { log: () => readFileSync(logFile, "utf8") });
}

/** A take file as interleaved samples, with its declared frames and the whole frames on disk. */
export function readTake(path: string): { samples: Stereo; frames: number; framesOnDisk: number } {
  const bytes = readFileSync(path);
  const info = parseWavHeader(new Uint8Array(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 65536)), Number.MAX_SAFE_INTEGER);
  const onDisk = Math.floor((bytes.length - info.dataOffset) / (4 * info.channels));
  const frames = Math.min(info.frames, onDisk);
  const data = bytes.buffer.slice(bytes.byteOffset + info.dataOffset, bytes.byteOffset + info.dataOffset + frames * 4 * info.channels);
  if (info.channels !== CHANNELS || info.format !== "float") throw new Error(`${path}: ${info.channels} channels of ${info.format}, expected stereo float`);
  return { samples: new Float32Array(data), frames, framesOnDisk: onDisk };
}

/** The `at` of the take with `path` in a session text, in seconds. */
export function takeAt(text: string, path: string): number {
  const m = new RegExp(`take "${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}" \\{\\s*at (\\d+):(\\d+(?:\\.\\d+)?)`).exec(text);
  if (!m) throw new Error(`no take "${path}" with an 'at' in:\n${text}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export interface ClockedTake {
  /** Frames in the take, and the seconds of audio captured after the file first grew. */
  frames: number;
  captured: number;
  /** Seconds of clock from the file's first growth to the recorder's exit. */
  elapsed: number;
  samples: Stereo;
  log: string;
  /** The recorder's exit code, or the signal that ended it. */
  exitCode: number | string;
}

/**
 * Records `seconds` with `mixdown record --no-play` (playing `signal` into the microphone once
 * the take has started, if given) and times it: audio captured against the clock.
 */
export async function recordAgainstClock(audio: AudioServer, name: string, seconds: number, signal?: Stereo): Promise<ClockedTake> {
  const dir = makeSessionFolder(audio, name);
  const run = startMixdown(audio, dir, ["record", "s.session", "vox", "--seconds", String(seconds), "--no-play"]);
  const take = join(dir, "takes", "vox-1.wav");
  await waitFor(() => (existsSync(take) && statSync(take).size > 1000 ? true : undefined), { what: "the take to start", timeoutMs: 20_000, intervalMs: 5 });
  const [t0, f0] = [performance.now(), (statSync(take).size - 100) / 8];
  if (signal) await playIntoMic(audio, signal);
  const exitCode = await run.exited;
  const elapsed = (performance.now() - t0) / 1000;
  const { samples, frames } = readTake(take);
  return { frames, captured: (frames - f0) / RATE, elapsed, samples, log: run.log(), exitCode };
}
