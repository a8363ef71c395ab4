// Where the mixer gets its tracks' blocks from: all rendered here, in this
// thread (LocalFeed), or some here and the rest by worker threads running
// ahead of the mixer (splitFeed.ts, trackPool.ts).
// Either way each track renders the same code in the same order, so the mix
// is bit-identical however many threads took part.
import type { TrackModel } from "../../core/model";
import { TrackRender, TrackSet, type TrackMeasure } from "./trackRender";

/** One playing track's signals for the block just rendered. */
export interface FeedTrack {
  readonly model: TrackModel;
  /** Post-fader stereo output. */
  output: Float32Array[];
  /** Per send of the model, in order: the stereo signal for its bus. */
  sends: Float32Array[][];
}

export interface TrackFeed {
  /** The playing tracks, in the model's order (less those in `mixStart`). */
  readonly tracks: readonly FeedTrack[];
  /**
   * After `render`, when a worker summed the first tracks into the mix
   * itself: their sum (stereo), added from +0 in the model's order, which the
   * mix starts from; `tracks` leaves those tracks out.
   */
  readonly mixStart?: readonly Float32Array[];
  /** Renders timeline frames [start, start + frames); blocks come in order from 0. */
  render(start: number, frames: number): void;
  /** Each playing track's measures (when metered), once the last block is rendered. */
  measures(): Promise<Map<string, TrackMeasure>>;
  close(): void;
}

export interface FeedOptions {
  folder: string;
  sampleRate: number;
  block: number;
  /** Meter each track (peak and loudness) as it renders. */
  metered: boolean;
}

/** Renders every playing track in this thread. */
export class LocalFeed implements TrackFeed {
  readonly tracks: FeedTrack[];
  private readonly renders: TrackRender[] = [];
  private readonly set: TrackSet;

  constructor(models: readonly TrackModel[], options: FeedOptions) {
    try {
      for (const m of models) this.renders.push(new TrackRender(m, options.folder, options.sampleRate, options.block, options.metered));
    } catch (error) {
      this.close();
      throw error;
    }
    this.set = new TrackSet(this.renders);
    this.tracks = this.renders.map((r) => ({ model: r.model, output: r.strip.output, sends: r.sendOutputs }));
  }

  render(start: number, frames: number): void {
    this.set.render(start, frames);
  }

  async measures(): Promise<Map<string, TrackMeasure>> {
    return new Map(this.renders.map((r) => [r.model.id, r.measures()]));
  }

  close(): void {
    for (const r of this.renders) r.close();
  }
}
