// The multiband compressor: a `BandSplit` (crossover.ts) cuts each channel
// into three bands at `low-mid` and `mid-high`, or four with `high-top`, by
// Linkwitz-Riley 4th-order crossovers with the allpass compensation that
// gives every band one phase; each band goes through its own `Compressor`
// (compressor.ts: the same gain computer, detector and kernel, stereo-linked
// within the band, so a band's bits are what a `comp` with its parameters
// gives that band's signal); the bands are summed in double precision and
// rounded once. With every band at unity the output is the input through the
// crossovers' allpasses: its magnitude within rounding at every frequency.
//
// Threshold, ratio and makeup of each band are automatable (`low-threshold`
// and so on): the band's compressor glides them over 10 ms. The crossovers,
// knee, attacks and releases are fixed for the processor's life. Latency 0.
// Blocks are at most MAX_BLOCK_FRAMES frames; nothing is allocated while
// processing.
import { checkBlock, MAX_BLOCK_FRAMES, paramChecker, type ParamName } from "./block";
import { Compressor } from "./compressor";
import { BandSplit } from "./crossover";
import { EFFECTS } from "../../core/catalogue";
import { UNIT_KINDS } from "../../core/units";

export { MAX_BLOCK_FRAMES };

type MultibandParam = ParamName<"multiband">;
const SPECS = EFFECTS.multiband.params;
const UNITS = Object.fromEntries(Object.entries(SPECS).map(([name, spec]) => [name, spec.kind === "ratio" ? ":1" : UNIT_KINDS[spec.kind].base])) as Record<MultibandParam, string>;
const { read: readParam, check: checkParam, setup: checkSetup } = paramChecker("multiband", UNITS);

/** The bands in order, low to high; the fourth only with a `high-top` crossover. */
export const MULTIBAND_BANDS = ["low", "mid", "high", "top"] as const;
type Band = (typeof MULTIBAND_BANDS)[number];
/** The parameters each band's compressor takes, by their `comp` names. */
const BAND_SETTINGS = ["threshold", "ratio", "attack", "release", "makeup"] as const;
const AUTOMATABLE = new Set<string>(["threshold", "ratio", "makeup"]);

/** The crossover frequencies of a multiband's parameters, checked to rise: two, or three with `high-top`. */
export function multibandCorners(params: Readonly<Record<string, number>>): number[] {
  const corners = [readParam(params, "low-mid"), readParam(params, "mid-high")];
  const top = readParam(params, "high-top");
  if (top > 0) corners.push(top);
  for (let k = 1; k < corners.length; k++) {
    if (!(corners[k] > corners[k - 1])) {
      throw new RangeError(`multiband: crossovers low-mid ${corners[0]} Hz, mid-high ${corners[1]} Hz${top > 0 ? `, high-top ${top} Hz` : ""} do not rise; give each above the one before.`);
    }
  }
  return corners;
}

export class Multiband {
  /** Frames between input and output: none. */
  readonly latency = 0;
  /** 3 or 4. */
  readonly bands: number;
  private readonly split: BandSplit;
  private readonly comps: Compressor[];
  /** Per band, per channel: the band's signal, compressed in place. */
  private readonly buffers: Float32Array[][];
  /** The same arrays per channel, per band (what the split fills). */
  private readonly perChannel: Float32Array[][];

  constructor(params: Readonly<Record<string, number>>, readonly sampleRate: number, readonly channels: number) {
    checkSetup(params, sampleRate, channels);
    const corners = multibandCorners(params);
    this.split = new BandSplit(corners, sampleRate, channels);
    this.bands = this.split.bands;
    const knee = readParam(params, "knee");
    this.comps = MULTIBAND_BANDS.slice(0, this.bands).map((band) => new Compressor({ ...bandSettings(params, band), knee }, sampleRate, channels));
    this.buffers = this.comps.map(() => Array.from({ length: channels }, () => new Float32Array(MAX_BLOCK_FRAMES)));
    this.perChannel = Array.from({ length: channels }, (_, ch) => this.buffers.map((band) => band[ch]));
  }

  /** The largest gain reduction of each band in the last block, in dB (makeup not counted). */
  get maxGainReductionDb(): number[] {
    return this.comps.map((c) => c.maxGainReductionDb);
  }

  /** Automates a band's threshold (dB), ratio or makeup (dB), such as `mid-threshold`: it glides there over 10 ms. */
  setParam(name: string, value: number): void {
    const dash = name.indexOf("-");
    const band = MULTIBAND_BANDS.indexOf(name.slice(0, dash) as Band);
    const setting = name.slice(dash + 1);
    if (dash < 0 || band < 0 || !AUTOMATABLE.has(setting) || !(name in SPECS)) {
      throw new RangeError(`multiband: '${name}' cannot be automated; automate a band's threshold, ratio or makeup, such as low-threshold`);
    }
    const checked = checkParam(name as MultibandParam, value);
    if (band < this.bands) this.comps[band].setParam(setting, checked);
  }

  /** Forgets every band's filters and detector. */
  reset(): void {
    this.split.reset();
    for (const c of this.comps) c.reset();
  }

  /** Compresses `frames` frames of each channel band by band; `outputs` may be `inputs`. Allocates nothing. */
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void {
    checkBlock("multiband", inputs, outputs, frames, this.channels);
    for (let ch = 0; ch < this.channels; ch++) this.split.split(ch, inputs[ch], this.perChannel[ch], frames);
    for (let b = 0; b < this.bands; b++) this.comps[b].process(this.buffers[b], this.buffers[b], frames);
    for (let ch = 0; ch < this.channels; ch++) sumBands(this.perChannel[ch], outputs[ch], frames);
  }
}

/** One band's `comp` parameters from the multiband's. */
function bandSettings(params: Readonly<Record<string, number>>, band: Band): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of BAND_SETTINGS) out[s] = readParam(params, `${band}-${s}` as MultibandParam);
  return out;
}

/** The sum of a channel's bands, in double precision, rounded once into `output`. */
function sumBands(bands: readonly Float32Array[], output: Float32Array, frames: number): void {
  const n = bands.length;
  const [b0, b1, b2] = bands;
  if (n === 3) for (let i = 0; i < frames; i++) output[i] = b0[i] + b1[i] + b2[i];
  else {
    const b3 = bands[3];
    for (let i = 0; i < frames; i++) output[i] = b0[i] + b1[i] + b2[i] + b3[i];
  }
}
