// `npx tsx bench/oversample.ts [dir]`: what the oversampled processors cost.
// Times saturate (drive 12 dB, character 50%) and the clipper (hard, and soft
// at 50%) on 10 s of stereo noise at 48 kHz in 512-frame blocks, and the
// oversampler alone (up and straight down, no curve); beside each, a stereo
// limiter on the same audio as the yardstick. Given `dir` (a copy of the
// repository at another commit, e.g. made with `git show` into /tmp), the same
// processors from there are timed too, alternating with ours, and the ratio
// printed; a third argument keeps only the cases whose name holds it. Best of
// 5 runs each (the machine is shared).
import { performance } from "node:perf_hooks";
import { resolve } from "node:path";

const SR = 48000;
const FRAMES = 10 * SR;
const BLOCK = 512;
const RUNS = 5;

interface Processor {
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void;
}
interface Modules {
  saturate: (p: Record<string, number>) => Processor;
  clipper: (p: Record<string, number>) => Processor;
  oversampler: () => Processor;
}

function noise(seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: FRAMES }, () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) - 0.5) * 1.4;
  });
}

const INPUT = [noise(1), noise(2)];
const OUTPUT = [new Float32Array(FRAMES), new Float32Array(FRAMES)];

function time(make: () => Processor): number {
  const p = make();
  const t0 = performance.now();
  for (let at = 0; at < FRAMES; at += BLOCK) {
    const n = Math.min(BLOCK, FRAMES - at);
    p.process([INPUT[0].subarray(at, at + n), INPUT[1].subarray(at, at + n)], [OUTPUT[0].subarray(at, at + n), OUTPUT[1].subarray(at, at + n)], n);
  }
  return (performance.now() - t0) / 1000;
}

async function load(root: string): Promise<Modules> {
  const sat = await import(resolve(root, "engine/dsp/saturate.ts"));
  const clip = await import(resolve(root, "engine/dsp/clipper.ts"));
  const os = await import(resolve(root, "engine/dsp/oversample.ts"));
  return {
    saturate: (p) => new sat.Saturate(p, SR, 2),
    clipper: (p) => new clip.Clipper(p, SR, 2),
    oversampler: () => {
      const pair = [new os.Oversampler(), new os.Oversampler()];
      const scratch = new Float64Array(os.CHUNK_FRAMES * os.FACTOR);
      return {
        process(inputs, outputs, frames) {
          for (let ch = 0; ch < 2; ch++) {
            for (let at = 0; at < frames; at += os.CHUNK_FRAMES) {
              const n = Math.min(os.CHUNK_FRAMES, frames - at);
              pair[ch].up(inputs[ch], at, n, scratch);
              pair[ch].down(scratch, n, outputs[ch], at);
            }
          }
        },
      };
    },
  };
}

async function main(): Promise<void> {
  const ours = await load(resolve(__dirname, ".."));
  const theirs = process.argv[2] ? await load(resolve(process.argv[2])) : undefined;
  const { Limiter } = await import("../engine/dsp/limiter");
  const cases: [string, (m: Modules) => Processor][] = [
    ["saturate 12 dB, 50%", (m) => m.saturate({ drive: 12, character: 0.5 })],
    ["saturate 12 dB, 0%", (m) => m.saturate({ drive: 12, character: 0 })],
    ["clipper hard -3 dB", (m) => m.clipper({ ceiling: -3 })],
    ["clipper soft 50% -3 dB", (m) => m.clipper({ ceiling: -3, softness: 0.5 })],
    ["oversampler up+down", (m) => m.oversampler()],
  ];
  let limiter = Infinity;
  for (let r = 0; r < RUNS; r++) limiter = Math.min(limiter, time(() => new Limiter({}, SR, 2)));
  console.log(`10 s of stereo noise at 48 kHz, best of ${RUNS}; a stereo limiter: ${(limiter * 1000).toFixed(0)} ms`);
  const only = process.argv[3];
  for (const [name, make] of cases) {
    if (only && !name.includes(only)) continue;
    let a = Infinity;
    let b = Infinity;
    for (let r = 0; r < RUNS; r++) {
      a = Math.min(a, time(() => make(ours)));
      if (theirs) b = Math.min(b, time(() => make(theirs)));
    }
    const vs = theirs ? `   other ${(b * 1000).toFixed(0).padStart(5)} ms   ${(b / a).toFixed(2)}x faster` : "";
    console.log(`${name.padEnd(24)} ${(a * 1000).toFixed(0).padStart(5)} ms (${(a / limiter).toFixed(1)} limiters)${vs}`);
  }
}

void main();
