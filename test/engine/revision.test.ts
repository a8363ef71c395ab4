// Rendering a session as it was at a commit, from git, cached by content:
// the render equals a render of the old checkout, bit for bit.
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze } from "../../core/analyze";
import { setupGit, TAKE_ATTRIBUTES } from "../../engine/git/setup";
import { renderAtRevision } from "../../engine/git/revision";
import { renderMix } from "../../engine/render/render";
import { openSession } from "../../engine/session/open";
import { TempRepo } from "../gitRepo";

const SESSION = 'session "At a revision" {\n  tail 0 s\n}\n\ntrack vox {\n  take "takes/vox.wav"\n  gain -3 dB\n}\n\ntrack gtr {\n  take "takes/gtr-1.wav"\n  pan 30% left\n}\n';
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("engine: render at a revision", function () {
  this.timeout(60000);
  let repo: TempRepo;
  let file: string;
  beforeEach(() => {
    repo = new TempRepo();
    repo.take("song/takes/vox.wav", 1);
    repo.take("song/takes/gtr-1.wav", 2);
    file = repo.write("song/song.session", SESSION);
    repo.commit("first mix");
    // The working tree moves on: a gain, a take replaced, and a take re-recorded in place.
    repo.take("song/takes/gtr-2.wav", 3);
    repo.take("song/takes/vox.wav", 4);
    writeFileSync(file, SESSION.replace("gain -3 dB", "gain 0 dB").replace("gtr-1", "gtr-2"));
    repo.commit("second mix");
    repo.take("song/takes/vox.wav", 5);
  });
  afterEach(() => repo.remove());

  it("reads the session and its takes from git and renders what the old checkout renders, bit for bit", async () => {
    const old = await renderAtRevision(file, "HEAD~1");
    assert.equal(old.cached, false);
    const checkout = mkdtempSync(join(tmpdir(), "mixdown-checkout-"));
    try {
      repo.git("worktree", "add", "-q", "--detach", checkout, "HEAD~1");
      const folder = join(checkout, "song");
      const path = join(folder, "song.session");
      const { path: wav, report } = await renderMix(analyze(readFileSync(path, "utf8")).model, { sessionPath: path, folder });
      assert.equal(sha(old.path), sha(wav));
      assert.equal(old.report.sha256, report.sha256);
    } finally {
      repo.git("worktree", "remove", "--force", checkout);
      rmSync(checkout, { recursive: true, force: true });
    }
    const now = await renderAtRevision(file, "HEAD");
    assert.notEqual(now.report.sha256, old.report.sha256);
    assert.ok(old.path.includes(join("song", "renders", ".revisions", old.key)), old.path);
  });

  it("serves a second request for the same content from the cache", async () => {
    const first = await renderAtRevision(file, "HEAD");
    const again = await renderAtRevision(file, "main");
    assert.equal(again.cached, true);
    assert.deepEqual([again.key, again.path, again.report], [first.key, first.path, first.report]);
  });

  it("explains a revision without the session or without a take", async () => {
    await assert.rejects(renderAtRevision(file, "nope"), /'nope' is not a revision/);
    repo.write("song/other.session", 'track a {\n  take "takes/missing.wav"\n}\n');
    repo.commit("other");
    await assert.rejects(renderAtRevision(join(repo.dir, "song", "other.session"), "HEAD~1"), /'song\/other\.session' does not exist at HEAD~1/);
    await assert.rejects(renderAtRevision(join(repo.dir, "song", "other.session"), "HEAD"), /take 'takes\/missing\.wav'.*is not in git at that revision/);
  });
});

