// `npm run bench:processors`: what each of issue 21's processors costs a track.
// The render job of bench/render.ts (16 tracks) is run with the processor, at
// its catalogue defaults, inserted after every track's compressor, and without
// it; the difference over 16 is its cost per track (wall and CPU). Beside it,
// the same job by sox or ffmpeg with their nearest equivalent on every track,
// where one exists. Processors not in the catalogue yet are skipped.
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { analyze } from "../core/analyze";
import { EFFECTS } from "../core/catalogue";
import { CLI, DIR, ffmpegCommand, fixtures, SECONDS, session, soxCommand, timed, TRACKS, warmTakes, type Timing } from "./render";

/** The processors measured, and their peers' nearest equivalents (a sox effect, an ffmpeg filter). */
const PROCESSORS: { name: string; sox?: string; ffmpeg?: string }[] = [
  { name: "saturate", sox: "overdrive 12 20", ffmpeg: "asoftclip=type=tanh:oversample=4" },
  { name: "clipper", ffmpeg: "asoftclip=type=hard:threshold=0.891:oversample=4" },
  { name: "deesser", ffmpeg: "deesser" },
  { name: "multiband", sox: "mcompand '0.005,0.1 -40,-40,-20,-30' 300 '0.003,0.05 -40,-40,-20,-30' 3000 '0.001,0.03 -40,-40,-20,-30'", ffmpeg: "mcompand" },
  { name: "width" },
  { name: "chorus", sox: "chorus 0.7 0.9 55 0.4 0.25 2 -s", ffmpeg: "chorus=0.7:0.9:55:0.4:0.25:2" },
];

function run(command: string): Timing {
  spawnSync("sync");
  warmTakes();
  return timed(command);
}

function mixdown(name: string, insert: string): Timing | string {
  const text = session(insert).replace('"out/mixdown.wav"', `"out/fx-${name}.wav"`);
  const problems = analyze(text).diagnostics.filter((d) => d.severity === "error");
  if (problems.length > 0) return problems[0].message;
  const file = `fx-${name}.session`;
  writeFileSync(join(DIR, file), text);
  rmSync(join(DIR, "renders"), { recursive: true, force: true });
  return run(`node ${CLI} master ${file} > /dev/null`);
}

const perTrack = (t: Timing, base: Timing) => `${(((t.wall - base.wall) / TRACKS) * 1000).toFixed(0).padStart(6)} ms ${(((t.cpu - base.cpu) / TRACKS) * 1000).toFixed(0).padStart(6)} ms`;

function main(): void {
  fixtures();
  const base = { mixdown: mixdown("none", ""), sox: run(soxCommand()), ffmpeg: run(ffmpegCommand()) };
  if (typeof base.mixdown === "string") throw new Error(`the bench session does not check: ${base.mixdown}`);
  const ours = base.mixdown;
  console.log(`job: bench/render.ts's ${TRACKS} tracks x ${SECONDS} s with one processor (catalogue defaults) after each track's compressor`);
  console.log(`without: mixdown ${ours.wall.toFixed(2)} s (cpu ${ours.cpu.toFixed(2)}), sox ${base.sox.wall.toFixed(2)} s, ffmpeg ${base.ffmpeg.wall.toFixed(2)} s`);
  console.log("tool      processor    wall s   cpu s    per track: wall    cpu");
  for (const p of PROCESSORS) {
    if (!(p.name in EFFECTS)) {
      console.log(`mixdown   ${p.name.padEnd(10)}  not in the catalogue yet`);
      continue;
    }
    const t = mixdown(p.name, `  ${p.name} {\n  }\n`);
    if (typeof t === "string") console.log(`mixdown   ${p.name.padEnd(10)}  not measurable on a mono track: ${t}`);
    else console.log(`mixdown   ${p.name.padEnd(10)} ${t.wall.toFixed(2).padStart(7)} ${t.cpu.toFixed(2).padStart(7)}   ${perTrack(t, ours)}`);
    for (const [tool, effect] of [["sox", p.sox], ["ffmpeg", p.ffmpeg]] as const) {
      if (!effect) continue;
      const peer = run(tool === "sox" ? soxCommand(effect) : ffmpegCommand(effect));
      console.log(`${tool.padEnd(9)} ${effect.split(/[ =:]/)[0].padEnd(10)} ${peer.wall.toFixed(2).padStart(7)} ${peer.cpu.toFixed(2).padStart(7)}   ${perTrack(peer, base[tool])}`);
    }
  }
}

main();
