// `npm run bench`: the fixed render job, by Mixdown and by its peers, in one run.
// 16 mono 180 s 48 kHz float tracks, each: -9 dB, bells 100 Hz q0.7 +3,
// 1 kHz q1 -4, 8 kHz q0.7 +2, compressor -20 dB 3:1 5/80 ms, constant-power
// pan across the field; master: bell 3 kHz q1 -1.5, compressor -12 dB 2:1
// 10/200 ms, limiter at -1 dB; 24-bit stereo out. Prints wall and CPU
// seconds, peak memory and the ratio of each peer to Mixdown.
import { spawnSync } from "node:child_process";
import { mulberry32 } from "../test/random";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { analyze } from "../core/analyze";
import { writeWav } from "../engine/io/wavWrite";
import { renderMix } from "../engine/render/render";

export const DIR = join(__dirname, ".fixtures", "render");
export const TRACKS = 16;
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 180);
const RATE = 48000;
export const CLI = join(__dirname, "..", "dist", "cli.js");

const rng = mulberry32;

/** The 16 takes, music-like material: a few partials with an envelope, plus some noise (written once; bench/live.ts reuses them). */
export function fixtures(): void {
  mkdirSync(join(DIR, "takes"), { recursive: true });
  for (let n = 0; n < TRACKS; n++) {
    const path = join(DIR, "takes", `t${n}.wav`);
    if (existsSync(path)) continue;
    const r = rng(n + 1);
    const data = new Float32Array(SECONDS * RATE);
    const f = 55 * Math.pow(2, n / 4);
    for (let i = 0; i < data.length; i++) {
      const t = i / RATE;
      const env = 0.5 + 0.5 * Math.sin(2 * Math.PI * (0.5 + n / 10) * t);
      data[i] = env * (0.3 * Math.sin(2 * Math.PI * f * t) + 0.1 * Math.sin(2 * Math.PI * 3 * f * t)) + 0.05 * (r() * 2 - 1);
    }
    writeWav(path, [data], RATE, 32);
  }
}

const pan = (n: number) => -1 + (2 * n) / (TRACKS - 1);

/** The job's session; `insert` (an effect block) goes on every track after its compressor (bench/processors.ts). */
export function session(insert = ""): string {
  const tracks = Array.from({ length: TRACKS }, (_, n) => {
    const p = pan(n);
    const panText = p === 0 ? "center" : `${Math.abs(p * 100).toFixed(3)}% ${p < 0 ? "left" : "right"}`;
    return `track t${n} {\n  take "takes/t${n}.wav"\n  eq {\n    bell 100 Hz +3 dB q 0.7\n    bell 1 kHz -4 dB q 1\n    bell 8 kHz +2 dB q 0.7\n  }\n  comp {\n    threshold -20 dB\n    ratio 3\n    attack 5 ms\n    release 80 ms\n    knee 0 dB\n  }\n${insert}  gain -9 dB\n  pan ${panText}\n}\n`;
  });
  const master = 'master {\n  eq {\n    bell 3 kHz -1.5 dB q 1\n  }\n  comp {\n    threshold -12 dB\n    ratio 2\n    attack 10 ms\n    release 200 ms\n    knee 0 dB\n  }\n  limiter {\n    ceiling -1 dBTP\n  }\n  export "out/mixdown.wav" 24 bit\n}\n';
  return `session "Bench" {\n  rate 48 kHz\n  tail 0 s\n}\n\n${tracks.join("\n")}\n${master}`;
}

export interface Timing { wall: number; cpu: number; maxRssMb: number }

/** Runs a shell command under GNU time: wall, user+system CPU and peak memory of the whole tree. */
export function timed(command: string): Timing {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "sh", "-c", command], { cwd: DIR, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`'${command.slice(0, 120)}...' failed: ${r.stderr.slice(-800)}`);
  const [wall, user, sys, rss] = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
  return { wall, cpu: user + sys, maxRssMb: rss / 1024 };
}

/** sox's version of the job; `effect` (sox effects) goes on every track after its compand. */
export function soxCommand(effect = ""): string {
  const inputs = Array.from({ length: TRACKS }, (_, n) => {
    const p = pan(n);
    const l = Math.cos(((p + 1) * Math.PI) / 4);
    const r = Math.sin(((p + 1) * Math.PI) / 4);
    return `"|sox takes/t${n}.wav -t wav -e float -b 32 - gain -9 equalizer 100 0.7q 3 equalizer 1000 1q -4 equalizer 8000 0.7q 2 compand 0.005,0.08 -20,-20,0,-13.33 ${effect ? `${effect} ` : ""}remix 1v${l.toFixed(6)} 1v${r.toFixed(6)}"`;
  });
  return `sox -m ${inputs.join(" ")} -b 24 out/sox.wav equalizer 3000 1q -1.5 compand 0.01,0.2 -12,-12,0,-6 gain -n -1`;
}

/** ffmpeg's version of the job; `filter` goes on every track after its compressor. */
export function ffmpegCommand(filter = ""): string {
  const inputs = Array.from({ length: TRACKS }, (_, n) => `-i takes/t${n}.wav`).join(" ");
  const chains = Array.from({ length: TRACKS }, (_, n) => {
    const p = pan(n);
    const l = Math.cos(((p + 1) * Math.PI) / 4);
    const r = Math.sin(((p + 1) * Math.PI) / 4);
    return `[${n}:a]volume=-9dB,equalizer=f=100:t=q:w=0.7:g=3,equalizer=f=1000:t=q:w=1:g=-4,equalizer=f=8000:t=q:w=0.7:g=2,acompressor=threshold=-20dB:ratio=3:attack=5:release=80,${filter ? `${filter},` : ""}pan=stereo|c0=${l.toFixed(6)}*c0|c1=${r.toFixed(6)}*c0[t${n}]`;
  });
  const mix = `${Array.from({ length: TRACKS }, (_, n) => `[t${n}]`).join("")}amix=inputs=${TRACKS}:normalize=0,equalizer=f=3000:t=q:w=1:g=-1.5,acompressor=threshold=-12dB:ratio=2:attack=10:release=200,alimiter=limit=0.891:level=disabled[out]`;
  return `ffmpeg -y -nostats -loglevel error ${inputs} -filter_complex "${[...chains, mix].join(";")}" -map "[out]" -c:a pcm_s24le out/ffmpeg.wav`;
}

