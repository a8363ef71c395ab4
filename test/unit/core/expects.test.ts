// `expect` lines: read into the model, checked with clear diagnostics, kept by the formatter.
import { strict as assert } from "node:assert";
import { analyze } from "../../../core/analyze";
import { format } from "../../../core/format";
import { codes, pointedAt, stripRangesOfModel } from "../../helpers";

const MASTER = "master {\n  expect loudness -14 LUFS within 0.5\n  expect true-peak below -1 dBTP\n  expect no clipping\n  expect loudness-range below 8 LU\n}\n";

describe("expect lines", () => {
  it("lower into the master, tracks and buses with their origin", () => {
    const text = `track vox {\n  expect peak below -3 dBFS\n  expect loudness above -30 LUFS\n}\nbus drums {\n  expect loudness -20 LUFS\n}\n${MASTER}`;
    const a = analyze(text);
    assert.deepEqual(a.diagnostics, []);
    const m = stripRangesOfModel(a.model);
    assert.deepEqual(m.master.expects, [
      { measure: "loudness", test: "within", value: -14, tolerance: 0.5, text: "loudness -14 LUFS within 0.5" },
      { measure: "true-peak", test: "below", value: -1, tolerance: 0, text: "true-peak below -1 dBTP" },
      { measure: "clipping", test: "none", value: 0, tolerance: 0, text: "no clipping" },
      { measure: "loudness-range", test: "below", value: 8, tolerance: 0, text: "loudness-range below 8 LU" },
    ]);
    assert.deepEqual(m.tracks[0].expects.map((e) => [e.measure, e.test, e.value]), [["peak", "below", -3], ["loudness", "above", -30]]);
    assert.deepEqual(m.buses[0].expects.map((e) => [e.measure, e.tolerance]), [["loudness", 0.5]]);
    const origin = a.model.master.expects[1].origin;
    assert.equal(text.slice(origin[0], origin[1]), "expect true-peak below -1 dBTP");
  });

  it("say what cannot be measured, with a did-you-mean fix", () => {
    const text = "track t {\n}\nmaster {\n  expect lufs -14\n  expect truepeak below -1 dBTP\n}\n";
    const d = analyze(text).diagnostics;
    assert.deepEqual(d.map((x) => x.code), ["unknown-measure", "unknown-measure"]);
    assert.match(d[0].message, /cannot measure 'lufs'.*It measures: loudness, true-peak, peak, loudness-range, no clipping/);
    assert.deepEqual(d[1].fixes?.map((f) => f.title), ["Change to 'true-peak'"]);
  });

  it("check units, ranges, tolerances, forms and duplicates", () => {
    assert.deepEqual(pointedAt("master {\n  expect loudness -14 dB\n}\n", "wrong-unit"), ["dB"]);
    assert.deepEqual(pointedAt("master {\n  expect loudness -14\n}\n", "missing-unit"), ["-14"]);
    assert.deepEqual(pointedAt("master {\n  expect true-peak below 9 dBTP\n}\n", "out-of-range"), ["9 dBTP"]);
    assert.deepEqual(pointedAt("master {\n  expect loudness -14 LUFS within 2 dB\n}\n", "invalid-value"), ["2 dB"]);
    assert.deepEqual(pointedAt("master {\n  expect loudness -14 LUFS around 1\n}\n", "invalid-value"), ["around"]);
    assert.deepEqual(pointedAt("master {\n  expect no clips\n}\n", "invalid-value"), ["clips"]);
    assert.deepEqual(codes("track t {\n}\nmaster {\n  expect loudness -14 LUFS\n  expect loudness -12 LUFS within 1\n}\n"), ["duplicate-setting"]);
    assert.deepEqual(codes("track t {\n}\nmaster {\n  expect loudness-range below 8 LU\n  expect loudness-range above 3 LU\n}\n"), []);
    assert.deepEqual(codes("track t {\n}\nsession {\n  expect no clipping\n}\n"), ["unknown-statement"]);
  });

  it("are kept by the formatter, idempotently, with the same model", () => {
    const messy = "master {\n expect   loudness -14lufs   within 0.5\n  expect true-peak below -1dbtp # ceiling\n expect no   clipping\n}\n";
    const once = format(messy);
    assert.ok(once.ok);
    assert.equal(once.text, "master {\n  expect loudness -14 LUFS within 0.5\n  expect true-peak below -1 dBTP # ceiling\n  expect no clipping\n}\n");
    assert.deepEqual(format(once.text), once);
    assert.deepEqual(stripRangesOfModel(analyze(once.text).model), stripRangesOfModel(analyze(messy).model));
  });
});
