// A track's report: the mono shortcut (one channel metered before pan and
// fader, weighted by their gains) must read what metering the stereo output
// reads, and tracks whose pan or gain move must meter the output itself.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze } from "../../core/analyze";
import { writeWav } from "../../engine/io/wavWrite";
import { LoudnessMeter } from "../../engine/loudness";
import { TrackRender } from "../../engine/render/trackRender";
import { mulberry32 } from "../random";

const RATE = 48000;
const BLOCK = 4096;

/** Renders the session's only track block by block; returns its measures and those of a meter fed its stereo output. */
function measure(dir: string, trackText: string): { shortcut: ReturnType<TrackRender["measures"]>; direct: { peak: number; loudness: number }; mono: boolean } {
  const a = analyze(`session {\n  tail 0 s\n}\n${trackText}`);
  assert.ok(a.ok, JSON.stringify(a.diagnostics));
  const render = new TrackRender(a.model.tracks[0], dir, RATE, BLOCK, true);
  const meter = new LoudnessMeter(RATE, 2, { truePeak: { oversampling: 1 } });
  try {
    for (let start = 0; start < render.end; start += BLOCK) {
      const frames = Math.min(BLOCK, render.end - start);
      render.render(start, frames);
      meter.push(render.strip.output, frames);
    }
    const r = meter.result();
    return { shortcut: render.measures(), direct: { peak: r.samplePeak, loudness: r.integrated }, mono: render.strip.monoGains() !== undefined };
  } finally {
    render.close();
  }
}

describe("engine: track meters", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-meter-"));
    mkdirSync(join(dir, "takes"));
    const r = mulberry32(7);
    const take = Float32Array.from({ length: 5 * RATE }, (_, i) => 0.4 * Math.sin((2 * Math.PI * 220 * i) / RATE) * (0.6 + 0.4 * Math.sin(i / 9000)) + 0.05 * (r() * 2 - 1));
    writeWav(join(dir, "takes", "m.wav"), [take], RATE, 32);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: Record<string, [string, boolean]> = {
    "a mono track with fixed pan and gain (metered before pan)": ['track t {\n  take "takes/m.wav"\n  comp {\n    threshold -20 dB\n    ratio 3\n  }\n  gain -7.5 dB\n  pan 30% left\n}\n', true],
    "a mono track panned hard right": ['track t {\n  take "takes/m.wav"\n  pan 100% right\n}\n', true],
    "a mono track with automated gain (metered after the fader)": ['track t {\n  take "takes/m.wav"\n  automate gain {\n    0 s -20 dB\n    4 s 0 dB\n  }\n}\n', false],
  };
  for (const [name, [text, shortcutExpected]] of Object.entries(cases)) {
    it(`${name}: peak and loudness as read from the stereo output`, () => {
      const { shortcut, direct, mono } = measure(dir, text);
      assert.equal(mono, shortcutExpected, "which way the track is metered");
      assert.ok(Number.isFinite(shortcut.loudness) && Number.isFinite(shortcut.peak), JSON.stringify(shortcut));
      assert.ok(Math.abs(shortcut.loudness - direct.loudness) < 1e-4, `loudness ${shortcut.loudness} vs ${direct.loudness}`);
      assert.ok(Math.abs(shortcut.peak - direct.peak) < 1e-4, `peak ${shortcut.peak} vs ${direct.peak}`);
    });
  }
});
