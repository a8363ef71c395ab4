// The whole session at a glance, for the player: each track's and the mix's
// waveform, short-term loudness over time before and after the master chain,
// and what the chain changed. Renders everything (in the background, yielding
// so chunk requests are served in between), so the client asks for it after
// edits settle.
import type { SessionModel } from "../../core/model";
import { dB } from "../../core/units";
import type { LiveOverview, Peaks } from "../../core/protocol/player";
import { LoudnessMeter } from "../loudness";
import { CancelledError } from "../render/errors";
import { MasterChain } from "../master/chain";
import { BLOCK } from "../render/render";
import { BlockCache } from "./blockCache";
import { LiveGraph } from "./graph";
import { finite } from "./meters";

const YIELD_EVERY = 8;
const PASSES = 4;

class Columns {
  readonly peaks: Float32Array;
  constructor(readonly columns: number, readonly framesPerColumn: number) {
    this.peaks = new Float32Array(columns * 2);
  }
  add(signal: readonly Float32Array[], start: number, frames: number): void {
    for (let i = 0; i < frames; i++) {
      const c = Math.min(this.columns - 1, Math.floor((start + i) / this.framesPerColumn));
      const v = (signal[0][i] + signal[1][i]) / 2;
      if (v < this.peaks[2 * c]) this.peaks[2 * c] = v;
      if (v > this.peaks[2 * c + 1]) this.peaks[2 * c + 1] = v;
    }
  }
  list(): Peaks {
    return Array.from(this.peaks, (v) => Math.round(v * 1e4) / 1e4);
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Renders the whole timeline with its own graph and a small cache, so the player's blocks stay cached. */
export async function overview(model: SessionModel, folder: string, version: number, columns: number, signal: AbortSignal): Promise<LiveOverview> {
  const graph = new LiveGraph(model, folder, new BlockCache(BLOCK, 0), new Map());
  try {
    const length = graph.length;
    const perColumn = Math.max(1, Math.ceil(length / columns));
    const tracks = graph.nodes.filter((n) => n.model.kind === "track").map((n) => ({ node: n, cols: new Columns(columns, perColumn) }));
    const mixCols = new Columns(columns, perColumn);
    const mix = [new Float32Array(length), new Float32Array(length)];
    const before = new LoudnessMeter(model.sampleRate, 2, { keepHistory: true });
    for (let index = 0; index < graph.blocks; index++) {
      if (index % YIELD_EVERY === 0) {
        await tick();
        if (signal.aborted) throw new CancelledError();
      }
      const start = index * BLOCK;
      const frames = graph.framesOf(index);
      graph.renderBlock(index);
      for (const t of tracks) if (t.node.audible) t.cols.add(t.node.fader.output, start, frames);
      mixCols.add(graph.mix, start, frames);
      before.push(graph.mix, frames);
      mix[0].set(graph.mix[0].subarray(0, frames), start);
      mix[1].set(graph.mix[1].subarray(0, frames), start);
    }
    const b = before.result();
    const { gainDb, after, chain } = await masterPasses(model, mix, b.integrated, signal);
    const history = (m: LoudnessMeter) => Array.from(m.shortTermHistory(), finite);
    const a = after.result();
    return {
      version, frames: length, columns,
      tracks: tracks.map((t) => ({ id: t.node.model.id, peaks: t.cols.list() })),
      mix: mixCols.list(),
      loudness: { interval: LoudnessMeter.historyInterval, mix: history(before), master: history(after) },
      before: { integrated: finite(b.integrated), truePeak: finite(b.truePeak) },
      after: { integrated: finite(a.integrated), truePeak: finite(a.truePeak) },
      gainDb: Math.round(gainDb * 100) / 100,
      summary: summary(model, b, a, gainDb, chain),
    };
  } finally {
    for (const n of graph.nodes) n.stage.close();
  }
}

/** Runs the master chain over the mix until its loudness meets the target (as `mixdown master` does). */
async function masterPasses(model: SessionModel, mix: Float32Array[], integrated: number, signal: AbortSignal) {
  const target = model.master.loudness;
  let gainDb = 0;
  let result = await runChain(model, mix, gainDb, signal);
  for (let pass = 1; target !== null && pass < PASSES; pass++) {
    const miss = target - result.meter.result().integrated;
    if (!Number.isFinite(miss) || Math.abs(miss) <= 0.05 || !Number.isFinite(integrated)) break;
    gainDb += miss;
    result = await runChain(model, mix, gainDb, signal);
  }
  return { gainDb, after: result.meter, chain: result.chain };
}

async function runChain(model: SessionModel, mix: Float32Array[], gainDb: number, signal: AbortSignal) {
  const chain = new MasterChain(model.master, model.sampleRate, BLOCK, dB(gainDb));
  const meter = new LoudnessMeter(model.sampleRate, 2, { keepHistory: true });
  const io = [new Float32Array(BLOCK), new Float32Array(BLOCK)];
  const total = mix[0].length + chain.latency;
  for (let start = 0, n = 0; start < total; start += BLOCK, n++) {
    if (n % (YIELD_EVERY * 4) === 0) {
      await tick();
      if (signal.aborted) throw new CancelledError();
    }
    const frames = Math.min(BLOCK, total - start);
    for (let ch = 0; ch < 2; ch++) {
      io[ch].fill(0);
      io[ch].set(mix[ch].subarray(start, Math.min(start + frames, mix[ch].length)));
    }
    chain.process(io, start, frames, model.sampleRate);
    const skip = Math.max(0, Math.min(frames, chain.latency - start));
    meter.push(skip ? io.map((c) => c.subarray(skip, frames)) : io, frames - skip);
  }
  return { chain, meter };
}

function summary(model: SessionModel, b: { integrated: number; truePeak: number }, a: { integrated: number; truePeak: number }, gainDb: number, chain: MasterChain): string[] {
  const f = (v: number, unit: string) => (Number.isFinite(v) ? `${v.toFixed(1)} ${unit}` : "silence");
  const limiting = chain.limiting();
  const lines = [
    `Chain: ${model.master.inserts.map((e) => e.type).join(" → ") || "no inserts"}.`,
    `Loudness ${f(b.integrated, "LUFS")} → ${f(a.integrated, "LUFS")}${model.master.loudness !== null ? ` (target ${model.master.loudness} LUFS)` : ""}.`,
    `True peak ${f(b.truePeak, "dBTP")} → ${f(a.truePeak, "dBTP")}.`,
    `Normalising gain before the limiter: ${gainDb >= 0 ? "+" : ""}${gainDb.toFixed(2)} dB; limiter reduction up to ${limiting.max.toFixed(1)} dB (${limiting.average.toFixed(2)} dB on average).`,
  ];
  return lines;
}
