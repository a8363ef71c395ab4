// `truePeakScan`'s arithmetic in plain JavaScript: the true-peak meter's
// running maximum over a block (engine/loudness/truePeakMeter.ts byWindows
// without `out`), each window's bound and points by foldedPhases.ts, frame by
// frame. The kernel evaluates two frames at once; it gives the same maximum
// (a frame's points never exceed its bound), which the kernel test checks.
import { pointsPeak, pointsPeakBound, type FoldedPhases } from "../../loudness/foldedPhases";

/**
 * hist holds the `taps` samples before the block (oldest first); the block is
 * widened into it after them. maxima[c] is stretch c's largest magnitude
 * (`chunkPeaks`). Returns the new peak.
 */
export function truePeakScan(phases: FoldedPhases, gainBound: number, hist: Float64Array, input: Float32Array, maxima: Float32Array, frames: number, before: number, peak: number): number {
  const taps = phases.taps;
  for (let i = 0; i < frames; i++) hist[taps + i] = input[i];
  for (let start = 0, c = 0; start < frames; start += taps, c++) {
    const end = Math.min(frames, start + taps);
    const chunk = maxima[c];
    const reach = Math.max(before, chunk);
    if (reach * gainBound > peak) {
      for (let i = start; i < end; i++) {
        if (pointsPeakBound(phases, hist, i + 1, reach) > peak) {
          const p = pointsPeak(phases, hist, i + 1);
          if (p > peak) peak = p;
        }
      }
    }
    before = chunk;
  }
  return peak;
}
