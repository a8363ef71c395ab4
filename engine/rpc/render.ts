// What the engine process does for each request: the existing renderer and
// master chain, with the request's cancellation as an AbortSignal and its
// progress reported back. Errors become ResponseErrors that say what to do.
import { join } from "node:path";
import { ResponseError } from "vscode-jsonrpc";
import type { EngineErrorData, EngineProgress } from "../../core/protocol/engine";
import type { LoudnessParams, LoudnessWire, MasterParams, MasterResult, RenderParams, RenderResult, StemsParams, StemsResult } from "../../core/protocol/render";
import { EngineErrorCode } from "../../core/protocol/engine";
import { masterReportPath, REPORT_VERSION, reportPath, type LoudnessFigures, type MasteringReport } from "../../core/protocol/report";
import { openWavReader } from "../io/wavRead";
import { LoudnessMeter, type LoudnessResult } from "../loudness";
import { CancelledError, EngineError } from "../render/errors";
import { masterMix, type MasterReport } from "../master/master";
import { resolveOutput, sessionStem, writeAtomically } from "../render/outputs";
import { renderMix } from "../render/render";
import { failure, requestedSession, type RequestedSession } from "./session";

export interface Job {
  signal: AbortSignal;
  progress(update: EngineProgress): void;
}

/** Runs `work`, turning the engine's errors into responses the client can show. */
export async function guarded<T>(work: () => Promise<T>, path?: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ResponseError) throw error;
    if (error instanceof CancelledError) {
      throw new ResponseError<EngineErrorData>(EngineErrorCode.Cancelled, "Cancelled: no output was written and the previous render is untouched.", { path });
    }
    if (error instanceof EngineError) throw failure(error.message, { path, origin: error.origin });
    const detail = error instanceof Error ? error.stack ?? error.message : String(error);
    throw failure(`The engine failed unexpectedly: ${error instanceof Error ? error.message : String(error)}. The Mixdown output has the details; please report it.`, { path, problems: [detail] });
  }
}

function policy(session: RequestedSession) {
  return { sessionPath: session.path, folder: session.folder, roots: session.roots };
}

export async function render(params: RenderParams, job: Job): Promise<RenderResult> {
  return guarded(async () => {
    const session = requestedSession(params.session);
    job.progress({ fraction: 0, message: "rendering the mix" });
    const { path, report } = await renderMix(session.model, {
      ...policy(session), signal: job.signal, out: params.out, bits: params.bits, stems: params.stems,
      onProgress: (fraction) => job.progress({ fraction }),
    });
    job.progress({ fraction: 1 });
    return { path, report, reportPath: join(session.folder, reportPath(sessionStem(session.path))) };
  }, params.session.path);
}

export async function exportStems(params: StemsParams, job: Job): Promise<StemsResult> {
  return guarded(async () => {
    const session = requestedSession(params.session);
    const folder = resolveOutput(params.folder ?? `renders/${sessionStem(session.path)}-stems`, policy(session), "stems");
    job.progress({ fraction: 0, message: "rendering the stems" });
    const { report } = await renderMix(session.model, {
      ...policy(session), signal: job.signal, stems: folder, onProgress: (fraction) => job.progress({ fraction }),
    });
    return { folder, files: session.model.tracks.map((t) => join(folder, `${t.id}.wav`)), report };
  }, params.session.path);
}

export async function master(params: MasterParams, job: Job): Promise<MasterResult> {
  return guarded(async () => {
    const session = requestedSession(params.session);
    // Unsaved text: the mix on disk was rendered from the file, not from this text, so render it again.
    const options = { ...policy(session), signal: job.signal, input: params.input, out: params.out, rerender: !session.fromDisk };
    job.progress({ message: "mastering (measuring, then limiting to the target)" });
    const raw = await masterMix(session.model, { ...options, onProgress: (fraction) => job.progress({ fraction, message: "rendering and mastering the mix" }) });
    const report = masteringReport(raw);
    const file = resolveOutput(masterReportPath(sessionStem(session.path)), policy(session), "report");
    writeAtomically(file, JSON.stringify(report, null, 2) + "\n");
    return { path: join(session.folder, raw.output), report, reportPath: file };
  }, params.session.path);
}

export function masteringReport(raw: MasterReport): MasteringReport {
  return {
    version: REPORT_VERSION, output: raw.output, sha256: raw.sha256, before: figures(raw.before), after: figures(raw.after),
    gainDb: raw.gainDb, limiter: raw.limiter, target: raw.target, reachedTarget: raw.reachedTarget, summary: raw.summary,
  };
}

export function figures(r: LoudnessResult): LoudnessFigures {
  const value = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    integrated: value(r.integrated), range: value(r.range), truePeak: value(r.truePeak),
    samplePeak: value(r.samplePeak), momentaryMax: value(r.momentaryMax), shortTermMax: value(r.shortTermMax),
  };
}

export async function loudness(params: LoudnessParams, job: Job): Promise<LoudnessWire> {
  return guarded(async () => {
    let reader;
    try {
      reader = openWavReader(params.path);
    } catch (error) {
      throw failure(`Cannot measure '${params.path}': ${(error as Error).message}`, { path: params.path });
    }
    try {
      const meter = new LoudnessMeter(reader.sampleRate, reader.channels);
      const block = Array.from({ length: reader.channels }, () => new Float32Array(65536));
      for (let n = reader.read(65536, block), i = 0; n > 0; n = reader.read(65536, block), i++) {
        meter.push(block, n);
        if (i % 4 === 0) {
          await new Promise((r) => setImmediate(r));
          if (job.signal.aborted) throw new CancelledError();
          job.progress({ fraction: Math.min(1, (i * 65536) / Math.max(1, reader.frames)) });
        }
      }
      return figures(meter.result());
    } finally {
      reader.close();
    }
  }, params.path);
}
