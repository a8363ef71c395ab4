// The WebAssembly kernels (kernels.wat): one instance per thread, created on
// first use, with fastMath's coefficients written into its memory. Callers copy a
// block into IN, run a kernel, and read OUT (or WORK); a kernel
// runs to the end without yielding, so the scratch regions are shared by
// every processor on the thread, as the compressor's scratch arrays were.
import * as fastMath from "../fastMath";
import { MAX_BLOCK_FRAMES } from "../block";
import { KERNELS_WASM } from "./generated/kernels";

/** Byte offsets of the memory's regions (the same numbers as in kernels.wat). */
const LAYOUT = {
  comp4: 0,
  const4: 336,
  state4: 1024,
  sums4: 1216,
  tpc: 1280,
  coef: 45056,
  state: 45184,
  coef2: 45312,
  state2: 45568,
  sums2: 45824,
  in: 65536,
  out: 98304,
  work: 131072,
  sumL: 196608,
  sumR: 229376,
  hist: 262144,
  out2: 327680,
  in2: 360448,
  noise: 524288,
  pcm: 589824,
  dither: 638976,
  in3: 655360,
  in4: 688128,
  out3: 720896,
  out4: 753664,
} as const;

/** Bytes of integer PCM one `encodeInt` call may write: a block of two channels of 24-bit samples. */
export const PCM_BYTES = 2 * 3 * MAX_BLOCK_FRAMES;

/** Compressors `compress4` runs at once, a lane each. */
export const COMPRESSOR_LANES = 4;
/** COMP4's double-precision fields after its three float32 ones (quiet, eBase, kneeTopFraction), each as four lanes, in this order. */
export const COMP4_FIELDS = ["halfSlope", "knee", "kneeScale", "keep", "mean", "spread", "exp2Base", "reduction", "largest"] as const;

/** A compressor lane's place in COMP4: write its constants and state, run `compress4`, read back `reduction` and `largest`. */
export interface CompressorLanes {
  /** Amplitudes at or under it ask for no reduction (float32). */
  readonly quiet: Float32Array;
  /** 127 plus the integer part of the knee's top (octaves). */
  readonly eBase: Int32Array;
  /** The knee top's fraction (float32). */
  readonly kneeTopFraction: Float32Array;
  /** COMP4_FIELDS, lane l of field j at 4 j + l. */
  readonly fields: Float64Array;
}

/** Bands whose coefficients and state one call takes (threeBands). */
export const KERNEL_BANDS = 3;

interface Exports {
  memory: WebAssembly.Memory;
  widen(frames: number): void;
  narrow(frames: number): void;
  oneBand(frames: number): void;
  threeBands(frames: number): void;
  widen2(frames: number): void;
  narrow2(frames: number): void;
  oneBand2(frames: number): void;
  /** `widen` and `narrow` (1 or 0): read IN and IN2, write OUT and OUT2, instead of WORK2 (see kernels.wat). */
  threeBands2(frames: number, widen: number, narrow: number): void;
  pan(frames: number, left: number, right: number, gain: number): void;
  /** `dst` (OUT, SUM_L or SUM_R: `at`) += IN. */
  accumulate(frames: number, dst: number): void;
  /** SUM_L, SUM_R += IN's fixed pan and gain (a mono strip's output, not stored). */
  panSum(frames: number, left: number, right: number, gain: number): void;
  accumulateScaled(frames: number, gain: number): void;
  /** Four values a round into NOISE from index `at`, from the four generators at DITHER. */
  tpdf(rounds: number, at: number): void;
  encodeInt(frames: number, at: number, stride: number, scale: number, width: number, dithered: number): void;
  chunkPeaks(frames: number, n: number): void;
  /** A true-peak meter's running maximum over a block of IN (see kernels.wat): returns the new maximum. */
  truePeakScan(frames: number, taps: number, before: number, peak: number): number;
  /** IN = the louder magnitude of IN3 and IN4, frame by frame. */
  loudest2(frames: number): void;
  /** OUT3 = IN3 OUT, OUT4 = IN4 OUT, frame by frame. */
  applyGains2(frames: number): void;
  /** IN and IN2 interleaved as float32 into BYTES (`pcm`), at most PCM_BYTES / 8 frames. */
  interleave2(frames: number): void;
  kWeighting2(pairs: number, sumA: number, sumB: number, b0: number, b1: number, b2: number, a1: number, a2: number, h1: number, h2: number): void;
  kWeighting4(pairs: number, b0: number, b1: number, b2: number, a1: number, a2: number, h1: number, h2: number): void;
  compress4(from: number, to: number, gains: number): void;
  /** `compress4`'s lane 0 alone, same bits; `gains` 1: OUT gets the gain instead of IN times it. */
  compress1(from: number, to: number, gains: number): void;
}

