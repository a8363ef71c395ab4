// One channel strip (a track or a bus): inserts in order, pan, then the fader stage (fader.ts: gain and sends).
// Works in fixed blocks over preallocated buffers; automation is rendered per
// sample (gain, pan, sends) or per 32-frame slice (effect parameters).
import type { AutomationModel, ChannelModel, EqBandModel, SendModel } from "../../core/model";
import { EqProcessor } from "../dsp/biquad";
import { MAX_BLOCK_FRAMES } from "../dsp/block";
import { Compressor } from "../dsp/compressor";
import { PanProcessor } from "../dsp/pan";
import { createCursor, renderAutomation, type AutomationCursor } from "./automation";
import { Fader, isFaderLane } from "./fader";
import { createProcessor, type Processor } from "./processors";

/** Effect parameters follow their automation at this granularity. */
const PARAM_SLICE = 32;

interface Lane {
  model: AutomationModel;
  cursor: AutomationCursor;
  values: Float32Array;
  /** For an EQ band target: the band, updated in place as it moves. */
  band?: EqBandModel;
}

export class Strip {
  /** What feeds the strip: 1 channel (a mono track) or 2. */
  readonly input: Float32Array[];
  /** After inserts and pan, before the fader: what `pre` sends tap. */
  readonly preFader: Float32Array[];
  private readonly inserts: Processor[];
  private readonly pan: PanProcessor;
  /** Automation of the inserts and pan; the fader has its own (gain and sends). */
  private readonly lanes: Lane[];
  private readonly panLane?: Lane;
  private readonly effectLanes: Lane[];
  /** Gain and send levels over `preFader`. */
  readonly fader: Fader;
  /** Views of `input` for each PARAM_SLICE of a block, made once. */
  private readonly slices: Float32Array[][];
  /** Total latency of the inserts, in frames. */
  readonly latency: number;
  /** Pan and gain fixed, and no send taps `preFader`: `process` pans and fades in one pass. */
  private readonly panFused: boolean;

  constructor(readonly model: ChannelModel, channels: 1 | 2, readonly sampleRate: number, readonly block: number) {
    const buffers = (n: number) => Array.from({ length: n }, () => new Float32Array(block));
    this.input = buffers(channels);
    this.preFader = buffers(2);
    this.inserts = model.inserts.map((e) => createProcessor(e, sampleRate, channels));
    this.latency = this.inserts.reduce((sum, p) => sum + p.latency, 0);
    this.pan = new PanProcessor(channels === 1 ? "mono" : "stereo", model.pan);
    this.lanes = model.automation.filter((m) => !isFaderLane(m)).map((m) => ({ model: m, cursor: createCursor(), values: new Float32Array(block), band: bandOf(model, m) }));
    this.fader = new Fader(model, sampleRate, block);
    this.panLane = this.lanes.find((l) => l.model.target.kind === "pan");
    this.effectLanes = this.lanes.filter((l) => l.model.target.kind === "effect" || l.model.target.kind === "band");
    this.slices = [];
    for (let at = 0; at < block; at += PARAM_SLICE) this.slices.push(this.input.map((ch) => ch.subarray(at, Math.min(block, at + PARAM_SLICE))));
    this.panFused = !this.panLane && this.fader.fixedGain !== undefined && !model.sends.some((s) => s.pre);
  }

  get sends(): readonly SendModel[] {
    return this.model.sends;
  }

  /** After inserts, pan and fader: always stereo. */
  get output(): Float32Array[] {
    return this.fader.output;
  }

  /**
   * For a mono strip whose pan and gain do not move: the gains from the
   * post-insert signal (left in `input[0]` after `process`) to the output's
   * left and right. Otherwise undefined.
   */
  monoGains(): [number, number] | undefined {
    const gain = this.fader.fixedGain;
    if (this.input.length !== 1 || this.panLane || gain === undefined) return undefined;
    const { left, right } = this.pan.gains;
    return [left * gain, right * gain];
  }

  /**
   * Processes `frames` frames of `input` (filled by the caller) at timeline
   * frame `start`. With a fixed pan and gain and no pre-fader send, pan and
   * fader run as one pass and `preFader` is left stale.
   */
  process(start: number, frames: number): void {
    this.renderLanes(start, frames);
    this.runInserts(frames);
    this.finish(start, frames);
  }

  /** Inserts and pan only, into `preFader` (the live renderer caches this and applies the fader itself). */
  processPreFader(start: number, frames: number): void {
    this.renderLanes(start, frames);
    this.runInserts(frames);
    this.runPan(frames);
  }

