// One channel strip (a track or a bus): inserts in order, pan, then the fader stage (fader.ts: gain and sends).
// Works in fixed blocks over preallocated buffers; automation is rendered per
// sample (gain, pan, sends) or per 32-frame slice (effect parameters).
import type { BandParam } from "../../core/catalogue";
import type { AutomationModel, ChannelModel, EqBandModel, SendModel } from "../../core/model";
import { dB, hertz } from "../../core/units";
import { EqProcessor } from "../dsp/biquad";
import { MAX_BLOCK_FRAMES } from "../dsp/block";
import { Compressor } from "../dsp/compressor";
import { COMPRESSOR_LANES } from "../dsp/wasm/kernels";
import { PanProcessor } from "../dsp/pan";
import { createCursor, renderAutomation, type AutomationCursor } from "./automation";
import { Fader, isFaderLane } from "./fader";
import { createProcessor, type Processor } from "./processors";
import type { KernelSum } from "./sum";

/** processGroup's compressors and their channels at the place at hand. */
const GROUP_COMPRESSORS: Compressor[] = [];
const GROUP_CHANNELS: Float32Array[] = [];

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
  /** Most strips `processGroup` runs at once: the compressor kernel's lanes. */
  static readonly GROUP = COMPRESSOR_LANES;
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
  /**
   * Set, the strip adds its output to this running mix as it finishes a
   * block; a mono strip with a fixed pan and gain then adds its panned signal
   * without storing it (`output` is left stale: only for strips whose output
   * nothing else reads, as a worker's summed tracks).
   */
  sum?: KernelSum;

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
   * Whether `processGroup` runs these two together: two mono strips whose
   * effects are not automated, with an EQ of as many bands, or a compressor,
   * at the same place in both.
   */
  static pairable(a: Strip, b: Strip): boolean {
    if (a === b || a.input.length !== 1 || b.input.length !== 1 || a.effectLanes.length > 0 || b.effectLanes.length > 0) return false;
    return a.inserts.some((p, j) => pairs(p, b.inserts[j]));
  }

  /**
   * `process` for up to GROUP strips, each pairable with the first: their
   * inserts in step, and at each place the compressors there running as one
   * group (Compressor.processGroup, four lanes) and the EQs two by two
   * (EqProcessor.processPair), everything else each on its own. Each strip
   * gets exactly the bits `process` gives it.
   */
  static processGroup(strips: readonly Strip[], start: number, frames: number): void {
    const n = strips.length;
    if (n < 1 || n > Strip.GROUP) throw new Error(`A strip group is 1 to ${Strip.GROUP} different strips`);
    let together = n > 1 && frames <= MAX_BLOCK_FRAMES;
    let places = 0;
    for (let m = 0; m < n; m++) {
      for (let o = 0; o < m; o++) if (strips[o] === strips[m]) throw new Error(`A strip group is 1 to ${Strip.GROUP} different strips`);
      if (m > 0 && !Strip.pairable(strips[0], strips[m])) together = false;
      places = Math.max(places, strips[m].inserts.length);
    }
    if (!together) {
      for (let m = 0; m < n; m++) strips[m].process(start, frames);
      return;
    }
    for (let m = 0; m < n; m++) strips[m].renderLanes(start, frames);
    // The compressors at each place, in scratch arrays (this runs for every block of a render).
    const comps = GROUP_COMPRESSORS;
    const channels = GROUP_CHANNELS;
    for (let j = 0; j < places; j++) {
      comps.length = channels.length = 0;
      // An EQ waiting for a mate at this place.
      let single: EqProcessor | undefined;
      let singleChannel: Float32Array | undefined;
      for (let m = 0; m < n; m++) {
        const s = strips[m];
        const p = s.inserts[j];
        const channel = s.input[0];
        if (p instanceof Compressor && p.channels === 1) {
          comps.push(p);
          channels.push(channel);
        } else if (p instanceof EqProcessor && single && EqProcessor.pairable(single, p)) {
          EqProcessor.processPair(single, p, singleChannel!, channel, frames);
          single = undefined;
        } else if (p instanceof EqProcessor && !single) {
          single = p;
          singleChannel = channel;
        } else p?.process(s.input, s.input, frames);
      }
      single?.process([singleChannel!], [singleChannel!], frames);
      if (comps.length > 0) Compressor.processGroup(comps, channels, frames);
    }
    for (let m = 0; m < n; m++) strips[m].finish(start, frames);
  }

  private renderLanes(start: number, frames: number): void {
    for (const lane of this.lanes) renderAutomation(lane.model.points, start, frames, this.sampleRate, lane.values, lane.cursor);
  }

  /** After the inserts: pan and fader, as one pass when they are fixed. */
  private finish(start: number, frames: number): void {
    if (this.panFused) {
      const { left, right } = this.pan.gains;
      const [inL, inR = inL] = this.input;
      if (this.sum && inL === inR && this.model.sends.length === 0 && frames <= MAX_BLOCK_FRAMES) {
        this.sum.addPanned(inL, left, right, this.fader.fixedGain!, frames);
        return;
      }
      this.fader.applyPanned(inL, inR, left, right, start, frames);
    } else {
      this.runPan(frames);
      this.fader.apply(this.preFader, start, frames);
    }
    this.sum?.add(this.output, frames);
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
      setBandParam(lane.band, t.param, value);
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

/** Moves one parameter of an EQ band to an automation value, which is in the parameter's unit (Hz, dB, or a plain number). */
function setBandParam(band: EqBandModel, param: BandParam, value: number): void {
  if (param === "freq") band.freq = hertz(value);
  else if (param === "gain") band.gain = dB(value);
  else band[param] = value;
}

/** A copy of the EQ band an automation lane moves, if it moves one. */
function bandOf(model: ChannelModel, lane: AutomationModel): EqBandModel | undefined {
  const t = lane.target;
  if (t.kind !== "band") return undefined;
  const eq = model.inserts[t.effect];
  return eq.type === "eq" ? { ...eq.bands[t.band] } : undefined;
}

/** Whether the inserts at one place of two strips run together (two EQs that pair up, or two mono compressors). */
function pairs(p: Processor | undefined, q: Processor | undefined): boolean {
  if (p instanceof EqProcessor && q instanceof EqProcessor) return EqProcessor.pairable(p, q);
  return p instanceof Compressor && q instanceof Compressor && Compressor.pairable(p, q);
}