/** Bandwidth in octaves of a bell with quality q (the LADSPA single-band parametric takes octaves). */
const octaves = (q: number) => (2 / Math.LN2) * Math.asinh(1 / (2 * q));

/** ecasound with the swh LADSPA set: one chain per track into a loop device, the master chain after it. */
function ecasoundCommand(): string {
  const bell = (f: number, g: number, q: number) => `-el:singlePara,${g},${f},${octaves(q).toFixed(4)}`;
  const chains = Array.from({ length: TRACKS }, (_, n) => {
    const panPercent = (50 * (pan(n) + 1)).toFixed(3);
    return `-a:t${n} -f:f32_le,1,${RATE} -i takes/t${n}.wav -eadb:-9 ${bell(100, 3, 0.7)} ${bell(1000, -4, 1)} ${bell(8000, 2, 0.7)} -el:sc4m,1,5,80,-20,3,1,0 -chcopy:1,2 -epp:${panPercent}`;
  });
  const names = Array.from({ length: TRACKS }, (_, n) => `t${n}`).join(",");
  const master = `-a:master -f:f32_le,2,${RATE} -i loop,1 ${bell(3000, -1.5, 1)} -el:sc4,1,10,200,-12,2,1,0 -el:fastLookaheadLimiter,0,-1,0.05 -f:s24_le,2,${RATE} -o out/ecasound.wav`;
  return `LADSPA_PATH=/usr/lib/ladspa ecasound -q -z:mixmode,sum ${chains.join(" ")} -a:${names} -f:f32_le,2,${RATE} -o loop,1 ${master}`;
}

/** Reads every take once, so the timed run finds them in the page cache. */
export function warmTakes(): void {
  for (let n = 0; n < TRACKS; n++) readFileSync(join(DIR, "takes", `t${n}.wav`));
}

/** Milliseconds from abort() to the render's rejection, aborting a render of the job a third of the way in. */
async function cancelLatency(): Promise<number[]> {
  const path = join(DIR, "bench.session");
  const { model } = analyze(readFileSync(path, "utf8"));
  const times: number[] = [];
  for (let n = 0; n < 5; n++) {
    const controller = new AbortController();
    let at = 0;
    const onProgress = (fraction: number) => {
      if (at > 0 || fraction < 1 / 3) return;
      at = performance.now();
      controller.abort();
    };
    await renderMix(model, { sessionPath: path, folder: DIR, signal: controller.signal, out: "renders/cancelled.wav", onProgress }).then(
      () => { throw new Error("the render finished although it was aborted"); },
      () => undefined,
    );
    times.push(performance.now() - at);
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  fixtures();
  mkdirSync(join(DIR, "out"), { recursive: true });
  writeFileSync(join(DIR, "bench.session"), session());
  rmSync(join(DIR, "renders"), { recursive: true, force: true });
  const runs: [string, string][] = [
    // No mix on disk: `master` renders the mix (kept as renders/bench-mix.wav, 32-bit float) and masters it as it goes.
    ["mixdown", `node ${CLI} master bench.session > /dev/null`],
    ["sox", soxCommand()],
    ["ffmpeg", ffmpegCommand()],
  ];
  if (existsSync("/usr/bin/ecasound") && existsSync("/usr/lib/ladspa/sc4m_1916.so")) runs.push(["ecasound", ecasoundCommand()]);
  // Each tool starts with the takes in the page cache (read once just before), so none pays for
  // the disk reads another's outputs caused: here the cache held about 1 GB, and the takes are 553 MB.
  // And each starts with nothing left to write back (sync): the takes just generated, or the last
  // tool's output, would otherwise be flushed to disk while the next tool writes its own.
  const results = runs.map(([name, cmd]) => {
    spawnSync("sync");
    warmTakes();
    return { name, ...timed(cmd) };
  });
  const ours = results[0];
  const audio = TRACKS * SECONDS;
  console.log(`job: ${TRACKS} mono tracks x ${SECONDS} s at 48 kHz (${audio} s of track audio), master chain, 24-bit out`);
  console.log("tool       wall s   cpu s   peak MB   x realtime   peer wall / Mixdown wall");
  for (const r of results) {
    const ratio = r === ours ? "" : (r.wall / ours.wall).toFixed(2);
    console.log(`${r.name.padEnd(9)} ${r.wall.toFixed(2).padStart(7)} ${r.cpu.toFixed(2).padStart(7)} ${r.maxRssMb.toFixed(0).padStart(9)} ${(SECONDS / r.wall).toFixed(1).padStart(11)}   ${ratio}`);
  }
  if (runs.length < 4) console.log("ecasound: not run; install Debian's ecasound and swh-plugins (its LADSPA set) to include it.");
  const cancel = await cancelLatency();
  console.log(`cancellation (abort a third of the way into the render, 5 times): median ${cancel[2].toFixed(0)} ms, longest ${cancel[4].toFixed(0)} ms`);
}

// Imported by bench/live.ts for its fixtures: run only when executed.
if (require.main === module) main();
