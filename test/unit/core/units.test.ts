// The unit brands of core/units.ts: the conversions' values, brands that cost
// nothing at run time (the model stays plain JSON), and the compiler rejecting
// a value in the wrong unit (unitMixUps.ts, compiled here also without its
// expect-error marks).
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { analyze } from "../../../core/analyze";
import { dB, dbToGain, gainToDb, hertz, inUnit, linear, seconds } from "../../../core/units";

const ROOT = join(__dirname, "..", "..", "..");
const MIX_UPS = join(ROOT, "test", "unit", "core", "unitMixUps.ts");

describe("units: conversions", () => {
  it("dbToGain: 0 dB is unity, +20 dB ten times, -6 dB about half, -200 dB and below silence", () => {
    assert.equal(dbToGain(dB(0)), 1);
    assert.equal(dbToGain(dB(20)), 10);
    assert.ok(Math.abs(dbToGain(dB(-6)) - 0.501187233627272) < 1e-15);
    assert.equal(dbToGain(dB(-200)), 0);
    assert.equal(dbToGain(dB(-Infinity)), 0);
  });

  it("dbToGain is exactly 10^(dB/20) above -200 dB (the arithmetic the renderer had before the brands)", () => {
    for (let db = -199.5; db <= 30; db += 0.37) assert.ok(Object.is(dbToGain(dB(db)), Math.pow(10, db / 20)), `${db} dB`);
  });

  it("gainToDb: unity is 0 dB, 0 and below are -Infinity, and it undoes dbToGain", () => {
    assert.equal(gainToDb(linear(1)), 0);
    assert.equal(gainToDb(linear(10)), 20);
    assert.equal(gainToDb(linear(0)), -Infinity);
    assert.equal(gainToDb(linear(-1)), -Infinity);
    for (const db of [-120, -60, -14.5, -0.1, 0, 3, 24]) assert.ok(Math.abs(gainToDb(dbToGain(dB(db))) - db) < 1e-12, `${db} dB`);
  });

  it("a brand is the number itself: no conversion, nothing added to the JSON", () => {
    for (const v of [-3, 0, -0, 0.25, 1e-9, 48000]) {
      for (const brand of [dB, seconds, hertz, linear, inUnit<"level">]) assert.ok(Object.is(brand(v), v), `${brand.name}(${v})`);
    }
    assert.equal(JSON.stringify({ gain: dbToGain(dB(-6)), at: seconds(1.5), freq: hertz(80) }), JSON.stringify({ gain: Math.pow(10, -6 / 20), at: 1.5, freq: 80 }));
  });

  it("the lowered model is plain JSON, in base units", () => {
    const text = [
      'session "Units" {', "  tail 1500 ms", "}",
      "track t {", '  take "t.wav" {', "    at 2 s", "    fade in 10 ms", "    gain -6 dB", "  }",
      "  eq {", "    bell 1.2 kHz +3 dB q 1", "  }", "  gain -3 dB", "  send fx -10 dB", "}",
      "bus fx {", "}", "",
    ].join("\n");
    const { model, diagnostics } = analyze(text);
    assert.deepEqual(diagnostics.filter((d) => d.severity === "error"), []);
    assert.deepEqual(JSON.parse(JSON.stringify(model)), model);
    const track = model.tracks[0];
    assert.equal(model.tail, 1.5);
    assert.deepEqual([track.takes[0].at, track.takes[0].fadeIn, track.takes[0].gain], [2, 0.01, Math.pow(10, -6 / 20)]);
    assert.equal(track.gain, Math.pow(10, -3 / 20));
    assert.equal(track.sends[0].level, Math.pow(10, -10 / 20));
    const eq = track.inserts[0];
    assert.ok(eq.type === "eq");
    assert.deepEqual([eq.bands[0].freq, eq.bands[0].gain], [1200, 3]);
  });
});

describe("units: the compiler rejects a value in the wrong unit", function () {
  this.timeout(120000);

  /** unitMixUps.ts compiled alone (with its imports), its text changed by `edit`: the errors in that file. */
  function compile(edit: (text: string) => string): ts.Diagnostic[] {
    const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Preserve, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, noEmit: true, skipLibCheck: true, types: [] };
    const host = ts.createCompilerHost(options);
    const read = host.getSourceFile;
    host.getSourceFile = (name, language, ...rest) =>
      ts.sys.resolvePath(name) === ts.sys.resolvePath(MIX_UPS) ? ts.createSourceFile(name, edit(readFileSync(MIX_UPS, "utf8")), language) : read.call(host, name, language, ...rest);
    const program = ts.createProgram([MIX_UPS], options, host);
    return ts.getPreEmitDiagnostics(program).filter((d) => d.file && ts.sys.resolvePath(d.file.fileName) === ts.sys.resolvePath(MIX_UPS));
  }

  it("compiles as written: every marked line is an error, and nothing else is", () => {
    assert.deepEqual(compile((t) => t).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")), []);
  });

  it("without the marks, exactly the marked lines fail, each for a unit", () => {
    const text = readFileSync(MIX_UPS, "utf8");
    const lines = text.split("\n");
    const marked = lines.flatMap((l, i) => (l.trim().startsWith("// @ts-expect-error") ? [i + 1] : []));
    assert.ok(marked.length >= 10, `${marked.length} marked lines`);
    const errors = compile((t) => t.replace(/\/\/ @ts-expect-error/g, "// expected error"));
    const failing = errors.map((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line);
    assert.deepEqual([...new Set(failing)].sort((a, b) => a - b), marked, "the lines after the marks, and only those");
    for (const d of errors) {
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      assert.match(message, /Decibels|Gain|Seconds|Hertz|__unit/, `line ${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1}: ${message}`);
    }
  });
});
