// Every export of the kernels (engine/dsp/wasm/kernels.wat) driven directly
// against its JavaScript reference (engine/dsp/wasm/reference*.ts), bit for
// bit: seeded random inputs with NaN, infinities, signed zeros and subnormals
// among them, at 0, 1, 3, 4, 5, 8191 and 8192 frames, or the kernel's own unit
// where frames mean nothing (said beside it). Every region a kernel may
// write is filled with noise first and compared whole afterwards, so a
// stray write shows too. Floats are compared with Object.is per element
// (NaN and -0 checked), integers and moved bits word by word.
import { strict as assert } from "node:assert";
import { DB_PER_OCTAVE } from "../../engine/dsp/fastMath";
import { kernels, KERNEL_EXPORTS, type Kernels } from "../../engine/dsp/wasm/kernels";
import * as ref from "../../engine/dsp/wasm/reference";
import { compressLane } from "../../engine/dsp/wasm/referenceCompressor";
import { truePeakScan } from "../../engine/dsp/wasm/referenceTruePeak";
import { foldPhases, SCREEN_MARGIN } from "../../engine/loudness/foldedPhases";
import { designInterpolator } from "../../engine/loudness/interpolator";
import { mulberry32 } from "../random";

const LENGTHS = [0, 1, 3, 4, 5, 8191, 8192];
const SPECIALS = [NaN, -0, 0, Infinity, -Infinity, 1e-40, -1e-42, 3.4e38];
const rng = mulberry32(20260519);
const k: Kernels = kernels();
const tested = new Set<string>();

/** Seeded samples, magnitudes 1e-4 to 10, one in 200 a special value. */
function fillRandom(a: Float32Array | Float64Array, specials = true): void {
  for (let i = 0; i < a.length; i++) {
    a[i] = specials && rng() < 0.005 ? SPECIALS[Math.floor(rng() * SPECIALS.length)] : (rng() * 2 - 1) * 10 ** (rng() * 5 - 4);
  }
}

function sameFloats(ours: ArrayLike<number>, theirs: ArrayLike<number>, what: string): void {
  assert.equal(ours.length, theirs.length, `${what}: lengths`);
  for (let i = 0; i < ours.length; i++) {
    if (!Object.is(ours[i], theirs[i])) assert.fail(`${what}: element ${i} is ${ours[i]}, the reference gives ${theirs[i]}`);
  }
}

function sameWords(ours: ArrayBufferView, theirs: ArrayBufferView, what: string): void {
  const a = new Uint8Array(ours.buffer, ours.byteOffset, ours.byteLength);
  const b = new Uint8Array(theirs.buffer, theirs.byteOffset, theirs.byteLength);
  assert.equal(a.length, b.length, `${what}: lengths`);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) assert.fail(`${what}: byte ${i} is ${a[i]}, the reference gives ${b[i]}`);
}

/** Stable biquad coefficients with random poles and zeros (b0 b1 b2 a1 a2). */
function biquad(): number[] {
  const r = 0.5 + 0.499 * rng();
  const theta = Math.PI * rng();
  return [rng() * 2 - 1, rng() * 4 - 2, rng() * 2 - 1, -2 * r * Math.cos(theta), r * r];
}

function run(name: (typeof KERNEL_EXPORTS)[number], body: () => void): void {
  tested.add(name);
  it(`${name} gives its reference's bits`, body);
}

