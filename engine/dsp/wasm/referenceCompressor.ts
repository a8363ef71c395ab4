// The compressor kernels' arithmetic (`compress4`, a lane each; `compress1`,
// lane 0 alone), frame by frame in plain JavaScript, for the kernel tests:
// levels and gains in float32 by fastMath's log2Parts and exp2f, the gain
// computer and the smoother in double precision, as kernels.wat documents.
import { exp2f, log2Parts } from "../fastMath";
import { pmax } from "./reference";

const fround = Math.fround;

/** One lane's constants and state, as COMP4 holds them (fields in COMP4_FIELDS order, four lanes each). */
export interface LaneConstants {
  readonly quiet: Float32Array;
  readonly eBase: Int32Array;
  readonly kneeTopFraction: Float32Array;
  readonly fields: Float64Array;
}

const HALF_SLOPE = 0, KNEE = 1, KNEE_SCALE = 2, KEEP = 3, MEAN = 4, SPREAD = 5, EXP2_BASE = 6, REDUCTION = 7, LARGEST = 8;

/** The level above the knee's top of a float32 sample, in octaves (float32), or NaN where |x| <= quiet. */
export function levelAbove(x: number, quiet: number, eBase: number, kneeTopFraction: number): number {
  if (!(Math.abs(x) > quiet)) return NaN;
  const { octave, mantissaLog2 } = log2Parts(x);
  return fround(fround(octave - eBase) + fround(mantissaLog2 - kneeTopFraction));
}

/**
 * Lane `lane` over input[from, to) into out (x gain, or with `gains` the gain
 * itself), its reduction and largest reduction read from and written back to
 * c.fields.
 */
export function compressLane(c: LaneConstants, lane: number, input: Float32Array, out: Float32Array, from: number, to: number, gains: boolean): void {
  const f = (j: number) => c.fields[4 * j + lane];
  const halfSlope = f(HALF_SLOPE), knee = f(KNEE), kneeScale = f(KNEE_SCALE), keep = f(KEEP), mean = f(MEAN), spread = f(SPREAD), exp2Base = f(EXP2_BASE);
  let r = f(REDUCTION);
  let largest = f(LARGEST);
  for (let i = from; i < to; i++) {
    const x = input[i];
    const above = levelAbove(x, c.quiet[lane], c.eBase[lane], c.kneeTopFraction[lane]);
    let wanted = halfSlope * (above + Math.abs(above));
    if (knee > 0) {
      const inside = above + knee;
      const xk = Math.abs(inside) - Math.abs(inside - knee) + knee;
      wanted = wanted + halfSlope * xk * xk * kneeScale;
    }
    if (Number.isNaN(above)) wanted = 0; // quiet wants +0
    r = keep * r + mean * wanted + spread * Math.abs(wanted - r);
    largest = pmax(largest, r);
    const gain = exp2f(exp2Base - r);
    out[i] = gains ? gain : x * gain;
  }
  c.fields[4 * REDUCTION + lane] = r;
  c.fields[4 * LARGEST + lane] = largest;
}