  /**
   * Whether `processPair` runs these two together: two mono strips whose
   * effects are not automated, with an EQ of as many bands, or a compressor,
   * at the same place in both.
   */
  static pairable(a: Strip, b: Strip): boolean {
    if (a === b || a.input.length !== 1 || b.input.length !== 1 || a.effectLanes.length > 0 || b.effectLanes.length > 0) return false;
    return a.inserts.some((p, j) => insertPair(p, b.inserts[j]) !== undefined);
  }

  /**
   * `process` for two strips at once: their inserts in step, an EQ or a
   * compressor of one beside the same at the same place in the other running
   * as a pair (EqProcessor.processPair, Compressor.processPair), everything
   * else each on its own. Each strip gets exactly the bits `process` gives it.
   */
  static processPair(a: Strip, b: Strip, start: number, frames: number): void {
    if (!Strip.pairable(a, b) || frames > MAX_BLOCK_FRAMES) {
      a.process(start, frames);
      b.process(start, frames);
      return;
    }
    a.renderLanes(start, frames);
    b.renderLanes(start, frames);
    for (let j = 0; j < Math.max(a.inserts.length, b.inserts.length); j++) {
      const pair = insertPair(a.inserts[j], b.inserts[j]);
      if (pair?.kind === "eq") EqProcessor.processPair(pair.first, pair.second, a.input[0], b.input[0], frames);
      else if (pair?.kind === "comp") Compressor.processPair(pair.first, pair.second, a.input[0], b.input[0], frames);
      else {
        a.inserts[j]?.process(a.input, a.input, frames);
        b.inserts[j]?.process(b.input, b.input, frames);
      }
    }
    a.finish(start, frames);
    b.finish(start, frames);
  }

  private renderLanes(start: number, frames: number): void {
    for (const lane of this.lanes) renderAutomation(lane.model.points, start, frames, this.sampleRate, lane.values, lane.cursor);
  }

  /** After the inserts: pan and fader, as one pass when they are fixed. */
  private finish(start: number, frames: number): void {
    if (this.panFused) {
      const { left, right } = this.pan.gains;
      const [inL, inR = inL] = this.input;
      this.fader.applyPanned(inL, inR, left, right, start, frames);
      return;
    }
    this.runPan(frames);
    this.fader.apply(this.preFader, start, frames);
  }

  /** The per-sample linear level of a send this block. */
  sendLevel(send: SendModel): Float32Array {
    return this.fader.sendLevel(send);
  }

  private runInserts(frames: number): void {
    if (this.effectLanes.length === 0) {
      for (const p of this.inserts) p.process(this.input, this.input, frames);
      return;
    }
    for (let at = 0, k = 0; at < frames; at += PARAM_SLICE, k++) {
      const n = Math.min(PARAM_SLICE, frames - at);
      for (const lane of this.effectLanes) this.applyParam(lane, lane.values[at]);
      for (const p of this.inserts) p.process(this.slices[k], this.slices[k], n);
    }
  }

  private applyParam(lane: Lane, value: number): void {
    const t = lane.model.target;
    const processor = t.kind === "effect" || t.kind === "band" ? this.inserts[t.effect] : undefined;
    if (t.kind === "effect") processor?.setParam?.(t.param, value);
    if (t.kind === "band" && lane.band) {
      lane.band[t.param] = value;
      processor?.setBand?.(t.band, lane.band);
    }
  }

  private runPan(frames: number): void {
    this.pan.process(this.input, this.preFader, frames, this.panLane?.values);
  }

  clearInput(): void {
    for (const ch of this.input) ch.fill(0);
  }
}

/** A copy of the EQ band an automation lane moves, if it moves one. */
function bandOf(model: ChannelModel, lane: AutomationModel): EqBandModel | undefined {
  const t = lane.target;
  if (t.kind !== "band") return undefined;
  const eq = model.inserts[t.effect];
  return eq.type === "eq" ? { ...eq.bands[t.band] } : undefined;
}

type InsertPair = { kind: "eq"; first: EqProcessor; second: EqProcessor } | { kind: "comp"; first: Compressor; second: Compressor };

/** The inserts at one place of two strips, when they run as a pair (two EQs or two compressors that pair up). */
function insertPair(p: Processor | undefined, q: Processor | undefined): InsertPair | undefined {
  if (p instanceof EqProcessor && q instanceof EqProcessor && EqProcessor.pairable(p, q)) return { kind: "eq", first: p, second: q };
  if (p instanceof Compressor && q instanceof Compressor && Compressor.pairable(p, q)) return { kind: "comp", first: p, second: q };
  return undefined;
}
