// Waiting is polling for a state with a deadline, never a fixed sleep.

export interface PollOptions {
  /** What is awaited, for the error message ("the workbench to load"). */
  what: string;
  /** Give up after this many milliseconds. */
  timeoutMs: number;
  /** Time between two looks; 100 ms unless told. */
  intervalMs?: number;
}

/** A state seen while polling that was not yet the awaited one. */
export type Probe<T> = () => T | undefined | Promise<T | undefined>;

/**
 * Calls `probe` until it returns a value other than `undefined` and returns that value.
 * A probe that throws counts as "not yet"; its last error is quoted if the deadline passes.
 */
export async function waitFor<T>(probe: Probe<T>, options: PollOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  let last = "nothing seen yet";
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what} (last: ${last})`);
    }
    await pause(Math.min(interval, Math.max(1, deadline - Date.now())));
  }
}

/** Like `waitFor` with a boolean probe. */
export async function waitUntil(probe: () => boolean | Promise<boolean>, options: PollOptions): Promise<void> {
  await waitFor(async () => ((await probe()) ? true : undefined), options);
}

/** The pause between two polls; only `waitFor` uses it. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