describe("kernels: every export against its JavaScript reference", () => {
  run("widen2", () => {
    for (const n of LENGTHS) {
      fillRandom(k.input), fillRandom(k.input2);
      const before = pairedWork();
      fillRandom(before);
      const expected = before.slice();
      ref.widen2(k.input, k.input2, expected, n);
      k.widen2(n);
      sameFloats(pairedWork(), expected, `widen2(${n})`);
    }
  });
  run("narrow2", () => {
    for (const n of LENGTHS) {
      fillRandom(pairedWork()), fillRandom(k.output), fillRandom(k.output2);
      const [a, b, w] = [k.output.slice(), k.output2.slice(), pairedWork()];
      ref.narrow2(w, a, b, n);
      k.narrow2(n);
      sameFloats(k.output, a, `narrow2(${n}): OUT`);
      sameFloats(k.output2, b, `narrow2(${n}): OUT2`);
    }
  });
  run("oneBand2", () => {
    for (const n of LENGTHS) {
      k.coefficients2.set(interleaved(biquad(), biquad())), fillRandom(k.state2, false), fillRandom(pairedWork());
      const [coef, state, work] = [k.coefficients2.slice(), k.state2.slice(), pairedWork().slice()];
      k.oneBand2(n);
      for (const lane of [0, 1]) ref.biquadBand(coef, 0, state, 0, work, n, lane, 2);
      sameFloats(pairedWork(), work, `oneBand2(${n}): WORK2`);
      sameFloats(k.state2, state, `oneBand2(${n}): STATE2`);
    }
  });
  run("threeBands2", () => {
    for (const n of LENGTHS) {
      for (const [widen, narrow] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
        const coefs = [0, 1, 2].map(() => interleaved(biquad(), biquad())).flat();
        k.coefficients2.set(coefs), fillRandom(k.state2, false), fillRandom(pairedWork());
        for (const a of [k.input, k.input2, k.output, k.output2]) fillRandom(a);
        const [state, work, out, out2] = [k.state2.slice(), pairedWork().slice(), k.output.slice(), k.output2.slice()];
        const data = work.slice(0, 2 * n);
        if (widen) ref.widen2(k.input, k.input2, data, n);
        for (const lane of [0, 1]) ref.threeBands(k.coefficients2.slice(), state, data, n, lane, 2);
        if (narrow) ref.narrow2(data, out, out2, n);
        else work.set(data);
        k.threeBands2(n, widen, narrow);
        const what = `threeBands2(${n}, ${widen}, ${narrow})`;
        sameFloats(pairedWork(), work, `${what}: WORK2`);
        sameFloats(k.state2, state, `${what}: STATE2`);
        sameFloats(k.output, out, `${what}: OUT`);
        sameFloats(k.output2, out2, `${what}: OUT2`);
      }
    }
  });
  run("pan", () => {
    for (const n of LENGTHS) {
      fillRandom(k.input), fillRandom(k.output), fillRandom(k.output2);
      const [l, r, g] = [rng(), rng(), 4 * rng()];
      const [a, b] = [k.output.slice(), k.output2.slice()];
      ref.panChannel(k.input, a, n, l, g), ref.panChannel(k.input, b, n, r, g);
      k.pan(n, l, r, g);
      sameFloats(k.output, a, `pan(${n}): OUT`), sameFloats(k.output2, b, `pan(${n}): OUT2`);
    }
  });
  run("panSum", () => {
    for (const n of LENGTHS) {
      fillRandom(k.input), fillRandom(k.sumLeft), fillRandom(k.sumRight);
      const [l, r, g] = [rng(), -rng(), 4 * rng()];
      const [a, b] = [k.sumLeft.slice(), k.sumRight.slice()];
      ref.panSumChannel(k.input, a, n, l, g), ref.panSumChannel(k.input, b, n, r, g);
      k.panSum(n, l, r, g);
      sameFloats(k.sumLeft, a, `panSum(${n}): SUM_L`), sameFloats(k.sumRight, b, `panSum(${n}): SUM_R`);
    }
  });
  run("accumulate", () => {
    for (const n of LENGTHS) {
      for (const [dst, at] of [[k.output, k.at.out], [k.sumLeft, k.at.sumL], [k.sumRight, k.at.sumR]] as const) {
        fillRandom(k.input), fillRandom(dst);
        const expected = dst.slice();
        ref.accumulate(expected, k.input, n);
        k.accumulate(n, at);
        sameFloats(dst, expected, `accumulate(${n}, ${at})`);
      }
    }
  });
  run("accumulateScaled", () => {
    for (const n of LENGTHS) {
      fillRandom(k.input), fillRandom(k.output);
      const g = rng() * 3 - 1;
      const expected = k.output.slice();
      ref.accumulateScaled(expected, k.input, n, g);
      k.accumulateScaled(n, g);
      sameFloats(k.output, expected, `accumulateScaled(${n})`);
    }
  });
  run("chunkPeaks", () => {
    for (const n of LENGTHS) {
      for (const stretch of [1, 3, 4, 32, 1000, Math.max(1, n)]) {
        fillRandom(k.input), fillRandom(k.output);
        const expected = k.output.slice();
        ref.chunkPeaks(k.input, expected, n, stretch);
        k.chunkPeaks(n, stretch);
        sameFloats(k.output, expected, `chunkPeaks(${n}, ${stretch})`);
      }
    }
  });
  // Both run four frames a step up to three frames past `frames` (8192 at most): the reference does the same.
  run("loudest2", () => {
    for (const n of LENGTHS) {
      fillRandom(k.input3), fillRandom(k.input4), fillRandom(k.input);
      const expected = k.input.slice();
      ref.loudest(k.input3, k.input4, expected, Math.min(8192, Math.ceil(n / 4) * 4));
      k.loudest2(n);
      sameFloats(k.input, expected, `loudest2(${n})`);
    }
  });
  run("applyGains2", () => {
    for (const n of LENGTHS) {
      for (const a of [k.input3, k.input4, k.output, k.output3, k.output4]) fillRandom(a);
      const [a, b] = [k.output3.slice(), k.output4.slice()];
      const m = Math.min(8192, Math.ceil(n / 4) * 4);
      ref.applyGains(k.input3, k.output, a, m), ref.applyGains(k.input4, k.output, b, m);
      k.applyGains2(n);
      sameFloats(k.output3, a, `applyGains2(${n}): OUT3`), sameFloats(k.output4, b, `applyGains2(${n}): OUT4`);
    }
  });
  // BYTES holds 6144 frames of two float32 channels: 6143 and 6144 stand for 8191 and 8192.
  run("interleave2", () => {
    for (const n of [0, 1, 3, 4, 5, 6143, 6144]) {
      fillRandom(k.input), fillRandom(k.input2), k.pcm.forEach((_, i) => (k.pcm[i] = rng() * 256));
      const expected = k.pcm.slice();
      ref.interleave2(k.input, k.input2, new Uint32Array(expected.buffer), n);
      k.interleave2(n);
      sameWords(k.pcm, expected, `interleave2(${n})`);
    }
  });
  // tpdf's unit is a round of four values; NOISE holds 2048 rounds.
  run("tpdf", () => {
    for (const rounds of [0, 1, 3, 4, 5, 2047, 2048]) {
      const at = 4 * Math.floor(rng() * (2048 - rounds + 1));
      k.ditherState.forEach((_, i) => (k.ditherState[i] = rng() * 2 ** 32));
      fillRandom(k.noise);
      const [state, noise] = [k.ditherState.slice(), k.noise.slice()];
      ref.tpdf(state, noise, rounds, at);
      k.tpdf(rounds, at);
      sameFloats(k.noise, noise, `tpdf(${rounds}, ${at}): NOISE`);
      sameWords(k.ditherState, state, `tpdf(${rounds}, ${at}): DITHER`);
    }
  });
  run("encodeInt", () => {
    for (const n of LENGTHS) {
      for (const [width, channels, dithered] of [[2, 1, 0], [2, 2, 1], [3, 1, 1], [3, 2, 0]]) {
        const stride = width * channels;
        const frames = Math.min(n, Math.floor(k.pcm.length / stride));
        fillRandom(k.input), fillRandom(k.noise, false), k.pcm.forEach((_, i) => (k.pcm[i] = rng() * 256));
        for (let i = 0; i < frames; i += 97) k.input[i] = (rng() * 2 - 1) * 1.5; // some past full scale
        const at = width * (channels - 1);
        const scale = 2 ** (8 * width - 1);
        const expected = k.pcm.slice();
        ref.encodeInt(k.input, dithered ? k.noise : null, expected, frames, at, stride, scale, width);
        k.encodeInt(frames, at, stride, scale, width, dithered);
        sameWords(k.pcm, expected, `encodeInt(${frames}, width ${width}, stride ${stride}, dithered ${dithered})`);
      }
    }
  });
  // HIST holds a 32-tap window before the block: at most 8160 frames.
  run("truePeakScan", () => {
    const design = designInterpolator(4, 32);
    const phases = foldPhases(design);
    const gainBound = Math.max(1, ...design.phases.map((p) => p.reduce((s, c) => s + Math.abs(c), 0)));
    const taps = design.taps;
    for (const n of [0, 1, 3, 4, 5, 8159, 8160]) {
      for (const start of [0, 0.3]) {
        fillRandom(k.input), fillRandom(k.truePeakHistory);
        for (let i = 0; i < n; i++) if (rng() < 0.001) k.input[i] *= 1e4; // rare loud frames, so the screen skips and evaluates
        k.truePeakConstants.set([phases.farPair, phases.farMiddle, gainBound, SCREEN_MARGIN, ...phases.interleaved!]);
        ref.chunkPeaks(k.input, k.output, n, taps);
        const before = Math.max(...Array.from(k.truePeakHistory.subarray(0, taps), Math.abs));
        const hist = k.truePeakHistory.slice();
        const expected = truePeakScan(phases, gainBound, hist, k.input, k.output, n, before, start);
        const peak = k.truePeakScan(n, taps, before, start);
        assert.ok(Object.is(peak, expected), `truePeakScan(${n}) from ${start}: ${peak}, the reference gives ${expected}`);
        sameFloats(k.truePeakHistory, hist, `truePeakScan(${n}): HIST`);
      }
    }
  });
  // K-weighting's unit is a pair of frames: 4096 pairs are a block.
  for (const four of [false, true]) {
    run(four ? "kWeighting4" : "kWeighting2", () => {
      const lanes = four ? 4 : 2;
      for (const pairs of [0, 1, 3, 4, 5, 4095, 4096]) {
        const c = [...biquad(), ...biquad().slice(3)];
        k.inputs.forEach((a) => fillRandom(a));
        const state = four ? k.state4 : k.state2;
        fillRandom(state, false), fillRandom(k.sums2, false), fillRandom(k.sums4, false);
        const [s, sums2, sums4] = [state.slice(), k.sums2.slice(), k.sums4.slice()];
        const start = [rng(), rng()];
        for (let m = 0; m < lanes; m++) {
          const sum = ref.kWeightingPairs(c, s, 12 * (m >> 1) + (m & 1), 2, k.inputs[m], 0, pairs, four ? sums4[m] : start[m]);
          if (four) sums4[m] = sum;
          else sums2[m] = sum;
        }
        if (four) k.kWeighting4(pairs, c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
        else k.kWeighting2(pairs, start[0], start[1], c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
        sameFloats(state, s, `${lanes} filters, ${pairs} pairs: state`);
        sameFloats(k.sums2, sums2, `${lanes} filters, ${pairs} pairs: SUMS2`);
        sameFloats(k.sums4, sums4, `${lanes} filters, ${pairs} pairs: SUMS4`);
      }
    });
  }
  for (const four of [false, true]) {
    run(four ? "compress4" : "compress1", () => {
      for (const to of LENGTHS) {
        for (const [from, gains] of [[0, 0], [0, 1], [Math.min(to, 5), 0]]) {
          if (four && gains) continue; // compress4's callers never ask for the gains; they are `compress1`'s
          randomCompressors();
          k.inputs.forEach((a) => fillRandom(a)), k.outputs.forEach((a) => fillRandom(a));
          const fields = k.compressors.fields.slice();
          const outs = k.outputs.map((o) => o.slice());
          const c = { ...k.compressors, fields };
          for (let lane = 0; lane < (four ? 4 : 1); lane++) compressLane(c, lane, k.inputs[lane], outs[lane], from, to, gains === 1);
          if (four) k.compress4(from, to, gains);
          else k.compress1(from, to, gains);
          const what = `${four ? "compress4" : "compress1"}(${from}, ${to}, ${gains})`;
          sameFloats(k.compressors.fields, fields, `${what}: COMP4`);
          // compress1 may write up to three frames past `to`, which nothing reads.
          const end = four ? 8192 : to;
          for (let lane = 0; lane < 4; lane++) sameFloats(k.outputs[lane].subarray(0, end), outs[lane].subarray(0, end), `${what}: output ${lane}`);
        }
      }
    });
  }

  after(() => assert.deepEqual([...KERNEL_EXPORTS].filter((name) => !tested.has(name)), [], "exports without a test here"));
});

/** WORK2: two channels' blocks in double precision, lane by lane (compress4's X and Y live there too). */
function pairedWork(): Float64Array {
  return k.work2;
}

function interleaved(a: number[], b: number[]): number[] {
  return a.flatMap((x, i) => [x, b[i]]);
}

/** Four compressors' constants as Compressor.updateCurve makes them, from random settings, with some reduction under way. */
function randomCompressors(): void {
  const { quiet, eBase, kneeTopFraction, fields } = k.compressors;
  for (let lane = 0; lane < 4; lane++) {
    const knee = rng() < 0.5 ? 0 : (12 * rng()) / DB_PER_OCTAVE;
    const threshold = (-40 + 35 * rng()) / DB_PER_OCTAVE;
    const attack = 1 - Math.exp(-1 / ((0.001 + 0.05 * rng()) * 48000));
    const release = 1 - Math.exp(-1 / ((0.05 + 0.5 * rng()) * 48000));
    const [mean, spread] = [(attack + release) / 2, (attack - release) / 2];
    const kneeTop = threshold + knee / 2;
    quiet[lane] = Math.pow(2, threshold - knee / 2);
    eBase[lane] = 127 + Math.floor(kneeTop);
    kneeTopFraction[lane] = kneeTop - Math.floor(kneeTop);
    const values = [(1 - 1 / (1.5 + 8 * rng())) / 2, knee, knee > 0 ? 1 / (4 * knee) : 0, 1 - mean, mean, spread, (6 * rng()) / DB_PER_OCTAVE, 2 * rng(), 2 * rng()];
    values.forEach((v, j) => (fields[4 * j + lane] = v));
  }
}
