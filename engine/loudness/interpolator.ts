// The polyphase FIR interpolator behind the true-peak meter (ITU-R BS.1770-4
// Annex 2): a Kaiser-windowed sinc low-pass at the input's Nyquist frequency,
// split into one short filter per oversampled phase.

/** A polyphase interpolator: `factor` phases of `taps` coefficients each. */
export interface PolyphaseInterpolator {
  /** Oversampling factor: output points per input sample. */
  factor: number;
  /** Coefficients per phase; the interpolator needs this many past input samples. */
  taps: number;
  /**
   * Delay in input samples: the phases computed when sample n arrives lie
   * between input samples n - latency and n - latency + 1.
   */
  latency: number;
  /**
   * phases[p][j] weighs input sample n - j to produce the point at
   * n - latency + p / factor. Phase 0 is the unit impulse at j = latency,
   * so every input sample is itself one of the points.
   */
  phases: Float64Array[];
}

/** Kaiser window shape; 8 gives about 80 dB of image rejection. */
const KAISER_BETA = 8;

/** The zeroth-order modified Bessel function of the first kind, by its power series. */
export function besselI0(x: number): number {
  const quarterSquare = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 64; k++) {
    term *= quarterSquare / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

function kaiser(x: number, halfWidth: number, beta: number): number {
  const r = x / halfWidth;
  if (r <= -1 || r >= 1) return 0;
  return besselI0(beta * Math.sqrt(1 - r * r)) / besselI0(beta);
}

/** One phase: the windowed sinc sampled at j - latency + offset, scaled to unity gain at DC. */
function designPhase(taps: number, latency: number, offset: number, beta: number): Float64Array {
  const phase = new Float64Array(taps);
  if (offset === 0) {
    phase[latency] = 1;
    return phase;
  }
  const halfWidth = taps / 2;
  let sum = 0;
  for (let j = 0; j < taps; j++) {
    const x = j - latency + offset;
    phase[j] = sinc(x) * kaiser(x, halfWidth, beta);
    sum += phase[j];
  }
  for (let j = 0; j < taps; j++) phase[j] /= sum;
  return phase;
}

/**
 * Designs an interpolator by `factor` (1 to 16) with `taps` coefficients per
 * phase (an even number from 4 to 256). BS.1770-4 Annex 2 uses 4 phases of
 * 12 taps; more taps give a flatter pass band up to the input's Nyquist.
 */
export function designInterpolator(factor: number, taps: number, beta = KAISER_BETA): PolyphaseInterpolator {
  if (!Number.isInteger(factor) || factor < 1 || factor > 16) {
    throw new RangeError(`true-peak interpolator: oversampling factor ${factor} must be a whole number from 1 to 16.`);
  }
  if (!Number.isInteger(taps) || taps < 4 || taps > 256 || taps % 2 !== 0) {
    throw new RangeError(`true-peak interpolator: ${taps} taps per phase; give an even whole number from 4 to 256.`);
  }
  const latency = taps / 2;
  const phases: Float64Array[] = [];
  for (let p = 0; p < factor; p++) phases.push(designPhase(taps, latency, p / factor, beta));
  return { factor, taps, latency, phases };
}

/** The oversampling factor BS.1770-4 needs for `sampleRate`: 4 below 96 kHz, 2 below 192 kHz, else 1. */
export function oversamplingFor(sampleRate: number): number {
  if (sampleRate < 96000) return 4;
  if (sampleRate < 192000) return 2;
  return 1;
}