export interface Kernels extends Omit<Exports, "memory"> {
  /** Addresses for `accumulate`: OUT, SUM_L, SUM_R. */
  readonly at: { readonly out: number; readonly sumL: number; readonly sumR: number };
  /** `truePeakScan`'s window history then block (f64), and its screen and coefficients. */
  readonly truePeakHistory: Float64Array;
  readonly truePeakConstants: Float64Array;
  /** A running mix, left and right (`panSum`, `accumulate` into them). */
  readonly sumLeft: Float32Array;
  readonly sumRight: Float32Array;
  /** A block in (float32, MAX_BLOCK_FRAMES). */
  readonly input: Float32Array;
  /** A block out (float32). */
  readonly output: Float32Array;
  /** A second block out (the right channel of `pan`, the paired EQ's second channel). */
  readonly output2: Float32Array;
  /** A second block in (the paired EQ's second channel). */
  readonly input2: Float32Array;
  /** Third and fourth blocks in and out (`compress4`, `kWeighting4`, `loudest2`, `applyGains2`). */
  readonly input3: Float32Array;
  readonly input4: Float32Array;
  readonly output3: Float32Array;
  readonly output4: Float32Array;
  /** The four blocks in (input .. input4) and out (output .. output4), by lane. */
  readonly inputs: readonly Float32Array[];
  readonly outputs: readonly Float32Array[];
  /** The EQ's block in double precision. */
  readonly work: Float64Array;
  /** Coefficients (b0 b1 b2 a1 a2 per band) of the bands the next EQ call runs. */
  readonly coefficients: Float64Array;
  /** Their state (x1 x2 y1 y2 per band), read and written back by the call. */
  readonly state: Float64Array;
  /** For the paired EQ: `coefficients` of two channels, alternating (first channel's b0, second's b0, ...). */
  readonly coefficients2: Float64Array;
  /** Their state, alternating likewise (or two K-weighting filters' x1 x2 y1 y2 z1 z2). */
  readonly state2: Float64Array;
  /** The two sums `kWeighting2` leaves. */
  readonly sums2: Float64Array;
  /** Four K-weighting filters' state for `kWeighting4`: `state2`'s layout for the first two, then for the last two. */
  readonly state4: Float64Array;
  /** Their sums, read and written back. */
  readonly sums4: Float64Array;
  /** A channel's dither values for a block, in LSB units (`tpdf` writes them, `encodeInt` adds them). */
  readonly noise: Float64Array;
  /** Integer PCM that `encodeInt` writes (PCM_BYTES). */
  readonly pcm: Uint8Array;
  /** The four xoshiro128** states `tpdf` steps, word w of generator g at 4 w + g, read and written back. */
  readonly ditherState: Uint32Array;
  /** `compress4`'s constants and state, four lanes each. */
  readonly compressors: CompressorLanes;
}

let instance: Kernels | undefined;

/** This thread's kernels. */
export function kernels(): Kernels {
  return (instance ??= instantiate());
}

