// Where renders go, safely: inside the session's folder (or the workspace)
// unless the user explicitly allows elsewhere, written to a temporary file and
// renamed, so a failed or cancelled render never leaves half a file or
// destroys the previous one.
import { createHash } from "node:crypto";
import { createReadStream, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from "node:path";
import { EngineError } from "./errors";

export interface OutputPolicy {
  /** The session file's folder: outputs resolve against it. */
  folder: string;
  /** Further folders outputs may go into (the workspace). */
  roots?: string[];
  /** The user passed --allow-outside: anywhere goes. */
  allowOutside?: boolean;
}

export function sessionStem(sessionPath: string): string {
  return basename(sessionPath, extname(sessionPath));
}

/** Resolves an output path, refusing places outside the allowed folders. */
export function resolveOutput(path: string, policy: OutputPolicy, what: string): string {
  const full = isAbsolute(path) ? resolve(path) : resolve(policy.folder, path);
  const inside = (root: string) => {
    const rel = relative(resolve(root), full);
    return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
  };
  if (!policy.allowOutside && ![policy.folder, ...(policy.roots ?? [])].some(inside)) {
    throw new EngineError(`The ${what} path '${path}' points outside the session's folder (${policy.folder}); a session from someone else's repository must not write there. Use a path inside the folder, or pass --allow-outside if you mean it.`);
  }
  return full;
}

/** A temporary path beside `final`, made ready (folder created, writable). */
export function temporaryBeside(final: string): string {
  try {
    mkdirSync(dirname(final), { recursive: true });
  } catch (error) {
    throw new EngineError(`Cannot create the folder for '${final}': ${(error as Error).message}. Check the path and its permissions.`);
  }
  return join(dirname(final), `.${basename(final)}.${process.pid}.${Date.now()}.partial`);
}

/** Moves a finished temporary file into place (atomic on one file system). */
export function commit(temp: string, final: string): void {
  renameSync(temp, final);
}

export function discard(temp: string): void {
  rmSync(temp, { force: true });
}

/** Writes a small text file (a report) atomically. */
export function writeAtomically(path: string, text: string): void {
  const temp = temporaryBeside(path);
  writeFileSync(temp, text);
  commit(temp, path);
}

export function sha256(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash("sha256");
    createReadStream(path).on("data", (d) => hash.update(d)).on("error", reject).on("end", () => resolvePromise(hash.digest("hex")));
  });
}
