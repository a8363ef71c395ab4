// The WebAssembly kernels (kernels.wat): one instance per thread, created on
// first use, with fastMath's tables written into its memory. Callers copy a
// block into IN, run a kernel, and read OUT (or WORK, GAINS, RED); a kernel
// runs to the end without yielding, so the scratch regions are shared by
// every processor on the thread, as the compressor's scratch arrays were.
import * as fastMath from "../fastMath";
import { MAX_BLOCK_FRAMES } from "../block";
import { KERNELS_WASM } from "./generated/kernels";

/** Byte offsets of the memory's regions (the same numbers as in kernels.wat). */
const LAYOUT = {
  log2Table: 0,
  log2Slope: 8200,
  exp2Table: 16392,
  exp2Slope: 24592,
  coef: 45056,
  state: 45184,
  coef2: 45312,
  state2: 45568,
  sums2: 45824,
  comp2: 45856,
  in: 65536,
  out: 98304,
  work: 131072,
  gains: 196608,
  reductions: 262144,
  out2: 327680,
  in2: 360448,
  noise: 524288,
  pcm: 589824,
  dither: 638976,
} as const;

/** Bytes of integer PCM one `encodeInt` call may write: a block of two channels of 24-bit samples. */
export const PCM_BYTES = 2 * 3 * MAX_BLOCK_FRAMES;

/** What `compress2` reads from COMP2, each as two lanes (the first compressor's, the second's), in this order. */
export const COMP2_FIELDS = ["quiet", "kneeTop", "halfSlope", "exp2Base", "knee", "kneeScale", "keep", "mean", "spread", "reduction", "largest"] as const;

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
  accumulate(frames: number): void;
  accumulateScaled(frames: number, gain: number): void;
  tpdf(frames: number): void;
  encodeInt(frames: number, at: number, stride: number, scale: number, width: number, dithered: number): void;
  chunkPeaks(frames: number, n: number): void;
  kWeighting2(pairs: number, sumA: number, sumB: number, b0: number, b1: number, b2: number, a1: number, a2: number, h1: number, h2: number): void;
  compress(from: number, to: number, reduction: number, gains: number, quiet: number, kneeTop: number, halfSlope: number, exp2Base: number, knee: number, kneeScale: number, keep: number, mean: number, spread: number): number;
  compress2(frames: number): void;
}

export interface Kernels extends Omit<Exports, "memory"> {
  /** A block in (float32, MAX_BLOCK_FRAMES). */
  readonly input: Float32Array;
  /** A block out (float32). */
  readonly output: Float32Array;
  /** A second block out (the right channel of `pan`, the paired EQ's second channel). */
  readonly output2: Float32Array;
  /** A second block in (the paired EQ's second channel). */
  readonly input2: Float32Array;
  /** The EQ's block in double precision. */
  readonly work: Float64Array;
  /** The compressor's gain per frame (its `gains` mode). */
  readonly gains: Float64Array;
  /** The compressor's gain reduction after each frame, in octaves. */
  readonly reductions: Float64Array;
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
  /** A channel's dither values for a block, in LSB units (`tpdf` writes them, `encodeInt` adds them). */
  readonly noise: Float64Array;
  /** Integer PCM that `encodeInt` writes (PCM_BYTES). */
  readonly pcm: Uint8Array;
  /** The xoshiro128** state words `tpdf` steps, read and written back. */
  readonly ditherState: Uint32Array;
  /** `compress2`'s constants, reductions and largest reductions (COMP2_FIELDS), alternating: the first compressor's, then the second's. */
  readonly compressor2: Float64Array;
}

let instance: Kernels | undefined;

/** This thread's kernels. */
export function kernels(): Kernels {
  return (instance ??= instantiate());
}

function instantiate(): Kernels {
  // kernels.wat spells these numbers out.
  if (fastMath.BITS !== 10 || fastMath.POW2_OFFSET !== 1022 || MAX_BLOCK_FRAMES !== 8192) {
    throw new Error("The DSP kernels (engine/dsp/wasm/kernels.wat) are laid out for 10-bit tables and 8192-frame blocks; update them with fastMath.ts and block.ts.");
  }
  const module = new WebAssembly.Module(Buffer.from(KERNELS_WASM, "base64"));
  const exports = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
  const buffer = exports.memory.buffer;
  const f64 = (at: number, length: number) => new Float64Array(buffer, at, length);
  const f32 = (at: number, length: number) => new Float32Array(buffer, at, length);
  f64(LAYOUT.log2Table, fastMath.LOG2_TABLE.length).set(fastMath.LOG2_TABLE);
  f64(LAYOUT.log2Slope, fastMath.LOG2_SLOPE.length).set(fastMath.LOG2_SLOPE);
  f64(LAYOUT.exp2Table, fastMath.EXP2_TABLE.length).set(fastMath.EXP2_TABLE);
  f64(LAYOUT.exp2Slope, fastMath.EXP2_SLOPE.length).set(fastMath.EXP2_SLOPE);
  return {
    widen: exports.widen,
    narrow: exports.narrow,
    oneBand: exports.oneBand,
    threeBands: exports.threeBands,
    widen2: exports.widen2,
    narrow2: exports.narrow2,
    oneBand2: exports.oneBand2,
    threeBands2: exports.threeBands2,
    compress: exports.compress,
    compress2: exports.compress2,
    pan: exports.pan,
    accumulate: exports.accumulate,
    accumulateScaled: exports.accumulateScaled,
    tpdf: exports.tpdf,
    encodeInt: exports.encodeInt,
    chunkPeaks: exports.chunkPeaks,
    kWeighting2: exports.kWeighting2,
    input: f32(LAYOUT.in, MAX_BLOCK_FRAMES),
    output: f32(LAYOUT.out, MAX_BLOCK_FRAMES),
    output2: f32(LAYOUT.out2, MAX_BLOCK_FRAMES),
    input2: f32(LAYOUT.in2, MAX_BLOCK_FRAMES),
    work: f64(LAYOUT.work, MAX_BLOCK_FRAMES),
    gains: f64(LAYOUT.gains, MAX_BLOCK_FRAMES),
    reductions: f64(LAYOUT.reductions, MAX_BLOCK_FRAMES),
    coefficients: f64(LAYOUT.coef, 5 * KERNEL_BANDS),
    state: f64(LAYOUT.state, 4 * KERNEL_BANDS),
    coefficients2: f64(LAYOUT.coef2, 2 * 5 * KERNEL_BANDS),
    state2: f64(LAYOUT.state2, 2 * 4 * KERNEL_BANDS),
    sums2: f64(LAYOUT.sums2, 2),
    compressor2: f64(LAYOUT.comp2, 2 * COMP2_FIELDS.length),
    noise: f64(LAYOUT.noise, MAX_BLOCK_FRAMES),
    pcm: new Uint8Array(buffer, LAYOUT.pcm, PCM_BYTES),
    ditherState: new Uint32Array(buffer, LAYOUT.dither, 4),
  };
}
