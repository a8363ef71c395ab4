// The session a command names (engine/session/open.ts), with errors printed
// the way `mixdown check` prints them, and cancellation on Ctrl-C.
import type { SessionModel } from "../../core/model";
import { lineIndex } from "../../core/positions";
import { CancelledError, EngineError } from "../render/errors";
import { openSession, UnreadableSession, type OpenOptions } from "../session/open";
import { describeDiagnostic } from "./check";
import { CliError } from "./args";

export interface LoadedSession {
  path: string;
  folder: string;
  model: SessionModel;
  text: string;
}

/**
 * Opens a session for a command that renders from it; its errors are printed
 * with their lines, and `fix` ends the last line (what to do, and what was not done).
 */
export function loadSession(path: string, fix = "fix them, then render. Nothing was written.", options: OpenOptions = {}): LoadedSession {
  const opened = openFile(path, options);
  if (!opened.ok) {
    const doc = lineIndex(opened.text);
    let located = 0;
    for (const p of opened.problems) if (p.diagnostic && ++located) process.stderr.write(describeDiagnostic(path, doc, opened.text, p.diagnostic));
    if (located === 0) throw new CliError(`'${path}' has no tracks, so there is nothing to render: add a track with a take.`);
    throw new CliError(`'${path}' has errors (above); ${fix}`);
  }
  return { path: opened.path, folder: opened.folder, model: opened.model, text: opened.text };
}

/** `openSession`, with an unreadable file as a CliError. */
export function openFile(path: string, options: OpenOptions = {}): ReturnType<typeof openSession> {
  try {
    return openSession(path, options);
  } catch (error) {
    if (error instanceof UnreadableSession) throw new CliError(`cannot read '${path}': ${error.why}.`);
    throw error;
  }
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
