// engine/session/open.ts: the one way every front door opens a session.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeWav } from "../../engine/io/wavWrite";
import { openSession, UnreadableSession } from "../../engine/session/open";

const GOOD = 'session {\n  tail 0 s\n}\ntrack vox {\n  take "takes/vox.wav"\n}\n';

describe("opening a session", () => {
  let dir: string;
  let path: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-open-"));
    mkdirSync(join(dir, "takes"));
    writeWav(join(dir, "takes", "vox.wav"), [new Float32Array(480)], 48000, 16);
    path = join(dir, "song.session");
    writeFileSync(path, GOOD);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("gives the model of a valid file, its folder, and that the text is the file's", () => {
    const opened = openSession(path);
    assert.ok(opened.ok);
    assert.equal(opened.folder, dir);
    assert.equal(opened.fromDisk, true);
    assert.deepEqual(opened.model.tracks.map((t) => t.id), ["vox"]);
  });

  it("opens an editor's text instead of the file's, and says it is not the file's", () => {
    const opened = openSession(path, { text: GOOD.replace("tail 0 s", "tail 1 s") });
    assert.ok(opened.ok);
    assert.equal(opened.fromDisk, false);
    assert.equal(opened.model.tail, 1);
    assert.equal(openSession(path, { text: GOOD }).fromDisk, true);
  });

  it("gives the errors with their 1-based lines and columns, and no model", () => {
    const opened = openSession(path, { text: GOOD.replace('"takes/vox.wav"', '"takes/none.wav"') });
    assert.ok(!opened.ok);
    assert.equal(opened.problems.length, 1);
    const [p] = opened.problems;
    assert.deepEqual([p.line, p.column], [5, 8]);
    assert.match(p.message, /takes\/none\.wav/);
    assert.equal(p.diagnostic?.severity, "error");
  });

  it("a session with no tracks is a problem of no place, unless the caller allows it", () => {
    const text = "session {\n  tail 0 s\n}\n";
    const opened = openSession(path, { text });
    assert.ok(!opened.ok);
    assert.equal(opened.problems[0].diagnostic, undefined);
    assert.match(opened.problems[0].message, /no tracks/);
    assert.ok(openSession(path, { text, needsTracks: false }).ok);
  });

  it("an unreadable file without a text is an UnreadableSession naming the file and why", () => {
    assert.throws(() => openSession(join(dir, "missing.session")), (e: unknown) => e instanceof UnreadableSession && e.why === "no such file" && e.path.endsWith("missing.session"));
    assert.throws(() => openSession(join(dir, "takes")), (e: unknown) => e instanceof UnreadableSession && e.why === "it is a folder");
    assert.ok(openSession(join(dir, "unsaved.session"), { text: GOOD }).ok, "a text for a file not saved yet opens");
  });
});