function instantiate(): Kernels {
  // kernels.wat spells these numbers out.
  if (MAX_BLOCK_FRAMES !== 8192) {
    throw new Error("The DSP kernels (engine/dsp/wasm/kernels.wat) are laid out for 8192-frame blocks; update them with block.ts.");
  }
  const module = new WebAssembly.Module(Buffer.from(KERNELS_WASM, "base64"));
  const exports = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
  const buffer = exports.memory.buffer;
  const f64 = (at: number, length: number) => new Float64Array(buffer, at, length);
  const f32 = (at: number, length: number) => new Float32Array(buffer, at, length);
  writeConstants(buffer);
  const inputs = [LAYOUT.in, LAYOUT.in2, LAYOUT.in3, LAYOUT.in4].map((at) => f32(at, MAX_BLOCK_FRAMES));
  const outputs = [LAYOUT.out, LAYOUT.out2, LAYOUT.out3, LAYOUT.out4].map((at) => f32(at, MAX_BLOCK_FRAMES));
  return {
    at: { out: LAYOUT.out, sumL: LAYOUT.sumL, sumR: LAYOUT.sumR },
    sumLeft: f32(LAYOUT.sumL, MAX_BLOCK_FRAMES),
    sumRight: f32(LAYOUT.sumR, MAX_BLOCK_FRAMES),
    widen: exports.widen,
    narrow: exports.narrow,
    oneBand: exports.oneBand,
    threeBands: exports.threeBands,
    widen2: exports.widen2,
    narrow2: exports.narrow2,
    oneBand2: exports.oneBand2,
    threeBands2: exports.threeBands2,
    compress4: exports.compress4,
    compress1: exports.compress1,
    pan: exports.pan,
    accumulate: exports.accumulate,
    panSum: exports.panSum,
    accumulateScaled: exports.accumulateScaled,
    tpdf: exports.tpdf,
    encodeInt: exports.encodeInt,
    chunkPeaks: exports.chunkPeaks,
    interleave2: exports.interleave2,
    loudest2: exports.loudest2,
    truePeakScan: exports.truePeakScan,
    truePeakHistory: f64(LAYOUT.hist, MAX_BLOCK_FRAMES),
    truePeakConstants: f64(LAYOUT.tpc, 100),
    applyGains2: exports.applyGains2,
    kWeighting2: exports.kWeighting2,
    kWeighting4: exports.kWeighting4,
    input: inputs[0],
    input2: inputs[1],
    input3: inputs[2],
    input4: inputs[3],
    output: outputs[0],
    output2: outputs[1],
    output3: outputs[2],
    output4: outputs[3],
    inputs,
    outputs,
    work: f64(LAYOUT.work, MAX_BLOCK_FRAMES),
    coefficients: f64(LAYOUT.coef, 5 * KERNEL_BANDS),
    state: f64(LAYOUT.state, 4 * KERNEL_BANDS),
    coefficients2: f64(LAYOUT.coef2, 2 * 5 * KERNEL_BANDS),
    state2: f64(LAYOUT.state2, 2 * 4 * KERNEL_BANDS),
    sums2: f64(LAYOUT.sums2, 2),
    state4: f64(LAYOUT.state4, 24),
    sums4: f64(LAYOUT.sums4, 4),
    compressors: {
      quiet: f32(LAYOUT.comp4, COMPRESSOR_LANES),
      eBase: new Int32Array(buffer, LAYOUT.comp4 + 16, COMPRESSOR_LANES),
      kneeTopFraction: f32(LAYOUT.comp4 + 32, COMPRESSOR_LANES),
      fields: f64(LAYOUT.comp4 + 48, COMPRESSOR_LANES * COMP4_FIELDS.length),
    },
    noise: f64(LAYOUT.noise, MAX_BLOCK_FRAMES),
    pcm: new Uint8Array(buffer, LAYOUT.pcm, PCM_BYTES),
    ditherState: new Uint32Array(buffer, LAYOUT.dither, 16),
  };
}

/** CONST4: what `compress4` reads besides its lanes' constants (kernels.wat's offsets 336 to 640), each splat over four lanes. */
function writeConstants(buffer: ArrayBuffer): void {
  const floats = [1, ...fastMath.LOG2_COEFFICIENTS, ...fastMath.EXP2_COEFFICIENTS];
  const masks = [0x7fffff, fastMath.SQRT2_BITS, 0x800000, 0xff];
  const f = new Float32Array(buffer, LAYOUT.const4, 4 * 19);
  const i = new Int32Array(buffer, LAYOUT.const4, 4 * 19);
  floats.forEach((v, n) => f.fill(v, 4 * n, 4 * n + 4));
  masks.forEach((v, n) => i.fill(v, 4 * (floats.length + n), 4 * (floats.length + n) + 4));
  f.fill(fastMath.EXP2_FLOOR, 4 * 16, 4 * 17);
  i.fill(0x7fc00000, 4 * 17, 4 * 18); // the quiet NaN that marks a quiet level
  f.fill(fastMath.ROUNDER, 4 * 18, 4 * 19);
}
