// The `mixdown` CLI as a user runs it: the built bundle, as a child process.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { example, ROOT } from "../../helpers";

const CLI = join(ROOT, "dist", "cli.js");

function mixdown(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("cli: check and format", () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), "mixdown-cli-")); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("passes every example (takes included) and says so", () => {
    for (const name of ["night-drive", "podcast", "band"]) {
      const r = mixdown("check", example(name).path);
      assert.equal(r.code, 0, r.out + r.err);
      assert.match(r.out, /: ok \(/);
    }
  });

  it("reports a broken file with file:line:col, code, message and exit 1", () => {
    const file = join(dir, "broken.session");
    writeFileSync(file, "track a {\n  gain -4\n  out nowhere\n}\n");
    const r = mixdown("check", file);
    assert.equal(r.code, 1);
    assert.match(r.out, /broken\.session:2:8: error \[missing-unit\] 'gain' -4 needs a unit: write -4 dB\./);
    assert.match(r.out, /broken\.session:3:7: error \[unknown-name\] No bus named 'nowhere'/);
  });

  it("prints JSON diagnostics with 0-based LSP positions", () => {
    const file = join(dir, "broken.session");
    writeFileSync(file, "track a {\n  gain -4\n}\n");
    const r = mixdown("check", file, "--json");
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.out), [{
      severity: "error", code: "missing-unit", message: "'gain' -4 needs a unit: write -4 dB.",
      range: { start: { line: 1, character: 7 }, end: { line: 1, character: 9 } },
    }]);
  });

  it("prints [] and exits 0 for a clean file in JSON mode", () => {
    const file = join(dir, "ok.session");
    writeFileSync(file, "track a {\n}\n");
    const r = mixdown("check", file, "--json");
    assert.deepEqual([r.code, JSON.parse(r.out)], [0, []]);
  });

  it("says clearly when the file does not exist", () => {
    const r = mixdown("check", join(dir, "nope.session"));
    assert.equal(r.code, 1);
    assert.match(r.err, /cannot read '.*nope\.session': no such file/);
  });

  it("rejects unknown options and commands with usage", () => {
    assert.equal(mixdown("check", "--bogus", "x").code, 2);
    const r = mixdown("mix");
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown command 'mix'/);
  });

  it("formats to stdout, checks and writes in place", () => {
    const file = join(dir, "messy.session");
    writeFileSync(file, "track  a {\n gain -4dB\n}\n");
    assert.equal(mixdown("format", file).out, "track a {\n  gain -4 dB\n}\n");
    const check = mixdown("format", file, "--check");
    assert.equal(check.code, 1);
    assert.match(check.out, /not formatted/);
    assert.equal(mixdown("format", file, "--write").code, 0);
    assert.equal(readFileSync(file, "utf8"), "track a {\n  gain -4 dB\n}\n");
    assert.equal(mixdown("format", file, "--check").code, 0);
  });

  it("leaves a file with syntax errors untouched and explains", () => {
    const file = join(dir, "bad.session");
    const text = "track a {\n  gain -4 dB ))\n}\n";
    writeFileSync(file, text);
    const r = mixdown("format", file, "--write");
    assert.equal(r.code, 1);
    assert.match(r.err, /unexpected-text/);
    assert.match(r.err, /The file was not changed/);
    assert.equal(readFileSync(file, "utf8"), text);
  });

  it("checks the examples' formatting", () => {
    for (const name of ["night-drive", "podcast", "band"]) {
      const copy = join(dir, `${name}.session`);
      copyFileSync(example(name).path, copy);
      assert.equal(mixdown("format", copy, "--check").code, 0);
    }
  });
});
