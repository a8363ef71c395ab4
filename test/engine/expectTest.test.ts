// `mixdown test`: render, master, check each `expect`, exit 1 on a failure,
// and leave the result for the language server.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseTestResult } from "../../core/protocol/testResult";
import { writeWav } from "../../engine/io/wavWrite";
import { mixdown } from "../cliBundle";
import { mulberry32 } from "../random";

const SESSION = `session "Checked" {
  tail 0 s
}

track vox {
  take "takes/vox.wav"
  out band
  expect peak below -1 dBFS
  expect loudness above -70 LUFS
}

track keys {
  take "takes/keys.wav"
  gain -12 dB
}

bus band {
  expect loudness {BUS}
}

master {
  limiter {
    ceiling -1 dBTP
  }
  loudness -16 LUFS
  expect loudness -16 LUFS within 0.5
  expect true-peak below -1 dBTP
  expect no clipping
}
`;

describe("engine: mixdown test", function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-test-"));
    mkdirSync(join(dir, "takes"));
    const next = mulberry32(7);
    const tone = (f: number, amp: number) => Float32Array.from({ length: 96000 }, (_, i) => amp * Math.sin((2 * Math.PI * f * i) / 48000) * (0.8 + 0.2 * next()));
    writeWav(join(dir, "takes", "vox.wav"), [tone(220, 0.4), tone(220, 0.4)], 48000, 24);
    writeWav(join(dir, "takes", "keys.wav"), [tone(330, 0.3), tone(331, 0.3)], 48000, 24);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };

  it("passes a mix that meets its expectations, one line each, and writes the result", () => {
    const r = mixdown(dir, "test", write("song.session", SESSION.replace("{BUS}", "above -70 LUFS")));
    assert.equal(r.code, 0, r.out + r.err);
    const lines = r.out.trim().split("\n");
    assert.equal(lines.length, 7, r.out);
    assert.match(lines[0], /^PASS song\.session:8: expect peak below -1 dB \(track vox, measured -\d+\.\d dBFS\)$/);
    assert.match(lines[3], /^PASS song\.session:26: expect loudness -16 LUFS within 0\.5 \(master, measured -16\.0 LUFS\)$/);
    assert.match(lines[4], /^PASS song\.session:27: expect true-peak below -1 dBTP \(master, measured -\d+\.\d dBTP\)$/);
    assert.equal(lines[6], "song.session: 6 passed, 0 failed");
    const result = parseTestResult(readFileSync(join(dir, "renders", "song-test.json"), "utf8"));
    assert.ok(result);
    assert.deepEqual([result.passed, result.failed, result.results.map((x) => x.owner)], [6, 0, ["track vox", "track vox", "bus band", "master", "master", "master"]]);
    // The bus carries only vox, unchanged (keys goes to the master): its loudness is the track's.
    assert.equal(result.results[2].measured, result.results[1].measured);
    assert.ok(result.results[1].measured! < -5, "vox alone, not the mix");
  });

  it("fails what is not met and exits 1, across several sessions", () => {
    const loud = write("loud.session", SESSION.replace("{BUS}", "-30 LUFS within 0.5").replace("expect loudness -16 LUFS within 0.5", "expect loudness -9 LUFS within 0.5"));
    const r = mixdown(dir, "test", loud, write("ok.session", SESSION.replace("{BUS}", "above -70 LUFS")));
    assert.equal(r.code, 1);
    assert.match(r.out, /^FAIL loud\.session:26: expect loudness -9 LUFS within 0\.5 \(master, measured -16\.0 LUFS\)$/m);
    assert.match(r.out, /^2 sessions: \d+ passed, \d+ failed$/m);
    const result = parseTestResult(readFileSync(join(dir, "renders", "loud-test.json"), "utf8"))!;
    assert.equal(result.results.find((x) => x.expect.startsWith("loudness -9"))?.pass, false);
  });

  it("says why a session cannot be tested, and exits 1", () => {
    const r = mixdown(dir, "test", write("bad.session", "track a {\n  expect lufs -14\n}\n"));
    assert.equal(r.code, 1);
    assert.match(r.err, /bad\.session:2:10: error \[unknown-measure\]/);
    assert.match(r.out, /bad\.session: 0 passed, 0 failed, 1 could not be tested/);
    assert.equal(mixdown(dir, "test").code, 2);
  });
});
