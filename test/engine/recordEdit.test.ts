// The session edit that records a take (core/recordEdit): the new take becomes the active `take`
// at its position, the takes it overlaps become `alt`, and nothing else in the file changes.
import { strict as assert } from "node:assert";
import { analyze } from "../../core/analyze";
import { applyEdits, formatAt, recordTakeEdits, takePaths, type RecordedTake } from "../../core/recordEdit";

const SESSION = `session "S" {
  tempo 120 bpm
}

input mic {
  device default
  channel 1
}

track vox {
  input mic
  take "takes/vox-1.wav"   # first pass
  alt "takes/vox-0.wav"
  take "takes/vox-2.wav" {
    at 0:20.000
  }
  gain -2 dB
}

master {
  gain 0 dB
}
`;

const record = (text: string, t: Partial<RecordedTake> = {}) =>
  applyEdits(text, recordTakeEdits(text, { track: "vox", path: "takes/vox-3.wav", at: 4.25, length: 5, ...t }));

describe("core/recordEdit: recording a take into the session text", () => {
  it("writes positions as m:ss.sss, with microseconds only when needed", () => {
    assert.equal(formatAt(4.25), "0:04.250");
    assert.equal(formatAt(0), "0:00.000");
    assert.equal(formatAt(64.5000208), "1:04.500021");
    assert.equal(formatAt(600), "10:00.000");
    assert.equal(formatAt(-0.001), "0:00.000");
  });

  it("makes the new take active after the track's takes and turns the takes it overlaps into alt", () => {
    const lengths = new Map([["takes/vox-1.wav", 10], ["takes/vox-2.wav", 10]]);
    const out = record(SESSION, { takeLengths: lengths });
    assert.equal(
      out,
      SESSION.replace('  take "takes/vox-1.wav"   # first pass', '  alt "takes/vox-1.wav"   # first pass').replace(
        "    at 0:20.000\n  }\n",
        '    at 0:20.000\n  }\n  take "takes/vox-3.wav" {\n    at 0:04.250\n  }\n',
      ),
    );
  });

  it("keeps takes that do not overlap the new one active; a take of unknown length counts as overlapping", () => {
    const out = record(SESSION, { takeLengths: new Map([["takes/vox-1.wav", 3]]) });
    assert.match(out, /  take "takes\/vox-1\.wav"   # first pass/);
    assert.match(out, /  alt "takes\/vox-2\.wav" \{/);
  });

  it("gives the result the same takes plus the new one, and it still analyses cleanly", () => {
    const out = record(SESSION);
    const paths = takePaths(out).get("vox");
    assert.deepEqual(paths, ["takes/vox-1.wav", "takes/vox-0.wav", "takes/vox-2.wav", "takes/vox-3.wav"]);
    const result = analyze(out);
    assert.ok(result.model, "the edited file lowers to a model");
    const track = result.model!.tracks.find((t) => t.id === "vox")!;
    assert.deepEqual(track.takes.map((t) => [t.path, t.at]), [["takes/vox-3.wav", 4.25]]);
    assert.deepEqual(track.alternatives.map((t) => t.path), ["takes/vox-1.wav", "takes/vox-0.wav", "takes/vox-2.wav"]);
  });

  it("puts the first take of a track with none at the top of its body, keeping its indentation and line endings", () => {
    const text = "track vox {\r\n\tinput mic\r\n\tgain -2 dB\r\n}\r\n";
    assert.equal(record(text), 'track vox {\r\n\ttake "takes/vox-3.wav" {\r\n\t\tat 0:04.250\r\n\t}\r\n\tinput mic\r\n\tgain -2 dB\r\n}\r\n');
    assert.equal(record("track vox {\n}\n"), 'track vox {\n  take "takes/vox-3.wav" {\n    at 0:04.250\n  }\n}\n');
  });

  it("creates a missing track before master, with its input", () => {
    const out = record(SESSION, { track: "gtr", path: "takes/gtr-1.wav", input: "mic" });
    assert.ok(out.includes('track gtr {\n  input mic\n  take "takes/gtr-1.wav" {\n    at 0:04.250\n  }\n}\n\nmaster {'), out);
    assert.equal(record("", { track: "gtr", path: "takes/gtr-1.wav" }), 'track gtr {\n  take "takes/gtr-1.wav" {\n    at 0:04.250\n  }\n}\n');
  });

  it("escapes quotes and backslashes in the path", () => {
    assert.match(record(SESSION, { path: 'takes/a "b"\\c.wav' }), /take "takes\/a \\"b\\"\\\\c\.wav" \{/);
  });

  it("refuses a track whose block is not closed", () => {
    assert.throws(() => record("track vox {\n  gain -2 dB\n"), /no closing '\}'/);
  });
});
