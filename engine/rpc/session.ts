// The engine process's view of a session: read from disk or taken from the
// text the client sent, checked, and turned into the model the renderer needs.
// Problems become a ResponseError the client can show and point at.
import { readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { ResponseError } from "vscode-jsonrpc";
import { analyze } from "../../core/analyze";
import type { SessionModel } from "../../core/model";
import { nodeProbe } from "../../core/nodeProbe";
import { lineIndex } from "../../core/positions";
import { EngineErrorCode, type EngineErrorData, type SessionSource } from "../../core/protocol/engine";

export interface OpenedSession {
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

export function openSession(source: SessionSource): OpenedSession {
  const path = resolve(source.path);
  const name = basename(path);
  let disk: string | undefined;
  try {
    disk = readFileSync(path, "utf8");
  } catch (error) {
    if (source.text === undefined) throw failure(`Cannot read '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Save the session to a file, then render.`, { path });
  }
  const text = source.text ?? disk ?? "";
  const result = analyze(text, { probe: nodeProbe(dirname(path)) });
  if (!result.ok) {
    const doc = lineIndex(text);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    const problems = errors.map((d) => {
      const at = doc.positionAt(d.range[0]);
      return `${path}:${at.line + 1}:${at.character + 1}: ${d.message}`;
    });
    const first = errors[0];
    const where = first ? ` (first: line ${doc.positionAt(first.range[0]).line + 1}: ${first.message})` : "";
    throw new ResponseError<EngineErrorData>(
      EngineErrorCode.InvalidSession,
      `'${name}' has ${errors.length} error${errors.length === 1 ? "" : "s"}${where}. Fix them (see the Problems panel), then try again. Nothing was written.`,
      { path, origin: first?.range, problems },
    );
  }
  if (result.model.tracks.length === 0) {
    throw failure(`'${name}' has no tracks, so there is nothing to render: add a track with a take.`, { path });
  }
  return { path, folder: dirname(path), model: result.model, text, roots: source.roots ?? [], fromDisk: source.text === undefined || source.text === disk };
}
