// Micro-benchmark of the kernels' near-twins: would the bigger twin do the
// smaller one's job within about 10%? (The mono EQ's one-lane kernels went
// this way: in the pair kernels with lane 1 idle it measured 0.77 to 0.93 of
// their time at 1, 3 and 5 bands, once 1.23 at 1 band, so they were merged.) Each pair runs over full 8192-frame
// blocks of seeded noise, alternately, several rounds; prints the median
// time per block of each and the ratio. `npx tsx bench/kernels.ts [rounds]`
// (after `node esbuild.mjs`, which assembles the kernels). Not a test: the
// figures depend on the machine and its load.
import { kernels } from "../engine/dsp/wasm/kernels";
import { seededNoise } from "../test/random";

const k = kernels();
const N = 8192;
const ROUNDS = Number(process.argv[2] ?? 7);
const BLOCKS = 300;

for (const [i, a] of [k.input, k.input2, k.input3, k.input4].entries()) a.set(seededNoise(N, 11 + i));
k.coefficients2.set([0.2, 0.4, 0.2, -0.6, 0.3, 0.2, 0.4, 0.2, -0.6, 0.3, 0.2, 0.4, 0.2, -0.6, 0.3].flatMap((c) => [c, c]));

function compressors(): void {
  const { quiet, eBase, kneeTopFraction, fields } = k.compressors;
  for (let l = 0; l < 4; l++) {
    quiet[l] = 0.05;
    eBase[l] = 124;
    kneeTopFraction[l] = 0.3;
    [0.3, 0, 0, 0.999, 0.001, 0.0005, 0, 0, 0].forEach((v, j) => (fields[4 * j + l] = v));
  }
}

/** Milliseconds per block of `body`, the median of `samples`. */
function time(body: () => void): number {
  const start = process.hrtime.bigint();
  for (let b = 0; b < BLOCKS; b++) body();
  return Number(process.hrtime.bigint() - start) / 1e6 / BLOCKS;
}

const median = (x: number[]) => [...x].sort((a, b) => a - b)[x.length >> 1];

const PAIRS: [string, string, () => void, () => void][] = [
  ["accumulate", "accumulateScaled(g = 1)", () => k.accumulate(N, k.at.out), () => k.accumulateScaled(N, 1)],
  ["kWeighting2", "kWeighting4 (two lanes idle)", () => k.kWeighting2(N / 2, 0, 0, 1.5, -2.7, 1.2, -1.7, 0.73, -1.99, 0.99), () => k.kWeighting4(N / 2, 1.5, -2.7, 1.2, -1.7, 0.73, -1.99, 0.99)],
  ["compress1", "compress4 (three lanes idle)", () => (compressors(), k.compress1(0, N, 0)), () => (compressors(), k.compress4(0, N, 0))],
  ["pan", "panSum", () => k.pan(N, 0.7, 0.7, 0.9), () => (k.sumLeft.fill(0), k.sumRight.fill(0), k.panSum(N, 0.7, 0.7, 0.9))],
];

for (const [nameA, nameB, a, b] of PAIRS) {
  const ta: number[] = [];
  const tb: number[] = [];
  time(a), time(b); // warm up
  for (let r = 0; r < ROUNDS; r++) {
    ta.push(time(a));
    tb.push(time(b));
  }
  const [ma, mb] = [median(ta), median(tb)];
  console.log(`${nameA.padEnd(17)} ${(ma * 1000).toFixed(1).padStart(7)} µs/block   ${nameB.padEnd(30)} ${(mb * 1000).toFixed(1).padStart(7)} µs/block   ratio ${(mb / ma).toFixed(2)}`);
}
