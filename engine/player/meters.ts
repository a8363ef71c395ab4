// Meter readings across a chunk, every `step` frames: peak and RMS per track
// and for the master, and the master's momentary and short-term loudness from
// a meter that runs on as long as playback is contiguous.
import type { ChunkMeters } from "../../core/protocol/player";
import { LoudnessMeter } from "../loudness";

export class StepMeters {
  readonly steps: number;
  readonly peak: Float64Array;
  readonly sumSquares: Float64Array;

  constructor(readonly step: number, frames: number) {
    this.steps = Math.max(1, Math.ceil(frames / step));
    this.peak = new Float64Array(this.steps);
    this.sumSquares = new Float64Array(this.steps);
  }

  /** Adds frames [0, n) of a stereo signal that sit at chunk offset `at`. */
  add(signal: readonly Float32Array[], from: number, n: number, at: number): void {
    for (let i = 0; i < n; i++) {
      const k = Math.floor((at + i) / this.step);
      const l = signal[0][from + i];
      const r = signal[1][from + i];
      const a = Math.max(Math.abs(l), Math.abs(r));
      if (a > this.peak[k]) this.peak[k] = a;
      this.sumSquares[k] += (l * l + r * r) / 2;
    }
  }

  readings(frames: number): { peak: number[]; rms: number[] } {
    const rms: number[] = [];
    for (let k = 0; k < this.steps; k++) rms.push(round(Math.sqrt(this.sumSquares[k] / Math.max(1, Math.min(this.step, frames - k * this.step)))));
    return { peak: Array.from(this.peak, round), rms };
  }
}

/** The master's loudness while playing: reset when playback jumps. */
export class PlaybackLoudness {
  private meter: LoudnessMeter;
  private next = -1;
  private source = "";

  constructor(private readonly sampleRate: number) {
    this.meter = new LoudnessMeter(sampleRate, 2);
  }

  /** Feeds a chunk in steps, returning momentary and short-term loudness after each step. */
  measure(pcm: readonly Float32Array[], start: number, step: number, source: string): Pick<ChunkMeters["master"], "momentary" | "shortTerm"> & { integrated: number | null; truePeak: number | null } {
    if (start !== this.next || source !== this.source) this.meter = new LoudnessMeter(this.sampleRate, 2);
    this.source = source;
    const frames = pcm[0].length;
    const momentary: (number | null)[] = [];
    const shortTerm: (number | null)[] = [];
    for (let at = 0; at < frames; at += step) {
      const n = Math.min(step, frames - at);
      this.meter.push([pcm[0].subarray(at, at + n), pcm[1].subarray(at, at + n)], n);
      momentary.push(finite(this.meter.momentary()));
      shortTerm.push(finite(this.meter.shortTerm()));
    }
    this.next = start + frames;
    const r = this.meter.result();
    return { momentary, shortTerm, integrated: finite(r.integrated), truePeak: finite(r.truePeak) };
  }
}

export function finite(v: number): number | null {
  return Number.isFinite(v) ? Math.round(v * 100) / 100 : null;
}

function round(v: number): number {
  return Math.round(v * 1e5) / 1e5;
}
