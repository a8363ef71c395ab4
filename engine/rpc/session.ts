// The session a request names (core/protocol/engine.ts `SessionSource`),
// opened by engine/session/open.ts; problems become a ResponseError the
// client can show and point at.
import { basename } from "node:path";
import { ResponseError } from "vscode-jsonrpc";
import type { SessionModel } from "../../core/model";
import { EngineErrorCode, type EngineErrorData, type SessionSource } from "../../core/protocol/engine";
import { openSession, UnreadableSession } from "../session/open";

export interface RequestedSession {
  path: string;
  folder: string;
  model: SessionModel;
  text: string;
  roots: string[];
  /** The text is the file's (false: an unsaved editor's text was sent). */
  fromDisk: boolean;
}

export function failure(message: string, data: EngineErrorData = {}): ResponseError<EngineErrorData> {
  return new ResponseError(EngineErrorCode.Failed, message, data);
}

/** The session of a request, valid and with tracks, or a ResponseError saying what to fix. */
export function requestedSession(source: SessionSource): RequestedSession {
  let opened;
  try {
    opened = openSession(source.path, { text: source.text });
  } catch (error) {
    if (error instanceof UnreadableSession) throw failure(`Cannot read '${error.path}': ${error.why}. Save the session to a file, then render.`, { path: error.path });
    throw error;
  }
  const { path } = opened;
  if (!opened.ok) {
    const name = basename(path);
    const first = opened.problems[0];
    if (!first.diagnostic) throw failure(`'${name}' has no tracks, so there is nothing to render: add a track with a take.`, { path });
    const count = opened.problems.length;
    throw new ResponseError<EngineErrorData>(
      EngineErrorCode.InvalidSession,
      `'${name}' has ${count} error${count === 1 ? "" : "s"} (first: line ${first.line}: ${first.message}). Fix them (see the Problems panel), then try again. Nothing was written.`,
      { path, origin: first.diagnostic.range, problems: opened.problems.map((p) => `${path}:${p.line}:${p.column}: ${p.message}`) },
    );
  }
  return { path, folder: opened.folder, model: opened.model, text: opened.text, roots: source.roots ?? [], fromDisk: opened.fromDisk };
}
