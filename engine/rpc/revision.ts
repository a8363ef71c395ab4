// The engine's git requests (core/protocol/engine.ts), registered by
// engine/rpc/main.ts: the commits of a session, a render at a revision measured
// for A/B (cached by content hash with its analysis), the current mix
// measured the same way, chunks of a revision render, and Set Up Git.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import type { CancellationToken, MessageConnection } from "vscode-jsonrpc";
import { AnalyseMixRequest, RenderRevisionRequest, RevisionChunkRequest, RevisionsRequest, SetupGitRequest, type AnalyseMixParams, type MixAnalysis, type RenderRevisionParams, type RenderRevisionResult, type RevisionInfo, type RevisionsParams, type SetupGitParams, type SetupGitResult } from "../../core/protocol/revision";
import { analyseWav } from "../analysis/mixAnalysis";
import { git, GitError, locateInRepo } from "../git/git";
import { renderAtRevision, revisionCache } from "../git/revision";
import { setupGit, textconvCommand } from "../git/setup";
import { renderMix } from "../render/render";
import { guarded, type Job } from "./render";
import { failure, requestedSession } from "./session";
import { revisionChunk } from "./revisionChunk";

type MakeJob = (token: CancellationToken, progressToken?: string) => Job;

/** Registers the requests; `job` makes a Job (cancellation, progress) for a request. */
export function serveRevisions(connection: MessageConnection, job: MakeJob): void {
  connection.onRequest(RevisionsRequest, (params) => gitGuarded(() => revisions(params), params.session));
  connection.onRequest(RenderRevisionRequest, (params, token) => gitGuarded(() => renderRevision(params, job(token, params.progressToken)), params.session));
  connection.onRequest(AnalyseMixRequest, (params, token) => guarded(() => analyseMix(params, job(token, params.progressToken)), params.session.path));
  connection.onRequest(RevisionChunkRequest, (params) => revisionChunk(params));
  connection.onRequest(SetupGitRequest, (params) => gitGuarded(() => setUp(params), params.folder));
}

/** A git problem is the user's to fix (not a crash): its message says what to do. */
function gitGuarded<T>(work: () => Promise<T>, path: string): Promise<T> {
  return guarded(async () => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof GitError) throw failure(error.message, { path });
      throw error;
    }
  }, path);
}

export async function revisions(params: RevisionsParams): Promise<RevisionInfo[]> {
  const where = await locateInRepo(params.session);
  const limit = Math.max(1, Math.min(500, params.limit ?? 30));
  let out: string;
  try {
    out = (await git(where.root, ["log", `-n${limit}`, "--format=%H%x00%h%x00%aI%x00%s", "--", where.path])).toString("utf8");
  } catch (error) {
    // A repository without commits has no history yet.
    if (error instanceof GitError && /does not have any commits|bad default revision/i.test(error.message)) return [];
    throw error;
  }
  return out.split("\n").filter(Boolean).map((line) => {
    const [commit, short, date, subject] = line.split("\0");
    return { commit, short, date, subject };
  });
}

export async function renderRevision(params: RenderRevisionParams, job: Job): Promise<RenderRevisionResult> {
  job.progress({ fraction: 0, message: `rendering the mix at ${params.rev}` });
  const r = await renderAtRevision(params.session, params.rev, { bits: 32, signal: job.signal, onProgress: (fraction) => job.progress({ fraction: fraction * 0.9 }) });
  const file = join(revisionCache(params.session), r.key, "analysis.json");
  let analysis = readAnalysis(file, r.path);
  if (!analysis) {
    job.progress({ fraction: 0.9, message: "measuring it" });
    analysis = await analyseWav(r.path, job.signal);
    writeFileSync(file, JSON.stringify(analysis) + "\n");
  }
  job.progress({ fraction: 1 });
  const { sampleRate, frames, ...measured } = analysis;
  return { rev: r.rev, commit: r.commit, key: r.key, path: r.path, sampleRate, frames, cached: r.cached, analysis: measured };
}

type StoredAnalysis = MixAnalysis & { sampleRate: number; frames: number };

function readAnalysis(file: string, wav: string): StoredAnalysis | undefined {
  try {
    const a = JSON.parse(readFileSync(file, "utf8")) as StoredAnalysis;
    return existsSync(wav) && Array.isArray(a.spectrum?.db) && typeof a.frames === "number" ? a : undefined;
  } catch {
    return undefined;
  }
}

/** Analyses of the current mix by content (text, and each take's size and time), so an unchanged mix is measured once. */
const current = new Map<string, MixAnalysis>();
let scratch = 0;

export async function analyseMix(params: AnalyseMixParams, job: Job): Promise<MixAnalysis> {
  const session = requestedSession(params.session);
  const takes = [...new Set(session.model.tracks.flatMap((t) => t.takes.map((k) => resolve(session.folder, k.path))))].sort();
  const hash = createHash("sha256").update(session.text);
  for (const t of takes) {
    const s = existsSync(t) ? statSync(t) : undefined;
    hash.update(`\0${t}\0${s?.size}\0${s?.mtimeMs}`);
  }
  const key = hash.digest("hex");
  const hit = current.get(key);
  if (hit) return hit;
  // Rendered under a scratch name in the cache folder (never over the session's own render or report), then deleted.
  const stem = `current-${process.pid}-${++scratch}`;
  const dir = revisionCache(session.path);
  const wav = join(dir, `${stem}.wav`);
  const report = join(session.folder, "renders", `${stem}-mix.report.json`);
  try {
    job.progress({ fraction: 0, message: "rendering the current mix to measure it" });
    await renderMix(session.model, {
      sessionPath: join(dir, `${stem}.session`), folder: session.folder, out: wav, bits: 32,
      signal: job.signal, onProgress: (fraction) => job.progress({ fraction: fraction * 0.9 }),
    });
    const { sampleRate: _rate, frames: _frames, ...analysis } = await analyseWav(wav, job.signal);
    if (current.size > 16) current.clear();
    current.set(key, analysis);
    return analysis;
  } finally {
    rmSync(wav, { force: true });
    rmSync(report, { force: true });
  }
}

async function setUp(params: SetupGitParams): Promise<SetupGitResult> {
  const node = onPath("node");
  const textconv = node ? textconvCommand(node, params.cli) : `ELECTRON_RUN_AS_NODE=1 ${textconvCommand(process.execPath, params.cli)}`;
  const r = await setupGit(params.folder, { textconv });
  return { folder: r.folder, lfs: r.lfs, textconv: r.textconv, summary: r.summary };
}

/** The first `name` on PATH (the `node` git can run the CLI with), if any. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const full = join(dir, process.platform === "win32" ? `${name}.exe` : name);
    if (dir && existsSync(full)) return full;
  }
  return undefined;
}
