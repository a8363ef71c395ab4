// A session with `saturate` on a track and `clipper` on the master, rendered
// and mastered in process: the track's latency is compensated, the master's
// trimmed, and the master obeys the clipper's ceiling.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze } from "../../core/analyze";
import { readWav } from "../../engine/io/wavRead";
import { writeWav } from "../../engine/io/wavWrite";
import { masterMix } from "../../engine/master/master";
import { renderMix } from "../../engine/render/render";
import { ffmpegLoudness } from "./loudnessHelpers";

const SR = 48000;
const sine = (frames: number, amp: number, freq: number) => Float32Array.from({ length: frames }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / SR));

describe("saturate and clipper in a session", function () {
  this.timeout(120000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-clip-"));
    mkdirSync(join(dir, "takes"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const model = (text: string) => {
    writeFileSync(join(dir, "s.session"), text);
    const a = analyze(text);
    assert.ok(a.ok, JSON.stringify(a.diagnostics));
    return a.model;
  };
  const track = (drive: string) =>
    `session {\n  tail 0 s\n}\ntrack t {\n  take "takes/s.wav"\n  saturate {\n    drive ${drive}\n    character 50%\n    mix 100%\n  }\n}\n`;

  it("compensates saturate's latency on a track: a quiet take comes out where it went in, at unity", async () => {
    const quiet = sine(9600, 0.001, 440);
    writeWav(join(dir, "takes", "s.wav"), [quiet, quiet], SR, 32);
    const { path } = await renderMix(model(track("12 dB")), { sessionPath: join(dir, "s.session"), folder: dir, bits: 32 });
    const out = readWav(path);
    assert.equal(out.frames, 9600);
    let err = 0;
    for (let i = 200; i < 9400; i++) err = Math.max(err, Math.abs(out.data[0][i] - quiet[i]));
    assert.ok(err < 1e-7, `largest difference ${err} (0.001 peak)`);
  });

  it("masters through a clipper at -6 dB: the mix's length, sample peak at the ceiling, true peak by ffmpeg near it", async () => {
    const loud = sine(SR * 2, 0.9, 997);
    writeWav(join(dir, "takes", "s.wav"), [loud, loud], SR, 32);
    const text = `${track("0 dB")}master {\n  clipper {\n    ceiling -6 dB\n  }\n  export "renders/out.wav" 32 bit\n}\n`;
    const report = await masterMix(model(text), { sessionPath: join(dir, "s.session"), folder: dir });
    const out = readWav(join(dir, report.output));
    assert.equal(out.frames, SR * 2, "the master's latency is trimmed");
    const ceiling = 10 ** (-6 / 20);
    const peak = Math.max(...out.data.map((ch) => ch.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
    assert.ok(peak <= ceiling && peak > ceiling * 0.99, `sample peak ${(20 * Math.log10(peak)).toFixed(3)} dB`);
    const tp = 20 * Math.log10(Math.max(...ffmpegLoudness(join(dir, report.output), 2).truePeaks));
    // the true peak may pass the ceiling a little between samples (-5.3 dBTP here): the limiter's job
    assert.ok(tp < -5, `true peak ${tp.toFixed(2)} dBTP`);
  });
});
