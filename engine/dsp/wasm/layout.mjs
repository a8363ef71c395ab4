// The kernels' memory, once: every region's name, element type and length,
// and where it starts. build.mjs fills these offsets into kernels.wat (its
// `{{NAME}}` placeholders, see below) and writes them, with each region's
// size, into generated/layout.ts for kernels.ts's views, so the numbers are
// written nowhere else. A region without `at` starts where the one before it
// ends (rounded up to its alignment); `at` pins the big blocks to the
// addresses they have always had. `within` marks scratch that lives inside
// another region's room (compress4's X and Y in WORK2): the only overlap
// allowed. test/engine/kernelLayout.test.ts checks the rest: no overlaps,
// each region aligned as its type needs, everything inside the memory.
//
// Placeholders in kernels.wat: `{{NAME}}` is NAME's byte offset,
// `{{NAME[i]}}` the offset of its element i (i may be negative: the element
// before it), and terms may be added or subtracted (`{{EBASE-QUIET}}`).

/** Bytes per element, and the alignment each type needs (a v128 lane group: 16). */
export const TYPES = { u8: 1, i32: 4, u32: 4, f32: 4, f64: 8, v128: 16 };

/** The block every kernel is laid out for (engine/dsp/block.ts MAX_BLOCK_FRAMES). */
export const BLOCK = 8192;
/** WebAssembly pages (64 KiB) of memory. */
export const PAGES = 12;

const L = 4; // compress4's lanes: each of its fields is four lanes side by side

/** @type {readonly { name: string, type: keyof typeof TYPES, count: number, at?: number, align?: number, within?: string, doc: string }[]} */
export const REGIONS = [
  // COMP4: four compressors' constants and state, lane by lane (`compress4`; `compress1` uses lane 0).
  { name: "QUIET", type: "f32", count: L, at: 0, align: 16, doc: "amplitudes at or under it ask for no reduction" },
  { name: "EBASE", type: "i32", count: L, align: 16, doc: "127 plus the integer part of the knee's top (octaves)" },
  { name: "KNEE_TOP_FRACTION", type: "f32", count: L, align: 16, doc: "the knee top's fraction" },
  { name: "HALF_SLOPE", type: "f64", count: L, align: 16, doc: "COMP4_FIELDS, in this order from here" },
  { name: "KNEE", type: "f64", count: L, align: 16, doc: "" },
  { name: "KNEE_SCALE", type: "f64", count: L, align: 16, doc: "" },
  { name: "KEEP", type: "f64", count: L, align: 16, doc: "" },
  { name: "MEAN", type: "f64", count: L, align: 16, doc: "" },
  { name: "SPREAD", type: "f64", count: L, align: 16, doc: "" },
  { name: "EXP2_BASE", type: "f64", count: L, align: 16, doc: "" },
  { name: "REDUCTION", type: "f64", count: L, align: 16, doc: "read and written back" },
  { name: "LARGEST", type: "f64", count: L, align: 16, doc: "read and written back" },
  // CONST4: what compress4 reads besides its lanes' constants, each splat over four lanes (kernels.ts writes them).
  { name: "ONE", type: "f32", count: L, align: 16, doc: "1" },
  { name: "LOG2_C", type: "f32", count: 4 * L, align: 16, doc: "fastMath.LOG2_COEFFICIENTS" },
  { name: "EXP2_C", type: "f32", count: 7 * L, align: 16, doc: "fastMath.EXP2_COEFFICIENTS" },
  { name: "MANTISSA_MASK", type: "i32", count: L, align: 16, doc: "0x7fffff" },
  { name: "SQRT2_BITS", type: "i32", count: L, align: 16, doc: "fastMath.SQRT2_BITS" },
  { name: "HIDDEN_BIT", type: "i32", count: L, align: 16, doc: "0x800000" },
  { name: "EXPONENT_MASK", type: "i32", count: L, align: 16, doc: "0xff" },
  { name: "EXP2_FLOOR", type: "f32", count: L, align: 16, doc: "fastMath.EXP2_FLOOR" },
  { name: "QUIET_NAN", type: "i32", count: L, align: 16, doc: "0x7fc00000, the mark of a quiet level" },
  { name: "ROUNDER", type: "f32", count: L, align: 16, doc: "fastMath.ROUNDER" },
  // COMP1: lane 0's QUIET, EBASE and KNEE_TOP_FRACTION splat over four lanes, spaced as those three (`compress1`).
  { name: "COMP1_QUIET", type: "f32", count: L, align: 16, doc: "" },
  { name: "COMP1_EBASE", type: "i32", count: L, align: 16, doc: "" },
  { name: "COMP1_KNEE_TOP_FRACTION", type: "f32", count: L, align: 16, doc: "" },
  { name: "STATE4", type: "f64", count: 24, at: 1024, align: 16, doc: "four K-weighting filters' state, two pairs of x1 x2 y1 y2 z1 z2 (`kWeighting4`)" },
  { name: "SUMS4", type: "f64", count: 4, align: 16, doc: "their sums of squares" },
  { name: "TP_FAR_PAIR", type: "f64", count: 1, at: 1280, doc: "a true-peak meter's screen (`truePeakScan`): farPair" },
  { name: "TP_FAR_MIDDLE", type: "f64", count: 1, doc: "farMiddle" },
  { name: "TP_GAIN_BOUND", type: "f64", count: 1, doc: "the gain bound" },
  { name: "TP_MARGIN", type: "f64", count: 1, doc: "the screen's margin" },
  { name: "TP_COEFFICIENTS", type: "f64", count: 96, doc: "the folded coefficients: even, odd, middle interleaved" },
  { name: "COEF2", type: "f64", count: 30, at: 45312, align: 16, doc: "two channels' b0 b1 b2 a1 a2 of the bands being run, lane by lane (the EQ)" },
  { name: "STATE2", type: "f64", count: 24, at: 45568, align: 16, doc: "their state (or two K-weighting filters')" },
  { name: "SUMS2", type: "f64", count: 2, at: 45824, align: 16, doc: "the two sums of `kWeighting2`" },
  { name: "IN", type: "f32", count: BLOCK, at: 65536, align: 16, doc: "a block in" },
  { name: "OUT", type: "f32", count: BLOCK, align: 16, doc: "a block out" },
  { name: "SUM_L", type: "f32", count: BLOCK, at: 196608, align: 16, doc: "a running mix's left (`panSum`, engine/render/sum.ts KernelSum)" },
  { name: "SUM_R", type: "f32", count: BLOCK, align: 16, doc: "and right" },
  { name: "HIST", type: "f64", count: BLOCK, align: 16, doc: "a true-peak meter's window history and block (`truePeakScan`)" },
  { name: "OUT2", type: "f32", count: BLOCK, align: 16, doc: "a second block out (the right channel of `pan`, the paired EQ's second channel)" },
  { name: "IN2", type: "f32", count: BLOCK, align: 16, doc: "a second block in (the paired EQ's second channel)" },
  { name: "WORK2", type: "f64", count: 2 * BLOCK, align: 16, doc: "two channels' blocks in double precision, side by side" },
  { name: "X", type: "f32", count: 4 * 512, at: 393216, align: 16, within: "WORK2", doc: "compress4's samples, 512 frames of four lanes" },
  { name: "Y", type: "f32", count: 4 * 512, align: 16, within: "WORK2", doc: "compress4's levels, then gains' exponents" },
  { name: "NOISE", type: "f64", count: BLOCK, at: 524288, align: 16, doc: "a channel's dither values for a block (`tpdf` writes them)" },
  { name: "BYTES", type: "u8", count: 6 * BLOCK, align: 16, doc: "a block of integer PCM, up to two channels of 24 bits interleaved (`encodeInt`)" },
  { name: "DITHER", type: "u32", count: 16, align: 16, doc: "four xoshiro128** states, word w of generator g at 4 w + g (`tpdf`)" },
  { name: "IN3", type: "f32", count: BLOCK, at: 655360, align: 16, doc: "third and fourth blocks in and out (`compress4`, `kWeighting4`, a linked stereo compressor)" },
  { name: "IN4", type: "f32", count: BLOCK, align: 16, doc: "" },
  { name: "OUT3", type: "f32", count: BLOCK, align: 16, doc: "" },
  { name: "OUT4", type: "f32", count: BLOCK, align: 16, doc: "" },
];

