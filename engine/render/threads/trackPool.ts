// Tracks rendered by worker threads, a few blocks ahead of the mixer. Each
// worker owns some tracks and writes their blocks into a ring of slots in
// shared memory; two counters (blocks produced, blocks consumed) and
// Atomics.wait/notify keep the two sides in step without messages per block.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { TrackModel } from "../../../core/model";
import { EngineError } from "../errors";
import type { FeedOptions, FeedTrack } from "../trackFeed";
import type { TrackMeasure } from "../trackRender";
import { CONSUMED, CONTROL_SIZE, DATA_AT, ERROR_BYTES, FAILED, NO_WAITER, PRODUCED, ringBlocks, ROOM_AT, slotFloats, type WorkerInput, type WorkerReply } from "./trackWorkerProtocol";

/** With no sign of life from a worker for this long, the render gives up. */
const STALL_MS = 120_000;

interface SlotView {
  output: Float32Array[];
  sends: Float32Array[][];
}

interface Lane {
  worker: Worker;
  ctrl: Int32Array;
  errorText: Uint8Array;
  /** The tracks whose signals the mixer reads (none when the worker sums them). */
  tracks: FeedTrack[];
  slots: SlotView[][];
  /** When the worker sums its tracks: the sum's L and R in each slot. */
  sums?: Float32Array[][];
  /** Resolves with the lane's measures when its worker has rendered everything. */
  done: Promise<Map<string, TrackMeasure>>;
  /** Slots in the ring, and blocks in the render. */
  ring: number;
  blocks: number;
}

/** Threads worth rendering tracks on this machine: one per core (the mixer's own included). */
export function threadCount(): number {
  return availableParallelism(); // not cpus().length, which reads every core's details (8 ms here)
}

/** The workers' side of a SplitFeed (splitFeed.ts), which puts the tracks back in the model's order. */
export class TrackPool {
  /** Each worker's tracks in turn, pointed at the current block's slot by `render`. */
  readonly tracks: FeedTrack[];
  /** With `summedFirst`, the first group's tracks summed by their worker, for the block just rendered. */
  mixStart?: Float32Array[];
  private readonly lanes: Lane[] = [];
  private block = 0;

  /**
   * One worker per group of tracks (empty groups start none). With
   * `summedFirst`, the first group's worker sends the sum of its tracks'
   * outputs (`mixStart`) instead of each track's signals: the group must be
   * the first tracks into the mix, in order, with no sends (summedPrefix).
   */
  constructor(groups: readonly (readonly TrackModel[])[], options: FeedOptions & { length: number }, summedFirst = false) {
    try {
      groups.forEach((group, i) => {
        if (group.length > 0) this.lanes.push(startLane([...group], options, summedFirst && i === 0));
      });
    } finally {
      stopWarmWorkers();
    }
    this.tracks = this.lanes.flatMap((l) => l.tracks);
  }

  /** Each worker's thread id, in the order of its group. */
  get threadIds(): number[] {
    return this.lanes.map((l) => l.worker.threadId);
  }

  render(): void {
    const k = this.block++;
    for (const lane of this.lanes) {
      // Every block before k has been used: its slot may be written again.
      Atomics.store(lane.ctrl, CONSUMED, k);
      // The worker is woken once the room it waits for is free (see ROOM_AT).
      if (k >= Atomics.load(lane.ctrl, ROOM_AT)) Atomics.notify(lane.ctrl, CONSUMED);
      waitFor(lane, k);
      if (lane.sums) this.mixStart = lane.sums[k % lane.sums.length];
      else pointAt(lane, k % lane.slots.length);
    }
  }

  async measures(): Promise<Map<string, TrackMeasure>> {
    for (const lane of this.lanes) {
      Atomics.store(lane.ctrl, CONSUMED, this.block);
      Atomics.notify(lane.ctrl, CONSUMED);
    }
    const all = new Map<string, TrackMeasure>();
    for (const lane of this.lanes) for (const [id, m] of await lane.done) all.set(id, m);
    return all;
  }

  close(): void {
    for (const lane of this.lanes) void lane.worker.terminate();
  }
}

function startLane(models: TrackModel[], options: FeedOptions & { length: number }, summed: boolean): Lane {
  const ctrl = new Int32Array(new SharedArrayBuffer(4 * CONTROL_SIZE));
  ctrl[ROOM_AT] = NO_WAITER;
  ctrl[DATA_AT] = NO_WAITER;
  const errorText = new Uint8Array(new SharedArrayBuffer(ERROR_BYTES));
  const ring = ringBlocks(models, options.block, summed);
  const blocks = Math.ceil(options.length / options.block);
  const data = new Float32Array(new SharedArrayBuffer(4 * ring * slotFloats(models, options.block, summed)));
  const input: WorkerInput = { models, folder: options.folder, sampleRate: options.sampleRate, block: options.block, metered: options.metered, length: options.length, ctrl, errorText, ring, summed, data };
  const worker = spawn(input);
  const done = new Promise<Map<string, TrackMeasure>>((resolve, reject) => {
    worker.on("message", (reply: WorkerReply) => resolve(new Map(reply.measures)));
    worker.on("error", (error) => reject(new EngineError(`A render worker failed: ${error.message}`)));
    worker.on("exit", (code) => reject(new EngineError(`A render worker stopped (exit code ${code}) before it finished.`)));
  });
  done.catch(() => undefined); // seen by measures(); a cancelled render never asks
  if (summed) {
    const sums = Array.from({ length: ring }, (_, slot) => [0, 1].map((ch) => data.subarray((2 * slot + ch) * options.block, (2 * slot + ch + 1) * options.block)));
    return { worker, ctrl, errorText, tracks: [], done, slots: [], sums, ring, blocks };
  }
  const tracks = models.map((model) => ({ model, output: [] as Float32Array[], sends: [] as Float32Array[][] }));
  return { worker, ctrl, errorText, tracks, done, slots: slotViews(models, data, ring, options.block), ring, blocks };
}

