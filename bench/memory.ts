// `npm run bench:memory`: a 64-track, 10-minute session (every track reads
// the same 10-minute take, with its own EQ, compressor and pan), rendered and
// mastered; prints wall and CPU time and peak memory, and the same for a
// 1-minute cut of it, so growth with length shows at a glance.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeWav } from "../engine/io/wavWrite";
import { seededNoise } from "../test/random";

const DIR = join(__dirname, ".fixtures", "memory");
const CLI = join(__dirname, "..", "dist", "cli.js");
const RATE = 48000;
const TRACKS = 64;

function fixture(seconds: number): string {
  const name = `take-${seconds}s.wav`;
  if (!existsSync(join(DIR, name))) writeWav(join(DIR, name), [seededNoise(seconds * RATE, seconds, 0.25)], RATE, 32);
  const tracks = Array.from({ length: TRACKS }, (_, n) => `track t${n} {\n  take "${name}"\n  eq {\n    bell ${100 + 50 * n} Hz +2 dB q 1\n  }\n  comp {\n    threshold -24 dB\n    ratio 2\n  }\n  gain -18 dB\n  pan ${(n % 20) * 5}% ${n % 2 ? "left" : "right"}\n}\n`);
  const session = `session "Memory" {\n  tail 0 s\n}\n${tracks.join("")}master {\n  limiter {\n    ceiling -1 dBTP\n  }\n  loudness -14 LUFS\n  export "renders/memory-${seconds}s-master.wav" 24 bit\n}\n`;
  const path = join(DIR, `memory-${seconds}s.session`);
  writeFileSync(path, session);
  return path;
}

function run(session: string): { wall: number; cpu: number; mb: number } {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "sh", "-c", `node ${CLI} render ${session} --bits 32 >/dev/null && node ${CLI} master ${session} >/dev/null`], { cwd: DIR, encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr.slice(-800));
  const [wall, user, sys, rss] = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
  return { wall, cpu: user + sys, mb: rss / 1024 };
}

mkdirSync(DIR, { recursive: true });
console.log(`${TRACKS} tracks, each with EQ, compressor and pan; master limiter to -14 LUFS (render, then master)`);
console.log("length     wall s    cpu s   peak MB");
for (const seconds of [60, 600]) {
  const r = run(fixture(seconds));
  console.log(`${String(seconds).padStart(5)} s ${r.wall.toFixed(1).padStart(9)} ${r.cpu.toFixed(1).padStart(8)} ${r.mb.toFixed(0).padStart(9)}`);
}
