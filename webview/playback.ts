// Playback with Web Audio: chunks streamed from the engine (through the
// extension) are scheduled ahead on AudioBufferSourceNodes, back to back on
// the AudioContext's clock. A new session version cuts what is scheduled a
// moment ahead and re-asks from there, so playback goes on with the new
// sound. Every stretch played is hashed (pcmHash) for the tests.
// In A/B mode each chunk brings both sides' audio for the same frames: both
// are scheduled together, each through its side's gain, and switching sides
// only moves the gains, so it is instant and the playhead does not move.
import type { ChunkMeters, LiveChunk, LiveSource } from "../core/protocol/player";
import { foldHash, pcmHash, PLAYED_KEPT, type AbSide, type PlayedChunk, type PlayerToHost, type TransportState } from "../core/protocol/webview";

/** The first chunk is short, so sound starts soon; the rest are longer. */
const FIRST_CHUNK_S = 0.2;
const CHUNK_S = 0.5;
/** How far ahead of the playhead audio is scheduled. */
const LOOKAHEAD_S = 1.5;
/** An edit takes effect this far ahead of the playhead (time to render the new chunk). */
const CUT_AHEAD_S = 0.12;
const START_DELAY_S = 0.03;

interface Scheduled {
  startFrame: number;
  frames: number;
  /** Frames that will play (less than `frames` after a cut). */
  playing: number;
  when: number;
  version: number;
  source: LiveSource;
  data: Float32Array[];
  meters: ChunkMeters;
  node: AudioBufferSourceNode;
  /** A/B mode: the A side's audio for the same frames, and its node. */
  alt?: { data: Float32Array[]; meters: ChunkMeters; node: AudioBufferSourceNode };
  /** A/B mode: the side heard from each frame offset on, in order. */
  sides: { at: number; side: AbSide }[];
}

/** A/B mode: the side heard, and each side's loudness-matching gain. */
export interface AbState {
  side: AbSide;
  gainDb: Record<AbSide, number>;
}

/** Switching sides crossfades over a few milliseconds (a time constant), so it does not click. */
const SWITCH_TC_S = 0.003;

interface Pending {
  startFrame: number;
  frames: number;
  when: number;
  epoch: number;
}

export class Playback {
  ctx?: AudioContext;
  analyser?: AnalyserNode;
  private output?: GainNode;
  private sideGain?: Record<AbSide, GainNode>;
  /** A/B mode, or null. */
  ab: AbState | null = null;
  state: TransportState = "stopped";
  rate = 48000;
  length = 0;
  version = 0;
  source: LiveSource = "mix";
  loop: { start: number; end: number } | null = null;
  /** Playhead when not playing, frames. */
  private restFrame = 0;
  private nextFrame = 0;
  private nextWhen = 0;
  private seq = 0;
  /** Bumped by every cut: answers to older requests are dropped. */
  private epoch = 0;
  private readonly pending = new Map<number, Pending>();
  private scheduled: Scheduled[] = [];
  played: PlayedChunk[] = [];
  playedHash = "811c9dc5";
  underruns = 0;
  startLatencyMs: number | null = null;
  private pressedAt = 0;

  constructor(private readonly send: (m: PlayerToHost) => void, private readonly changed: () => void) {}

  /** Playhead, frames on the timeline. */
  get frame(): number {
    if (this.state !== "playing" || !this.ctx) return this.restFrame;
    const now = this.ctx.currentTime;
    const current = this.scheduled.find((s) => now >= s.when && now < s.when + s.playing / this.rate);
    if (current) return current.startFrame + Math.floor((now - current.when) * this.rate);
    return this.scheduled.length ? this.scheduled[0].startFrame : this.restFrame;
  }

  /** Meters of the chunk under the playhead, at the current 100 ms step. */
  meters(): { meters: ChunkMeters; step: number } | undefined {
    if (!this.ctx || this.state !== "playing") return undefined;
    const now = this.ctx.currentTime;
    const s = this.scheduled.find((c) => now >= c.when && now < c.when + c.playing / this.rate);
    if (!s) return undefined;
    const meters = s.alt && this.ab?.side === "A" ? s.alt.meters : s.meters;
    return { meters, step: Math.min(meters.master.peak.length - 1, Math.floor(((now - s.when) * this.rate) / meters.step)) };
  }

  setGain(db: number): void {
    if (this.output) this.output.gain.value = Math.pow(10, db / 20);
  }

  /** Enters, updates or leaves A/B mode; what is not played yet is asked for again with (or without) both sides. */
  setAb(ab: AbState | null): void {
    const entering = (ab === null) !== (this.ab === null);
    this.ab = ab;
    this.applySideGains();
    if (entering) this.refresh();
  }

