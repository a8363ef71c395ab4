// `npx tsx bench/chorusDeesser.ts`: the chorus and the de-esser alone, at
// catalogue defaults, over 60 s of mono noise at 48 kHz in 4096-frame blocks;
// prints ns per sample and ms per 180 s track (the bench:processors unit).
import { Chorus } from "../engine/dsp/chorus";
import { Deesser } from "../engine/dsp/deesser";

const SR = 48000;
const FRAMES = 60 * SR;
const BLOCK = 4096;

function noise(frames: number, seed: number, amp: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = amp * (s / 2 ** 31 - 1);
  }
  return out;
}

type Processor = { process(i: readonly Float32Array[], o: readonly Float32Array[], n: number): void };

function time(make: () => Processor, x: Float32Array): number {
  const out = new Float32Array(x.length);
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const p = make();
    const t0 = process.hrtime.bigint();
    for (let at = 0; at < x.length; at += BLOCK) {
      const n = Math.min(BLOCK, x.length - at);
      p.process([x.subarray(at, at + n)], [out.subarray(at, at + n)], n);
    }
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

const x = noise(FRAMES, 1, 0.5);
for (const [name, make] of [
  ["chorus", () => new Chorus({}, SR, 1)],
  ["deesser", () => new Deesser({}, SR, 1)],
] as const) {
  const ms = time(make, x);
  console.log(`${name.padEnd(8)} ${((ms * 1e6) / FRAMES).toFixed(2).padStart(6)} ns/sample  ${(ms * 3).toFixed(0).padStart(5)} ms per 180 s track (best of 5)`);
}
