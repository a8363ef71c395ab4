// Generates the example sessions' takes: short, deterministic, synthetic
// instruments, so the examples render without any recording. Run with
// `npx tsx examples/makeTakes.ts`; the WAVs it writes are committed.
import { mkdirSync } from "node:fs";
import { mulberry32 } from "../test/random";
import { dirname, join } from "node:path";
import { writeWav } from "../engine/io/wavWrite";

const RATE = 48000;
const here = __dirname;

/** A seeded generator, so every run writes the same files. */
const random = mulberry32;

const beat = (bpm: number) => 60 / bpm;
const midi = (note: number) => 440 * Math.pow(2, (note - 69) / 12);

function kickHit(out: Float32Array, at: number, level: number): void {
  const start = Math.round(at * RATE);
  let phase = 0;
  for (let i = 0; i < 0.45 * RATE && start + i < out.length; i++) {
    const t = i / RATE;
    phase += (2 * Math.PI * (48 + 110 * Math.exp(-t * 28))) / RATE;
    const click = i < 48 ? (1 - i / 48) * 0.3 : 0;
    out[start + i] += level * (Math.sin(phase) * Math.exp(-t * 7) + click);
  }
}

function noiseHit(out: Float32Array, at: number, level: number, decay: number, rnd: () => number, tone = 0): void {
  const start = Math.round(at * RATE);
  let lp = 0;
  for (let i = 0; i < (6 / decay) * RATE && start + i < out.length; i++) {
    const t = i / RATE;
    const n = rnd() * 2 - 1;
    lp += 0.35 * (n - lp);
    const body = tone ? Math.sin(2 * Math.PI * tone * t) * Math.exp(-t * 30) * 0.6 : 0;
    out[start + i] += level * ((tone ? n - lp : n) * Math.exp(-t * decay) + body);
  }
}

/** A sung line: a band-limited buzz through two formants, with vibrato and syllables. */
function voice(seconds: number, notes: number[], noteLen: number, seed: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  const rnd = random(seed);
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    const n = notes[Math.floor(t / noteLen) % notes.length];
    const within = (t % noteLen) / noteLen;
    const env = n < 0 ? 0 : Math.min(1, within * 12) * Math.min(1, (1 - within) * 6);
    const f0 = midi(Math.max(n, 0)) * (1 + 0.006 * Math.sin(2 * Math.PI * 5.5 * t));
    phase += f0 / RATE;
    let s = 0;
    for (let h = 1; h * f0 < 6000; h++) {
      const f = h * f0;
      const formant = 1 / (1 + ((f - 700) / 180) ** 2) + 0.6 / (1 + ((f - 1200) / 250) ** 2) + 0.15 / (1 + ((f - 2600) / 400) ** 2);
      s += (formant * Math.sin(2 * Math.PI * h * phase)) / h;
    }
    out[i] = 0.35 * env * s + 0.0015 * (rnd() * 2 - 1);
  }
  return out;
}

/** Karplus-Strong plucked strings, for the band's guitar. */
function pluck(out: Float32Array, at: number, freq: number, level: number, rnd: () => number): void {
  const period = Math.round(RATE / freq);
  const line = Float32Array.from({ length: period }, () => rnd() * 2 - 1);
  const start = Math.round(at * RATE);
  for (let i = 0; i < 2.5 * RATE && start + i < out.length; i++) {
    const j = i % period;
    const next = (j + 1) % period;
    const s = line[j];
    line[j] = 0.996 * 0.5 * (line[j] + line[next]);
    out[start + i] += level * s;
  }
}

function write(path: string, channels: Float32Array[]): void {
  const full = join(here, path);
  mkdirSync(dirname(full), { recursive: true });
  writeWav(full, channels, RATE, 16);
  console.log(`wrote ${path}`);
}

function nightDrive(): void {
  const kick = new Float32Array(20 * RATE);
  for (let t = 0; t < 19.5; t += beat(92)) kickHit(kick, t, 0.7);
  write("night-drive/takes/kick.wav", [kick]);
  write("night-drive/takes/vox-3.wav", [voice(16, [62, 64, 65, -1, 67, 65, 64, 62, -1, 60, 62, -1], beat(92) * 2, 3)]);
}

function band(): void {
  const rnd = random(7);
  const drumsL = new Float32Array(10 * RATE);
  const drumsR = new Float32Array(10 * RATE);
  const b = beat(110);
  for (let k = 0; k * b < 9.5; k++) {
    if (k % 2 === 0) { kickHit(drumsL, k * b, 0.6); kickHit(drumsR, k * b, 0.6); }
    else { noiseHit(drumsL, k * b, 0.35, 18, rnd, 190); noiseHit(drumsR, k * b, 0.3, 18, rnd, 190); }
    noiseHit(drumsR, k * b + b / 2, 0.08, 60, rnd);
  }
  write("band/takes/drums.wav", [drumsL, drumsR]);
  const gtrL = new Float32Array(10 * RATE);
  const gtrR = new Float32Array(10 * RATE);
  const chords = [[52, 59, 64, 67], [48, 55, 60, 64], [50, 57, 62, 66], [47, 54, 59, 62]];
  for (let bar = 0; bar < 5; bar++) {
    for (const [i, note] of chords[bar % 4].entries()) {
      pluck(gtrL, bar * 4 * b + i * 0.012, midi(note), 0.2, rnd);
      pluck(gtrR, bar * 4 * b + 2 * b + i * 0.012, midi(note) * 1.002, 0.2, rnd);
    }
  }
  write("band/takes/guitars.wav", [gtrL, gtrR]);
  const bass = new Float32Array(10 * RATE);
  for (let k = 0; k * b < 9.5; k++) pluck(bass, k * b, midi([40, 36, 38, 35][Math.floor(k / 4) % 4]), 0.5, rnd);
  write("band/takes/bass.wav", [bass, Float32Array.from(bass)]);
}

function podcast(): void {
  const rnd = random(11);
  const speech = voice(12, [50, 52, 49, -1, 51, 47, -1, 50, 48, 52, -1, -1], 0.23, 11);
  for (let i = 0; i < speech.length; i++) speech[i] += 0.002 * (rnd() * 2 - 1);
  write("podcast/takes/host.wav", [speech]);
}

nightDrive();
band();
podcast();
