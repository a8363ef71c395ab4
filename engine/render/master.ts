// Mastering: the master chain over the rendered mix, normalised to the
// loudness target where the true-peak ceiling allows, written to `export`.
import { statSync } from "node:fs";
import { relative } from "node:path";
import type { SessionModel } from "../../core/model";
import { openWavReader, type WavReader } from "../io/wavRead";
import { createWavWriter, type WavWriter } from "../io/wavWrite";
import { LoudnessMeter, type LoudnessResult } from "../loudness";
import { tpdfDither } from "./dither";
import { CancelledError, EngineError } from "./errors";
import { MasterChain } from "./masterChain";
import { commit, discard, resolveOutput, sessionStem, sha256, temporaryBeside } from "./outputs";
import { BLOCK, renderMix, type RenderOptions } from "./render";

/** Passes of measure-and-adjust before the loudness target is declared unreachable. */
const MAX_PASSES = 6;
const TOLERANCE_LU = 0.05;

export interface MasterOptions extends RenderOptions {
  /** The mix to master; by default the session's mix render (rendered if missing or older than the session). */
  input?: string;
}

export interface MasterReport {
  output: string;
  sha256: string;
  before: LoudnessResult;
  after: LoudnessResult;
  /** Normalising gain applied, dB. */
  gainDb: number;
  limiter: { max: number; average: number };
  target: number | null;
  /** The target could not be met under the ceiling. */
  reachedTarget: boolean;
  summary: string[];
}

export async function masterMix(model: SessionModel, options: MasterOptions): Promise<MasterReport> {
  const input = await mixInput(model, options);
  const stem = sessionStem(options.sessionPath);
  const final = resolveOutput(options.out ?? model.master.export?.path ?? `renders/${stem}-master.wav`, options, "export");
  const target = model.master.loudness;
  let gainDb = 0;
  // Each pass runs the chain and writes the master; when its loudness misses the target the
  // gain moves by the miss and the pass repeats. The first pass also measures the mix.
  const beforeMeter = new LoudnessMeter(model.sampleRate, 2);
  let before: LoudnessResult | undefined;
  for (let pass = 0; ; pass++) {
    const chain = new MasterChain(model.master, model.sampleRate, BLOCK, gainDb);
    const temp = temporaryBeside(final);
    try {
      const bits = model.master.export?.bits ?? 24;
      const writer = createWavWriter(temp, { sampleRate: model.sampleRate, channels: 2, bits, dither: bits === 32 ? undefined : tpdfDither(`${model.title} master`, 2) });
      const after = await stream(input, chain, writer, options, before ? undefined : beforeMeter);
      before ??= beforeMeter.result();
      const miss = target === null ? 0 : target - after.integrated;
      if (Number.isFinite(miss) && Math.abs(miss) > TOLERANCE_LU && pass + 1 < MAX_PASSES) {
        discard(temp);
        gainDb += miss;
        continue;
      }
      const hash = await sha256(temp);
      commit(temp, final);
      const reached = target === null || Math.abs(after.integrated - target) <= 0.1;
      const report = { output: relative(options.folder, final), sha256: hash, before, after, gainDb, limiter: chain.limiting(), target, reachedTarget: reached, summary: [] };
      return { ...report, summary: describe(report) };
    } catch (error) {
      discard(temp);
      throw error;
    }
  }
}

async function mixInput(model: SessionModel, options: MasterOptions): Promise<string> {
  if (options.input) return resolveOutput(options.input, { ...options, allowOutside: true }, "input");
  const mix = resolveOutput(`renders/${sessionStem(options.sessionPath)}-mix.wav`, options, "render");
  let stale = true;
  try {
    stale = statSync(mix).mtimeMs < statSync(options.sessionPath).mtimeMs;
  } catch {
    stale = true;
  }
  if (stale) await renderMix(model, { ...options, out: undefined, bits: 32 });
  return mix;
}

/** Runs the chain over the input into the writer and measures what it wrote (and the input, given a meter for it). */
async function stream(input: string, chain: MasterChain, writer: WavWriter, options: MasterOptions, inputMeter?: LoudnessMeter): Promise<LoudnessResult> {
  let reader: WavReader;
  try {
    reader = openWavReader(input);
  } catch (error) {
    throw new EngineError(`Cannot master '${input}': ${(error as Error).message}`);
  }
  try {
    if (reader.channels !== 2) throw new EngineError(`Cannot master '${input}': it has ${reader.channels} channel(s); a mix is stereo.`);
    const meter = new LoudnessMeter(reader.sampleRate, 2);
    const io = [new Float32Array(BLOCK), new Float32Array(BLOCK)];
    const latency = chain.latency;
    const total = reader.frames + latency;
    for (let start = 0; start < total; start += BLOCK) {
      await new Promise((r) => setImmediate(r));
      if (options.signal?.aborted) throw new CancelledError();
      const frames = Math.min(BLOCK, total - start);
      const got = reader.read(frames, io);
      for (const ch of io) ch.fill(0, got, frames);
      if (got > 0) inputMeter?.push(io, got);
      chain.process(io, start, frames, reader.sampleRate);
      // The chain's latency: drop its first `latency` frames so the master lines up with the mix.
      const skip = Math.max(0, Math.min(frames, latency - start));
      const out = skip ? io.map((ch) => ch.subarray(skip, frames)) : io;
      meter.push(out, frames - skip);
      writer.write(out, frames - skip);
    }
    return meter.result();
  } finally {
    writer.close();
    reader.close();
  }
}

function describe(r: Omit<MasterReport, "summary">): string[] {
  const f = (v: number, unit: string) => (Number.isFinite(v) ? `${v.toFixed(1)} ${unit}` : "silence");
  const lines = [
    `Loudness ${f(r.before.integrated, "LUFS")} -> ${f(r.after.integrated, "LUFS")}; true peak ${f(r.before.truePeak, "dBTP")} -> ${f(r.after.truePeak, "dBTP")}.`,
    `Gain applied before the limiter: ${r.gainDb >= 0 ? "+" : ""}${r.gainDb.toFixed(2)} dB.`,
    `Limiter gain reduction: ${r.limiter.max.toFixed(1)} dB at most, ${r.limiter.average.toFixed(2)} dB on average.`,
  ];
  if (r.target !== null && !r.reachedTarget) {
    lines.push(`The target of ${r.target} LUFS is not reachable under the limiter's ceiling: the master reached ${f(r.after.integrated, "LUFS")}. Lower the target, or raise the ceiling.`);
  }
  return lines;
}
