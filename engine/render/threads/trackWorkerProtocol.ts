// What the mixer's thread and a track worker share: the worker's input, its
// one reply, and the layout of the shared memory between them.
// Sender: trackPool.ts (workerData) to trackWorker.ts; the reply back.
import type { TrackModel } from "../../../core/model";
import type { TrackMeasure } from "../trackRender";

/**
 * Blocks a worker's ring holds: it runs up to that many, less one, ahead of
 * the mixer, which smooths out the two threads' uneven pace (here one core
 * was measured running the same code 1.6 times slower than the other, and
 * which one changes during a render). As many as fit in RING_BYTES, from
 * 4 to 64.
 */
export function ringBlocks(models: readonly TrackModel[], block: number, summed = false): number {
  return Math.max(4, Math.min(64, Math.floor(RING_BYTES / (4 * slotFloats(models, block, summed)))));
}
/** Memory a worker's ring may take. */
const RING_BYTES = 24 * 1024 * 1024;
/** Indices in the control array. */
export const PRODUCED = 0;
export const CONSUMED = 1;
export const FAILED = 2;
/**
 * Set by a side that waits, to the count the other side must reach before it
 * wakes it (INT32_MAX: nobody waits): the worker waiting for room wants
 * CONSUMED at least ROOM_AT, the mixer waiting for blocks PRODUCED at least
 * DATA_AT. A waiter asks for a run of blocks, not one, so that once one
 * thread runs ahead the two do not wake each other for every block.
 */
export const ROOM_AT = 3;
export const DATA_AT = 4;
/** Entries of the control array. */
export const CONTROL_SIZE = 5;
/** Nobody waits. */
export const NO_WAITER = 0x7fffffff;
/** Room for the worker's error, as UTF-8 JSON { message, origin }. */
export const ERROR_BYTES = 8192;

export interface WorkerInput {
  models: TrackModel[];
  folder: string;
  sampleRate: number;
  block: number;
  metered: boolean;
  /** Timeline frames to render. */
  length: number;
  /** [blocks produced, blocks consumed, failed, ROOM_AT, DATA_AT] (CONTROL_SIZE entries). */
  ctrl: Int32Array;
  errorText: Uint8Array;
  /** Slots in the ring (ringBlocks). */
  ring: number;
  /**
   * The worker sums its tracks' outputs (summedPrefix in threadShare.ts: the
   * first tracks of the mix, no sends) and the ring carries that sum, not
   * each track's signals.
   */
  summed: boolean;
  /** `ring` slots; in each, per track: output L, R, then L, R per send, `block` floats each; summed: the sum's L, R. */
  data: Float32Array;
}

/** Sent once, after the last block. */
export interface WorkerReply {
  measures: [string, TrackMeasure][];
}

/** Floats in one slot of the ring for these tracks (or their sum). */
export function slotFloats(models: readonly TrackModel[], block: number, summed = false): number {
  return summed ? 2 * block : models.reduce((sum, m) => sum + (2 + 2 * m.sends.length) * block, 0);
}
