// Tracks rendered partly in the mixer's thread and partly by worker threads:
// each block, the mixer's thread renders its own tracks while the workers run
// ahead (trackPool.ts), then takes theirs. Tracks come out in the model's
// order, so the mixer sums them exactly as with any other feed.
import type { TrackModel } from "../../../core/model";
import { LocalFeed, type FeedOptions, type FeedTrack, type TrackFeed } from "../trackFeed";
import { TrackPool } from "./trackPool";
import type { TrackMeasure } from "../trackRender";

export class SplitFeed implements TrackFeed {
  readonly tracks: FeedTrack[];
  private readonly local: LocalFeed;
  private readonly pool: TrackPool;

  /**
   * `models` in the model's order; `here` renders in this thread, each of
   * `groups` in a worker of its own; with `summedFirst` the first group's
   * worker sums its tracks (TrackPool), which the mix then starts from.
   */
  constructor(models: readonly TrackModel[], here: readonly TrackModel[], groups: readonly (readonly TrackModel[])[], options: FeedOptions & { length: number }, summedFirst = false) {
    this.local = new LocalFeed(here, options);
    try {
      this.pool = new TrackPool(groups, options, summedFirst);
    } catch (error) {
      this.local.close();
      throw error;
    }
    const order = new Map(models.map((m, i) => [m.id, i]));
    this.tracks = [...this.local.tracks, ...this.pool.tracks].sort((a, b) => order.get(a.model.id)! - order.get(b.model.id)!);
  }

  get mixStart(): readonly Float32Array[] | undefined {
    return this.pool.mixStart;
  }

  render(start: number, frames: number): void {
    this.local.render(start, frames);
    this.pool.render();
  }

  async measures(): Promise<Map<string, TrackMeasure>> {
    return new Map([...(await this.local.measures()), ...(await this.pool.measures())]);
  }

  close(): void {
    this.local.close();
    this.pool.close();
  }
}
