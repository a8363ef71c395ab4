// Gated loudness of ITU-R BS.1770-4 section 2.8: the mean power of the
// blocks above the absolute gate (-70 LUFS) sets a relative gate (10 LU
// below it for integrated loudness); the result is the loudness of the mean
// power of the blocks above both gates.

import { ABSOLUTE_GATE_LUFS, lufsToPower, powerToLufs } from "./scale";

/** Relative gate of integrated loudness, in LU below the absolutely gated loudness. */
export const INTEGRATED_RELATIVE_GATE_LU = -10;

const ABSOLUTE_GATE_POWER = lufsToPower(ABSOLUTE_GATE_LUFS);

/** Mean of the powers strictly above `threshold`, or 0 when none is. */
function meanAbove(powers: Float64Array, count: number, threshold: number): number {
  let sum = 0;
  let above = 0;
  for (let i = 0; i < count; i++) {
    const power = powers[i];
    if (power > threshold) {
      sum += power;
      above++;
    }
  }
  return above === 0 ? 0 : sum / above;
}

/**
 * The gated loudness in LUFS of the first `count` block powers (weighted
 * mean squares of 400 ms blocks, BS.1770-4 eq. 4), or -Infinity when no
 * block is above the absolute gate.
 */
export function gatedLoudness(
  powers: Float64Array,
  count: number = powers.length,
  relativeGateLu: number = INTEGRATED_RELATIVE_GATE_LU,
): number {
  const absoluteMean = meanAbove(powers, count, ABSOLUTE_GATE_POWER);
  if (absoluteMean === 0) return -Infinity;
  // A gate in LU below a loudness is the same factor below its power.
  const relativeThreshold = Math.max(ABSOLUTE_GATE_POWER, absoluteMean * Math.pow(10, relativeGateLu / 10));
  return powerToLufs(meanAbove(powers, count, relativeThreshold));
}
