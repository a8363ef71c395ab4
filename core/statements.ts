// Which statements each block takes, with their syntax and documentation.
// The lowering, completion and hover read this table.
import type { ParamSpec } from "./catalogue";

export type BlockKind = "file" | "session" | "input" | "track" | "bus" | "master" | "take" | "automate" | "effect";

export interface StatementSpec {
  syntax: string;
  doc: string;
  where: readonly BlockKind[];
  /** Opens a block (`track NAME {`). */
  block?: boolean;
}

const strips = ["track", "bus"] as const;

export const STATEMENTS: Record<string, StatementSpec> = {
  session: { syntax: 'session "Title" { ... }', doc: "The song: title, sample rate, tempo and meter.", where: ["file"], block: true },
  input: { syntax: "input NAME { ... }  |  input NAME", doc: "At top level, a capture input (device and channels); inside a track, the input it records from.", where: ["file", "track"] },
  track: { syntax: "track NAME { ... }", doc: "A track: its takes, insert effects and channel strip.", where: ["file"], block: true },
  bus: { syntax: "bus NAME { ... }", doc: "A mix bus: tracks and buses reach it through `out` and `send`.", where: ["file"], block: true },
  master: { syntax: "master { ... }", doc: "The mix bus and the mastering chain: effects, loudness target, export.", where: ["file"], block: true },
  rate: { syntax: "rate 48 kHz", doc: "Sample rate of the session, its renders and its recordings.", where: ["session"] },
  tempo: { syntax: "tempo 92 bpm", doc: "Beats per minute: places `bar N` positions and note-valued delays.", where: ["session"] },
  meter: { syntax: "meter 4/4", doc: "Beats per bar / note value of one beat.", where: ["session"] },
  tail: { syntax: "tail 2 s", doc: "Time rendered after the last take ends, so reverbs and delays ring out.", where: ["session"] },
  device: { syntax: "device default  |  device \"name\"", doc: "The capture device, as the capture tool names it (`default` for the system default).", where: ["input"] },
  channel: { syntax: "channel 1  |  channel 1 2", doc: "Capture channel(s), from 1; two channels record a stereo take.", where: ["input"] },
  take: { syntax: 'take "takes/vox-3.wav" { at 0:04.250 ... }', doc: "A recorded take that plays, placed on the timeline. Paths are relative to the session file.", where: strips.slice(0, 1) },
  alt: { syntax: 'alt "takes/vox-2.wav" { ... }', doc: "An alternative take kept in the session's history; it does not play. Change `alt` to `take` to use it.", where: strips.slice(0, 1) },
  at: { syntax: "at 0:04.250  |  at bar 9  |  at 12 s", doc: "Where the take starts on the timeline.", where: ["take"] },
  fade: { syntax: "fade in 10 ms  |  fade out 200 ms", doc: "A fade at the start (`in`) or end (`out`) of the take.", where: ["take"] },
  gain: { syntax: "gain -4 dB", doc: "Fader level (on a take: clip gain), after the inserts.", where: ["track", "bus", "master", "take"] },
  pan: { syntax: "pan center  |  pan 10% left  |  pan 30% right", doc: "Position in the stereo field. Mono takes use a constant-power law (-3 dB each side at centre); stereo material is balanced (unity at centre).", where: strips },
  send: { syntax: "send BUS -14 dB [pre]", doc: "Sends a copy to a bus, post-fader unless `pre`.", where: strips },
  out: { syntax: "out BUS  |  out master", doc: "Where the channel goes (default: master).", where: strips },
  automate: { syntax: "automate TARGET { TIME VALUE [linear|step|smooth] ... }", doc: "Changes a parameter over time: `gain`, `pan`, `send BUS`, `comp threshold`, `eq 2 gain` (band 2)...", where: ["track", "bus", "master"], block: true },
  mute: { syntax: "mute", doc: "Silences the channel.", where: strips },
  solo: { syntax: "solo", doc: "Plays only soloed channels (and the buses they feed).", where: strips },
  loudness: { syntax: "loudness -14 LUFS", doc: "Integrated loudness target of the master; the limiter's ceiling still wins.", where: ["master"] },
  expect: { syntax: "expect loudness -14 LUFS within 0.5  |  expect true-peak below -1 dBTP  |  expect loudness-range below 8 LU  |  expect peak below -3 dBFS  |  expect no clipping", doc: "A figure the rendered mix must meet: `mixdown test` renders, masters and checks it (on the master: the mastered output; on a track or bus: its output). `within` defaults to 0.5; `below` means at most, `above` at least.", where: ["track", "bus", "master"] },
  export: { syntax: 'export "mix/song.wav" 24 bit', doc: "Where the mastered file is written, and its bit depth (16, 24, or 32 for float).", where: ["master"] },
};

/** Numeric settings of blocks other than effects, with their range (base units). */
export const SETTINGS: Record<string, ParamSpec> = {
  rate: { kind: "rate", min: 8000, max: 384000, default: 48000, automatable: false, doc: STATEMENTS.rate.doc },
  tempo: { kind: "tempo", min: 20, max: 400, default: 120, automatable: false, doc: STATEMENTS.tempo.doc },
  tail: { kind: "duration", min: 0, max: 60, default: 2, automatable: false, doc: STATEMENTS.tail.doc },
  gain: { kind: "level", min: -120, max: 24, default: 0, automatable: true, doc: STATEMENTS.gain.doc },
  send: { kind: "level", min: -120, max: 24, default: 0, automatable: true, doc: STATEMENTS.send.doc },
  fade: { kind: "duration", min: 0, max: 600, default: 0, automatable: false, doc: STATEMENTS.fade.doc },
  loudness: { kind: "loudness", min: -60, max: -5, default: -14, automatable: false, doc: STATEMENTS.loudness.doc },
  pan: { kind: "percent", min: -1, max: 1, default: 0, automatable: true, doc: STATEMENTS.pan.doc },
};

const BY_BLOCK = new Map<BlockKind, string[]>();

/** The statements a block of this kind takes (for checking and completion). */
export function statementsFor(block: BlockKind): string[] {
  let list = BY_BLOCK.get(block);
  if (!list) {
    list = Object.entries(STATEMENTS).filter(([, spec]) => spec.where.includes(block)).map(([name]) => name);
    BY_BLOCK.set(block, list);
  }
  return list;
}

export const CURVES = ["linear", "step", "smooth"] as const;
export const EXPORT_BITS = [16, 24, 32] as const;