describe("engine: render at a revision with Faust effects", function () {
  this.timeout(120000);
  const TAPE = 'import("stdfaust.lib");\ndrive = hslider("drive[unit:dB]", 0, 0, 24, 0.1) : ba.db2linear;\nprocess = *(drive) : ma.tanh;\n';
  const FX = 'track gtr {\n  take "takes/gtr.wav"\n  fx "effects/tape.dsp" {\n    drive 6 dB\n  }\n}\n\nbus room {\n  fx "effects/room.dsp" {\n  }\n}\n';
  let repo: TempRepo;
  let file: string;
  beforeEach(() => {
    repo = new TempRepo();
    repo.take("song/takes/gtr.wav", 1);
    repo.write("song/effects/tape.dsp", TAPE);
    repo.write("song/effects/room.dsp", "process = _, _;\n");
    file = repo.write("song/song.session", FX);
    repo.commit("tape on the guitar");
    // The working tree moves on: the program is rewritten and a bus program is gone.
    repo.write("song/effects/tape.dsp", TAPE.replace("ma.tanh", "ma.tanh : *(0.25)"));
    repo.git("rm", "-q", "song/effects/room.dsp");
    writeFileSync(file, FX.replace(/\nbus room[\s\S]*$/, ""));
    repo.commit("quieter tape, no room");
  });
  afterEach(() => repo.remove());

  it("reads the .dsp files from git with the takes and renders what the old checkout renders, bit for bit", async () => {
    const old = await renderAtRevision(file, "HEAD~1");
    const checkout = mkdtempSync(join(tmpdir(), "mixdown-checkout-"));
    try {
      repo.git("worktree", "add", "-q", "--detach", checkout, "HEAD~1");
      const opened = openSession(join(checkout, "song", "song.session"));
      assert.ok(opened.ok, JSON.stringify(!opened.ok && opened.problems));
      const { path: wav } = await renderMix(opened.model, { sessionPath: opened.path, folder: opened.folder });
      assert.equal(sha(old.path), sha(wav));
    } finally {
      repo.git("worktree", "remove", "--force", checkout);
      rmSync(checkout, { recursive: true, force: true });
    }
    const now = await renderAtRevision(file, "HEAD");
    assert.notEqual(now.report.sha256, old.report.sha256, "the program as it is now sounds different");
    assert.equal((await renderAtRevision(file, "HEAD~1")).cached, true);
  });

  it("explains a revision whose program is not in git, or does not compile, at the fx line", async () => {
    repo.write("song/loose.session", 'track gtr {\n  take "takes/gtr.wav"\n  fx "effects/uncommitted.dsp" {\n  }\n}\n');
    repo.write("song/broken.session", 'track gtr {\n  take "takes/gtr.wav"\n  fx "effects/broken.dsp" {\n  }\n}\n');
    repo.write("song/effects/broken.dsp", "process = foo + ;\n");
    repo.commit("two bad sessions");
    repo.write("song/effects/uncommitted.dsp", "process = _;\n");
    await assert.rejects(renderAtRevision(join(repo.dir, "song", "loose.session"), "HEAD"), /Faust program 'effects\/uncommitted\.dsp' of song\/loose\.session at HEAD is not in git at that revision: commit your effects/);
    await assert.rejects(renderAtRevision(join(repo.dir, "song", "broken.session"), "HEAD"), /song\/broken\.session at HEAD:3: Faust program effects\/broken\.dsp:1 does not compile/);
  });
});

describe("engine: git set-up", () => {
  it("routes takes through Git LFS when it is there, once", async () => {
    const repo = new TempRepo();
    try {
      repo.write(".gitattributes", "*.png binary\n");
      const first = await setupGit(repo.dir, { textconv: "mixdown diff --textconv", lfs: true });
      const again = await setupGit(repo.dir, { textconv: "mixdown diff --textconv", lfs: true });
      assert.deepEqual(first.attributesAdded, ["*.session diff=mixdown", TAKE_ATTRIBUTES]);
      assert.deepEqual([again.attributesAdded, again.ignoresAdded], [[], []]);
      assert.equal(readFileSync(join(repo.dir, ".gitattributes"), "utf8"), `*.png binary\n*.session diff=mixdown\n${TAKE_ATTRIBUTES}\n`);
      assert.equal(repo.git("config", "diff.mixdown.textconv").trim(), "mixdown diff --textconv");
    } finally {
      repo.remove();
    }
  });
});
