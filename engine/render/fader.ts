// The fader stage of a channel strip: gain (or its automation) over the
// pre-fader signal, and the send levels. Stateless from block to block apart
// from its automation cursors, so the live renderer applies it to a cached
// pre-fader signal and a gain change re-renders nothing upstream.
import type { AutomationModel, ChannelModel, SendModel } from "../../core/model";
import { dB, dbToGain, type Gain } from "../../core/units";
import { MAX_BLOCK_FRAMES } from "../dsp/block";
import { kernels } from "../dsp/wasm/kernels";
import { panChannel } from "../dsp/wasm/reference";
import { createCursor, renderAutomation, type AutomationCursor } from "./automation";

/** Automation the fader stage applies (gain and sends); the rest moves the inserts and pan. */
export function isFaderLane(a: AutomationModel): boolean {
  return a.target.kind === "gain" || a.target.kind === "send";
}

interface FaderLane {
  points: ChannelModel["automation"][number]["points"];
  cursor: AutomationCursor;
  values: Float32Array;
}

export class Fader {
  /** Post-fader output of the last `apply`. */
  readonly output: [Float32Array, Float32Array];
  private readonly gainLane?: FaderLane;
  private readonly sendLanes = new Map<string, FaderLane>();
  private readonly sendLevels = new Map<string, Float32Array>();
  private readonly gains: Float32Array;

  constructor(readonly model: ChannelModel, readonly sampleRate: number, readonly block: number) {
    this.output = [new Float32Array(block), new Float32Array(block)];
    this.gains = new Float32Array(block);
    const lane = (points: FaderLane["points"]): FaderLane => ({ points, cursor: createCursor(), values: new Float32Array(block) });
    const gain = model.automation.find((a) => a.target.kind === "gain");
    if (gain) this.gainLane = lane(gain.points);
    // As in the strip: the last lane for a bus wins.
    for (const a of model.automation) if (a.target.kind === "send") this.sendLanes.set(a.target.to, lane(a.points));
    for (const s of model.sends) this.sendLevels.set(s.to, new Float32Array(block));
  }

  /** The linear gain when it is not automated. */
  get fixedGain(): Gain | undefined {
    return this.gainLane ? undefined : this.model.gain;
  }

  get sends(): readonly SendModel[] {
    return this.model.sends;
  }

  /** Fader over `pre` for the block at timeline frame `start`; also renders the send levels. */
  apply(pre: readonly Float32Array[], start: number, frames: number): void {
    this.renderSendLanes(start, frames);
    const [inL, inR] = pre;
    const [outL, outR] = this.output;
    const lane = this.gainLane;
    if (!lane) {
      const g = this.model.gain;
      for (let i = 0; i < frames; i++) {
        outL[i] = inL[i] * g;
        outR[i] = inR[i] * g;
      }
      return;
    }
    renderAutomation(lane.points, start, frames, this.sampleRate, lane.values, lane.cursor);
    const gains = this.gains;
    for (let i = 0; i < frames; i++) gains[i] = dbToGain(dB(lane.values[i]));
    for (let i = 0; i < frames; i++) {
      outL[i] = inL[i] * gains[i];
      outR[i] = inR[i] * gains[i];
    }
  }

  /**
   * A fixed pan (gains `panL`, `panR` of `inL`, `inR`) and this fader's fixed
   * gain in one pass, without storing the pre-fader signal: the same bits as
   * the pan's output then `apply`, as each pan product is rounded to float32
   * just as storing it would. Only for a fader whose gain is not automated.
   */
  applyPanned(inL: Float32Array, inR: Float32Array, panL: Gain, panR: Gain, start: number, frames: number): void {
    if (this.gainLane) throw new Error("Fader.applyPanned: the gain is automated; pan, then apply");
    this.renderSendLanes(start, frames);
    const [outL, outR] = this.output;
    const g = this.model.gain;
    if (inL === inR && frames <= MAX_BLOCK_FRAMES) {
      // A mono channel: the kernel `pan` (kernels.wat), twice as fast as this loop measured.
      const k = kernels();
      k.input.set(inL.subarray(0, frames));
      k.pan(frames, panL, panR, g);
      outL.set(k.output.subarray(0, frames));
      outR.set(k.output2.subarray(0, frames));
      return;
    }
    // The kernel's arithmetic, a channel at a time (its JavaScript reference).
    panChannel(inL, outL, frames, panL, g);
    panChannel(inR, outR, frames, panR, g);
  }

  private renderSendLanes(start: number, frames: number): void {
    for (const [, l] of this.sendLanes) renderAutomation(l.points, start, frames, this.sampleRate, l.values, l.cursor);
  }

  /** The per-sample linear level of a send for the block of the last `apply`. */
  sendLevel(send: SendModel): Float32Array {
    const out = this.sendLevels.get(send.to)!;
    const lane = this.sendLanes.get(send.to);
    if (!lane) return out.fill(send.level);
    for (let i = 0; i < this.block; i++) out[i] = dbToGain(dB(lane.values[i]));
    return out;
  }
}
