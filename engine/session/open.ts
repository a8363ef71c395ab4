// Opening a session, for every front door (the CLI, the engine's JSON-RPC
// handlers, the player): read the file (or take the editor's text), analyse
// it against the take files beside it, and return the model or the problems.
// Each caller formats the problems its own way; none analyses by itself.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { analyze } from "../../core/analyze";
import type { Diagnostic } from "../../core/diagnostics";
import type { SessionModel } from "../../core/model";
import type { ParseCache } from "../../core/parse";
import { lineIndex } from "../../core/positions";
import { nodeUserEffects } from "../../platform/faustEffects";
import { nodeProbe } from "../../platform/nodeFiles";

export interface OpenOptions {
  /** The text to open instead of the file's (an editor's unsaved text). */
  text?: string;
  /** Reuses the parse of unchanged blocks between opens of one document. */
  parseCache?: ParseCache;
  /** Whether a session without tracks is a problem (it is for every render; `check` allows it). */
  needsTracks?: boolean;
  /** With `text`: read the file too, to say whether the text is the file's (`fromDisk`); the player need not. */
  compareWithFile?: boolean;
}

interface Opened {
  /** Absolute path of the session file. */
  path: string;
  /** Its folder: takes and renders are relative to it. */
  folder: string;
  text: string;
  /** The text is the file's (false: a text that differs from the file was given, or `compareWithFile` was false). */
  fromDisk: boolean;
  /** Every diagnostic, warnings included, in text order. */
  diagnostics: Diagnostic[];
}

/** A problem that stops the session from opening, with its 1-based line and column. */
export interface SessionProblem {
  line: number;
  column: number;
  message: string;
  /** The diagnostic behind it; undefined for "no tracks", which belongs to no place. */
  diagnostic?: Diagnostic;
}

export type OpenedSession = (Opened & { ok: true; model: SessionModel }) | (Opened & { ok: false; problems: SessionProblem[] });

export const NO_TRACKS = "The session has no tracks: add a track with a take.";

/** The file could not be read (and no text was given): `why` reads after "cannot read 'path': ". */
export class UnreadableSession extends Error {
  constructor(readonly path: string, readonly why: string) {
    super(`cannot read '${path}': ${why}`);
  }
}

export function openSession(file: string, options: OpenOptions = {}): OpenedSession {
  const path = resolve(file);
  const folder = dirname(path);
  const disk = options.text === undefined || (options.compareWithFile ?? true) ? readDisk(path, options.text === undefined) : undefined;
  const text = options.text ?? disk ?? "";
  const result = analyze(text, { probe: nodeProbe(folder), parseCache: options.parseCache, userEffects: nodeUserEffects(folder) });
  const opened: Opened = { path, folder, text, fromDisk: text === disk, diagnostics: result.diagnostics };
  if (!result.ok) {
    const doc = lineIndex(text);
    const problems = result.diagnostics.filter((d) => d.severity === "error").map((diagnostic): SessionProblem => {
      const at = doc.positionAt(diagnostic.range[0]);
      return { line: at.line + 1, column: at.character + 1, message: diagnostic.message, diagnostic };
    });
    return { ...opened, ok: false, problems };
  }
  if ((options.needsTracks ?? true) && result.model.tracks.length === 0) {
    return { ...opened, ok: false, problems: [{ line: 1, column: 1, message: NO_TRACKS }] };
  }
  return { ...opened, ok: true, model: result.model };
}

/** The file's text; undefined when it cannot be read but a text was given instead. */
function readDisk(path: string, required: boolean): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if (!required) return undefined;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UnreadableSession(path, code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (error as Error).message);
  }
}
