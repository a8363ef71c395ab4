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

/**
 * Where "From bar N" starts, in seconds, from what the user typed ("5", or "5:3" for bar 5, beat 3),
 * or a message saying what is wrong (no tempo, not a bar number).
 */
export function barInputSeconds(tb: Timebase, text: string): number | string {
  if (tb.tempo === null) return "The session has no tempo, so bars have no length: add `tempo N bpm` to the session block.";
  const m = /^\s*(\d+)(?:\s*[:.]\s*(\d+(?:\.\d+)?))?\s*$/.exec(text);
  if (!m) return `'${text}' is not a bar: type a bar number from 1, optionally with a beat ("5" or "5:3").`;
  const bar = Number(m[1]);
  const beat = m[2] === undefined ? 1 : Number(m[2]);
  if (bar < 1) return "Bars are numbered from 1.";
  if (beat < 1 || beat >= tb.meter.beats + 1) return `Beat ${beat} is outside a bar of ${tb.meter.beats}/${tb.meter.unit} (beats 1 to ${tb.meter.beats}).`;
  return barSeconds(tb, bar, beat)!;
}
