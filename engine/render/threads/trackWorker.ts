// A worker thread that renders some of a mix's tracks into the shared ring
// (see trackPool.ts): waits for a free slot, renders the block (a TrackSet:
// tracks that pair up render up to four at a time), copies each track's
// signals (or their sum) in, and counts it produced. An error is written to
// shared memory for the mixer to throw; the measures are the one message sent.
import { parentPort, workerData } from "node:worker_threads";
import { KernelSum, sumInto } from "../sum";
import { TrackRender, TrackSet } from "../trackRender";
import { CONSUMED, DATA_AT, FAILED, NO_WAITER, PRODUCED, ROOM_AT, slotFloats, type WorkerInput, type WorkerReply } from "./trackWorkerProtocol";

function run(input: WorkerInput): void {
  const { models, block, ctrl, data } = input;
  const renders: TrackRender[] = [];
  try {
    for (const m of models) renders.push(new TrackRender(m, input.folder, input.sampleRate, block, input.metered));
    const perSlot = slotFloats(models, block, input.summed);
    const set = new TrackSet(renders);
    const sum = [new Float32Array(block), new Float32Array(block)];
    const outputs = renders.map((r) => r.strip.output);
    // Summing, with the tracks rendered in order: each strip adds itself to a running mix in the
    // kernels' memory as it finishes (the same adds, without storing and re-reading each output).
    const running = input.summed && set.inOrder ? new KernelSum() : undefined;
    if (running) for (const r of renders) r.strip.sum = running;
    for (let start = 0, k = 0; start < input.length; start += block, k++) {
      waitForRoom(ctrl, k, input.ring);
      const frames = Math.min(block, input.length - start);
      let at = (k % input.ring) * perSlot;
      running?.clear(frames);
      set.render(start, frames);
      if (running) for (const ch of running.read(frames)) at = copy(ch, data, at, block);
      else if (input.summed) {
        // From +0, each output in the model's order: the adds the mixer would do.
        for (const ch of sum) ch.fill(0);
        sumInto(sum, outputs, frames);
        for (const ch of sum) at = copy(ch, data, at, block);
      } else {
        for (const r of renders) {
          for (const ch of r.strip.output) at = copy(ch, data, at, block);
          for (const send of r.sendOutputs) for (const ch of send) at = copy(ch, data, at, block);
        }
      }
      Atomics.store(ctrl, PRODUCED, k + 1);
      // The mixer is woken once the run of blocks it waits for is there (see DATA_AT), and at the end.
      if (k + 1 >= Atomics.load(ctrl, DATA_AT) || start + block >= input.length) Atomics.notify(ctrl, PRODUCED);
    }
    const reply: WorkerReply = { measures: renders.map((r) => [r.model.id, r.measures()]) };
    parentPort!.postMessage(reply);
  } catch (error) {
    fail(input, error as Error & { origin?: [number, number] });
  } finally {
    for (const r of renders) r.close();
  }
}

/**
 * Waits until block k's slot has been used by the mixer (blocks k - ring and
 * before). When the ring is full, waits until half of it is free, so that the
 * worker then writes a run of blocks rather than waking for each block the
 * mixer frees (ROOM_AT tells the mixer when to wake it).
 */
function waitForRoom(ctrl: Int32Array, k: number, ring: number): void {
  if (k - Atomics.load(ctrl, CONSUMED) < ring) return;
  const until = k - Math.floor(ring / 2);
  Atomics.store(ctrl, ROOM_AT, until);
  for (;;) {
    const consumed = Atomics.load(ctrl, CONSUMED);
    if (consumed >= until) break;
    Atomics.wait(ctrl, CONSUMED, consumed, 1000);
  }
  Atomics.store(ctrl, ROOM_AT, NO_WAITER);
}

function copy(src: Float32Array, data: Float32Array, at: number, block: number): number {
  data.set(src, at);
  return at + block;
}

function fail(input: WorkerInput, error: Error & { origin?: [number, number] }): void {
  const bytes = new TextEncoder().encode(JSON.stringify({ message: error.message, origin: error.origin }));
  input.errorText.set(bytes.subarray(0, input.errorText.length - 1));
  Atomics.store(input.ctrl, FAILED, 1);
  Atomics.notify(input.ctrl, PRODUCED);
}

// Started for a render (workerData), or started early (prewarmWorkers) and given its input as the first message.
if (workerData) run(workerData as WorkerInput);
else parentPort!.once("message", (input: WorkerInput) => run(input));