  /** Hears the other side from now on: only the gains move. */
  setSide(side: AbSide): void {
    if (!this.ab || this.ab.side === side) return;
    this.ab.side = side;
    if (this.ctx && this.state === "playing") {
      const now = this.ctx.currentTime;
      for (const s of this.scheduled) s.sides.push({ at: Math.max(0, Math.min(s.playing, Math.round((now - s.when) * this.rate))), side });
    }
    this.applySideGains();
    this.changed();
  }

  private applySideGains(): void {
    if (!this.ctx || !this.sideGain) return;
    const ab = this.ab;
    const now = this.ctx.currentTime;
    for (const side of ["A", "B"] as const) {
      const target = !ab ? (side === "B" ? 1 : 0) : ab.side === side ? Math.pow(10, ab.gainDb[side] / 20) : 0;
      this.sideGain[side].gain.cancelScheduledValues(now);
      this.sideGain[side].gain.setTargetAtTime(target, now, SWITCH_TC_S);
    }
  }

  play(fromFrame = this.restFrame): void {
    this.pressedAt = performance.now();
    this.startLatencyMs = null;
    if (!this.ctx) this.makeContext();
    void this.ctx!.resume();
    this.halt();
    if (fromFrame >= this.length) fromFrame = this.loop?.start ?? 0;
    this.state = "playing";
    this.nextFrame = fromFrame;
    this.nextWhen = this.ctx!.currentTime + START_DELAY_S;
    this.restFrame = fromFrame;
    this.pump();
    this.changed();
  }

  pause(): void {
    if (this.state !== "playing") return;
    this.restFrame = this.frame;
    this.halt();
    this.state = "paused";
    this.changed();
  }

  stop(): void {
    this.halt();
    this.restFrame = this.loop?.start ?? 0;
    this.state = "stopped";
    this.changed();
  }

  seek(frame: number): void {
    const f = Math.max(0, Math.min(this.length, Math.round(frame)));
    if (this.state === "playing") this.play(f);
    else {
      this.restFrame = f;
      this.changed();
    }
  }

  /** A new session version (or another source): what is not played yet is asked for again. */
  refresh(): void {
    if (this.state !== "playing" || !this.ctx) return;
    const cutWhen = this.ctx.currentTime + CUT_AHEAD_S;
    let frame = this.nextFrame;
    let when = this.nextWhen;
    // Requests not answered yet are dropped: the earliest one is where to start again.
    for (const p of this.pending.values()) if (p.when < when) [frame, when] = [p.startFrame, p.when];
    const keep: Scheduled[] = [];
    for (const s of this.scheduled) {
      if (s.when + s.playing / this.rate <= cutWhen) {
        keep.push(s);
      } else if (s.when < cutWhen) {
        // Playing across the cut: it stops exactly where the new audio starts.
        s.playing = Math.round((cutWhen - s.when) * this.rate);
        [frame, when] = [s.startFrame + s.playing, s.when + s.playing / this.rate];
        s.node.stop(when);
        s.alt?.node.stop(when);
        keep.push(s);
      } else {
        s.node.stop();
        s.alt?.node.stop();
        if (s.when < when) [frame, when] = [s.startFrame, s.when];
      }
    }
    this.scheduled = keep;
    this.epoch++;
    this.pending.clear();
    this.nextFrame = frame;
    this.nextWhen = when;
    this.pump();
  }

  /** Asks for chunks until LOOKAHEAD_S is covered; called on a timer and on each answer. */
  pump(): void {
    if (this.state !== "playing" || !this.ctx) return;
    this.retire();
    while (this.pending.size < 3 && this.nextWhen < this.ctx.currentTime + LOOKAHEAD_S) {
      const end = this.loop ? this.loop.end : this.length;
      if (this.nextFrame >= end) {
        if (!this.loop) {
          if (this.scheduled.length === 0 && this.pending.size === 0) this.finish();
          return;
        }
        this.nextFrame = this.loop.start;
      }
      const first = this.scheduled.length === 0 && this.pending.size === 0;
      const frames = Math.min(Math.round((first ? FIRST_CHUNK_S : CHUNK_S) * this.rate), end - this.nextFrame);
      const seq = ++this.seq;
      this.pending.set(seq, { startFrame: this.nextFrame, frames, when: this.nextWhen, epoch: this.epoch });
      this.send({ type: "chunk", seq, startFrame: this.nextFrame, frames, source: this.source });
      this.nextFrame += frames;
      this.nextWhen += frames / this.rate;
    }
  }

