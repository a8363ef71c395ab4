// Rendering a session as it was at a revision: the session file and the takes
// it plays are read from git (never from the working tree) into a cache
// folder named by their content hash, and rendered there with the engine.
// Renders are deterministic, so a cached render is the render: a second
// request for the same content is served from the cache.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { analyze } from "../../core/analyze";
import { parseReport, reportPath, type RenderReport } from "../../core/protocol/report";
import { lineIndex } from "../../core/positions";
import type { WavBits } from "../io/wavWrite";
import { EngineError } from "../render/errors";
import { sessionStem } from "../render/outputs";
import { renderMix } from "../render/render";
import { blobAt, GitError, locateInRepo, readAt, repoPath, resolveCommit } from "./git";

/** Bump when a change to the engine changes what a render sounds like, so old cached renders are not reused. */
export const RENDER_CACHE_VERSION = 1;

export interface RevisionRenderOptions {
  bits?: WavBits;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface RevisionRender {
  /** The revision as asked for, and the commit it named. */
  rev: string;
  commit: string;
  /** The content hash (session text and take blob ids) naming the cache folder. */
  key: string;
  /** The session as it was, materialised in the cache. */
  session: string;
  /** The rendered mix (WAV) and its report. */
  path: string;
  report: RenderReport;
  /** Served from the cache without rendering. */
  cached: boolean;
}

/** The cache folder of a session's renders at revisions: `<session folder>/renders/.revisions`. */
export function revisionCache(sessionPath: string): string {
  return join(dirname(resolve(sessionPath)), "renders", ".revisions");
}

export async function renderAtRevision(sessionPath: string, rev: string, options: RevisionRenderOptions = {}): Promise<RevisionRender> {
  const where = await locateInRepo(sessionPath);
  const commit = await resolveCommit(where.root, rev);
  const text = (await readAt(where.root, commit, where.path, rev)).toString("utf8");
  const takes = await takeBlobs(text, where.prefix, where.root, commit, `${where.path} at ${rev}`);
  const key = createHash("sha256").update(`mixdown render v${RENDER_CACHE_VERSION}\0${options.bits ?? 24}\0${text}\0${takes.map((t) => `${t.path}=${t.blob}`).join("\0")}`).digest("hex");
  const dir = join(revisionCache(sessionPath), key);
  const session = join(dir, where.path);
  const result = (cached: boolean, found: { path: string; report: RenderReport }) => ({ rev, commit, key, session, ...found, cached });
  const hit = readCached(session);
  if (hit) return result(true, hit);
  const partial = `${dir}.${process.pid}.${Date.now()}.partial`;
  try {
    const copy = join(partial, where.path);
    mkdirSync(dirname(copy), { recursive: true });
    writeFileSync(copy, text);
    for (const t of takes) {
      const target = join(partial, t.repoPath);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, await readAt(where.root, commit, t.repoPath, rev));
    }
    const model = analyze(text).model;
    await renderMix(model, { sessionPath: copy, folder: dirname(copy), bits: options.bits, signal: options.signal, onProgress: options.onProgress });
    try {
      renameSync(partial, dir);
    } catch (error) {
      // Another request rendered the same content first: theirs is the same render.
      if (!existsSync(dir)) throw error;
      rmSync(partial, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  const done = readCached(session);
  if (!done) throw new EngineError(`The render of '${where.path}' at ${rev} did not leave its report in ${dir}; render again.`);
  return result(false, done);
}

interface TakeBlob {
  /** As written in the session. */
  path: string;
  repoPath: string;
  blob: string;
}

/** The takes the session plays (alternatives are not rendered), with their blob ids at `commit`. */
async function takeBlobs(text: string, prefix: string, root: string, commit: string, label: string): Promise<TakeBlob[]> {
  const a = analyze(text);
  const firstError = a.diagnostics.find((d) => d.severity === "error");
  if (firstError) {
    const line = lineIndex(text).positionAt(firstError.range[0]).line + 1;
    throw new EngineError(`${label}:${line}: ${firstError.message} This revision cannot be rendered as it is.`);
  }
  const paths = [...new Set(a.model.tracks.flatMap((t) => t.takes.map((k) => k.path)))].sort();
  const out: TakeBlob[] = [];
  for (const path of paths) {
    const inRepo = repoPath(prefix, path);
    if (!inRepo) throw new GitError(`The take '${path}' of ${label} is outside the repository, so git has no copy of it at that revision.`);
    const blob = await blobAt(root, commit, inRepo);
    if (!blob) throw new GitError(`The take '${path}' of ${label} is not in git at that revision: commit your takes with the session.`);
    out.push({ path, repoPath: inRepo, blob });
  }
  return out;
}

function readCached(session: string): { path: string; report: RenderReport } | undefined {
  const folder = dirname(session);
  const stem = sessionStem(session);
  try {
    const report = parseReport(readFileSync(join(folder, reportPath(stem)), "utf8"));
    const path = report && join(folder, report.output);
    return report && path && existsSync(path) ? { path, report } : undefined;
  } catch {
    return undefined;
  }
}
