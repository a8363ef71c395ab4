// The clipper: clips at a ceiling at 8x oversampling, then once more at the
// base rate. Per channel, with c the ceiling as a linear gain:
//
//   softness 0:   s = min(max(x, -c), c)              (at the 8x rate)
//   softness > 0: s = c · smoothClip(x / c, k)        (k = 3 / softness)
//   y[n] = min(max(lowpass(s)[n], -c), c)             (at the base rate)
//
// smoothClip (shapers.ts) rounds the clip's corners within about 1/k of the
// ceiling and stays strictly under it: at 100% softness the curve starts to
// bend about 6 dB under the ceiling and a full-scale input comes out 1.1 dB
// under it; as softness falls it tends to the hard clip. The decimating
// lowpass rings after a clipped corner (a band-limited corner overshoots), so
// a last hard clip at the base rate keeps the sample peak at or under the
// ceiling: it touches only those overshoots, a fraction of a dB, and adds
// far less aliasing than clipping at the base rate would. (True peaks between
// samples may still pass the ceiling: that is the limiter's job, after it.)
//
// The soft curve runs from a table (ClipTable, within 1e-11 of smoothClip).
// Latency: the oversampler's, LATENCY = 55 frames. Nothing is automatable;
// blocks are at most MAX_BLOCK_FRAMES frames; nothing is allocated while
// processing.
import { checkBlock, paramChecker } from "./block";
import { CHUNK_FRAMES, FACTOR, LATENCY, Oversampler } from "./oversample";
import { ClipTable } from "./shapers";
import type { EFFECTS } from "../../core/catalogue";
import { dbToGain } from "../../core/units";

type ClipperParam = keyof typeof EFFECTS.clipper.params;
const UNITS: Record<ClipperParam, string> = { ceiling: "dBFS", softness: "(0..1)" };
const { read: readParam, setup: checkSetup } = paramChecker("clipper", UNITS);
/** smoothClip's k at 100% softness; k = SOFT_K / softness. */
const SOFT_K = 3;

/** The largest float32 at or under `v` (v > 0). */
function float32Below(v: number): number {
  const f = new Float32Array([v]);
  if (f[0] > v) new Uint32Array(f.buffer)[0]--;
  return f[0];
}

export class Clipper {
  /** Frames by which the output lags the input: the oversampler's. */
  readonly latency = LATENCY;
  /** The ceiling as a linear gain. */
  readonly ceiling: number;
  /** smoothClip's sharpness, or Infinity for the hard clip. */
  readonly sharpness: number;
  /** smoothClip at that sharpness, tabulated (none for the hard clip). */
  private readonly curve: ClipTable | undefined;
  /** The ceiling as a float32 rounded down, so a stored sample never exceeds it. */
  private readonly top: number;
  private readonly oversamplers: Oversampler[];
  private readonly scratch = new Float64Array(CHUNK_FRAMES * FACTOR);

  constructor(params: Readonly<Record<string, number>>, readonly sampleRate: number, readonly channels: number) {
    checkSetup(params, sampleRate, channels);
    this.ceiling = dbToGain(readParam(params, "ceiling"));
    const softness = readParam(params, "softness");
    this.top = float32Below(this.ceiling);
    this.sharpness = softness > 0 ? SOFT_K / softness : Infinity;
    this.curve = softness > 0 ? new ClipTable(this.sharpness) : undefined;
    this.oversamplers = Array.from({ length: channels }, () => new Oversampler());
  }

  /** Nothing in the clipper can be automated. */
  setParam(name: string): void {
    throw new RangeError(`clipper: '${name}' cannot be automated; the clipper's ceiling and softness are fixed for the render`);
  }

  /** Forgets the filters' history. */
  reset(): void {
    for (const os of this.oversamplers) os.reset();
  }

  /** Clips `frames` frames of each channel; `outputs` may be `inputs`. Allocates nothing. */
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void {
    checkBlock("clipper", inputs, outputs, frames, this.channels);
    for (let ch = 0; ch < this.channels; ch++) {
      for (let at = 0; at < frames; at += CHUNK_FRAMES) this.processChunk(ch, inputs[ch], outputs[ch], at, Math.min(CHUNK_FRAMES, frames - at));
    }
  }

  private processChunk(ch: number, input: Float32Array, output: Float32Array, at: number, count: number): void {
    const os = this.oversamplers[ch];
    const s = this.scratch;
    const c = this.ceiling;
    const n = count * FACTOR;
    os.up(input, at, count, s);
    const curve = this.curve;
    if (curve === undefined) {
      for (let j = 0; j < n; j++) s[j] = s[j] > c ? c : s[j] < -c ? -c : s[j];
    } else {
      const inv = 1 / c;
      for (let j = 0; j < n; j++) s[j] = c * curve.at(s[j] * inv);
    }
    os.down(s, count, output, at);
    const top = this.top;
    for (let i = at; i < at + count; i++) {
      const y = output[i];
      if (y > top) output[i] = top;
      else if (y < -top) output[i] = -top;
    }
  }
}
