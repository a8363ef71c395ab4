// Mastering: the master chain over the rendered mix, normalised to the
// loudness target where the true-peak ceiling allows, written to `export`.
import { statSync } from "node:fs";
import { relative } from "node:path";
import type { SessionModel } from "../../core/model";
import { dB } from "../../core/units";
import { openWavReader, type WavReader } from "../io/wavRead";
import { createWavWriter } from "../io/wavWrite";
import { LoudnessMeter, type LoudnessResult } from "../loudness";
import { tpdfDither } from "../io/dither";
import { CancelledError, EngineError } from "../render/errors";
import { MasterChain } from "./chain";
import { mixLength } from "../render/mixer";
import { MasterPass } from "./pass";
import { commit, discard, resolveOutput, sessionStem, sha256, temporaryBeside } from "../render/outputs";
import { METER_LOAD, stereoChainLoad, writerLoad } from "../render/threads/threadShare";
import { BLOCK, renderMix, type RenderOptions } from "../render/render";

/** Passes of measure-and-adjust before the loudness target is declared unreachable. */
const MAX_PASSES = 6;
const TOLERANCE_LU = 0.05;

export interface MasterOptions extends RenderOptions {
  /** The mix to master; by default the session's mix render (rendered if missing or older than the session). */
  input?: string;
  /** Render the mix even when the one on disk looks current (the session's text is not the file's). */
  rerender?: boolean;
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
  const source = mixSource(options);
  const stem = sessionStem(options.sessionPath);
  const final = resolveOutput(options.out ?? model.master.export?.path ?? `renders/${stem}-master.wav`, options, "export");
  const target = model.master.loudness;
  const bits = model.master.export?.bits ?? 24;
  let gainDb = 0;
  // Each pass runs the chain and writes the master; when its loudness misses the target the
  // gain moves by the miss and the pass repeats. The first pass also measures the mix and,
  // when the mix must be rendered, masters it block by block as the mixer renders it.
  let before: LoudnessResult | undefined;
  for (let pass = 0; ; pass++) {
    const chain = new MasterChain(model.master, model.sampleRate, BLOCK, dB(gainDb));
    const temp = temporaryBeside(final);
    // The master has the mix's length (the chain's latency is trimmed and flushed), so the writer can hash it as it goes.
    const frames = source.render ? mixLength(model, options.folder) : framesIn(source.path);
    const writer = createWavWriter(temp, { sampleRate: model.sampleRate, channels: 2, bits, dither: bits === 32 ? undefined : tpdfDither(`${model.title} master`, 2), frames });
    try {
      const master = new MasterPass(chain, writer, model.sampleRate, BLOCK);
      if (source.render) {
        source.render = false;
        // The pass runs in the mixer's thread: its chain, meter and file count as that thread's load.
        const load = stereoChainLoad(model.master.inserts) + METER_LOAD + writerLoad(bits);
        before = (await renderMix(model, { ...options, out: undefined, stems: undefined, bits: 32, load, onBlock: (mix, frames) => master.push(mix, frames) })).loudness;
      } else {
        const mixMeter = before ? undefined : new LoudnessMeter(model.sampleRate, 2);
        await stream(source.path, model.sampleRate, master, options, mixMeter);
        before ??= mixMeter!.result();
      }
      const after = master.finish();
      const miss = target === null ? 0 : target - after.integrated;
      if (Number.isFinite(miss) && Math.abs(miss) > TOLERANCE_LU && pass + 1 < MAX_PASSES) {
        discard(temp);
        gainDb += miss;
        continue;
      }
      const hash = writer.sha256 ?? (await sha256(temp));
      commit(temp, final);
      const reached = target === null || Math.abs(after.integrated - target) <= 0.1;
      const report = { output: relative(options.folder, final), sha256: hash, before, after, gainDb, limiter: chain.limiting(), target, reachedTarget: reached, summary: [] };
      return { ...report, summary: describe(report) };
    } catch (error) {
      writer.close();
      discard(temp);
      throw error;
    }
  }
}

/** Where the mix comes from: a file, or the mixer (`render`: the mix file is rendered as the first pass masters it). */
function mixSource(options: MasterOptions): { path: string; render: boolean } {
  if (options.input) return { path: resolveOutput(options.input, { ...options, allowOutside: true }, "input"), render: false };
  const mix = resolveOutput(`renders/${sessionStem(options.sessionPath)}-mix.wav`, options, "render");
  let stale = true;
  try {
    stale = options.rerender === true || statSync(mix).mtimeMs < statSync(options.sessionPath).mtimeMs;
  } catch {
    stale = true;
  }
  return { path: mix, render: stale };
}

/** The frames a mix file's header announces; undefined when it cannot be read (`stream` then says why). */
function framesIn(path: string): number | undefined {
  try {
    const reader = openWavReader(path);
    const frames = reader.frames;
    reader.close();
    return frames;
  } catch {
    return undefined;
  }
}

/** Streams the mix file through the pass (and into `mixMeter`, given one). */
async function stream(input: string, sampleRate: number, master: MasterPass, options: MasterOptions, mixMeter?: LoudnessMeter): Promise<void> {
  let reader: WavReader;
  try {
    reader = openWavReader(input);
  } catch (error) {
    throw new EngineError(`Cannot master '${input}': ${(error as Error).message}`);
  }
  try {
    if (reader.channels !== 2) throw new EngineError(`Cannot master '${input}': it has ${reader.channels} channel(s); a mix is stereo.`);
    if (reader.sampleRate !== sampleRate) throw new EngineError(`Cannot master '${input}': it is at ${reader.sampleRate} Hz and the session at ${sampleRate} Hz; render the mix at the session's rate (or change the session's rate).`);
    const io = master.buffers;
    for (let start = 0; start < reader.frames; start += BLOCK) {
      await new Promise((r) => setImmediate(r));
      if (options.signal?.aborted) throw new CancelledError();
      const got = reader.read(Math.min(BLOCK, reader.frames - start), io);
      if (got === 0) break;
      mixMeter?.push(io, got);
      master.run(got);
    }
  } finally {
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
