// One take: capture from a spawned tool into a crash-safe take file while the cue plays through
// another, then place the take on the timeline. Placement: when a monitor of the output can be
// captured too (PulseAudio/PipeWire), the cue is found in it by cross-correlation, which pins the
// cue's first frame to the capture's clock within a fraction of a millisecond; otherwise the
// moment the player was started stands in for it (tens of milliseconds of jitter).
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseWavHeader } from "../../core/wavHeader";
import { bestLag, firstAbove, mono, StreamClock } from "./align";
import type { CommandLine } from "./backends";
import type { Cue } from "./cue";
import { TakeWriter, trimTakeStart, type TakeFile } from "./takeWriter";

export interface RecordRequest {
  folder: string;
  sessionPath: string;
  track: string;
  rate: number;
  /** Channels the capture command delivers. */
  captureChannels: number;
  /** 1-based capture channels that go into the take, in order. */
  takeChannels: number[];
  capture: CommandLine;
  /** What the musician hears, and how to play a raw f32le stereo file of it; none: record only. */
  cue?: Cue;
  play?: (file: string) => CommandLine;
  /** A capture of the output's monitor (raw f32le stereo at `rate`), to place the take precisely. */
  witness?: CommandLine;
  /** Input latency to compensate, in seconds: the take moves this much earlier. */
  latency: number;
  /** Seconds to record after the cue's count-in; undefined: until `signal` aborts. */
  seconds?: number;
  signal: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Called about every 100 ms with the take's frames and peak so far. */
  onProgress?: (frames: number, peak: number) => void;
  /** Called with each block of the take's samples as it is written (interleaved; for meters and a growing waveform). Do not keep the array. */
  onAudio?: (interleaved: Float32Array) => void;
}

export interface RecordedTakeResult {
  take: TakeFile;
  /** Timeline position (s). */
  at: number;
  frames: number;
  /** Peak sample magnitude; >= 1 means the input clipped. */
  peak: number;
  /** How the take was placed. */
  placement: "monitor" | "player-start" | "record-start";
  /** The cue's first frame as a (fractional) capture frame, when a cue played. */
  cueFrame?: number;
}

export class CaptureError extends Error {}

interface Stream {
  child: ChildProcess;
  clock: StreamClock;
  stderr: string;
  ended: Promise<number | null>;
  firstData: Promise<void>;
}

