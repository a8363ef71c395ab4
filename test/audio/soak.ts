// The 10-minute recording soak: `mixdown record` against a PulseAudio server of
// its own, a generated signal played into the microphone throughout and checked
// frame by frame in the take. `npm test` starts it in a child process before the
// suites (test/run.mjs) and reads its last line, a JSON result, after them, so
// the ten minutes overlap the other suites.
// Run alone: `node --import tsx test/audio/soak.ts [SECONDS]`.
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseWavHeader } from "../../core/wavHeader";
import { waitFor } from "../harness/poll";
import { warmUp } from "./capture";
import { CHANNELS, RATE, RAW_FORMAT, startPulse, type AudioServer } from "./pulse";
import { makeSessionFolder, startMixdown, takeAt } from "./recordHelpers";

/**
 * Audio that may already be on its way when the clock starts, seconds: what parec (10 ms of
 * latency) and its pipe (64 KiB, 0.17 s) hold, as in test/audio/record.test.ts.
 */
const IN_FLIGHT = 0.25;
/** The signal outlasts the take by this much, so the take ends inside it. */
const OVERRUN = 2;
/** Starting the player is bounded by nothing; at least the take less this much must be compared. */
const START_SLACK = 5;
/** The first milliseconds of a stream may be damaged (as `compare` in signals.ts skips them). */
const SKIP = Math.round(0.02 * RATE);
const AMPLITUDE = 0.5;

export interface SoakResult {
  ok: boolean;
  title: string;
  detail: string;
}

