// The background half of warm starts (stage.ts): while some channel plays
// from a warm start, its exact render moves forward in slices of a few
// milliseconds between the engine's requests (setImmediate, so chunk and
// update requests are answered in between), furthest-behind channel first so
// a bus finds its feeders' exact blocks freshly cached. An edit replaces the
// graph: stale stages are closed and never visited again; the next slice works
// on the new graph's laggards. Stops when nothing is behind.
import type { LiveGraph } from "./graph";

/** Work per slice before yielding to the event loop. */
const SLICE_MS = 6;

export class Catchup {
  private timer?: NodeJS.Immediate;
  private waiters: (() => void)[] = [];
  /** The error that stopped it (a take that can no longer be read); cleared by the next graph. */
  failure?: Error;

  constructor(private readonly graph: () => LiveGraph | undefined) {}

  /** Starts (or keeps) working if some audible stage is behind. */
  schedule(): void {
    if (this.timer) return;
    if (this.failure || !this.graph()?.laggard()) return this.settle();
    this.timer = setImmediate(() => this.slice());
  }

  /** A new graph: try again even if the last one failed. */
  reset(): void {
    this.failure = undefined;
    this.schedule();
  }

  /** Resolves once no audible stage is behind (or the catch-up failed). */
  idle(): Promise<void> {
    if (!this.timer) return Promise.resolve();
    return new Promise((done) => this.waiters.push(done));
  }

  private slice(): void {
    this.timer = undefined;
    const graph = this.graph();
    const until = performance.now() + SLICE_MS;
    try {
      for (let stage = graph?.laggard(); stage; stage = graph!.laggard()) {
        stage.catchUp(graph!.length);
        if (performance.now() >= until) break;
      }
    } catch (error) {
      this.failure = error as Error;
    }
    this.schedule();
  }

  private settle(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const done of waiters) done();
  }

  cancel(): void {
    if (this.timer) clearImmediate(this.timer);
    this.timer = undefined;
    this.settle();
  }
}
