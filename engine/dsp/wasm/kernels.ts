// The WebAssembly kernels (kernels.wat): one instance per thread, created on
// first use, with fastMath's coefficients written into its memory. Callers copy a
// block into IN, run a kernel, and read OUT (or WORK); the views are laid over
// the regions of layout.mjs (generated/layout.ts), the table kernels.wat's
// offsets come from. A kernel
// runs to the end without yielding, so the scratch regions are shared by
// every processor on the thread, as the compressor's scratch arrays were.
import * as fastMath from "../fastMath";
import { MAX_BLOCK_FRAMES } from "../block";
import { KERNELS_WASM } from "./generated/kernels";
import { LAYOUT_BLOCK, REGIONS, type RegionName } from "./generated/layout";

/** Bytes of integer PCM one `encodeInt` call may write (BYTES: a block of two channels of 24-bit samples). */
export const PCM_BYTES = REGIONS.BYTES.bytes;

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

/** Bands whose coefficients and state one call takes (threeBands2). */
export const KERNEL_BANDS = 3;

interface Exports {
  memory: WebAssembly.Memory;
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

/** The module's functions, every one (kernelLayout.test.ts checks the module has exactly these and `memory`). */
export const KERNEL_EXPORTS = [
  "widen2", "narrow2", "oneBand2", "threeBands2",
  "pan", "accumulate", "panSum", "accumulateScaled", "tpdf", "encodeInt", "chunkPeaks", "truePeakScan",
  "loudest2", "applyGains2", "interleave2", "kWeighting2", "kWeighting4", "compress4", "compress1",
] as const satisfies readonly Exclude<keyof Exports, "memory">[];
type Functions = Omit<Exports, "memory">;
// Both ways at compile time: every function of Exports is in the list.
const everyExport: Exclude<keyof Functions, (typeof KERNEL_EXPORTS)[number]> extends never ? true : never = true;
void everyExport;

export interface Kernels extends Functions {
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
  /** Two channels' blocks in double precision, lane by lane (the paired EQ; compress4's scratch). */
  readonly work2: Float64Array;
  /** Coefficients (b0 b1 b2 a1 a2 per band) of the bands the next EQ call runs, two channels alternating (first channel's b0, second's b0, ...). */
  readonly coefficients2: Float64Array;
  /** Their state (x1 x2 y1 y2 per band), alternating likewise, read and written back (or two K-weighting filters' x1 x2 y1 y2 z1 z2). */
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
  if (MAX_BLOCK_FRAMES !== LAYOUT_BLOCK) {
    throw new Error(`The DSP kernels (engine/dsp/wasm/layout.mjs) are laid out for ${LAYOUT_BLOCK}-frame blocks, block.ts has ${MAX_BLOCK_FRAMES}; change BLOCK in layout.mjs with it.`);
  }
  const module = new WebAssembly.Module(Buffer.from(KERNELS_WASM, "base64"));
  const exports = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
  const buffer = exports.memory.buffer;
  /** The bytes from region `first`'s start to region `last`'s end (`last` defaults to `first`), as `Type` elements. */
  const view = <T>(Type: new (b: ArrayBuffer, at: number, n: number) => T, first: RegionName, last: RegionName = first): T => {
    const from = REGIONS[first].at;
    const to = REGIONS[last].at + REGIONS[last].bytes;
    return new Type(buffer, from, (to - from) / (Type as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT);
  };
  const f32 = (first: RegionName, last?: RegionName) => view(Float32Array, first, last);
  const f64 = (first: RegionName, last?: RegionName) => view(Float64Array, first, last);
  writeConstants(buffer);
  const inputs = (["IN", "IN2", "IN3", "IN4"] as const).map((name) => f32(name));
  const outputs = (["OUT", "OUT2", "OUT3", "OUT4"] as const).map((name) => f32(name));
  const functions = Object.fromEntries(KERNEL_EXPORTS.map((name) => [name, exports[name]])) as unknown as Functions;
  return {
    ...functions,
    at: { out: REGIONS.OUT.at, sumL: REGIONS.SUM_L.at, sumR: REGIONS.SUM_R.at },
    sumLeft: f32("SUM_L"),
    sumRight: f32("SUM_R"),
    truePeakHistory: f64("HIST"),
    truePeakConstants: f64("TP_FAR_PAIR", "TP_COEFFICIENTS"),
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
    work2: f64("WORK2"),
    coefficients2: f64("COEF2"),
    state2: f64("STATE2"),
    sums2: f64("SUMS2"),
    state4: f64("STATE4"),
    sums4: f64("SUMS4"),
    compressors: {
      quiet: f32("QUIET"),
      eBase: view(Int32Array, "EBASE"),
      kneeTopFraction: f32("KNEE_TOP_FRACTION"),
      fields: f64("HALF_SLOPE", "LARGEST"),
    },
    noise: f64("NOISE"),
    pcm: view(Uint8Array, "BYTES"),
    ditherState: view(Uint32Array, "DITHER"),
  };
}

/** CONST4: what `compress4` reads besides its lanes' constants, each splat over four lanes. */
function writeConstants(buffer: ArrayBuffer): void {
  const f = (name: RegionName, values: readonly number[]) => {
    const r = REGIONS[name];
    const v = new Float32Array(buffer, r.at, r.count);
    values.forEach((x, n) => v.fill(x, 4 * n, 4 * n + 4));
  };
  const i = (name: RegionName, value: number) => new Int32Array(buffer, REGIONS[name].at, REGIONS[name].count).fill(value);
  f("ONE", [1]);
  f("LOG2_C", fastMath.LOG2_COEFFICIENTS);
  f("EXP2_C", fastMath.EXP2_COEFFICIENTS);
  i("MANTISSA_MASK", 0x7fffff);
  i("SQRT2_BITS", fastMath.SQRT2_BITS);
  i("HIDDEN_BIT", 0x800000);
  i("EXPONENT_MASK", 0xff);
  f("EXP2_FLOOR", [fastMath.EXP2_FLOOR]);
  i("QUIET_NAN", 0x7fc00000); // the quiet NaN that marks a quiet level
  f("ROUNDER", [fastMath.ROUNDER]);
}
