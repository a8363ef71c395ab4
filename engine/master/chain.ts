// The master chain over a stream: master gain, the inserts in order, and a
// loudness-normalising gain placed just before the first limiter (or at the
// end when there is none), with the inserts' latency trimmed off the start.
import type { MasterModel } from "../../core/model";
import { dB, dbToGain, type Decibels, type Gain } from "../../core/units";
import { Limiter } from "../dsp/limiter";
import { createCursor, renderAutomation, type AutomationCursor } from "../render/automation";
import { createProcessor, type Processor } from "../render/processors";

export class MasterChain {
  readonly latency: number;
  private readonly before: Processor[];
  private readonly after: Processor[];
  private readonly limiters: Limiter[];
  private readonly normalise: Gain;
  private readonly gainLane?: { points: MasterModel["automation"][number]["points"]; cursor: AutomationCursor; values: Float32Array };

  constructor(readonly model: MasterModel, sampleRate: number, block: number, normaliseDb: Decibels) {
    const processors = model.inserts.map((e) => createProcessor(e, sampleRate, 2));
    const split = model.inserts.findIndex((e) => e.type === "limiter");
    const at = split < 0 ? processors.length : split;
    this.before = processors.slice(0, at);
    this.after = processors.slice(at);
    this.limiters = processors.filter((p): p is Limiter => p instanceof Limiter);
    this.latency = processors.reduce((sum, p) => sum + p.latency, 0);
    this.normalise = dbToGain(normaliseDb);
    const lane = model.automation.find((a) => a.target.kind === "gain");
    if (lane) this.gainLane = { points: lane.points, cursor: createCursor(), values: new Float32Array(block) };
  }

  /** Processes one stereo block in place; `start` is the block's first frame on the timeline. */
  process(io: Float32Array[], start: number, frames: number, sampleRate: number): void {
    this.applyGain(io, start, frames, sampleRate);
    for (const p of this.before) p.process(io, io, frames);
    if (this.normalise !== 1) for (const ch of io) for (let i = 0; i < frames; i++) ch[i] *= this.normalise;
    for (const p of this.after) p.process(io, io, frames);
  }

  private applyGain(io: Float32Array[], start: number, frames: number, sampleRate: number): void {
    const g = this.model.gain;
    const lane = this.gainLane;
    // Unit gain leaves every sample as it is: no pass.
    if (!lane && g === 1) return;
    if (lane) renderAutomation(lane.points, start, frames, sampleRate, lane.values, lane.cursor);
    for (const ch of io) {
      for (let i = 0; i < frames; i++) ch[i] *= lane ? g * dbToGain(dB(lane.values[i])) : g;
    }
  }

  /** Gain reduction of the chain's limiters: the largest and the average (dB). */
  limiting(): { max: number; average: number } {
    return {
      max: Math.max(0, ...this.limiters.map((l) => l.maxGainReductionDb)),
      average: Math.max(0, ...this.limiters.map((l) => l.averageGainReductionDb)),
    };
  }
}