function start(cmd: CommandLine, env: NodeJS.ProcessEnv | undefined, rate: number, channels: number, onData: (b: Buffer) => void): Stream {
  const child = spawn(cmd.command, cmd.args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const clock = new StreamClock(rate);
  const s: Stream = { child, clock, stderr: "", ended: undefined as never, firstData: undefined as never };
  let leftover = 0;
  let gotFirst: () => void = () => undefined;
  s.firstData = new Promise((r) => (gotFirst = r));
  child.stdout!.on("data", (b: Buffer) => {
    const now = performance.now();
    leftover += b.length;
    const frames = Math.floor(leftover / (4 * channels));
    leftover -= frames * 4 * channels;
    clock.arrived(frames, now);
    onData(b);
    gotFirst();
  });
  child.stderr!.on("data", (b: Buffer) => { if (s.stderr.length < 4000) s.stderr += b.toString(); });
  s.ended = new Promise((resolve) => {
    child.on("error", (e) => { s.stderr += `${e.message}\n`; resolve(-1); });
    child.on("close", (code) => resolve(code));
  });
  return s;
}

const stop = async (s: Stream | undefined): Promise<void> => {
  if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return void (await s?.ended);
  s.child.kill("SIGTERM");
  const t = setTimeout(() => s.child.kill("SIGKILL"), 3000);
  await s.ended;
  clearTimeout(t);
};

/** Picks `channels` (1-based) out of interleaved f32le bytes of `total` channels. */
function selector(total: number, channels: number[]): (b: Uint8Array) => Uint8Array {
  const identity = channels.length === total && channels.every((c, i) => c === i + 1);
  let carry = new Uint8Array(0);
  return (b) => {
    if (identity) return b;
    const data = new Uint8Array(carry.length + b.length);
    data.set(carry);
    data.set(b, carry.length);
    const frames = Math.floor(data.length / (4 * total));
    carry = data.slice(frames * 4 * total);
    const src = new Float32Array(data.slice(0, frames * 4 * total).buffer);
    const out = new Float32Array(frames * channels.length);
    for (let i = 0; i < frames; i++) for (let k = 0; k < channels.length; k++) out[i * channels.length + k] = src[i * total + channels[k] - 1];
    return new Uint8Array(out.buffer);
  };
}

/** Records one take; resolves once it is closed and placed. */
export async function recordTake(r: RecordRequest): Promise<RecordedTakeResult> {
  const writer = new TakeWriter(r.folder, r.track, r.rate, r.takeChannels.length);
  writer.journal({ session: r.sessionPath, track: r.track, at: Math.max(0, (r.cue?.start ?? 0) - r.latency), startedAt: new Date().toISOString() });
  const pick = selector(r.captureChannels, r.takeChannels);
  let peak = 0;
  /** Take frames to keep (known once the cue has started): --seconds stops exactly there. */
  let limit = Infinity;
  const frameBytes = 4 * r.takeChannels.length;
  const capture = start(r.capture, r.env, r.rate, r.captureChannels, (b) => {
    let bytes = pick(b);
    if (writer.frames + bytes.byteLength / frameBytes > limit) bytes = bytes.subarray(0, Math.max(0, limit - writer.frames) * frameBytes);
    const f = new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 4));
    for (let i = 0; i < f.length; i++) { const v = Math.abs(f[i]); if (v > peak) peak = v; }
    writer.write(bytes);
    r.onAudio?.(f);
  });
  const witnessChunks: Buffer[] = [];
  let witness: Stream | undefined;
  let player: Stream | undefined;
  const tmp = mkdtempSync(join(tmpdir(), "mixdown-rec-"));
  let spawnedAt: number | undefined;
  const progress = setInterval(() => r.onProgress?.(writer.frames, peak), 100);
  try {
    const abort = new Promise<void>((res) => (r.signal.aborted ? res() : r.signal.addEventListener("abort", () => res(), { once: true })));
    const first = await Promise.race([capture.firstData.then(() => "data" as const), capture.ended.then(() => "ended" as const), abort.then(() => "abort" as const)]);
    if (first === "ended") throw new CaptureError(`the capture command '${[r.capture.command, ...r.capture.args].join(" ")}' stopped before delivering any audio${capture.stderr.trim() ? `: ${capture.stderr.trim()}` : ""}`);
    if (first === "data" && r.cue && r.play) {
      // The monitor is only needed until a little after the cue's first sound.
      const s0 = firstAbove(mono(r.cue.samples, 2), 1e-4);
      const keepBytes = (s0 + 8 * r.rate) * 8;
      let kept = 0;
      if (r.witness && s0 >= 0) {
        witness = start(r.witness, r.env, r.rate, 2, (b) => {
          if (kept >= keepBytes) return;
          witnessChunks.push(b);
          kept += b.length;
        });
        await Promise.race([witness.firstData, witness.ended, abort]);
      }
      const file = join(tmp, "cue.f32");
      writeFileSync(file, new Uint8Array(r.cue.samples.buffer, r.cue.samples.byteOffset, r.cue.samples.byteLength));
      spawnedAt = performance.now();
      player = start(r.play(file), r.env, r.rate, 2, () => undefined);
    }
    const startFrame = spawnedAt !== undefined ? capture.clock.frameAt(spawnedAt) : 0;
    const lead = r.cue ? r.cue.from - r.cue.start : 0;
    const target = r.seconds === undefined ? Infinity : Math.round(startFrame + (lead + r.seconds) * r.rate);
    limit = target;
    const done = new AbortController();
    await Promise.race([abort, capture.ended, waitFrames(capture.clock, target, AbortSignal.any([r.signal, done.signal]))]);
    done.abort();
  } catch (error) {
    await Promise.all([stop(player), stop(capture), stop(witness)]);
    writer.close();
    if (writer.frames === 0) discard(writer.take.path);
    throw error;
  } finally {
    clearInterval(progress);
    await stop(player);
    await stop(capture);
    await stop(witness);
    rmSync(tmp, { recursive: true, force: true });
    writer.close();
  }
  if (writer.frames === 0) {
    discard(writer.take.path);
    throw new CaptureError(`the capture command '${[r.capture.command, ...r.capture.args].join(" ")}' delivered no audio${capture.stderr.trim() ? `: ${capture.stderr.trim()}` : ""}; nothing was recorded`);
  }
  return place(r, writer, capture.clock, witness?.clock, witnessChunks, spawnedAt, peak);
}

