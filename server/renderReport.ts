// The last render's report for a session, read from disk when it changes.
import { readFileSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseReport, reportPath, type RenderReport } from "../core/protocol/report";

const cache = new Map<string, { mtime: number; report: RenderReport | undefined }>();

export function lastReport(uri: string): RenderReport | undefined {
  if (!uri.startsWith("file:")) return undefined;
  const session = fileURLToPath(uri);
  const path = join(session, "..", reportPath(basename(session, extname(session))));
  let mtime: number;
  try {
    mtime = statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
  const hit = cache.get(path);
  if (hit && hit.mtime === mtime) return hit.report;
  let report: RenderReport | undefined;
  try {
    report = parseReport(readFileSync(path, "utf8"));
  } catch {
    report = undefined;
  }
  cache.set(path, { mtime, report });
  return report;
}
