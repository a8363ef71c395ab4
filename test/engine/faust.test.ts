// User effects in Faust: compiled through the UserEffects port, checked like built-ins,
// run by the engine against an analytic answer, the same bits on every thread count.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze } from "../../core/analyze";
import type { FxModel } from "../../core/model";
import { FaustEffect } from "../../engine/dsp/faust";
import { writeWav } from "../../engine/io/wavWrite";
import { EngineError } from "../../engine/render/errors";
import { renderMix } from "../../engine/render/render";
import { faustCache, nodeUserEffects } from "../../platform/faustEffects";
import { ROOT } from "../helpers";
import { seededNoise } from "../random";

const RATE = 48000;
const ONE_POLE = 'declare latency_samples "0";\nb = hslider("coef", 0.5, 0, 0.99, 0.01);\nprocess = *(1 - b) : + ~ *(b);\n';
const TAPE = 'import("stdfaust.lib");\ndrive = hslider("drive[unit:dB]", 0, 0, 24, 0.1) : ba.db2linear;\ntone = hslider("tone[unit:Hz]", 8000, 500, 20000, 1);\nprocess = *(drive) : ma.tanh : fi.lowpass(1, tone);\n';

describe("engine: Faust effects (fx)", function () {
  this.timeout(120000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-faust-"));
    mkdirSync(join(dir, "effects"));
    mkdirSync(join(dir, "takes"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const program = (name: string, source: string) => writeFileSync(join(dir, "effects", name), source);
  const check = (text: string) => analyze(text, { userEffects: nodeUserEffects(dir) });
  const fxModel = (path: string, params: Record<string, number>): FxModel => {
    const status = nodeUserEffects(dir).lookup(path);
    assert.ok(status.ok, JSON.stringify(status));
    return { type: "fx", path, hash: status.effect.hash, module: status.effect.module, params, origin: [0, 0] };
  };

  it("runs a one-pole low-pass with the analytic impulse response, caching the module by content hash", () => {
    program("lp.dsp", ONE_POLE);
    const fx = new FaustEffect(fxModel("effects/lp.dsp", { coef: 0.75 }), RATE, 1);
    assert.equal(fx.latency, 0);
    const input = new Float32Array(64);
    input[0] = 1;
    const output = new Float32Array(64);
    fx.process([input], [output], 64);
    for (let n = 0; n < 64; n++) assert.ok(Math.abs(output[n] - 0.25 * 0.75 ** n) < 1e-6, `h[${n}] = ${output[n]}`);
    assert.deepEqual(readdirSync(faustCache(dir)).sort().map((f) => f.replace(/^[0-9a-f]{32}/, "HASH")), ["HASH.json", "HASH.wasm"]);
  });

  it("runs a mono program per channel on a stereo strip and takes its latency from the metadata", () => {
    program("late.dsp", 'declare latency_samples "3";\nprocess = @(3);\n');
    const fx = new FaustEffect(fxModel("effects/late.dsp", {}), RATE, 2);
    assert.equal(fx.latency, 3);
    const l = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const r = Float32Array.from([6, 5, 4, 3, 2, 1]);
    const [ol, or] = [new Float32Array(6), new Float32Array(6)];
    fx.process([l, r], [ol, or], 6);
    assert.deepEqual([...ol], [0, 0, 0, 1, 2, 3]);
    assert.deepEqual([...or], [0, 0, 0, 6, 5, 4]);
  });

  it("stops with an error naming the program when it produces NaN", () => {
    program("nan.dsp", "process = _ <: _, log :> _;\n");
    const fx = new FaustEffect(fxModel("effects/nan.dsp", {}), RATE, 1);
    assert.throws(() => fx.process([Float32Array.from([-1, 0])], [new Float32Array(2)], 2), (e: Error) => e instanceof EngineError && /effects\/nan\.dsp.*NaN/.test(e.message));
  });

  it("makes sliders parameters with units and ranges, and diagnoses a bad program at its .dsp line", () => {
    program("tape.dsp", TAPE);
    program("bad.dsp", 'import("stdfaust.lib");\n\nprocess = foo + ;\n');
    program("shape.dsp", "process = _ <: _, _, _;\n");
    const a = check('track t {\n  take "takes/t.wav"\n  fx "effects/tape.dsp" {\n    drive 6 dB\n    tone 2 kHz\n  }\n}\n');
    assert.ok(a.ok, JSON.stringify(a.diagnostics));
    const insert = a.model.tracks[0].inserts[0];
    assert.equal(insert.type, "fx");
    assert.deepEqual(insert.type === "fx" && insert.params, { drive: 6, tone: 2000 });
    const bad = check('track t {\n  take "takes/t.wav"\n  fx "effects/tape.dsp" {\n    drive 30 dB\n    tone 3 ms\n  }\n  fx "effects/bad.dsp" {\n  }\n  fx "effects/shape.dsp" {\n  }\n  fx "effects/gone.dsp" {\n  }\n}\n');
    const codes = bad.diagnostics.map((d) => `${d.code}: ${d.message}`);
    assert.match(codes[0], /^out-of-range: 'drive' 30 dB is out of range: use 0 dB to 24 dB/);
    assert.match(codes[1], /^wrong-unit: 'tone'/);
    assert.match(codes[2], /^fx-compile: Faust program effects\/bad\.dsp:3 does not compile: syntax error/);
    assert.match(codes[3], /^fx-compile: .*2 outputs|^fx-compile: .*3 outputs/);
    assert.match(codes[4], /^fx-missing: Faust program 'effects\/gone\.dsp' does not exist/);
  });

  it("says on the fx line when a program takes too long to compile, and compiles it on the next check", () => {
    // A comment no other run has written: the module is in no cache, so the compiler runs (and is stopped).
    program("slow.dsp", `// ${process.pid} ${Date.now()} ${Math.random()}\n${ONE_POLE}`);
    const text = 'track t {\n  take "takes/t.wav"\n  fx "effects/slow.dsp" {\n    coef 0.5\n  }\n}\n';
    const a = analyze(text, { userEffects: nodeUserEffects(dir, { timeoutMs: 1 }) });
    const errors = a.diagnostics.filter((d) => d.severity === "error");
    assert.equal(errors.length, 1, JSON.stringify(a.diagnostics));
    assert.equal(errors[0].code, "fx-compile");
    assert.equal(text.slice(errors[0].range[0], errors[0].range[1]), '"effects/slow.dsp"');
    assert.match(errors[0].message, /^Faust program effects\/slow\.dsp did not compile in time: the Faust compiler took more than 0\.001 s and was stopped; simplify the program/);
    assert.equal(existsSync(faustCache(dir)), false, "nothing is cached for a stopped compile");
    // A timeout is not remembered: with the default limit the same program compiles.
    assert.ok(check(text).ok, JSON.stringify(check(text).diagnostics));
  });

  it("renders the same bits on 1, 2 and 3 threads, with an automated slider", async () => {
    program("tape.dsp", TAPE);
    for (let n = 0; n < 3; n++) writeWav(join(dir, "takes", `t${n}.wav`), [seededNoise(2 * RATE, n + 1, 0.3)], RATE, 32);
    const track = (n: number) => `track t${n} {\n  take "takes/t${n}.wav"\n  fx "effects/tape.dsp" {\n    drive ${3 * n} dB\n  }\n  automate fx "effects/tape.dsp" tone {\n    0 s 1 kHz\n    1.5 s 12 kHz\n  }\n}\n`;
    const text = Array.from({ length: 3 }, (_, n) => track(n)).join("");
    writeFileSync(join(dir, "s.session"), text);
    const a = check(text);
    assert.ok(a.ok, JSON.stringify(a.diagnostics));
    const bits: Buffer[] = [];
    for (const threads of [1, 2, 3]) {
      const { path } = await renderMix(a.model, { sessionPath: join(dir, "s.session"), folder: dir, bits: 24, threads, out: `renders/t${threads}.wav` });
      bits.push(readFileSync(path));
    }
    assert.ok(bits[1].equals(bits[0]) && bits[2].equals(bits[0]), "the same bits on every thread count");
  });

  it("renders the band example, whose guitars use effects/tape.dsp, from the CLI", () => {
    const cli = join(ROOT, "dist", "cli.js");
    const copy = join(dir, "band");
    spawnSync("cp", ["-r", join(ROOT, "examples", "band"), copy]);
    rmSync(join(copy, ".mixdown"), { recursive: true, force: true });
    const r = spawnSync(process.execPath, [cli, "render", join(copy, "band.session")], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.ok(existsSync(join(copy, "renders", "band-mix.wav")));
    assert.ok(existsSync(join(copy, ".mixdown", "faust")), "the compiled module is cached beside the session");
  });
});
