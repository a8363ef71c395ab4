// Loudness measurement (ITU-R BS.1770-4, EBU R128, EBU Tech 3341/3342):
// the streaming meters and a one-call measurement of a whole buffer.

import { LoudnessMeter, type LoudnessMeterOptions, type LoudnessResult } from "./loudnessMeter";

export { LoudnessMeter, STEPS_PER_SECOND, type LoudnessMeterOptions, type LoudnessResult } from "./loudnessMeter";
export { TruePeakMeter, type TruePeakOptions } from "./truePeakMeter";
export { designKWeighting, KWeightingFilter, type KWeightingCoefficients } from "./kWeighting";
export { gatedLoudness } from "./gating";
export { amplitudeToDb, defaultChannelWeights, lufsToPower, powerToLufs } from "./scale";

/**
 * Measures a whole programme given as planar channels of equal length
 * (sample values with 1.0 = 0 dBFS).
 */
export function measureLoudness(
  planar: readonly Float32Array[],
  sampleRate: number,
  options: LoudnessMeterOptions = {},
): LoudnessResult {
  if (planar.length === 0) {
    throw new RangeError("measureLoudness: no channels given; pass one Float32Array per channel.");
  }
  const frames = planar[0].length;
  const uneven = planar.findIndex((channel) => channel.length !== frames);
  if (uneven >= 0) {
    throw new RangeError(
      `measureLoudness: channel ${uneven} holds ${planar[uneven].length} samples but channel 0 holds ${frames}; ` +
        "channels must be the same length.",
    );
  }
  const meter = new LoudnessMeter(sampleRate, planar.length, options);
  meter.push(planar, frames);
  return meter.result();
}
