// Loading a session for the engine commands: checked, with errors printed
// the way `mixdown check` prints them, and cancellation on Ctrl-C.
import { dirname, resolve } from "node:path";
import { analyze } from "../../core/analyze";
import type { SessionModel } from "../../core/model";
import { nodeProbe } from "../../core/nodeProbe";
import { lineIndex } from "../../core/positions";
import { CancelledError, EngineError } from "../render/errors";
import { describeDiagnostic } from "./check";
import { CliError, readText } from "./args";

export interface LoadedSession {
  path: string;
  folder: string;
  model: SessionModel;
  text: string;
}

export function loadSession(path: string): LoadedSession {
  const text = readText(path);
  const result = analyze(text, { probe: nodeProbe(dirname(path)) });
  if (!result.ok) {
    const doc = lineIndex(text);
    for (const d of result.diagnostics) if (d.severity === "error") process.stderr.write(describeDiagnostic(path, doc, text, d));
    throw new CliError(`'${path}' has errors (above); fix them, then render. Nothing was written.`);
  }
  if (result.model.tracks.length === 0) throw new CliError(`'${path}' has no tracks, so there is nothing to render: add a track with a take.`);
  return { path: resolve(path), folder: resolve(dirname(path)), model: result.model, text };
}

/** An abort signal that fires on SIGINT/SIGTERM, for the duration of `work`. */
export async function cancellable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    return await work(controller.signal);
  } catch (error) {
    if (error instanceof CancelledError) throw new CliError("cancelled; no output was written and the previous render is untouched.", 130);
    if (error instanceof EngineError) throw new CliError(error.message);
    throw error;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
