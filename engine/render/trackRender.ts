// One track's share of a render, block by block: its takes into its strip,
// what it sends to each bus (tap times level), and, when asked, its meters.
// The same code runs in the mixer's thread or in a worker (trackWorker.ts),
// so a track renders bit-identically wherever it runs.
import type { TrackModel } from "../../core/model";
import { LoudnessMeter } from "../loudness";
import { Strip } from "./strip";
import { TakeSource } from "./takeSource";

/** What the report says about a track: its sample peak (dBFS) and integrated loudness (LUFS); -Infinity for silence. */
export interface TrackMeasure {
  peak: number;
  loudness: number;
}

export class TrackRender {
  readonly strip: Strip;
  /** Per send of the model, in order: the stereo signal it adds to its bus this block. */
  readonly sendOutputs: Float32Array[][];
  private readonly sources: TakeSource[];
  private readonly meter?: LoudnessMeter;
  /** What the meter reads: the stereo output, or (see `meterFor`) the mono signal before pan and fader. */
  private readonly metered?: Float32Array[];
  /** Linear factor from the metered signal's sample peak to the output's. */
  private peakScale = 1;

  constructor(readonly model: TrackModel, folder: string, sampleRate: number, block: number, metered: boolean) {
    this.sources = [];
    try {
      for (const take of model.takes) this.sources.push(new TakeSource(take, folder, sampleRate, block));
    } catch (error) {
      this.close();
      throw error;
    }
    this.strip = new Strip(model, this.sources.some((s) => s.channels === 2) ? 2 : 1, sampleRate, block);
    // The takes are read `latency` frames ahead (readTakes): open them there, as the player's stage does.
    if (this.strip.latency > 0) this.reopenAt(this.strip.latency, folder, sampleRate, block);
    this.sendOutputs = model.sends.map(() => [new Float32Array(block), new Float32Array(block)]);
    if (metered) [this.meter, this.metered] = this.meterFor(sampleRate);
  }

  /**
   * A mono track with a fixed pan and gain has outputs gL x and gR x: its
   * loudness is that of x with the channel weight gL² + gR², and its peak
   * max(|gL|, |gR|) times x's, so one channel is metered instead of two.
   * Tracks report sample peaks, so their meters skip true-peak oversampling.
   */
  private meterFor(sampleRate: number): [LoudnessMeter, Float32Array[]] {
    const truePeak = { oversampling: 1 };
    const mono = this.strip.monoGains();
    if (!mono) return [new LoudnessMeter(sampleRate, 2, { truePeak }), this.strip.output];
    const [left, right] = mono;
    this.peakScale = Math.max(Math.abs(left), Math.abs(right));
    return [new LoudnessMeter(sampleRate, 1, { truePeak, channelWeights: [left * left + right * right] }), this.strip.input];
  }

  /** Reopens every take so that the first read starts at timeline frame `from`. */
  private reopenAt(from: number, folder: string, sampleRate: number, block: number): void {
    for (const s of this.sources) s.close();
    this.sources.length = 0;
    try {
      for (const take of this.model.takes) this.sources.push(new TakeSource(take, folder, sampleRate, block, from));
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** Timeline frame just after the last take ends. */
  get end(): number {
    return Math.max(0, ...this.sources.map((s) => s.end));
  }

  /** Renders timeline frames [start, start + frames): strip output and send signals. */
  render(start: number, frames: number): void {
    this.readTakes(start, frames);
    this.strip.process(start, frames);
    this.send(frames);
    this.meter?.push(this.metered!, frames);
  }

  /** This track's meter and what it reads, when it has one. */
  get meterInput(): [LoudnessMeter, Float32Array[]] | undefined {
    return this.meter ? [this.meter, this.metered!] : undefined;
  }

  /** Reads the takes into the strip's input for frames [start, start + frames). */
  readTakes(start: number, frames: number): void {
    const strip = this.strip;
    strip.clearInput();
    // A track's insert latency is compensated by reading its takes that far ahead.
    // The first take lands in the cleared input (see TakeSource.addInto's `fresh`).
    for (let n = 0; n < this.sources.length; n++) this.sources[n].addInto(start + strip.latency, frames, strip.input, n === 0);
  }

  /** Each send's signal for the block just processed. */
  send(frames: number): void {
    const strip = this.strip;
    const sends = this.model.sends;
    for (let n = 0; n < sends.length; n++) {
      const level = strip.sendLevel(sends[n]);
      const tap = sends[n].pre ? strip.preFader : strip.output;
      const out = this.sendOutputs[n];
      for (let ch = 0; ch < 2; ch++) {
        const s = tap[ch];
        const d = out[ch];
        for (let i = 0; i < frames; i++) d[i] = s[i] * level[i];
      }
    }
  }

  /** The track's measures so far (-Infinity when silent or not metered). */
  measures(): TrackMeasure {
    const result = this.meter?.result();
    const peak = result ? result.samplePeak + 20 * Math.log10(this.peakScale) : -Infinity;
    return { peak, loudness: result?.integrated ?? -Infinity };
  }

  close(): void {
    for (const s of this.sources) s.close();
  }
}

/**
 * Tracks whose strips group up (Strip.pairable), rendered together: their
 * strips by Strip.processGroup, their meters by LoudnessMeter.pushGroup. The
 * arrays these take are made once (this runs for every block of a render).
 */
export class TrackGroup {
  private readonly strips: Strip[];
  private readonly meters: LoudnessMeter[] = [];
  private readonly metered: Float32Array[][] = [];

  constructor(readonly renders: readonly TrackRender[]) {
    this.strips = renders.map((r) => r.strip);
    for (const r of renders) {
      const m = r.meterInput;
      if (m) {
        this.meters.push(m[0]);
        this.metered.push(m[1]);
      }
    }
  }

  render(start: number, frames: number): void {
    const renders = this.renders;
    for (let n = 0; n < renders.length; n++) renders[n].readTakes(start, frames);
    Strip.processGroup(this.strips, start, frames);
    for (let n = 0; n < renders.length; n++) renders[n].send(frames);
    if (this.meters.length > 0) LoudnessMeter.pushGroup(this.meters, this.metered, frames);
  }
}

/**
 * A thread's tracks, rendered block by block: tracks whose strips pair up
 * (see Strip.pairable) render up to Strip.GROUP at a time (TrackGroup), the
 * rest one by one. Each track's signals are the same bits either way.
 */
export class TrackSet {
  private readonly units: (TrackRender | TrackGroup)[] = [];
  private readonly order: TrackRender[] = [];

  constructor(readonly renders: readonly TrackRender[]) {
    const left = [...renders];
    while (left.length > 0) {
      const unit = [left.shift()!];
      for (let n = 0; n < left.length && unit.length < Strip.GROUP; ) {
        if (Strip.pairable(unit[0].strip, left[n].strip)) unit.push(...left.splice(n, 1));
        else n++;
      }
      this.units.push(unit.length > 1 ? new TrackGroup(unit) : unit[0]);
      this.order.push(...unit);
    }
  }

  /** Whether the units render the tracks in the order given (what a running mix of their outputs needs: Strip.sum). */
  get inOrder(): boolean {
    return this.order.every((r, n) => r === this.renders[n]);
  }

  /** How many tracks each unit renders together, in order. */
  get groups(): number[] {
    return this.units.map((u) => (u instanceof TrackGroup ? u.renders.length : 1));
  }

  render(start: number, frames: number): void {
    for (const unit of this.units) unit.render(start, frames);
  }
}
