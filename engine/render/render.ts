// Rendering the mix: the mixer block by block into a WAV (through a
// temporary file), metered as it goes, with a report of what came out.
import { join, relative } from "node:path";
import type { SessionModel } from "../../core/model";
import { REPORT_VERSION, reportPath, type RenderReport, type TrackReport } from "../../core/protocol/report";
import { createWavWriter, type WavBits, type WavWriter } from "../io/wavWrite";
import { LoudnessMeter, type LoudnessResult } from "../loudness";
import { tpdfDither } from "../io/dither";
import { CancelledError } from "./errors";
import { Mixer } from "./mixer";
import { METER_LOAD, writerLoad } from "./threads/threadShare";
import { threadCount } from "./threads/trackPool";
import type { TrackMeasure } from "./trackRender";
import { commit, discard, resolveOutput, sessionStem, sha256, temporaryBeside, writeAtomically, type OutputPolicy } from "./outputs";

export const BLOCK = 4096;

export interface RenderOptions extends OutputPolicy {
  sessionPath: string;
  out?: string;
  bits?: WavBits;
  /** A folder for one stem per track (its post-fader output, `<track>.wav`). */
  stems?: string;
  signal?: AbortSignal;
  /** Threads that render tracks, this one included (default: one per core; 1 renders all in this thread). */
  threads?: number;
  /** Work the caller adds to this thread per block (`onBlock`), in threadShare.ts's units: it gets fewer tracks. */
  load?: number;
  onProgress?: (fraction: number) => void;
  /** Called with each block of the mix bus as it is written (mastering it as it renders); `mix` is the mixer's, valid until it returns. */
  onBlock?: (mix: readonly Float32Array[], frames: number) => void;
}

export interface MixResult {
  path: string;
  report: RenderReport;
  /** The mix bus's loudness, unrounded (the report's figures are rounded). */
  loudness: LoudnessResult;
}

/** Renders the mix bus (no master chain) to `renders/<session>-mix.wav` or `out`. */
export async function renderMix(model: SessionModel, options: RenderOptions): Promise<MixResult> {
  const stem = sessionStem(options.sessionPath);
  const final = resolveOutput(options.out ?? `renders/${stem}-mix.wav`, options, "render");
  const bits = options.bits ?? 24;
  const files = 1 + (options.stems ? model.tracks.length : 0);
  const load = METER_LOAD + files * writerLoad(bits) + (options.load ?? 0);
  // Stems need every track's output in this thread; without them a worker may sum the first tracks.
  const mixer = new Mixer(model, options.folder, BLOCK, { metered: true, threads: options.threads ?? threadCount(), load, sumOnWorker: !options.stems });
  const outputs: Output[] = [];
  try {
    outputs.push(open(final, model, bits, "mix", mixer.length));
    if (options.stems) {
      const dir = resolveOutput(options.stems, options, "stems");
      for (const t of model.tracks) outputs.push(open(join(dir, `${t.id}.wav`), model, bits, t.id, mixer.length));
    }
    const master = await runBlocks(mixer, outputs, options);
    const tracks = await mixer.measures();
    for (const o of outputs) o.writer.close();
    const loudness = master.result();
    const report = await buildReport(model, mixer, loudness, tracks, outputs[0], relative(options.folder, final));
    for (const o of outputs) commit(o.temp, o.final);
    writeAtomically(resolveOutput(reportPath(stem), options, "report"), JSON.stringify(report, null, 2) + "\n");
    return { path: final, report, loudness };
  } catch (error) {
    for (const o of outputs) {
      o.writer.close();
      discard(o.temp);
    }
    throw error;
  } finally {
    mixer.close();
  }
}

/** A file being rendered: written under a temporary name, renamed when complete. */
interface Output {
  final: string;
  temp: string;
  writer: WavWriter;
  /** "mix", or the track whose stem this is. */
  source: string;
}

/** Opens an output for a render of `frames` frames (its writer hashes it as it goes). */
function open(final: string, model: SessionModel, bits: WavBits, source: string, frames: number): Output {
  const temp = temporaryBeside(final);
  const dither = bits === 32 ? undefined : tpdfDither(`${model.title} ${source}`, 2);
  return { final, temp, source, writer: createWavWriter(temp, { sampleRate: model.sampleRate, channels: 2, bits, dither, frames }) };
}

/** Renders every block into the outputs and meters the mix; yields to the event loop between blocks. */
async function runBlocks(mixer: Mixer, outputs: Output[], options: RenderOptions): Promise<LoudnessMeter> {
  const master = new LoudnessMeter(mixer.model.sampleRate, 2);
  for (let start = 0; start < mixer.length; start += BLOCK) {
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) throw new CancelledError();
    options.onProgress?.(start / mixer.length);
    const frames = Math.min(BLOCK, mixer.length - start);
    mixer.renderBlock(start, frames);
    master.push(mixer.mix, frames);
    for (const o of outputs) o.writer.write(o.source === "mix" ? mixer.mix : mixer.trackOutput(o.source), frames);
    options.onBlock?.(mixer.mix, frames);
  }
  return master;
}

async function buildReport(model: SessionModel, mixer: Mixer, result: LoudnessResult, measures: Map<string, TrackMeasure>, file: Output, output: string): Promise<RenderReport> {
  const finite = (v: number) => (Number.isFinite(v) ? round(v) : null);
  const tracks: TrackReport[] = model.tracks.map((t) => {
    const m = measures.get(t.id);
    return { id: t.id, peak: m ? finite(m.peak) : null, loudness: m ? finite(m.loudness) : null };
  });
  return {
    version: REPORT_VERSION, output, duration: round(mixer.length / model.sampleRate),
    integrated: finite(result.integrated), truePeak: finite(result.truePeak), sha256: file.writer.sha256 ?? (await sha256(file.temp)), tracks,
  };
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
