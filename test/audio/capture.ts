// Playing a known signal into the virtual microphone, and capturing what a program plays (or
// what the microphone hears): raw float32 from parec's stdout, written by us, never a WAV from
// a recorder stopped by a signal (that loses audio).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "../harness/poll";
import { runInGroup, startGroup, stopGroup, type Server } from "../harness/processes";
import { CHANNELS, RATE, RAW_FORMAT, type AudioServer } from "./pulse";
import { peak, type Stereo } from "./signals";

let counter = 0;
const next = (what: string): string => `${what}-${++counter}`;

/** A running recording from a source ("mic", "speaker.monitor"). */
export interface Recording {
  /** Frames captured so far. */
  frames(): number;
  /** Stops the recorder and returns what it captured (interleaved stereo). */
  stop(): Promise<Stereo>;
}

export function record(audio: AudioServer, source: string): Recording {
  const name = next("capture");
  const file = join(audio.scratch.sub("captures"), `${name}.f32`);
  const recorder: Server = startGroup(`parec ${source}`, "parec", ["-d", source, ...RAW_FORMAT, "--latency-msec=20"], {
    env: audio.env,
    logFile: `${file}.log`,
    stdoutFile: file,
  });
  const read = (): Stereo => {
    const bytes = readFileSync(file);
    const whole = bytes.length - (bytes.length % (4 * CHANNELS));
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + whole));
  };
  return {
    frames: () => read().length / CHANNELS,
    stop: async () => {
      await stopGroup(recorder);
      return read();
    },
  };
}

/** Plays interleaved stereo into a sink ("micfeed" for the microphone, "speaker") and waits for the end. */
export async function play(audio: AudioServer, sink: string, signal: Stereo): Promise<void> {
  const name = next("play");
  const file = join(audio.scratch.sub("plays"), `${name}.f32`);
  writeFileSync(file, new Uint8Array(signal.buffer, signal.byteOffset, signal.byteLength));
  const seconds = signal.length / CHANNELS / RATE;
  const code = await runInGroup(`paplay ${sink}`, "paplay", ["-d", sink, ...RAW_FORMAT, file], { env: audio.env, logFile: `${file}.log` }, seconds * 1000 + 15_000);
  if (code !== 0) throw new Error(`paplay into ${sink} exited with ${code}; see ${file}.log`);
}

/** Plays a known signal into the microphone ("micfeed" sink, heard by the "mic" source). */
export function playIntoMic(audio: AudioServer, signal: Stereo): Promise<void> {
  return play(audio, "micfeed", signal);
}

/** Records `source` for as long as `during` runs, plus `tailMs` of frames after it. */
export async function captureWhile(audio: AudioServer, source: string, during: () => Promise<void>, tailMs = 300): Promise<Stereo> {
  const recording = record(audio, source);
  try {
    await waitFor(() => (recording.frames() > 0 ? true : undefined), { what: `parec on ${source} to deliver audio`, timeoutMs: 10_000, intervalMs: 20 });
    await during();
    const target = recording.frames() + Math.round((tailMs / 1000) * RATE);
    await waitFor(() => (recording.frames() >= target ? true : undefined), { what: `${tailMs} ms more from ${source}`, timeoutMs: 10_000, intervalMs: 20 });
  } catch (error) {
    await recording.stop();
    throw error;
  }
  return recording.stop();
}

/** What a program plays: a capture of the "speaker" sink's monitor while `during` runs. */
export function captureSpeaker(audio: AudioServer, during: () => Promise<void>, tailMs?: number): Promise<Stereo> {
  return captureWhile(audio, "speaker.monitor", during, tailMs);
}

/**
 * Waits until a sound played into the microphone is heard from it: a fresh server drops the
 * start of its first captures, so tests call this once before capturing for real.
 */
export async function warmUp(audio: AudioServer): Promise<void> {
  const beep = new Float32Array(Math.round(0.1 * RATE) * CHANNELS).map((_, i) => 0.25 * Math.sin((2 * Math.PI * 1000 * Math.floor(i / 2)) / RATE));
  await waitFor(
    async () => {
      const heard = await captureWhile(audio, "mic", () => playIntoMic(audio, beep), 100);
      return peak(heard) > 0.2 ? true : undefined;
    },
    { what: "the microphone to hear a beep played into it", timeoutMs: 20_000, intervalMs: 10 },
  );
}
