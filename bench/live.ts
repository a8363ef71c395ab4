// `npm run bench:live`: how soon an edit is heard. The 16-track benchmark
// session (bench/render.ts's fixtures) plays from the start to a position, as
// the player would ask for it, then one track's gain changes: the time from
// the new text arriving to the first re-rendered chunk with the new sound
// being ready (engine side, PCM encoded for the wire). Also an EQ change and a
// start mid-song with nothing cached: the first chunk comes from warm starts
// (engine/player/stage.ts, marked approximate) while the exact render catches up
// in the background; "exact after" is the time from the edit (or the start)
// until that catch-up is done (the playhead standing still meanwhile). Prints
// median and p95 over several edits.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { LiveSession } from "../engine/player/liveSession";
import { DIR, fixtures, session } from "./render";

const RATE = 48000;
const CHUNK = RATE / 2;
/** An edit takes effect this far ahead of the playhead (webview/playback.ts CUT_AHEAD_S). */
const CUT = Math.round(0.12 * RATE);
const EDITS = Number(process.env.BENCH_EDITS ?? 15);
const POSITIONS = [10, 60, 120];
/** Cold starts measured at each position (a fresh session each). */
const COLD = Number(process.env.BENCH_COLD ?? 5);

const ms = (t0: number) => performance.now() - t0;
function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms (n=${s.length})`;
}

/** Plays (renders) chunks from 0 up to `seconds`, as playback would have. */
function playTo(live: LiveSession, seconds: number): void {
  for (let f = 0; f < seconds * RATE; f += CHUNK) live.chunk(f, CHUNK, "mix");
}

interface Timings {
  first: number[];
  exact: number[];
  approximate: number;
}

/** The session's text as the edits leave it (carried from loop to loop, so each edit changes one track only). */
let current = "";
/** Edits so far: numbers each edit, so a track edited again gets another value. */
let edits = 0;

/** Edits one after the other, each heard from the next chunk, waiting for exactness before the next. */
async function editLoop(live: LiveSession, position: number, edit: (text: string, n: number) => string): Promise<Timings> {
  const t: Timings = { first: [], exact: [], approximate: 0 };
  let text = current;
  for (let k = 0; k < EDITS; k++) {
    const next = edit(text, edits++);
    const t0 = performance.now();
    const state = live.update(next);
    if (!state.ok) throw new Error(`bad edit: ${state.problems[0]}`);
    if (live.chunk(position * RATE + CUT, CHUNK, "mix").approximate) t.approximate++;
    t.first.push(ms(t0));
    await live.whenExact();
    t.exact.push(ms(t0));
    text = next;
  }
  current = text;
  return t;
}

async function coldStarts(path: string, text: string, position: number): Promise<Timings> {
  const t: Timings = { first: [], exact: [], approximate: 0 };
  for (let n = 0; n < COLD; n++) {
    const cold = new LiveSession("cold", path);
    cold.update(text);
    const t0 = performance.now();
    if (cold.chunk(position * RATE, Math.round(0.2 * RATE), "mix").approximate) t.approximate++;
    t.first.push(ms(t0));
    // The full catch-up (every strip from 0) is timed once; the other starts are closed at once.
    if (n === 0) {
      await cold.whenExact();
      t.exact.push(ms(t0));
    }
    cold.close();
  }
  return t;
}

function report(t: Timings): string {
  return `first chunk ${stats(t.first)}, ${t.approximate}/${t.first.length} approximate; exact after ${stats(t.exact)}`;
}

async function main(): Promise<void> {
  fixtures();
  const path = join(DIR, "bench.session");
  const text = session();
  writeFileSync(path, text);
  current = text;
  console.log(`session: 16 mono tracks x 180 s, EQ and compressor on each, 48 kHz; chunks of ${CHUNK} frames (0.5 s)`);

  let t0 = performance.now();
  const live = new LiveSession("bench", path);
  live.update(text);
  const opened = ms(t0);
  t0 = performance.now();
  live.chunk(0, Math.round(0.2 * RATE), "mix");
  console.log(`start: open ${opened.toFixed(1)} ms, first chunk (0.2 s at 0:00, cold) ${ms(t0).toFixed(1)} ms`);

  for (const position of POSITIONS) {
    console.log(`start at ${position} s with nothing cached (0.2 s chunk): ${report(await coldStarts(path, text, position))}`);
  }

  const gainOf = (n: number) => `gain ${-9 - ((n % 5) + 1)} dB`;
  for (const position of POSITIONS) {
    playTo(live, position + 1);
    const gains = await editLoop(live, position, (t, n) => {
      const track = `track t${n % 16} {`;
      const at = t.indexOf(track);
      const g = t.indexOf("gain ", at);
      return t.slice(0, g) + gainOf(n) + t.slice(t.indexOf("\n", g));
    });
    console.log(`gain change on one track at ${position} s -> first chunk with the new sound ready: ${stats(gains.first)}`);
  }
  for (const position of POSITIONS) {
    playTo(live, position + 1);
    const eqs = await editLoop(live, position, (t, n) => {
      const track = `track t${n % 16} {`;
      const at = t.indexOf(track);
      const b = t.indexOf("bell 1 kHz", at);
      return t.slice(0, b) + `bell 1 kHz ${-5 - ((n + Math.floor(n / 16)) % 3)} dB q 1` + t.slice(t.indexOf("\n", b));
    });
    console.log(`EQ change on one track at ${position} s -> ${report(eqs)}`);
  }
  console.log(`cache: ${(live.cache.bytes / 1048576).toFixed(0)} MB in ${live.cache.size} blocks; hits ${live.cache.hits}, misses ${live.cache.misses}`);
  live.close();
}

void main();
