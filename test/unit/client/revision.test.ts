// The engine's git requests as the extension sends them (client/engineHost.ts ->
// engine/rpc/revision.ts), in a temporary repository with real git: the session's commits,
// a render at HEAD measured for A/B (then served from the cache), the current mix measured
// the same way, chunks of the revision render, and Set Up Git.
import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ResponseError } from "vscode-jsonrpc/node";
import { EngineHost } from "../../../client/engineHost";
import { EngineErrorCode } from "../../../core/protocol/engine";
import { AnalyseMixRequest, RenderRevisionRequest, RevisionChunkRequest, RevisionsRequest, SetupGitRequest } from "../../../core/protocol/revision";
import { readWav } from "../../../engine/io/wavRead";
import { decodePcm } from "../../../engine/player/wire";
import { TempRepo } from "../../gitRepo";
import { ROOT } from "../../helpers";

const SESSION = `session "Song" {
  tail 0 s
}

track vox {
  take "takes/vox.wav"
  gain 0 dB
}

track gtr {
  take "takes/gtr.wav"
  gain -3 dB
}
`;

describe("engine: git requests for A/B (renderRevision, analyseMix, revisionChunk, setupGit)", function () {
  this.timeout(120_000);
  let repo: TempRepo;
  let session: string;
  let host: EngineHost;

  before(() => {
    repo = new TempRepo();
    repo.take("song/takes/vox.wav", 1, 2);
    repo.take("song/takes/gtr.wav", 2, 2);
    session = repo.write("song/song.session", SESSION);
    repo.commit("first mix");
    // The working tree: both tracks 6 dB down, so the current mix is exactly 6 LU quieter.
    writeFileSync(session, SESSION.replace("gain 0 dB", "gain -6 dB").replace("gain -3 dB", "gain -9 dB"));
    host = new EngineHost({ module: join(ROOT, "engine", "rpc", "main.ts"), execArgv: ["--import", "tsx"], log: () => undefined, onCrash: () => undefined });
  });
  after(async () => {
    await host.stop();
    repo.remove();
  });

  it("lists the commits that changed the session", async () => {
    const list = await host.request(RevisionsRequest, { session });
    assert.equal(list.length, 1);
    assert.equal(list[0].commit, repo.git("rev-parse", "HEAD").trim());
    assert.equal(list[0].subject, "first mix");
  });

  it("renders the session at HEAD (from git, not the working tree), measures it, and serves it from the cache the second time", async () => {
    const first = await host.request(RenderRevisionRequest, { session, rev: "HEAD" });
    assert.equal(first.cached, false);
    assert.ok(first.path.includes(join("song", "renders", ".revisions", first.key)), first.path);
    const wav = readWav(first.path);
    assert.equal(wav.info.format, "float", "32-bit float, so the player plays it as rendered");
    assert.equal(first.frames, wav.frames);
    assert.equal(first.frames, 2 * 48000);
    assert.ok(first.analysis.integrated !== null);
    assert.equal(first.analysis.spectrum.db.length, first.analysis.spectrum.hz.length);
    const second = await host.request(RenderRevisionRequest, { session, rev: "HEAD" });
    assert.equal(second.cached, true);
    assert.deepEqual({ ...second, cached: true }, { ...first, cached: true }, "the same render and analysis");
  });

  it("measures the current mix the same way: 6 LU quieter in loudness and in every band", async () => {
    const a = (await host.request(RenderRevisionRequest, { session, rev: "HEAD" })).analysis;
    const b = await host.request(AnalyseMixRequest, { session: { path: session } });
    assert.ok(Math.abs(a.integrated! - b.integrated! - 6) < 0.02, `A ${a.integrated}, B ${b.integrated}`);
    const loud = a.spectrum.db.map((db, i) => ({ db, diff: db - b.spectrum.db[i] })).filter((x) => x.db > -90);
    assert.ok(loud.length > 10);
    for (const x of loud) assert.ok(Math.abs(x.diff - 6) < 0.05, `band difference ${x.diff}`);
    assert.deepEqual(readdirSync(join(repo.dir, "song", "renders")).filter((f) => f.startsWith("current-")), [], "no report of the scratch render left");
    assert.deepEqual(readdirSync(join(repo.dir, "song", "renders", ".revisions")).filter((f) => f.startsWith("current-")), [], "no scratch render left");
  });

  it("serves chunks of the revision render, bit for bit, silent past its end; nothing outside the cache", async () => {
    const r = await host.request(RenderRevisionRequest, { session, rev: "HEAD" });
    const wav = readWav(r.path);
    const chunk = await host.request(RevisionChunkRequest, { path: r.path, startFrame: 1000, frames: 4800 });
    assert.equal(chunk.frames, 4800);
    assert.deepEqual(decodePcm(chunk.channels[0]), wav.data[0].subarray(1000, 5800));
    assert.deepEqual(decodePcm(chunk.channels[1]), wav.data[1].subarray(1000, 5800));
    assert.equal(chunk.meters.master.peak.length, 1);
    const tail = await host.request(RevisionChunkRequest, { path: r.path, startFrame: r.frames - 100, frames: 1000 });
    assert.deepEqual(Array.from(decodePcm(tail.channels[0]).subarray(100)), new Array(900).fill(0));
    await assert.rejects(host.request(RevisionChunkRequest, { path: join(repo.dir, "song", "takes", "vox.wav"), startFrame: 0, frames: 10 }),
      (e: unknown) => e instanceof ResponseError && e.code === EngineErrorCode.Failed && /not a revision render/.test(e.message));
  });

  it("says what to do for a revision that does not exist", async () => {
    await assert.rejects(host.request(RenderRevisionRequest, { session, rev: "no-such-branch" }),
      (e: unknown) => e instanceof ResponseError && e.code === EngineErrorCode.Failed && /is not a revision of the repository/.test(e.message));
  });

  it("sets up git for the folder", async () => {
    const r = await host.request(SetupGitRequest, { folder: join(repo.dir, "song"), cli: join(ROOT, "dist", "cli.js") });
    assert.match(r.summary.join("\n"), /\.gitattributes: added '\*\.session diff=mixdown'/);
    assert.match(readFileSync(join(repo.dir, "song", ".gitattributes"), "utf8"), /\*\.session diff=mixdown/);
    assert.match(repo.git("config", "--local", "diff.mixdown.textconv"), /cli\.js'? diff --textconv/);
    assert.ok(existsSync(join(repo.dir, "song", ".gitignore")));
  });
});
