// `mixdown diff`, the git diff driver and `mixdown setup-git`, in a temporary repository with real git.
import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cliBundle, mixdown } from "../../cliBundle";
import { TempRepo } from "../../gitRepo";

const SESSION = `session "Song" {
  tail 0 s
}

track vox {
  take "takes/vox-1.wav"
  gain -2 dB
  comp {
    ratio 3
  }
}

master {
  loudness -14 LUFS
}
`;

describe("cli: diff and git", function () {
  this.timeout(60000);
  let repo: TempRepo;
  let file: string;
  beforeEach(() => {
    repo = new TempRepo();
    repo.take("songs/takes/vox-1.wav", 1);
    repo.take("songs/takes/vox-2.wav", 2);
    file = repo.write("songs/song.session", SESSION);
    repo.commit("first mix");
  });
  afterEach(() => repo.remove());

  it("says what changed between HEAD and the working tree, in words", () => {
    writeFileSync(file, SESSION.replace("gain -2 dB", "gain -1 dB").replace("ratio 3", "ratio 4").replace("vox-1", "vox-2").replace("-14 LUFS", "-16 LUFS") + 'track shaker {\n  take "takes/vox-1.wav"\n}\n');
    const r = mixdown(join(repo.dir, "songs"), "diff", "song.session");
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, "track 'shaker' added\nvox: comp ratio 3 -> 4; gain -2 -> -1 dB; take takes/vox-1.wav -> takes/vox-2.wav\nmaster: loudness -14 -> -16 LUFS\n");
  });

  it("compares two revisions, and one revision with the working tree", () => {
    writeFileSync(file, SESSION.replace("gain -2 dB", "gain -1 dB"));
    repo.commit("louder vox");
    writeFileSync(file, SESSION.replace("gain -2 dB", "gain 0 dB"));
    assert.equal(mixdown(repo.dir, "diff", "songs/song.session", "HEAD~1", "HEAD").out, "vox: gain -2 -> -1 dB\n");
    assert.equal(mixdown(repo.dir, "diff", "songs/song.session", "HEAD~1").out, "vox: gain -2 -> 0 dB\n");
    assert.equal(mixdown(repo.dir, "diff", "songs/song.session").out, "vox: gain -1 -> 0 dB\n");
  });

  it("reports a take re-recorded under the same name", () => {
    repo.take("songs/takes/vox-1.wav", 99);
    assert.equal(mixdown(repo.dir, "diff", "songs/song.session").out, "vox: take takes/vox-1.wav re-recorded (content changed)\n");
  });

  it("reports no changes for a reformatted file", () => {
    writeFileSync(file, SESSION.replace(/^ {2}/gm, "\t").replace("-2 dB", "-2dB") + "# a comment\n");
    const r = mixdown(repo.dir, "diff", "songs/song.session");
    assert.equal(r.out, "songs/song.session: no changes to the mix between HEAD and the working tree.\n");
  });

  it("explains a bad revision, a file outside git and an unparseable side", () => {
    assert.match(mixdown(repo.dir, "diff", "songs/song.session", "nope").err, /'nope' is not a revision/);
    writeFileSync(file, "track vox {\n  gain -2 dB ))\n}\n");
    const r = mixdown(repo.dir, "diff", "songs/song.session");
    assert.equal(r.code, 1);
    assert.match(r.err, /songs\/song\.session:2: cannot compare this session, it does not parse/);
    const outside = new TempRepo();
    try {
      const lone = join(outside.dir, "..", `lone-${process.pid}.session`);
      writeFileSync(lone, SESSION);
      assert.match(mixdown(outside.dir, "diff", lone).err, /is not in a git repository: run 'git init'/);
    } finally {
      outside.remove();
    }
  });

  it("drives git diff through the textconv driver: a mix change shows, a reformat does not", () => {
    repo.write(".gitattributes", "*.session diff=mixdown\n");
    repo.git("config", "diff.mixdown.textconv", `"${process.execPath}" "${cliBundle()}" diff --textconv`);
    repo.commit("diff driver");
    writeFileSync(file, SESSION.replace("gain -2 dB", "gain -1 dB"));
    const changed = repo.git("diff", "--no-color", "-U0");
    assert.match(changed, /^-track vox: gain -2 dB$/m);
    assert.match(changed, /^\+track vox: gain -1 dB$/m);
    assert.doesNotMatch(changed, /^[-+]\s+gain/m, "the raw text is not what git diffs");
    writeFileSync(file, SESSION.replace(/^ {2}/gm, "    ").replace("ratio 3", "ratio 3 # gentle"));
    assert.equal(repo.git("diff", "--no-color").split("\n").filter((l) => /^[-+][^-+]/.test(l)).length, 0);
  });

  it("sets up .gitattributes, .gitignore and the driver, idempotently, keeping the user's lines", () => {
    repo.write(".gitignore", "node_modules/");
    const first = mixdown(repo.dir, "setup-git", "--no-lfs");
    assert.equal(first.code, 0, first.err);
    assert.equal(mixdown(repo.dir, "setup-git", "--no-lfs").code, 0);
    assert.equal(readFileSync(join(repo.dir, ".gitattributes"), "utf8"), "*.session diff=mixdown\n");
    assert.equal(readFileSync(join(repo.dir, ".gitignore"), "utf8"), "node_modules/\nrenders/\n");
    assert.match(repo.git("config", "diff.mixdown.textconv"), /cli\.js'? diff --textconv/);
    assert.match(first.out, /Git LFS is not installed|\.gitattributes: added/);
    writeFileSync(file, SESSION.replace("ratio 3", "ratio 5"));
    assert.match(repo.git("diff", "--no-color"), /^\+track vox: comp ratio 5$/m);
  });
});
