// Rendering and mastering, end to end through the CLI bundle and the API.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze } from "../../core/analyze";
import { readWav } from "../../engine/io/wavRead";
import { writeWav } from "../../engine/io/wavWrite";
import { masterMix } from "../../engine/master/master";
import { renderMix } from "../../engine/render/render";
import { ROOT } from "../helpers";
import { ffmpegLoudness } from "./loudnessHelpers";

const CLI = join(ROOT, "dist", "cli.js");
const mixdown = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });

/** Integrated loudness and the highest true peak (dBTP) by ffmpeg's ebur128. */
function ffmpeg(path: string): { I: number; TP: number } {
  const r = ffmpegLoudness(path, 2);
  return { I: r.integrated, TP: 20 * Math.log10(Math.max(...r.truePeaks)) };
}

describe("engine: render and master", function () {
  this.timeout(120000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-render-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const session = (text: string, takes: Record<string, Float32Array[]>, rate = 48000) => {
    mkdirSync(join(dir, "takes"), { recursive: true });
    for (const [name, data] of Object.entries(takes)) writeWav(join(dir, "takes", name), data, rate, 32);
    writeFileSync(join(dir, "s.session"), text);
    const a = analyze(text);
    assert.ok(a.ok, JSON.stringify(a.diagnostics));
    return a.model;
  };
  const sine = (frames: number, amp: number, freq = 1000) => Float32Array.from({ length: frames }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / 48000));

  it("pans a mono take with the constant-power law (-3 dB each side at centre)", async () => {
    const model = session('session {\n  tail 0 s\n}\ntrack t {\n  take "takes/m.wav"\n}\n', { "m.wav": [sine(4800, 0.5)] });
    const { path } = await renderMix(model, { sessionPath: join(dir, "s.session"), folder: dir, bits: 32 });
    const out = readWav(path);
    assert.equal(out.frames, 4800);
    for (const ch of out.data) for (let i = 0; i < 4800; i += 97) assert.ok(Math.abs(ch[i] - sine(4800, 0.5)[i] * Math.SQRT1_2) < 1e-6);
  });

  it("passes an unpanned stereo take unchanged, bit for bit", async () => {
    const left = sine(9000, 0.3, 440);
    const right = sine(9000, 0.2, 660);
    const model = session('session {\n  tail 0 s\n}\ntrack t {\n  take "takes/s.wav"\n}\n', { "s.wav": [left, right] });
    const { path } = await renderMix(model, { sessionPath: join(dir, "s.session"), folder: dir, bits: 32 });
    const out = readWav(path);
    assert.deepEqual(out.data[0], left);
    assert.deepEqual(out.data[1], right);
  });

  it("resamples a take at another rate to the session's rate", async () => {
    const text = 'session {\n  tail 0 s\n}\ntrack t {\n  take "takes/r.wav"\n}\n';
    const frames = 44100;
    const tone = Float32Array.from({ length: frames }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 44100));
    const model = session(text, { "r.wav": [tone, tone] }, 44100);
    const { path } = await renderMix(model, { sessionPath: join(dir, "s.session"), folder: dir, bits: 32 });
    const out = readWav(path);
    assert.equal(out.frames, 48000);
    for (let i = 1000; i < 47000; i += 101) assert.ok(Math.abs(out.data[0][i] - 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 48000)) < 1e-3, `frame ${i}`);
  });

  it("places takes, applies fader, bus gain and post-fader sends", async () => {
    const text = 'session {\n  tail 0 s\n}\ntrack t {\n  take "takes/s.wav" {\n    at 0:01\n  }\n  gain -6 dB\n  send b -6 dB\n  out a\n}\nbus a {\n  gain -6 dB\n}\nbus b {\n}\n';
    const ones = new Float32Array(480).fill(0.5);
    const model = session(text, { "s.wav": [ones, ones] });
    const { path } = await renderMix(model, { sessionPath: join(dir, "s.session"), folder: dir, bits: 32 });
    const out = readWav(path);
    assert.equal(out.frames, 48000 + 480);
    assert.equal(out.data[0][47999], 0);
    const g = (db: number) => Math.pow(10, db / 20);
    assert.ok(Math.abs(out.data[0][48100] - 0.5 * (g(-12) + g(-12))) < 1e-6, `${out.data[0][48100]}`);
  });

  it("exports one stem per track that sums to the mix", async () => {
    const text = 'session {\n  tail 0 s\n}\ntrack a {\n  take "takes/a.wav"\n  gain -3 dB\n  pan 30% left\n}\ntrack b {\n  take "takes/b.wav"\n}\n';
    const model = session(text, { "a.wav": [sine(4800, 0.3, 300)], "b.wav": [sine(4800, 0.2, 500), sine(4800, 0.1, 700)] });
    const { path } = await renderMix(model, { sessionPath: join(dir, "s.session"), folder: dir, bits: 32, stems: "stems" });
    const mix = readWav(path).data;
    const [a, b] = ["a", "b"].map((t) => readWav(join(dir, "stems", `${t}.wav`)).data);
    for (let ch = 0; ch < 2; ch++) for (let i = 0; i < 4800; i += 37) assert.ok(Math.abs(a[ch][i] + b[ch][i] - mix[ch][i]) < 1e-6);
  });

  it("renders the same bits every time, with a report", () => {
    cpSync(join(ROOT, "examples", "night-drive"), join(dir, "nd"), { recursive: true });
    const file = join(dir, "nd", "night-drive.session");
    const a = mixdown("render", file, "--json");
    assert.equal(a.status, 0, a.stderr);
    const first = JSON.parse(a.stdout);
    const b = mixdown("render", file, "--json");
    assert.equal(JSON.parse(b.stdout).sha256, first.sha256);
    assert.deepEqual(first.tracks.map((t: { id: string }) => t.id), ["kick", "vox"]);
    assert.ok(existsSync(join(dir, "nd", "renders", "night-drive-mix.wav")));
    assert.ok(existsSync(join(dir, "nd", "renders", "night-drive-mix.report.json")));
    const ff = ffmpeg(join(dir, "nd", "renders", "night-drive-mix.wav"));
    assert.ok(Math.abs(ff.I - first.integrated) < 0.1, `ffmpeg ${ff.I} vs ${first.integrated}`);
  });

  it("masters to the loudness target with the true peak under the ceiling (by ffmpeg)", () => {
    cpSync(join(ROOT, "examples", "night-drive"), join(dir, "nd"), { recursive: true });
    const r = mixdown("master", join(dir, "nd", "night-drive.session"), "--json");
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout);
    const ff = ffmpeg(join(dir, "nd", "mix", "night-drive.wav"));
    assert.ok(Math.abs(ff.I - -14) <= 0.1, `integrated ${ff.I}`);
    assert.ok(ff.TP <= -1, `true peak ${ff.TP}`);
    assert.match(report.summary.join("\n"), /Gain applied before the limiter/);
  });

  for (const target of [true, false]) {
    it(`masters as it renders a stale mix (${target ? "then more passes to reach the loudness target" : "one pass, no loudness target"}): the same master, bit for bit, as mastering the mix file afterwards`, async () => {
      cpSync(join(ROOT, "examples", "night-drive"), join(dir, "nd"), { recursive: true });
      const file = join(dir, "nd", "night-drive.session");
      if (!target) writeFileSync(file, readFileSync(file, "utf8").replace("  loudness -14 LUFS\n", ""));
      const fused = mixdown("master", file, "--json");
      assert.equal(fused.status, 0, fused.stdout + fused.stderr);
      const mix = join(dir, "nd", "renders", "night-drive-mix.wav");
      assert.ok(existsSync(mix), "the mix was rendered and kept");
      const fromFile = mixdown("master", file, "--json", "--in", mix, "--out", "renders/from-file.wav");
      assert.equal(fromFile.status, 0, fromFile.stdout + fromFile.stderr);
      const a = JSON.parse(fused.stdout);
      const b = JSON.parse(fromFile.stdout);
      assert.equal(a.sha256, b.sha256);
      assert.deepEqual(a.before, b.before, "the mix measured as it rendered reads as the mix file does");
      assert.deepEqual(readFileSync(join(dir, "nd", "mix", "night-drive.wav")), readFileSync(join(dir, "nd", "renders", "from-file.wav")));
      assert.equal(a.gainDb === 0, !target);
    });
  }

  it("cancels a master that renders its mix, leaving the previous mix and master untouched", async () => {
    const text = 'track t {\n  take "takes/m.wav"\n}\nmaster {\n  limiter {\n    ceiling -1 dBTP\n  }\n}\n';
    const model = session(text, { "m.wav": [sine(48000 * 20, 0.1)] });
    const opts = { sessionPath: join(dir, "s.session"), folder: dir };
    const first = await masterMix(model, opts);
    const files = ["renders/s-mix.wav", first.output].map((f) => join(dir, f));
    const before = files.map((f) => readFileSync(f));
    const controller = new AbortController();
    // Aborted from the progress callback once a block of the mix is rendered: mid-render on every run.
    const abortMidway = (fraction: number) => fraction > 0 && controller.abort();
    const pending = masterMix(model, { ...opts, rerender: true, signal: controller.signal, onProgress: abortMidway });
    await assert.rejects(pending, /cancelled/);
    assert.deepEqual(files.map((f) => readFileSync(f)), before);
    assert.deepEqual(readdirSync(join(dir, "renders")).filter((f) => f.includes("partial")), []);
  });

  it("refuses to master a mix at another rate than the session's, saying so", () => {
    session('track t {\n  take "takes/m.wav"\n}\n', { "m.wav": [sine(4800, 0.1)] });
    writeWav(join(dir, "mix44.wav"), [sine(4410, 0.1), sine(4410, 0.1)], 44100, 32);
    const r = mixdown("master", join(dir, "s.session"), "--in", join(dir, "mix44.wav"));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /mix44\.wav.*44100 Hz.*48000 Hz/);
    assert.ok(!existsSync(join(dir, "renders", "s-master.wav")));
  });

  it("refuses outputs outside the session's folder unless allowed", () => {
    cpSync(join(ROOT, "examples", "podcast"), join(dir, "p"), { recursive: true });
    const r = mixdown("render", join(dir, "p", "podcast.session"), "--out", "../../evil.wav");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /outside the session's folder.*--allow-outside/);
    assert.ok(!existsSync(join(dir, "..", "evil.wav")));
  });

  it("cancels within a block and leaves the previous render untouched", async () => {
    const model = session('track t {\n  take "takes/m.wav"\n}\n', { "m.wav": [sine(48000 * 20, 0.1)] });
    const opts = { sessionPath: join(dir, "s.session"), folder: dir, bits: 32 as const };
    const first = await renderMix(model, opts);
    const before = readFileSync(first.path);
    const controller = new AbortController();
    // Aborted from the progress callback once a block is rendered: mid-render on every run.
    const abortMidway = (fraction: number) => fraction > 0 && controller.abort();
    const pending = renderMix(model, { ...opts, signal: controller.signal, onProgress: abortMidway });
    await assert.rejects(pending, /cancelled/);
    assert.deepEqual(readFileSync(first.path), before);
    assert.deepEqual(readdirSync(join(dir, "renders")).filter((f) => f.includes("partial")), []);
  });

  it("says which take is broken and writes nothing", () => {
    mkdirSync(join(dir, "takes"));
    writeFileSync(join(dir, "takes", "bad.wav"), "RIFF....WAVEjunk");
    writeFileSync(join(dir, "s.session"), 'track t {\n  take "takes/bad.wav"\n}\n');
    const r = mixdown("render", join(dir, "s.session"));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /take-unreadable.*bad\.wav/);
    assert.ok(!existsSync(join(dir, "renders")));
  });

  it("measures loudness with the documented JSON keys", () => {
    writeWav(join(dir, "tone.wav"), [sine(48000 * 5, Math.pow(10, -23 / 20)), sine(48000 * 5, Math.pow(10, -23 / 20))], 48000, 32);
    const r = mixdown("loudness", join(dir, "tone.wav"), "--json");
    assert.equal(r.status, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(json), ["integrated", "range", "truePeak", "samplePeak", "momentaryMax", "shortTermMax"]);
    assert.ok(Math.abs(json.integrated - -23) < 0.1);
  });
});
