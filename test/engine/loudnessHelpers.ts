// Test helpers for the loudness meter: the EBU test signals, seeded
// rendered-like material (level-stepped coloured noise, a music-like mix of
// enveloped notes over a kick, a mono voice-like signal), a minimal float32
// WAV writer, and ffmpeg's ebur128 filter as a reference.

import { spawnSync } from "node:child_process";
import { mulberry32 } from "../random";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wavHeader } from "../wavBytes";

export const FFMPEG = "/usr/bin/ffmpeg";

/** A deterministic uniform generator in [0, 1) (mulberry32). */
export const seededRandom = mulberry32;

export interface ToneSegment {
  /** Peak level of the sine in dBFS. */
  dbfs: number;
  seconds: number;
}

/**
 * A sine in every channel whose peak level steps through `segments`, phase
 * continuous (the EBU Tech 3341/3342 signals are stereo 1 kHz sines at 48 kHz).
 */
export function toneSequence(segments: ToneSegment[], sampleRate = 48000, channels = 2, frequency = 1000): Float32Array[] {
  const total = segments.reduce((n, s) => n + Math.round(s.seconds * sampleRate), 0);
  const signal = new Float32Array(total);
  let i = 0;
  for (const segment of segments) {
    const amplitude = Math.pow(10, segment.dbfs / 20);
    const end = i + Math.round(segment.seconds * sampleRate);
    for (; i < end; i++) signal[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  }
  return Array.from({ length: channels }, () => signal.slice());
}

/** A sine of `amplitude` at `sampleRate / divisor` starting at `phaseDegrees`, in every channel (Tech 3341 15-19). */
export function phasedSine(divisor: number, amplitude: number, phaseDegrees: number, seconds = 2, sampleRate = 48000): Float32Array[] {
  const frames = Math.round(seconds * sampleRate);
  const signal = new Float32Array(frames);
  const phase = (phaseDegrees * Math.PI) / 180;
  for (let i = 0; i < frames; i++) signal[i] = amplitude * Math.sin((2 * Math.PI * i) / divisor + phase);
  return [signal, signal.slice()];
}

/** Stereo noise, rolled off above a few kHz like real programme, stepping level every 3 s. */
export function steppedColouredNoise(seconds: number, sampleRate: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const frames = Math.round(seconds * sampleRate);
  const planar = [new Float32Array(frames), new Float32Array(frames)];
  const smoothing = Math.exp((-2 * Math.PI * 4000) / sampleRate);
  const state = [0, 0];
  let gain = 0;
  for (let i = 0; i < frames; i++) {
    if (i % (3 * sampleRate) === 0) gain = Math.pow(10, (-30 + 24 * random()) / 20);
    for (let ch = 0; ch < 2; ch++) {
      state[ch] = smoothing * state[ch] + (1 - smoothing) * (random() * 2 - 1);
      planar[ch][i] = 2.5 * gain * state[ch];
    }
  }
  return planar;
}

/** Loud and quiet sections of 8 s (12 dB apart), so the loudness range is more than a few LU. */
function sectionGain(seconds: number): number {
  return Math.floor(seconds / 8) % 2 === 0 ? 1 : 0.25;
}

interface Note {
  start: number;
  length: number;
  frequency: number;
  level: number;
  pan: number;
}

function notes(seconds: number, random: () => number): Note[] {
  const scale = [0, 2, 3, 5, 7, 8, 10];
  const list: Note[] = [];
  for (let start = 0; start < seconds - 1; start += 0.25) {
    if (random() < 0.35) continue;
    const degree = scale[Math.floor(random() * scale.length)] + 12 * Math.floor(random() * 3);
    const section = sectionGain(start);
    list.push({
      start,
      length: 0.2 + random() * 0.8,
      frequency: 110 * Math.pow(2, degree / 12),
      level: section * (0.08 + 0.15 * random()),
      pan: random(),
    });
  }
  return list;
}

/** Adds one note: three harmonics under an attack/decay envelope, panned at constant power. */
function addNote(planar: Float32Array[], note: Note, sampleRate: number): void {
  const first = Math.round(note.start * sampleRate);
  const count = Math.min(planar[0].length - first, Math.round(note.length * sampleRate));
  const left = Math.cos((note.pan * Math.PI) / 2);
  const right = Math.sin((note.pan * Math.PI) / 2);
  for (let i = 0; i < count; i++) {
    const t = i / sampleRate;
    const envelope = Math.min(1, t / 0.01) * Math.exp(-3 * t) * Math.min(1, (count - i) / (0.01 * sampleRate));
    const w = 2 * Math.PI * note.frequency * t;
    const value = note.level * envelope * (Math.sin(w) + 0.5 * Math.sin(2 * w) + 0.3 * Math.sin(3 * w + 1));
    planar[0][first + i] += left * value;
    planar[1][first + i] += right * value;
  }
}

/** Adds a kick (a falling sine with a fast decay) on every beat at 120 bpm. */
function addKicks(planar: Float32Array[], seconds: number, sampleRate: number): void {
  for (let beat = 0; beat * 0.5 < seconds - 0.5; beat++) {
    const first = Math.round(beat * 0.5 * sampleRate);
    let phase = 0;
    for (let i = 0; i < 0.3 * sampleRate; i++) {
      const t = i / sampleRate;
      phase += (2 * Math.PI * (50 + 120 * Math.exp(-t * 30))) / sampleRate;
      const value = 0.6 * sectionGain(beat * 0.5) * Math.exp(-t * 12) * Math.sin(phase);
      planar[0][first + i] += value;
      planar[1][first + i] += value;
    }
  }
}

/** A stereo mix of notes and kicks, peaking near -2 dBFS, alternating loud and quiet sections. */
export function musicLikeMix(seconds: number, sampleRate: number, seed: number): Float32Array[] {
  const frames = Math.round(seconds * sampleRate);
  const planar = [new Float32Array(frames), new Float32Array(frames)];
  for (const note of notes(seconds, seededRandom(seed))) addNote(planar, note, sampleRate);
  addKicks(planar, seconds, sampleRate);
  return planar;
}

/** Mono: syllable-like bursts of a buzzy tone plus breath noise, with pauses. */
export function monoVoiceLike(seconds: number, sampleRate: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const frames = Math.round(seconds * sampleRate);
  const mono = new Float32Array(frames);
  let pitch = 140;
  let phase = 0;
  for (let i = 0; i < frames; i++) {
    const t = i / sampleRate;
    if (i % Math.round(0.2 * sampleRate) === 0) pitch = 110 + 80 * random();
    // Syllables of 200 ms with a pause of 1 s every 4 s.
    const syllable = Math.sin((Math.PI * (t % 0.2)) / 0.2);
    const speaking = t % 4 < 3 ? 1 : 0;
    phase += (2 * Math.PI * pitch) / sampleRate;
    const buzz = Math.sin(phase) + 0.4 * Math.sin(2 * phase) + 0.2 * Math.sin(3 * phase);
    mono[i] = speaking * syllable * (0.25 * buzz + 0.03 * (random() * 2 - 1));
  }
  return [mono];
}

/** Fades the first 10 ms in (raised cosine), in place; returns `planar`. */
export function fadeIn(planar: Float32Array[], sampleRate = 48000): Float32Array[] {
  const fade = Math.round(sampleRate / 100);
  for (const channel of planar) {
    for (let i = 0; i < fade; i++) channel[i] *= 0.5 - 0.5 * Math.cos((Math.PI * i) / fade);
  }
  return planar;
}

/** Writes planar float samples as a 32-bit IEEE float WAV (format tag 3). */
export function writeFloatWav(path: string, planar: Float32Array[], sampleRate: number): void {
  const channels = planar.length;
  const frames = planar[0].length;
  const dataBytes = frames * channels * 4;
  const buffer = Buffer.alloc(44 + dataBytes);
  wavHeader({ format: 3, channels, rate: sampleRate, bits: 32, dataBytes }).copy(buffer);
  let offset = 44;
  for (let i = 0; i < frames; i++) {
    for (let ch = 0; ch < channels; ch++, offset += 4) buffer.writeFloatLE(planar[ch][i], offset);
  }
  writeFileSync(path, buffer);
}

export interface FfmpegLoudness {
  integrated: number;
  range: number;
  /** Per channel, linear (ffmpeg prints true peaks as amplitudes; 20·log10 gives dBTP). */
  truePeaks: number[];
}

/** The last value of `key` in ffmpeg's ametadata print-out. */
function lastValue(text: string, key: string): number {
  const prefix = `${key}=`;
  let value = NaN;
  for (const line of text.split("\n")) {
    if (line.startsWith(prefix)) value = Number(line.slice(prefix.length));
  }
  if (Number.isNaN(value)) throw new Error(`ffmpeg printed no ${key}`);
  return value;
}

/** Measures a WAV file with ffmpeg's ebur128 filter (integrated, LRA, per-channel true peak). */
export function ffmpegLoudness(wavPath: string, channels: number): FfmpegLoudness {
  const out = `${wavPath}.r128.txt`;
  const filter = `ebur128=peak=true:metadata=1,ametadata=mode=print:file=${out}`;
  const run = spawnSync(FFMPEG, ["-nostats", "-hide_banner", "-i", wavPath, "-af", filter, "-f", "null", "-"], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`ffmpeg failed on ${wavPath}: ${run.stderr}`);
  const text = readFileSync(out, "utf8");
  const truePeaks: number[] = [];
  for (let ch = 0; ch < channels; ch++) truePeaks.push(lastValue(text, `lavfi.r128.true_peaks_ch${ch}`));
  return { integrated: lastValue(text, "lavfi.r128.I"), range: lastValue(text, "lavfi.r128.LRA"), truePeaks };
}

/** A scratch folder, removed by the returned function. */
export function scratchDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "mixdown-loudness-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
