// Files the engine writes beside a session (the last render's report, the
// last `mixdown test` result), read from disk again only when they change.
import { readFileSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseReport, reportPath, type RenderReport } from "../core/protocol/report";
import { parseTestResult, testResultPath, type TestResult } from "../core/protocol/testResult";

interface Kind<T> {
  /** Where the file lives, relative to the session's folder, from the session's stem. */
  path(stem: string): string;
  /** The file's content, or undefined when it is not one of these. */
  parse(text: string): T | undefined;
}

/** A reader of one kind of file per session, cached by modification time. */
function sessionFile<T>(kind: Kind<T>): (uri: string) => T | undefined {
  const cache = new Map<string, { mtime: number; value: T | undefined }>();
  return (uri) => {
    if (!uri.startsWith("file:")) return undefined;
    const session = fileURLToPath(uri);
    const path = join(session, "..", kind.path(basename(session, extname(session))));
    let mtime: number;
    try {
      mtime = statSync(path).mtimeMs;
    } catch {
      return undefined;
    }
    const hit = cache.get(path);
    if (hit && hit.mtime === mtime) return hit.value;
    let value: T | undefined;
    try {
      value = kind.parse(readFileSync(path, "utf8"));
    } catch {
      value = undefined;
    }
    cache.set(path, { mtime, value });
    return value;
  };
}

/** The last render's report for a session. */
export const lastReport: (uri: string) => RenderReport | undefined = sessionFile({ path: reportPath, parse: parseReport });

/** The last `mixdown test` result for a session. */
export const lastTestResult: (uri: string) => TestResult | undefined = sessionFile({ path: testResultPath, parse: parseTestResult });