  /** A chunk arrived (in A/B mode with `revision`, the A side of the same frames). */
  receive(seq: number, chunk: LiveChunk, revision?: LiveChunk): void {
    const p = this.pending.get(seq);
    this.pending.delete(seq);
    if (!p || p.epoch !== this.epoch || !this.ctx || this.state !== "playing") return;
    const { data, node } = this.bufferSource(chunk, "B");
    const alt = revision && this.ab ? { ...this.bufferSource(revision, "A"), meters: revision.meters } : undefined;
    let when = p.when;
    const late = this.ctx.currentTime + 0.005 - when;
    if (late > 0) {
      // Behind the clock: shift this and everything after it, rather than play out of step.
      if (this.scheduled.length > 0) this.underruns++;
      when += late;
      this.nextWhen += late;
      for (const q of this.pending.values()) q.when += late;
    }
    node.start(when);
    alt?.node.start(when);
    if (this.startLatencyMs === null) this.startLatencyMs = Math.round(performance.now() - this.pressedAt + (when - this.ctx.currentTime) * 1000);
    const sides = [{ at: 0, side: alt ? this.ab!.side : ("B" as AbSide) }];
    this.scheduled.push({ startFrame: chunk.startFrame, frames: chunk.frames, playing: chunk.frames, when, version: chunk.version, source: chunk.source, data, meters: chunk.meters, node, alt, sides });
    this.pump();
  }

  /** A buffer source of a chunk's audio, through its side's gain. */
  private bufferSource(chunk: LiveChunk, side: AbSide): { data: Float32Array[]; node: AudioBufferSourceNode } {
    const data = chunk.channels.map(decode);
    const buffer = this.ctx!.createBuffer(2, chunk.frames, chunk.sampleRate);
    buffer.copyToChannel(data[0] as Float32Array<ArrayBuffer>, 0);
    buffer.copyToChannel(data[1] as Float32Array<ArrayBuffer>, 1);
    const node = this.ctx!.createBufferSource();
    node.buffer = buffer;
    node.connect(this.sideGain![side]);
    return { data, node };
  }

  failed(seq: number): void {
    this.pending.delete(seq);
  }

  /** Moves chunks that finished playing into the played record. */
  private retire(): void {
    const now = this.ctx!.currentTime;
    while (this.scheduled.length && this.scheduled[0].when + this.scheduled[0].playing / this.rate <= now) this.record(this.scheduled.shift()!, Infinity);
  }

  private record(s: Scheduled, upTo: number): void {
    const frames = Math.max(0, Math.min(s.playing, upTo));
    if (frames === 0) return;
    if (!s.alt) return this.recordPlayed({ startFrame: s.startFrame, frames, version: s.version, source: s.source, hash: pcmHash(s.data, 0, frames) });
    // A/B: one record per stretch of one side, split where the side was switched.
    s.sides.forEach(({ at, side }, i) => {
      const to = Math.min(frames, s.sides[i + 1]?.at ?? frames);
      if (to <= at) return;
      const data = side === "A" ? s.alt!.data : s.data;
      this.recordPlayed({ startFrame: s.startFrame + at, frames: to - at, version: side === "A" ? 0 : s.version, source: s.source, side, hash: pcmHash(data, at, to) });
    });
  }

  private recordPlayed(played: PlayedChunk): void {
    this.played.push(played);
    if (this.played.length > PLAYED_KEPT) this.played.shift();
    this.playedHash = foldHash(this.playedHash, played);
  }

  /** Stops every node, recording what was heard of each. */
  private halt(): void {
    const now = this.ctx?.currentTime ?? 0;
    for (const s of this.scheduled) {
      s.node.onended = null;
      s.node.stop();
      s.alt?.node.stop();
      if (now > s.when) this.record(s, Math.floor((now - s.when) * this.rate));
    }
    this.scheduled = [];
    this.pending.clear();
    this.epoch++;
  }

  private finish(): void {
    this.state = "stopped";
    this.restFrame = 0;
    this.changed();
  }

  private makeContext(): void {
    try {
      this.ctx = new AudioContext({ sampleRate: this.rate, latencyHint: "interactive" });
    } catch {
      this.ctx = new AudioContext({ latencyHint: "interactive" });
    }
    this.output = this.ctx.createGain();
    this.sideGain = { A: this.ctx.createGain(), B: this.ctx.createGain() };
    this.sideGain.A.connect(this.output);
    this.sideGain.B.connect(this.output);
    this.applySideGains();
    this.analyser = this.ctx.createAnalyser();
    this.analyser.fftSize = 4096;
    this.analyser.smoothingTimeConstant = 0.75;
    this.output.connect(this.analyser);
    this.analyser.connect(this.ctx.destination);
  }

  /** Forgets the played record (a new test run, a stop). */
  resetRecord(): void {
    this.played = [];
    this.playedHash = "811c9dc5";
    this.underruns = 0;
  }
}

function decode(base64: string): Float32Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}
