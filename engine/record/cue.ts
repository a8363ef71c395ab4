// What the musician hears while recording: the rest of the session from the start position,
// preceded by a count-in and optionally with a metronome. Clicks go into this stream only,
// never into the take.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionModel } from "../../core/model";
import { barSeconds, beatSeconds } from "../../core/timebase";
import { readWav } from "../io/wavRead";
import { renderMix } from "../render/render";

export interface CueOptions {
  /** Timeline position (s) the take starts at. */
  from: number;
  countInBars: number;
  click: boolean;
  /** Seconds to record after `from`; undefined: until stopped (the cue plays to the session's end). */
  seconds?: number;
}

export interface Cue {
  /** Interleaved stereo at the session's rate. */
  samples: Float32Array;
  /** Timeline position (s) of the cue's first frame: `from` minus the count-in. */
  start: number;
  /** Timeline position (s) the take starts at. */
  from: number;
}

/** One click: a short decaying sine, higher and louder on the first beat of a bar. */
function addClick(out: Float32Array, rate: number, at: number, accent: boolean): void {
  const freq = accent ? 1760 : 1320;
  const amp = accent ? 0.5 : 0.35;
  const len = Math.round(0.03 * rate);
  for (let i = 0; i < len && at + i < out.length / 2; i++) {
    if (at + i < 0) continue;
    const v = amp * Math.exp((-5 * i) / len) * Math.sin((2 * Math.PI * freq * i) / rate);
    out[(at + i) * 2] += v;
    out[(at + i) * 2 + 1] += v;
  }
}

/** Adds clicks on every beat from timeline `from` to `to` (s) into `out`, whose first frame is at `start`. */
export function addClicks(out: Float32Array, model: SessionModel, start: number, from: number, to: number): void {
  const beat = beatSeconds(model);
  if (beat === null) throw new Error("the session has no tempo, so there is nothing to click to: add `tempo N bpm` to its session block, or record without --click and --count-in");
  const first = Math.ceil(from / beat - 1e-9);
  for (let b = first; b * beat < to; b++) {
    const at = Math.round((b * beat - start) * model.sampleRate);
    addClick(out, model.sampleRate, at, ((b % model.meter.beats) + model.meter.beats) % model.meter.beats === 0);
  }
}

/** Renders the session without `track` (interleaved stereo), or undefined when nothing else plays. */
async function renderOthers(model: SessionModel, track: string, folder: string): Promise<Float32Array | undefined> {
  const others = { ...model, tracks: model.tracks.filter((t) => t.id !== track) };
  if (!others.tracks.some((t) => t.takes.length > 0)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "mixdown-cue-"));
  try {
    const out = join(dir, "cue.wav");
    // The report goes beside the session (renders/); a private stem keeps it off the real one.
    const sessionPath = join(folder, `.mixdown-cue-${process.pid}.session`);
    await renderMix(others, { sessionPath, folder, out, bits: 32, allowOutside: true, threads: 1 });
    rmSync(join(folder, "renders", `.mixdown-cue-${process.pid}-mix.report.json`), { force: true });
    const wav = readWav(out);
    const [l, r] = [wav.data[0], wav.data[wav.channels > 1 ? 1 : 0]];
    const stereo = new Float32Array(wav.frames * 2);
    for (let i = 0; i < wav.frames; i++) {
      stereo[i * 2] = l[i];
      stereo[i * 2 + 1] = r[i];
    }
    return stereo;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds the cue for recording `track`. */
export async function buildCue(model: SessionModel, track: string, folder: string, o: CueOptions): Promise<Cue> {
  const rate = model.sampleRate;
  const countIn = o.countInBars > 0 ? barSeconds(model, o.countInBars + 1) : 0;
  if (countIn === null) throw new Error("the session has no tempo, so a count-in has no bars: add `tempo N bpm` to its session block, or record without --count-in");
  const start = o.from - countIn;
  const mix = await renderOthers(model, track, folder);
  const mixEnd = mix ? mix.length / 2 / rate : 0;
  const end = o.seconds !== undefined ? o.from + o.seconds + 0.5 : Math.max(mixEnd, o.from);
  const frames = Math.max(0, Math.round((end - start) * rate));
  const samples = new Float32Array(frames * 2);
  if (mix) {
    const offset = Math.round(start * rate);
    for (let i = Math.max(0, -offset); i < frames && offset + i < mix.length / 2; i++) {
      samples[i * 2] = mix[(offset + i) * 2];
      samples[i * 2 + 1] = mix[(offset + i) * 2 + 1];
    }
  }
  if (o.countInBars > 0) addClicks(samples, model, start, start, o.from);
  if (o.click) addClicks(samples, model, start, o.from, end);
  return { samples, start, from: o.from };
}

/** A measurement cue: silence, then three chirps 0.6 s apart. Returns the cue and the chirp. */
export function latencyCue(rate: number): { samples: Float32Array; chirp: Float32Array; at: number[] } {
  const len = Math.round(0.05 * rate);
  const chirp = new Float32Array(len);
  const [f0, f1] = [300, 6000];
  for (let i = 0; i < len; i++) {
    const t = i / rate;
    const T = len / rate;
    const phase = 2 * Math.PI * (f0 * t + ((f1 - f0) * t * t) / (2 * T));
    chirp[i] = 0.5 * Math.sin(phase) * Math.sin((Math.PI * i) / len) ** 2;
  }
  const at = [0.5, 1.1, 1.7].map((s) => Math.round(s * rate));
  const samples = new Float32Array(Math.round(2.4 * rate) * 2);
  for (const a of at) for (let i = 0; i < len; i++) samples[(a + i) * 2] = samples[(a + i) * 2 + 1] = chirp[i];
  return { samples, chirp, at };
}
