// Musical time: bars, beats and note values, from the session's tempo and meter.

export interface Timebase {
  tempo: number | null;
  meter: { beats: number; unit: number };
}

/** Seconds of one beat (a note of the meter's unit), or null without a tempo. */
export function beatSeconds(tb: Timebase): number | null {
  return tb.tempo === null ? null : 60 / tb.tempo;
}

/** The start of `bar` (from 1) at `beat` (from 1, may be fractional). */
export function barSeconds(tb: Timebase, bar: number, beat = 1): number | null {
  const beatLen = beatSeconds(tb);
  if (beatLen === null) return null;
  return ((bar - 1) * tb.meter.beats + (beat - 1)) * beatLen;
}

/** Length of a note value such as 1/8, in seconds. */
export function noteSeconds(tb: Timebase, num: number, den: number): number | null {
  const beatLen = beatSeconds(tb);
  if (beatLen === null || den === 0) return null;
  return (num / den) * tb.meter.unit * beatLen;
}

/** `m:ss.sss` for display (hover, inlay hints). */
export function formatClock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  const whole = s.toFixed(3).padStart(6, "0");
  return `${m}:${whole}`;
}