/** The regions with their byte offsets filled in, in order. */
export function placeRegions() {
  let next = 0;
  let outer = 0;
  return REGIONS.map((r) => {
    const size = TYPES[r.type];
    const align = r.align ?? size;
    const start = r.within ? next : outer;
    const at = r.at ?? Math.ceil(start / align) * align;
    const bytes = size * r.count;
    next = at + bytes;
    if (!r.within) outer = next;
    return { ...r, at, bytes, align };
  });
}

/** Replaces kernels.wat's `{{...}}` placeholders (outside `;;` comments) with byte offsets; an unknown name is an error with its line. */
export function fillOffsets(source, placed) {
  const byName = new Map(placed.map((r) => [r.name, r]));
  return source
    .split("\n")
    .map((text, i) => {
      const cut = text.indexOf(";;");
      const code = cut < 0 ? text : text.slice(0, cut);
      return code.replace(/\{\{([^}]*)\}\}/g, (whole, expr) => offsetOf(whole, expr, byName, i + 1)) + (cut < 0 ? "" : text.slice(cut));
    })
    .join("\n");
}

function offsetOf(whole, expr, byName, line) {
  let total = 0;
  const text = expr.replace(/\s+/g, "");
  const terms = text.match(/[+-]?(?:\d+|[A-Z][A-Z0-9_]*(?:\[-?\d+\])?)/g) ?? [];
  if (terms.join("") !== text || /^[+-]/.test(text)) throw new Error(`kernels.wat:${line}: cannot read ${whole}; write NAME, NAME[i] or a number, joined by + and -`);
  for (const term of terms) {
    const sign = term.startsWith("-") ? -1 : 1;
    const m = /^[+-]?(?:(\d+)|([A-Z][A-Z0-9_]*)(?:\[(-?\d+)\])?)$/.exec(term);
    if (!m) throw new Error(`kernels.wat:${line}: cannot read '${term}' in ${whole}; write NAME, NAME[i] or a number, joined by + and -`);
    if (m[1] !== undefined) total += sign * Number(m[1]);
    else {
      const r = byName.get(m[2]);
      if (!r) throw new Error(`kernels.wat:${line}: ${whole} names no region; the regions are in engine/dsp/wasm/layout.mjs`);
      total += sign * (r.at + TYPES[r.type] * Number(m[3] ?? 0));
    }
  }
  if (total < 0) throw new Error(`kernels.wat:${line}: ${whole} is ${total}, a negative offset`);
  return String(total);
}
