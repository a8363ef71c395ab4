// The loudness scale of ITU-R BS.1770-4: from weighted mean-square power to
// LUFS and back, peak amplitudes to decibels, and the per-channel weights.

/** The constant of BS.1770-4 eq. 2: a 1 kHz sine at 0 dBFS in one channel reads -3.01 LUFS. */
export const LUFS_OFFSET = -0.691;

/** The absolute gate of BS.1770-4 and EBU Tech 3342, in LUFS. */
export const ABSOLUTE_GATE_LUFS = -70;

/** Weight of a surround channel (Ls, Rs) in BS.1770-4 Table 3. */
export const SURROUND_WEIGHT = 1.41;

/** Loudness in LUFS of a weighted mean-square power; -Infinity for silence. */
export function powerToLufs(power: number): number {
  return power > 0 ? LUFS_OFFSET + 10 * Math.log10(power) : -Infinity;
}

/** The weighted mean-square power that reads `lufs`. */
export function lufsToPower(lufs: number): number {
  return Math.pow(10, (lufs - LUFS_OFFSET) / 10);
}

/** A linear peak amplitude in decibels (dBFS or dBTP); -Infinity for 0. */
export function amplitudeToDb(amplitude: number): number {
  return amplitude > 0 ? 20 * Math.log10(amplitude) : -Infinity;
}

/**
 * The BS.1770-4 channel weights for a channel count in the usual orders:
 * mono and stereo 1; 3 = L R C; 5 = L R C Ls Rs; 6 = L R C LFE Ls Rs (LFE
 * not counted). Any other count weighs every channel 1.
 */
export function defaultChannelWeights(channels: number): Float64Array {
  const weights = new Float64Array(channels).fill(1);
  if (channels === 5) {
    weights[3] = SURROUND_WEIGHT;
    weights[4] = SURROUND_WEIGHT;
  } else if (channels === 6) {
    weights[3] = 0;
    weights[4] = SURROUND_WEIGHT;
    weights[5] = SURROUND_WEIGHT;
  }
  return weights;
}

/** Throws a RangeError naming the parameter unless `rate` is a usable sample rate. */
export function checkSampleRate(rate: number, where: string): void {
  if (!Number.isFinite(rate) || rate < 8000 || rate > 768000) {
    throw new RangeError(
      `${where}: sample rate ${rate} Hz is not supported; give a rate between 8000 and 768000 Hz (e.g. 48000).`,
    );
  }
}

/** Throws a RangeError unless `channels` is a whole number from 1 to 64. */
export function checkChannelCount(channels: number, where: string): void {
  if (!Number.isInteger(channels) || channels < 1 || channels > 64) {
    throw new RangeError(`${where}: channel count ${channels} is not supported; give a whole number from 1 to 64.`);
  }
}

/** Throws a RangeError unless `frames` is a whole number of at least 0. */
export function checkFrames(frames: number, where: string): void {
  if (!Number.isInteger(frames) || frames < 0) {
    throw new RangeError(`${where}: frames must be a whole number of at least 0, got ${frames}.`);
  }
}

/**
 * Throws a RangeError unless `array` holds at least `frames` samples; `what`
 * names it, a channel number or a word such as "the input".
 */
export function checkLength(array: Float32Array, frames: number, where: string, what: number | string): void {
  if (array.length < frames) {
    if (typeof what === "number") what = `channel ${what}`;
    throw new RangeError(
      `${where}: ${what} holds ${array.length} samples but ${frames} frames were given; ` +
        `pass the number of valid frames, at most the array's length.`,
    );
  }
}

/**
 * Throws a RangeError unless `planar` holds at least `channels` arrays of at
 * least `frames` samples each. Allocates only when it throws.
 */
export function checkPlanar(planar: readonly Float32Array[], channels: number, frames: number, where: string): void {
  checkFrames(frames, where);
  if (planar.length < channels) {
    throw new RangeError(`${where}: expected ${channels} channel arrays, got ${planar.length}.`);
  }
  for (let ch = 0; ch < channels; ch++) checkLength(planar[ch], frames, where, ch);
}