const FROM_SOURCE = __filename.endsWith(".ts");
/** The worker's script: the bundle beside this one, or the TypeScript source when running from source. */
const WORKER_SCRIPT = join(__dirname, FROM_SOURCE ? "trackWorker.ts" : "trackWorker.js");

/** Whether worker threads can be started (a bundle copied without its worker script cannot). */
export function workersAvailable(): boolean {
  return existsSync(WORKER_SCRIPT);
}

/** Workers started by `prewarmWorkers`, booted or booting, each waiting for its input as its first message. */
const warm: Worker[] = [];

/**
 * Starts up to `count` workers now, for a render about to begin: a worker
 * takes about 70 ms to boot here, which the mixer's thread would otherwise
 * wait out at the first block, and it boots while the session is read and
 * the mixer set up. The next TrackPool takes them (and stops any it does
 * not need); until then they do not keep the process alive.
 */
export function prewarmWorkers(count: number): void {
  if (!workersAvailable()) return;
  while (warm.length < count) {
    const worker = startWorker(undefined);
    worker.unref();
    worker.on("error", () => undefined); // a worker that failed to boot is not taken (see spawn)
    warm.push(worker);
  }
}

/** The thread ids of the workers `prewarmWorkers` started that no render has taken yet. */
export function warmThreadIds(): number[] {
  return warm.map((w) => w.threadId);
}

function stopWarmWorkers(): void {
  for (const worker of warm.splice(0)) void worker.terminate();
}

/** A worker rendering `input`: a warm one if one is still alive, else a new one. */
function spawn(input: WorkerInput): Worker {
  for (let worker = warm.shift(); worker; worker = warm.shift()) {
    if (worker.threadId < 0) continue; // it has exited
    worker.removeAllListeners("error");
    worker.ref();
    worker.postMessage(input);
    return worker;
  }
  return startWorker(input);
}

/** A worker given its input now (workerData), or, with none, waiting for it as a message. */
function startWorker(input: WorkerInput | undefined): Worker {
  if (FROM_SOURCE) {
    const loader = "tsx/cjs"; // not a literal, so bundlers leave it alone
    const code = `require(${JSON.stringify(require.resolve(loader))}); require(${JSON.stringify(WORKER_SCRIPT)});`;
    return new Worker(code, { eval: true, workerData: input });
  }
  return new Worker(WORKER_SCRIPT, { workerData: input });
}

/**
 * Waits until the worker has produced block k (or throws what went wrong in
 * its worker). When it must wait, it waits for a run of blocks (a quarter of
 * the ring, or to the last block), so that a mixer ahead of its worker is not
 * woken for each block (DATA_AT tells the worker when to wake it).
 */
function waitFor(lane: Lane, k: number): void {
  if (Atomics.load(lane.ctrl, PRODUCED) > k) return;
  const want = Math.min(k + 1 + Math.floor(lane.ring / 4), lane.blocks);
  Atomics.store(lane.ctrl, DATA_AT, want);
  try {
    let last = Date.now();
    for (;;) {
      const produced = Atomics.load(lane.ctrl, PRODUCED);
      if (produced >= want) return;
      if (Atomics.load(lane.ctrl, FAILED)) throw workerError(lane);
      if (Atomics.wait(lane.ctrl, PRODUCED, produced, 1000) !== "timed-out") last = Date.now();
      else if (Date.now() - last > STALL_MS) throw new EngineError("A render worker stopped responding; the render was abandoned.");
    }
  } finally {
    Atomics.store(lane.ctrl, DATA_AT, NO_WAITER);
  }
}

function workerError(lane: Lane): EngineError {
  const end = lane.errorText.indexOf(0);
  const text = new TextDecoder().decode(lane.errorText.slice(0, end < 0 ? undefined : end));
  const { message, origin } = JSON.parse(text) as { message: string; origin?: [number, number] };
  return new EngineError(message, origin);
}

/** Points the lane's tracks at their signals in `slot`. */
function pointAt(lane: Lane, slot: number): void {
  lane.tracks.forEach((t, i) => {
    t.output = lane.slots[slot][i].output;
    t.sends = lane.slots[slot][i].sends;
  });
}

/** Views of each slot, per track: output then sends, as the worker writes them. */
function slotViews(models: TrackModel[], data: Float32Array, ring: number, block: number): SlotView[][] {
  const slots: SlotView[][] = [];
  for (let slot = 0, at = 0; slot < ring; slot++) {
    const view = () => data.subarray(at, (at += block));
    slots.push(models.map((m) => ({ output: [view(), view()], sends: m.sends.map(() => [view(), view()]) })));
  }
  return slots;
}
