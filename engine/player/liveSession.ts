// A session open for live playback: the last good model as a live mix graph,
// updated from the editor's text (an invalid text keeps the last good sound
// and says why), rendering chunks of the mix or the master on request.
import { dirname, resolve } from "node:path";
import type { SessionModel } from "../../core/model";
import { ParseCache } from "../../core/parse";
import type { LiveChunk, LiveSource, LiveState } from "../../core/protocol/player";
import { BLOCK } from "../render/render";
import { openSession } from "../session/open";
import { BlockCache } from "./blockCache";
import { Catchup } from "./catchup";
import { LiveGraph } from "./graph";
import { MasterStage } from "./masterStage";
import { PlaybackLoudness, StepMeters } from "./meters";
import { describeState } from "./state";
import { encodePcm } from "./wire";

/** Default memory for cached blocks. */
export const DEFAULT_CACHE_BYTES = 384 * 1024 * 1024;

export class LiveSession {
  readonly folder: string;
  readonly cache: BlockCache;
  graph?: LiveGraph;
  version = 0;
  private state?: LiveState;
  private master?: MasterStage;
  /** The normalising gain the Mastering view plays with (set by the overview). */
  private normaliseDb = 0;
  private readonly loudness: PlaybackLoudness[] = [];
  /** Only the blocks of text an edit touched are parsed again. */
  private readonly parseCache = new ParseCache();
  /** Moves exact renders forward behind warm starts, between requests. */
  private readonly catchup = new Catchup(() => this.graph);

  constructor(readonly id: string, readonly path: string, cacheBytes = DEFAULT_CACHE_BYTES) {
    this.path = resolve(path);
    this.folder = dirname(this.path);
    this.cache = new BlockCache(BLOCK, cacheBytes);
  }

  /** Takes the new text: a valid one becomes the model (re-rendering only what changed). */
  update(text: string, solo: string[] | null = null): LiveState {
    const opened = openSession(this.path, { text, parseCache: this.parseCache, compareWithFile: false });
    if (!opened.ok) {
      const problems = opened.problems.map((p) => (p.diagnostic ? `${p.line}:${p.column}: ${p.message}` : p.message));
      if (!this.graph || !this.state) throw new Error(`The session cannot be played: ${problems[0]}`);
      return (this.state = { ...this.state, ok: false, problems, rerendered: [] });
    }
    const model = solo ? soloed(opened.model, solo) : opened.model;
    const previous = this.graph?.renderers() ?? new Map();
    let graph: LiveGraph;
    try {
      graph = new LiveGraph(model, this.folder, this.cache, previous);
    } catch (error) {
      const message = (error as Error).message;
      if (!this.graph || !this.state) throw error;
      return (this.state = { ...this.state, ok: false, problems: [message], rerendered: [] });
    }
    for (const stale of previous.values()) stale.close();
    const rerendered = graph.nodes.filter((n) => !this.graph?.nodes.some((o) => o.stage === n.stage)).map((n) => n.model.id);
    this.graph = graph;
    this.setMaster();
    this.version++;
    this.catchup.reset();
    return (this.state = describeState(this.id, this.version, graph, rerendered));
  }

  setNormalise(gainDb: number): void {
    if (gainDb === this.normaliseDb) return;
    this.normaliseDb = gainDb;
    this.setMaster();
  }

  private setMaster(): void {
    this.master?.close();
    this.master = this.graph ? new MasterStage(this.graph, this.normaliseDb, this.cache) : undefined;
  }

  /** Resolves once every channel's exact render has caught up with what was served approximately. */
  whenExact(): Promise<void> {
    return this.catchup.idle();
  }

  /**
   * Renders frames [start, start + frames) of the mix or the master, with meters every 100 ms.
   * A mix chunk far beyond a channel's exact render is served from a warm start (`approximate`)
   * while the exact render catches up in the background; the master chain is always exact.
   */
  chunk(start: number, frames: number, source: LiveSource): LiveChunk {
    const began = performance.now();
    const graph = this.graph!;
    const rate = graph.model.sampleRate;
    const step = Math.round(rate / 10);
    const out = [new Float32Array(frames), new Float32Array(frames)];
    const tracks = graph.nodes.filter((n) => n.model.kind === "track").map((n) => ({ node: n, meter: new StepMeters(step, frames) }));
    const size = this.cache.block;
    if (source === "master") this.master!.read(start, frames, out, 0);
    let exact = true;
    for (let at = 0; at < frames; ) {
      const t = start + at;
      const index = Math.floor(t / size);
      const within = t - index * size;
      const n = Math.min(frames - at, size - within);
      if (index < graph.blocks) {
        if (!graph.renderBlock(index, source === "mix")) exact = false;
        const valid = Math.max(0, Math.min(n, graph.framesOf(index) - within));
        if (source === "mix") {
          out[0].set(graph.mix[0].subarray(within, within + n), at);
          out[1].set(graph.mix[1].subarray(within, within + n), at);
        }
        for (const tr of tracks) if (tr.node.audible) tr.meter.add(tr.node.fader.output, within, valid, at);
      }
      at += n;
    }
    if (!exact) this.catchup.schedule();
    return this.finish(start, frames, source, out, tracks, step, began, !exact);
  }

  private finish(start: number, frames: number, source: LiveSource, out: Float32Array[], tracks: { node: { model: { id: string } }; meter: StepMeters }[], step: number, began: number, approximate: boolean): LiveChunk {
    const master = new StepMeters(step, frames);
    master.add(out, 0, frames, 0);
    const slot = source === "mix" ? 0 : 1;
    this.loudness[slot] ??= new PlaybackLoudness(this.graph!.model.sampleRate);
    const loud = this.loudness[slot].measure(out, start, step, source);
    return {
      version: this.version,
      startFrame: start,
      frames,
      sampleRate: this.graph!.model.sampleRate,
      source,
      channels: [encodePcm(out[0]), encodePcm(out[1])],
      approximate,
      meters: {
        step,
        tracks: tracks.map((t) => ({ id: t.node.model.id, ...t.meter.readings(frames) })),
        master: { ...master.readings(frames), momentary: loud.momentary, shortTerm: loud.shortTerm },
        integrated: loud.integrated,
        truePeak: loud.truePeak,
      },
      renderMs: Math.round((performance.now() - began) * 10) / 10,
    };
  }

  close(): void {
    this.catchup.cancel();
    for (const n of this.graph?.nodes ?? []) n.stage.close();
    this.master?.close();
  }
}

/** The model with only `ids` soloed (Play solo), mute as written. */
function soloed(model: SessionModel, ids: string[]): SessionModel {
  const on = <T extends { id: string; solo: boolean }>(c: T): T => ({ ...c, solo: ids.includes(c.id) });
  return { ...model, tracks: model.tracks.map(on), buses: model.buses.map(on) };
}
