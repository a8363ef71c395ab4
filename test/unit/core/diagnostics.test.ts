import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze } from "../../../core/analyze";
import { CODES } from "../../../core/diagnostics";
import { nodeProbe } from "../../../platform/nodeFiles";
import { codes, inTrack, pointedAt } from "../../helpers";

describe("diagnostics", () => {
  it("suggests the closest name for an unknown bus, with fixes", () => {
    const text = inTrack("  out drumz", "bus drums {\n}\n");
    const [d] = analyze(text).diagnostics;
    assert.equal(d.code, "unknown-name");
    assert.match(d.message, /Did you mean 'drums'\?/);
    assert.equal(text.slice(d.range[0], d.range[1]), "drumz");
    assert.deepEqual(d.fixes!.map((f) => f.title), ["Change to 'drums'", "Create bus 'drumz'"]);
  });

  it("says a track cannot receive a send", () => {
    const [d] = analyze("track a {\n  send b -3 dB\n}\ntrack b {\n}\n").diagnostics;
    assert.equal(d.code, "unknown-name");
    assert.match(d.message, /'b' is a track/);
  });

  it("reports duplicate names with the first one related", () => {
    const [d] = analyze("track a {\n}\nbus a {\n}\n").diagnostics;
    assert.equal(d.code, "duplicate-name");
    assert.equal(d.related?.length, 1);
  });

  it("finds routing cycles through outs and sends", () => {
    const text = "bus a {\n  out b\n}\nbus b {\n  send c -6 dB\n}\nbus c {\n  out a\n}\n" + inTrack("  out a");
    assert.deepEqual(codes(text), ["routing-cycle"]);
    assert.match(analyze(text).diagnostics[0].message, /a -> b -> c -> a/);
  });

  it("checks ranges, missing, wrong and unknown units", () => {
    assert.deepEqual(pointedAt(inTrack("  comp {\n    ratio 40\n  }"), "out-of-range"), ["40"]);
    assert.deepEqual(pointedAt(inTrack("  gain -4"), "missing-unit"), ["-4"]);
    assert.deepEqual(pointedAt(inTrack("  gain -4 Hz"), "wrong-unit"), ["Hz"]);
    assert.deepEqual(pointedAt(inTrack("  gain -4dbb"), "unknown-unit"), ["dbb"]);
    const fix = analyze(inTrack("  gain -4")).diagnostics[0].fixes![0];
    assert.deepEqual(fix.edits.map((e) => e.newText), [" dB"]);
  });

  it("needs a tempo for bars and note values", () => {
    assert.deepEqual(codes(inTrack("  automate gain {\n    bar 3 -2 dB\n  }")), ["bar-without-tempo"]);
    assert.deepEqual(codes("bus d {\n  delay {\n    time 1/8\n  }\n}\n" + inTrack("")), ["bar-without-tempo"]);
  });

  it("reports automation out of time order, with a sort fix", () => {
    const text = inTrack("  automate gain {\n    0:10 -2 dB\n    0:05 1 dB\n  }");
    const [d] = analyze(text).diagnostics;
    assert.equal(d.code, "automation-order");
    const edits = d.fixes![0].edits;
    const fixed = edits.slice().sort((a, b) => b.range[0] - a.range[0]).reduce((t, e) => t.slice(0, e.range[0]) + e.newText + t.slice(e.range[1]), text);
    assert.deepEqual(codes(fixed), []);
  });

  it("reports unknown automation targets", () => {
    assert.deepEqual(codes(inTrack("  automate comp threshold {\n  }")), ["unknown-target"]);
    assert.deepEqual(codes(inTrack("  send v -3 dB\n  automate send w {\n  }", "bus v {\n}\n")), ["unknown-target"]);
    assert.deepEqual(codes(inTrack("  eq {\n    bell 1 kHz 2 dB\n  }\n  automate eq 2 gain {\n  }")), ["unknown-target"]);
  });

  it("reports unknown statements, effects, parameters and bands with suggestions", () => {
    assert.deepEqual(codes(inTrack("  gian -3 dB")), ["unknown-statement"]);
    assert.deepEqual(codes(inTrack("  compp {\n  }")), ["unknown-effect"]);
    assert.deepEqual(codes(inTrack("  comp {\n    thresold -3 dB\n  }")), ["unknown-parameter"]);
    assert.deepEqual(codes(inTrack("  eq {\n    peak 1 kHz\n  }")), ["unknown-band"]);
    assert.deepEqual(codes("master {\n  pan center\n}\n" + inTrack("")), ["unknown-statement"]);
  });

  it("reports duplicate settings and blocks", () => {
    assert.deepEqual(codes(inTrack("  gain 1 dB\n  gain 2 dB")), ["duplicate-setting"]);
    assert.deepEqual(codes("master {\n}\nmaster {\n}\n" + inTrack("")), ["duplicate-block"]);
  });

  it("warns about a session without tracks", () => {
    assert.deepEqual(codes("master {\n}\n"), ["no-tracks"]);
  });

  describe("take files", () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), "mixdown-takes-"));
      writeFileSync(join(dir, "junk.wav"), "this is not audio");
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("reports missing and unreadable takes, and only warns for alternatives", () => {
      const text = inTrack('  take "missing.wav"\n  take "junk.wav"\n  alt "gone.wav"');
      const result = analyze(text, { probe: nodeProbe(dir) });
      assert.deepEqual(result.diagnostics.map((d) => [d.code, d.severity]), [["take-missing", "error"], ["take-unreadable", "error"], ["take-missing", "warning"]]);
      assert.match(result.diagnostics[1].message, /not a WAV file/);
    });
  });

  it("documents every code in docs/language.md", () => {
    const doc = require("node:fs").readFileSync(join(__dirname, "../../../docs/language.md"), "utf8") as string;
    for (const code of Object.keys(CODES)) assert.ok(doc.includes(`\`${code}\``), `docs/language.md does not list ${code}`);
  });
});
