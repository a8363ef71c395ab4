// Errors the engine reports to people: what is wrong, where in the session
// (the model item's source range), and what to do.
import type { Range } from "../../core/ast";

export class EngineError extends Error {
  constructor(message: string, readonly origin?: Range) {
    super(message);
  }
}

/** Thrown when a render is cancelled (SIGINT or an abort signal). */
export class CancelledError extends Error {
  constructor() {
    super("cancelled");
  }
}
