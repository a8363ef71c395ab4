// Loudness range (LRA) per EBU Tech 3342: the spread, in LU, between the
// 10th and the 95th percentile of the short-term loudness (3 s windows,
// here one every 100 ms), counting only values above the absolute gate
// (-70 LUFS) and above a relative gate 20 LU below the power mean of those.
//
// The values are kept in a histogram of 0.01 LU bins from -70 to +30 LUFS
// (40 KB whatever the duration): the percentiles are read to within half a
// bin, and the relative gate's power mean is kept exactly.

import { ABSOLUTE_GATE_LUFS, powerToLufs } from "./scale";

/** Relative gate of the loudness range, in LU below the absolutely gated short-term loudness. */
export const RANGE_RELATIVE_GATE_LU = -20;
export const RANGE_LOW_PERCENTILE = 0.1;
export const RANGE_HIGH_PERCENTILE = 0.95;

const BIN_WIDTH_LU = 0.01;
const HISTOGRAM_TOP_LUFS = 30;
const BIN_COUNT = Math.round((HISTOGRAM_TOP_LUFS - ABSOLUTE_GATE_LUFS) / BIN_WIDTH_LU);

function binOf(lufs: number): number {
  const bin = Math.floor((lufs - ABSOLUTE_GATE_LUFS) / BIN_WIDTH_LU);
  return Math.min(BIN_COUNT - 1, Math.max(0, bin));
}

function binCentre(bin: number): number {
  return ABSOLUTE_GATE_LUFS + (bin + 0.5) * BIN_WIDTH_LU;
}

export class LoudnessRangeHistogram {
  private readonly counts = new Uint32Array(BIN_COUNT);
  private powerSum = 0;
  private count = 0;

  /** Adds one short-term loudness, given as its weighted mean-square power. */
  add(power: number): void {
    const lufs = powerToLufs(power);
    if (!(lufs > ABSOLUTE_GATE_LUFS)) return;
    this.counts[binOf(lufs)]++;
    this.powerSum += power;
    this.count++;
  }

  /** Number of values above the absolute gate so far. */
  get size(): number {
    return this.count;
  }

  /** The loudness range in LU; 0 when no value passed the gates (silence, or under 3 s). */
  range(): number {
    if (this.count === 0) return 0;
    const gate = powerToLufs(this.powerSum / this.count) + RANGE_RELATIVE_GATE_LU;
    const first = gate > ABSOLUTE_GATE_LUFS ? binOf(gate) : 0;
    let gated = 0;
    for (let bin = first; bin < BIN_COUNT; bin++) gated += this.counts[bin];
    if (gated === 0) return 0;
    // Nearest rank in the sorted gated values, as libebur128 and Tech 3342's examples do.
    const low = this.valueAtRank(first, Math.round((gated - 1) * RANGE_LOW_PERCENTILE));
    const high = this.valueAtRank(first, Math.round((gated - 1) * RANGE_HIGH_PERCENTILE));
    return high - low;
  }

  /** Forgets every value. */
  reset(): void {
    this.counts.fill(0);
    this.powerSum = 0;
    this.count = 0;
  }

  /** The value (bin centre) of 0-based `rank` among the values from bin `first` up. */
  private valueAtRank(first: number, rank: number): number {
    let seen = 0;
    for (let bin = first; bin < BIN_COUNT; bin++) {
      seen += this.counts[bin];
      if (seen > rank) return binCentre(bin);
    }
    return binCentre(BIN_COUNT - 1);
  }
}
