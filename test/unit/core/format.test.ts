import { strict as assert } from "node:assert";
import { analyze } from "../../../core/analyze";
import { format } from "../../../core/format";
import { example, stripRangesOfModel } from "../../helpers";

function formatted(text: string): string {
  const r = format(text);
  assert.ok(r.ok, "expected the text to format");
  return r.text;
}

describe("formatter", () => {
  for (const name of ["night-drive", "podcast", "band"]) {
    it(`leaves the ${name} example unchanged (it is canonical)`, () => {
      const { text } = example(name);
      assert.equal(formatted(text), text);
    });
  }

  it("normalises units, spacing and indentation", () => {
    const messy = 'session   "X"{\n rate 48khz\n}\ntrack  kick   {\n\tgain -4dB\n     pan   10%   left\n  eq {\n bell 60hz +3db q 1.1\n      }\n   send  verb  -14dB   pre\n}\nbus verb {\n}\n';
    assert.equal(formatted(messy), 'session "X" {\n  rate 48 kHz\n}\n\ntrack kick {\n  gain -4 dB\n  pan 10% left\n  eq {\n    bell 60 Hz +3 dB q 1.1\n  }\n  send verb -14 dB pre\n}\n\nbus verb {\n}\n');
  });

  it("keeps comments and at most one blank line", () => {
    const text = "# top\n\n\n# about kick\ntrack kick { # header\n  # inside\n  gain -4 dB   # trailing\n\n\n\n  mute\n}\n";
    assert.equal(formatted(text), "# top\n\n# about kick\ntrack kick { # header\n  # inside\n  gain -4 dB # trailing\n\n  mute\n}\n");
  });

  it("is idempotent", () => {
    const messy = 'track a {\n  gain -4dB\n  take "x.wav"{\n at 0:01\n}\n}\n';
    const once = formatted(messy);
    assert.equal(formatted(once), once);
  });

  it("never changes the model", () => {
    const messy = 'session "S" {\n tempo 92bpm\n}\ntrack a {\n  gain -4dB\n  automate gain {\n 0:00 -2dB\n bar 2 1dB step\n}\n}\n';
    assert.deepEqual(stripRangesOfModel(analyze(formatted(messy)).model), stripRangesOfModel(analyze(messy).model));
  });

  it("refuses a file with syntax errors and says why", () => {
    const r = format("track a {\n  gain -4 dB ))\n}\n");
    assert.ok(!r.ok);
    assert.deepEqual(r.errors.map((e) => e.code), ["unexpected-text"]);
  });
});