/** A 32-bit integer hash (lowbias32): the signal's samples. */
function hash(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Sample `ch` of frame `n` of the soak's signal: noise that is a function of the frame's index,
 * so any dropped or repeated frame breaks the sequence, and any frame can be made
 * again without keeping the signal (ten minutes of it are 230 MB).
 */
function sample(n: number, ch: number): number {
  return Math.fround(AMPLITUDE * ((hash(n * CHANNELS + ch) / 0x100000000) * 2 - 1));
}

/** Plays `seconds` of the signal into the microphone, generated as pacat takes it. */
function playSignal(audio: AudioServer, seconds: number): { stop: () => Promise<void> } {
  const log = openSync(join(audio.scratch.sub("plays"), "soak-player.log"), "a");
  const player = spawn("pacat", ["--playback", "-v", "-d", "micfeed", ...RAW_FORMAT], { env: audio.env, detached: true, stdio: ["pipe", log, log] });
  closeSync(log);
  const stdin = player.stdin!;
  let stopped = false;
  let wake = (): void => {};
  const halt = (): void => {
    stopped = true;
    wake();
  };
  const exited = new Promise<void>((resolve) => player.once("exit", () => (halt(), resolve())));
  // The player stopped early (or killed) ends the feeding; what it played by then is in the take.
  stdin.on("error", halt);
  stdin.on("drain", () => wake());
  void (async () => {
    const total = seconds * RATE;
    const block = RATE / 4;
    for (let n = 0; n < total && !stopped; n += block) {
      const frames = Math.min(block, total - n);
      const out = new Float32Array(frames * CHANNELS);
      for (let i = 0; i < frames; i++) for (let ch = 0; ch < CHANNELS; ch++) out[i * CHANNELS + ch] = sample(n + i, ch);
      if (!stdin.write(new Uint8Array(out.buffer)) && !stopped) await new Promise<void>((resolve) => (wake = resolve));
    }
    if (!stopped) stdin.end();
  })();
  return {
    stop: async () => {
      stopped = true;
      if (player.exitCode === null && player.signalCode === null) {
        try {
          process.kill(-player.pid!, "SIGTERM");
        } catch {
          // already gone
        }
      }
      await exited;
    },
  };
}

/** The recorder's peak resident memory so far (VmHWM), in MiB, or undefined once it has gone. */
function peakMemory(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Content {
  /** Frame of the take where the signal was first heard, and the signal's frame matched there. */
  firstSound?: number;
  lag?: number;
  /** Frames compared with the signal (silent gaps included), and the largest difference. */
  compared: number;
  maxError: number;
  /** Silences inside the signal (the player running dry), and their frames in all. */
  gaps: number;
  silent: number;
  /** The first frame that is neither the next frame of the signal nor silence, and how many signal frames were skipped there (negative: repeated), if it is the signal. */
  firstBad?: number;
  skipped?: number;
}

const matches = (k: number, l: number, r: number): boolean => k >= 0 && Math.abs(sample(k, 0) - l) < 1e-6 && Math.abs(sample(k, 1) - r) < 1e-6;

/**
 * Reads the take's samples a second at a time and follows the signal in it from its arrival to
 * the end: each frame must be the signal's next frame. A silence inside it is the player running
 * dry (the microphone heard nothing for a while; PulseAudio resumes the stream where it paused),
 * so after one the signal must go on from the frame before it: a silence that replaced signal
 * frames, or frames skipped or repeated anywhere, fail.
 */
function checkContent(path: string, dataOffset: number, frames: number): Content {
  const fd = openSync(path, "r");
  const block = new Float32Array(RATE * CHANNELS);
  const bytes = new Uint8Array(block.buffer);
  const c: Content = { compared: 0, maxError: 0, gaps: 0, silent: 0 };
  let next = -1;
  let gap = 0;
  try {
    for (let at = 0; at < frames && c.firstBad === undefined; ) {
      const want = Math.min(RATE, frames - at) * CHANNELS * 4;
      let got = 0;
      while (got < want) {
        const n = readSync(fd, bytes, got, want - got, dataOffset + at * CHANNELS * 4 + got);
        if (n === 0) throw new Error(`${path} ends at frame ${at + Math.floor(got / 8)}, before the ${frames} frames its header declares`);
        got += n;
      }
      for (let i = 0; i < want / 4 / CHANNELS && c.firstBad === undefined; i++, at++) {
        const [l, r] = [block[i * CHANNELS], block[i * CHANNELS + 1]];
        if (c.firstSound === undefined) {
          if (l !== 0 || r !== 0) c.firstSound = at;
          else continue;
        }
        if (at < c.firstSound + SKIP) continue;
        if (next < 0) {
          // Where in the signal this frame is: the player starts late by an unknown amount.
          for (let k = 0; k < START_SLACK * RATE && next < 0; k++) if (matches(k, l, r)) next = k;
          if (next < 0) c.firstBad = at;
          else c.lag = next;
        }
        if (c.firstBad !== undefined) break;
        c.compared++;
        if (matches(next, l, r)) {
          if (gap > 0) [c.gaps, c.silent, gap] = [c.gaps + 1, c.silent + gap, 0];
          c.maxError = Math.max(c.maxError, Math.abs(sample(next, 0) - l), Math.abs(sample(next, 1) - r));
          next++;
        } else if (l === 0 && r === 0) {
          gap++;
        } else {
          c.firstBad = at;
          // Say what it is: the signal heard further on or back (frames lost or repeated), or not the signal.
          for (let d = 1; d <= START_SLACK * RATE && c.skipped === undefined; d++) {
            if (matches(next + d, l, r)) c.skipped = d;
            else if (matches(next - d, l, r)) c.skipped = -d;
          }
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return c;
}

async function soak(seconds: number): Promise<SoakResult> {
  const title = `audio: mixdown record drops no samples over ${seconds} s (a soak beside the other suites)`;
  const fail = (detail: string): SoakResult => ({ ok: false, title, detail });
  const audio = await startPulse();
  let player: { stop: () => Promise<void> } | undefined;
  try {
    await warmUp(audio);
    const dir = makeSessionFolder(audio, "soak");
    const run = startMixdown(audio, dir, ["record", "s.session", "vox", "--seconds", String(seconds), "--no-play"]);
    let memory = 0;
    const watch = setInterval(() => (memory = peakMemory(run.pid) ?? memory), 500);
    const take = join(dir, "takes", "vox-1.wav");
    await waitFor(() => (existsSync(take) && statSync(take).size > 1000 ? true : undefined), { what: "the take to start", timeoutMs: 20_000, intervalMs: 5 });
    const t0 = performance.now();
    const size0 = statSync(take).size;
    const head0 = readFileSync(take).subarray(0, 65536);
    const f0 = Math.floor((size0 - parseWavHeader(head0, size0).dataOffset) / (CHANNELS * 4));
    player = playSignal(audio, seconds + OVERRUN);
    const exitCode = await run.exited;
    const elapsed = (performance.now() - t0) / 1000;
    clearInterval(watch);
    await player.stop();
    if (exitCode !== 0) return fail(`mixdown record exited with ${exitCode}:\n${run.log()}`);

    // The take after the run: a stereo float WAV whose header declares exactly `seconds` of
    // frames, all of them in the file; and the session names it.
    const size = statSync(take).size;
    const fd = openSync(take, "r");
    const head = new Uint8Array(65536);
    readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    const info = parseWavHeader(head.subarray(0, Math.min(size, head.length)), Number.MAX_SAFE_INTEGER);
    const onDisk = Math.floor((size - info.dataOffset) / (CHANNELS * 4));
    if (info.channels !== CHANNELS || info.format !== "float" || info.bitsPerSample !== 32 || info.sampleRate !== RATE) {
      return fail(`the take is ${info.channels} channels of ${info.bitsPerSample}-bit ${info.format} at ${info.sampleRate} Hz, not stereo 32-bit float at ${RATE}`);
    }
    if (info.frames !== seconds * RATE || onDisk < info.frames) return fail(`the take's header declares ${info.frames} frames and the file holds ${onDisk}; expected ${seconds * RATE}`);
    takeAt(readFileSync(join(dir, "s.session"), "utf8"), "takes/vox-1.wav");

    // What is guaranteed, and so what is checked (as in test/audio/record.test.ts):
    // - No drops, shown by content: the microphone hears exactly what is played into it, and the
    //   signal starts once the take has started and outlasts it, so the take is silence, then
    //   consecutive frames of the signal to its end. A block dropped or repeated anywhere after
    //   the signal's arrival, or replaced by silence, breaks the comparison, which reads the take
    //   a second at a time. The one thing it allows is a silence after which the signal goes on
    //   where it stopped: the player ran dry under load and the microphone heard nothing (pacat
    //   says "underrun" in its log). Frames dropped inside such a silence would be silence only;
    //   the signal either side of it shows nothing of the signal was lost.
    // - The clock only one way: audio arrives no faster than the clock (the null sink's timer
    //   clocks the microphone), so what was captured after the file first grew cannot exceed the
    //   clock from then to the exit by more than was in flight at that moment. The clock can run
    //   longer by any amount (a busy machine delays the exit, which comes after the take is placed
    //   and the session edited), so a two-way bound would fail on load, not on the recorder.
    const c = checkContent(take, info.dataOffset, info.frames);
    const captured = (info.frames - f0) / RATE;
    const heard = c.firstSound === undefined ? 0 : (info.frames - c.firstSound) / RATE;
    const underruns = (readFileSync(join(audio.scratch.sub("plays"), "soak-player.log"), "utf8").match(/underrun/gi) ?? []).length;
    const gaps = c.gaps ? `, with ${c.gaps} silences of ${(c.silent / RATE).toFixed(3)} s in all, the player having run dry ${underruns} times` : "";
    const detail =
      `${(info.frames / RATE).toFixed(3)} s recorded, the last ${heard.toFixed(3)} s of it the signal (${(c.compared / RATE).toFixed(3)} s compared from its frame ${c.lag ?? "?"}, largest difference ${c.maxError}${gaps}); ` +
      `${captured.toFixed(3)} s of audio in ${elapsed.toFixed(3)} s of clock; the recorder's peak memory ${memory.toFixed(0)} MiB`;
    if (c.firstSound === undefined) return fail(`${detail}: the signal was never heard`);
    if (c.firstBad !== undefined) {
      const what = c.skipped === undefined ? "not the signal" : c.skipped > 0 ? `the signal ${c.skipped} frames further on: samples were dropped` : `the signal ${-c.skipped} frames back: samples were repeated`;
      return fail(`${detail}: the take's frame ${c.firstBad} (${(c.firstBad / RATE).toFixed(3)} s) is ${what}`);
    }
    if (c.compared < (seconds - START_SLACK) * RATE) return fail(`${detail}: the signal arrived too late to compare ${seconds - START_SLACK} s`);
    if (captured > elapsed + IN_FLIGHT) return fail(`${detail}: more audio than time`);
    return { ok: true, title, detail };
  } finally {
    await player?.stop();
    await audio.stop();
  }
}

const seconds = Number(process.argv[2] ?? 600);
soak(seconds).then(
  (result) => {
    console.log(JSON.stringify(result));
    process.exit(0);
  },
  (error: Error) => {
    console.log(JSON.stringify({ ok: false, title: `audio: the ${seconds} s recording soak`, detail: error.stack ?? String(error) }));
    process.exit(0);
  },
);
