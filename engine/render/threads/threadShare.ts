// How a render's tracks are shared among threads. The mixer's thread renders
// some tracks itself besides its own work (sums, buses, meters, file writes,
// a master chain), so its share is what is left of an even split once that
// work is counted. Loads are rough estimates in units of about one mono
// insert over one block (from profiles of the bench job, bench/render.ts):
// they decide only which thread renders what, never what comes out.
import type { EffectModel, TrackModel } from "../../../core/model";

/** Inserts that run 8x oversampled (engine/dsp/oversample.ts), in mono inserts (timed by bench/oversample.ts: a stereo saturate costs some 4 limiters, a clipper 3). */
const OVERSAMPLED: Partial<Record<EffectModel["type"], number>> = { saturate: 10, clipper: 8 };

/** A track's load: reading and metering it, its inserts, its sends. */
export function trackLoad(m: TrackModel): number {
  return 2 + m.inserts.reduce((sum, e) => sum + (e.type === "multiband" ? 3 : (OVERSAMPLED[e.type] ?? 1)), 0) + m.sends.length;
}

/** A stereo chain's load (a bus's or the master's): a limiter oversamples and a multiband runs a compressor a band, so they count for more. */
export function stereoChainLoad(inserts: readonly EffectModel[]): number {
  return inserts.reduce((sum, e) => sum + (e.type === "limiter" ? 6 : e.type === "multiband" ? 9 : OVERSAMPLED[e.type] ? 2.5 * OVERSAMPLED[e.type]! : 3), 2);
}

/** A loudness meter with true peak on the mix. */
export const METER_LOAD = 5;

/** Writing a stereo file: float is a copy, integers are dithered. */
export function writerLoad(bits: number): number {
  return bits === 32 ? 4 : 6;
}

/**
 * Splits `models` into one group per entry of `base` (the load each thread
 * already has), heaviest tracks first, each to the group with the least load.
 * Tracks of equal load go two by two, so that tracks which can render as a
 * pair (trackRender.ts, TrackSet) mostly land together. Groups may be empty.
 */
export function shareTracks(models: readonly TrackModel[], base: readonly number[]): TrackModel[][] {
  const groups = base.map((load) => ({ load, tracks: [] as TrackModel[] }));
  const sorted = [...models].sort((a, b) => trackLoad(b) - trackLoad(a));
  for (let i = 0; i < sorted.length; ) {
    const two = i + 1 < sorted.length && trackLoad(sorted[i]) === trackLoad(sorted[i + 1]) ? 2 : 1;
    const lightest = groups.reduce((a, b) => (b.load < a.load ? b : a));
    for (const m of sorted.slice(i, i + two)) {
      lightest.load += trackLoad(m);
      lightest.tracks.push(m);
    }
    i += two;
  }
  return groups.map((g) => g.tracks);
}

/**
 * How many of the first tracks (in the model's order) one worker should
 * render and sum itself, sending the mixer their sum instead of each
 * track's output: an even count (tracks pair up) whose load comes closest
 * to an even split of the whole among `threads` threads, given the mixer's
 * own load `base`. Only tracks that go straight to the mix with no sends
 * qualify, and only a run of them from the first track: the mixer adds the
 * rest onto that sum in the model's order, the same float adds as summing
 * every track itself. 0 when fewer than two qualify.
 */
export function summedPrefix(models: readonly TrackModel[], base: number, threads: number): number {
  const share = models.reduce((sum, m) => sum + trackLoad(m), base) / threads;
  let best = 0;
  let bestMiss = Infinity;
  for (let n = 0, load = 0; n < models.length && models[n].out === "master" && models[n].sends.length === 0; n++) {
    load += trackLoad(models[n]);
    if ((n + 1) % 2 !== 0) continue;
    const miss = Math.abs(load - share);
    if (miss < bestMiss) [best, bestMiss] = [n + 1, miss];
  }
  return best;
}
