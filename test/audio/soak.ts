// The 10-minute recording soak: `mixdown record` against a PulseAudio server of
// its own, the sample count checked against the clock. `npm test` starts it in
// a child process before the suites (test/run.mjs) and reads its last line, a
// JSON result, after them, so the ten minutes overlap the other suites.
// Run alone: `node --import tsx test/audio/soak.ts [SECONDS]`.
import { warmUp } from "./capture";
import { RATE, startPulse } from "./pulse";
import { recordAgainstClock } from "./recordHelpers";

/** Largest gap between the clock and the audio captured, seconds. */
const TOLERANCE = 0.25;

export interface SoakResult {
  ok: boolean;
  title: string;
  detail: string;
}

async function soak(seconds: number): Promise<SoakResult> {
  const title = `audio: mixdown record drops no samples over ${seconds} s (a soak beside the other suites)`;
  const audio = await startPulse();
  try {
    await warmUp(audio);
    const r = await recordAgainstClock(audio, "soak", seconds);
    const detail = `${(r.frames / RATE).toFixed(3)} s recorded; ${r.captured.toFixed(3)} s of audio in ${r.elapsed.toFixed(3)} s of clock`;
    if (r.exitCode !== 0) return { ok: false, title, detail: `mixdown record exited with ${r.exitCode}:\n${r.log}` };
    if (r.frames !== seconds * RATE) return { ok: false, title, detail: `${detail}; expected ${seconds * RATE} frames` };
    const ok = Math.abs(r.elapsed - r.captured) < TOLERANCE;
    return { ok, title, detail: ok ? detail : `${detail}: samples were dropped` };
  } finally {
    await audio.stop();
  }
}

const seconds = Number(process.argv[2] ?? 600);
soak(seconds).then(
  (result) => {
    console.log(JSON.stringify(result));
    process.exit(0);
  },
  (error: Error) => {
    console.log(JSON.stringify({ ok: false, title: `audio: the ${seconds} s recording soak`, detail: error.stack ?? String(error) }));
    process.exit(0);
  },
);
