// Rendering a session as it was at a revision: the session file, the takes
// it plays and the Faust programs (`fx "effects/x.dsp"`) its inserts run are
// read from git (never from the working tree) into a cache
// folder named by their content hash, and rendered there with the engine.
// Renders are deterministic, so a cached render is the render: a second
// request for the same content is served from the cache.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { analyze } from "../../core/analyze";
import type { SessionModel } from "../../core/model";
import type { UserEffects } from "../../core/userEffects";
import { parseReport, reportPath, type RenderReport } from "../../core/protocol/report";
import { lineIndex } from "../../core/positions";
import { nodeUserEffects } from "../../platform/faustEffects";
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
  /** The content hash (session text, take and Faust program blob ids) naming the cache folder. */
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
  const label = `${where.path} at ${rev}`;
  const files = await sourceBlobs(text, where.prefix, where.root, commit, label);
  const key = createHash("sha256").update(`mixdown render v${RENDER_CACHE_VERSION}\0${options.bits ?? 24}\0${text}\0${files.map((t) => `${t.path}=${t.blob}`).join("\0")}`).digest("hex");
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
    for (const t of files) {
      const target = join(partial, t.repoPath);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, await readAt(where.root, commit, t.repoPath, rev));
    }
    // With the programs beside it, the old session is analysed as the CLI would: `fx` compiled.
    const model = checked(text, label, nodeUserEffects(dirname(copy)));
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

interface SourceBlob {
  /** As written in the session. */
  path: string;
  repoPath: string;
  blob: string;
}

/** The model of a session's text, or an error at the line of its first problem. */
function checked(text: string, label: string, userEffects?: UserEffects): SessionModel {
  const a = analyze(text, { userEffects });
  const firstError = a.diagnostics.find((d) => d.severity === "error");
  if (firstError) {
    const line = lineIndex(text).positionAt(firstError.range[0]).line + 1;
    throw new EngineError(`${label}:${line}: ${firstError.message} This revision cannot be rendered as it is.`);
  }
  return a.model;
}

/** The Faust programs a model's inserts run, on every channel and the master. */
function programPaths(model: SessionModel): string[] {
  const inserts = [...model.tracks, ...model.buses, model.master].flatMap((c) => c.inserts);
  return inserts.flatMap((e) => (e.type === "fx" ? [e.path] : []));
}

/**
 * The takes the session plays (alternatives are not rendered) and the Faust programs it
 * runs, with their blob ids at `commit`: takes first, then programs, each sorted.
 */
async function sourceBlobs(text: string, prefix: string, root: string, commit: string, label: string): Promise<SourceBlob[]> {
  // Without the programs at hand, `fx` is not compiled here; the copy is analysed with them.
  const model = checked(text, label);
  const files = [
    ...[...new Set(model.tracks.flatMap((t) => t.takes.map((k) => k.path)))].sort().map((path) => ({ path, what: "take", commit: "commit your takes with the session" })),
    ...[...new Set(programPaths(model))].sort().map((path) => ({ path, what: "Faust program", commit: "commit your effects with the session" })),
  ];
  const out: SourceBlob[] = [];
  for (const { path, what, commit: advice } of files) {
    const inRepo = repoPath(prefix, path);
    if (!inRepo) throw new GitError(`The ${what} '${path}' of ${label} is outside the repository, so git has no copy of it at that revision.`);
    const blob = await blobAt(root, commit, inRepo);
    if (!blob) throw new GitError(`The ${what} '${path}' of ${label} is not in git at that revision: ${advice}.`);
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