function waitFrames(clock: StreamClock, target: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setInterval(() => {
      if (clock.frames >= target || signal.aborted) {
        clearInterval(t);
        resolve();
      }
    }, 20);
  });
}

/** How far before and after the player's start the cue's first sound is looked for in the monitor, seconds. */
const SEARCH_BEFORE_S = 0.25;
const SEARCH_AFTER_S = 0.75;

/**
 * Where the cue's first frame is in the capture, from the monitor capture. The cue is looked for
 * only around where the player's start puts it (tens of milliseconds of jitter): a cue that
 * repeats itself (a beat, a click) matches as well one bar later, and the whole capture would
 * let that later match win.
 */
function cueFrameFromMonitor(cue: Cue, rate: number, capture: StreamClock, witness: StreamClock, chunks: Buffer[], spawnedAt: number): number | undefined {
  const all = Buffer.concat(chunks);
  const heard = new Float32Array(all.buffer.slice(all.byteOffset, all.byteOffset + Math.floor(all.length / 8) * 8));
  const cueMono = mono(cue.samples, 2);
  const s0 = firstAbove(cueMono, 1e-4);
  if (s0 < 0) return undefined;
  const ref = cueMono.subarray(s0, Math.min(cueMono.length, s0 + Math.round(0.5 * rate)));
  const expected = witness.frameAt(spawnedAt) + s0;
  const from = Math.max(0, Math.round(expected - SEARCH_BEFORE_S * rate));
  const to = Math.min(heard.length / 2, Math.round(expected + SEARCH_AFTER_S * rate) + ref.length);
  if (to - from < ref.length) return undefined;
  const { lag, score } = bestLag(mono(heard, 2, from, to - from), ref);
  if (score < 0.5) return undefined;
  return capture.frameAt(witness.timeOf(from + lag - s0));
}

function place(r: RecordRequest, writer: TakeWriter, capture: StreamClock, witness: StreamClock | undefined, chunks: Buffer[], spawnedAt: number | undefined, peak: number): RecordedTakeResult {
  let cueFrame: number | undefined;
  let placement: RecordedTakeResult["placement"] = "record-start";
  if (r.cue && witness?.known && spawnedAt !== undefined) cueFrame = cueFrameFromMonitor(r.cue, r.rate, capture, witness, chunks, spawnedAt);
  if (cueFrame !== undefined) placement = "monitor";
  else if (spawnedAt !== undefined) {
    cueFrame = capture.frameAt(spawnedAt);
    placement = "player-start";
  }
  const timelineOfFrame0 = (r.cue?.start ?? 0) - (cueFrame ?? 0) / r.rate - r.latency;
  let at = timelineOfFrame0;
  let frames = writer.frames;
  if (at < 0) {
    const trim = Math.min(frames, Math.round(-at * r.rate));
    const info = parseWavHeader(readHead(writer.take.path), Number.MAX_SAFE_INTEGER);
    trimTakeStart(writer.take.path, r.rate, writer.channels, info.dataOffset, frames, trim);
    frames -= trim;
    at = Math.max(0, at + trim / r.rate);
  }
  return { take: writer.take, at, frames, peak, placement, cueFrame };
}

function readHead(path: string): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const head = new Uint8Array(4096);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** Removes an empty take and its journal. */
function discard(take: string): void {
  rmSync(take, { force: true });
  rmSync(`${take}.json`, { force: true });
}
