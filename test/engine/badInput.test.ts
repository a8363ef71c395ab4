// Bad input to `mixdown render` and `master`: one clear error naming the file
// and what to do, exit code 1, and the previous render left as it was.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeWav } from "../../engine/io/wavWrite";
import { ROOT } from "../helpers";
import { wavHeader } from "../wavBytes";

const CLI = join(ROOT, "dist", "cli.js");

/** A 16-bit PCM WAV with any header field overridden. */
function wavBytes(o: { channels?: number; rate?: number; frames?: number } = {}): Buffer {
  const channels = o.channels ?? 1;
  const data = Buffer.alloc((o.frames ?? 100) * Math.max(channels, 1) * 2);
  return Buffer.concat([wavHeader({ format: 1, channels, rate: o.rate ?? 48000, bits: 16, dataBytes: data.length }), data]);
}

const CASES: { name: string; bytes?: Buffer; error: RegExp }[] = [
  { name: "a missing take", error: /Take 'takes\/bad.wav' does not exist\. Record it, or fix the path/ },
  { name: "a non-WAV take", bytes: Buffer.from("hello, this is not audio"), error: /'takes\/bad.wav' is not a WAV file/ },
  { name: "a truncated take", bytes: wavBytes().subarray(0, 30), error: /'takes\/bad.wav' is missing part of its fmt chunk/ },
  { name: "a zero-channel take", bytes: wavBytes({ channels: 0 }), error: /'takes\/bad.wav' .*declaring 0 channels/ },
  { name: "an absurd sample rate", bytes: wavBytes({ rate: 0 }), error: /'takes\/bad.wav' .*absurd sample rate of 0 Hz/ },
];

describe("engine: bad input to render and master", function () {
  this.timeout(60000);
  let dir: string;
  const mixdown = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: dir });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-bad-"));
    mkdirSync(join(dir, "takes"));
    writeWav(join(dir, "takes", "good.wav"), [Float32Array.from({ length: 4800 }, (_, i) => 0.3 * Math.sin(i / 7))], 48000, 32);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const c of CASES) {
    it(`${c.name}: names the file and line, exit 1, and the previous render survives`, () => {
      writeFileSync(join(dir, "s.session"), 'track a {\n  take "takes/good.wav"\n}\n');
      assert.equal(mixdown("render", "s.session").status, 0);
      const previous = readFileSync(join(dir, "renders", "s-mix.wav"));
      if (c.bytes) writeFileSync(join(dir, "takes", "bad.wav"), c.bytes);
      writeFileSync(join(dir, "s.session"), 'track a {\n  take "takes/good.wav"\n}\ntrack b {\n  take "takes/bad.wav"\n}\n');
      for (const command of ["render", "master"]) {
        const r = mixdown(command, "s.session");
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stderr, /^s\.session:5:8: error/m);
        assert.match(r.stderr, c.error);
        assert.match(r.stderr, /Nothing was written/);
      }
      assert.ok(readFileSync(join(dir, "renders", "s-mix.wav")).equals(previous));
    });
  }

  it("a session with no tracks, or only a master: says there is nothing to render", () => {
    for (const text of ["session {\n  tail 1 s\n}\n", "master {\n  loudness -14 LUFS\n}\n"]) {
      writeFileSync(join(dir, "s.session"), text);
      for (const command of ["render", "master"]) {
        const r = mixdown(command, "s.session");
        assert.equal(r.status, 1);
        assert.match(r.stderr, /'s\.session' has no tracks, so there is nothing to render: add a track with a take/);
      }
    }
  });

  it("an output folder that cannot be made: names the path, exit 1", () => {
    writeFileSync(join(dir, "s.session"), 'track a {\n  take "takes/good.wav"\n}\n');
    writeFileSync(join(dir, "renders"), "a file where the renders folder should be");
    const r = mixdown("render", "s.session");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Cannot create the folder for '.*renders[/\\]s-mix\.wav'.*Check the path/);
  });
});
