// What the mixer's thread and a track worker share: the worker's input, its
// one reply, and the layout of the shared memory between them.
// Sender: trackPool.ts (workerData) to trackWorker.ts; the reply back.
import type { TrackModel } from "../../core/model";
import type { TrackMeasure } from "./trackRender";

/**
 * Blocks the ring holds: a worker runs up to RING - 1 blocks ahead of the
 * mixer, which smooths out the workers' uneven pace (about 1 MB a track).
 */
export const RING = 16;
/** Indices in the control array. */
export const PRODUCED = 0;
export const CONSUMED = 1;
export const FAILED = 2;
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
  /** [blocks produced, blocks consumed, failed]. */
  ctrl: Int32Array;
  errorText: Uint8Array;
  /** RING slots; in each, per track: output L, R, then L, R per send, `block` floats each. */
  data: Float32Array;
}

/** Sent once, after the last block. */
export interface WorkerReply {
  measures: [string, TrackMeasure][];
}

/** Floats in one slot of the ring for these tracks. */
export function slotFloats(models: readonly TrackModel[], block: number): number {
  return models.reduce((sum, m) => sum + (2 + 2 * m.sends.length) * block, 0);
}
