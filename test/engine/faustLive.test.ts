// Faust effects in the player: a session with `fx` on a track and on a bus (an automated
// slider each, a program with latency) plays bit for bit as `mixdown render --bits 32`,
// and editing a `.dsp` file re-renders the channels that use it.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readWav } from "../../engine/io/wavRead";
import { writeWav } from "../../engine/io/wavWrite";
import { LiveSession } from "../../engine/player/liveSession";
import { decodePcm } from "../../engine/player/wire";
import { renderMix } from "../../engine/render/render";
import { openSession } from "../../engine/session/open";
import { seededNoise } from "../random";

const RATE = 48000;
const TAPE = 'import("stdfaust.lib");\ndrive = hslider("drive[unit:dB]", 0, 0, 24, 0.1) : ba.db2linear;\ntone = hslider("tone[unit:Hz]", 8000, 500, 20000, 1);\nprocess = *(drive) : ma.tanh : fi.lowpass(1, tone);\n';
// Stereo, with latency: each channel delayed 5 frames, then a one-pole low-pass.
const SMEAR = 'declare latency_samples "5";\nb = hslider("coef", 0.5, 0, 0.99, 0.01);\nprocess = par(i, 2, @(5) : *(1 - b) : + ~ *(b));\n';
const SESSION = `session "fx live" {
  rate 48 kHz
  tail 1 s
}

track a {
  take "takes/a.wav"
  gain -3 dB
  fx "effects/tape.dsp" {
    drive 6 dB
  }
  automate fx "effects/tape.dsp" tone {
    0 s 1 kHz
    1.5 s 12 kHz
  }
  out glue
}

track b {
  take "takes/b.wav"
  pan 30% left
  send glue -6 dB
}

bus glue {
  fx "effects/smear.dsp" {
    coef 0.3
  }
  automate fx "effects/smear.dsp" coef {
    0 s 0.1
    2 s 0.9
  }
}
`;

describe("engine: Faust effects in the player", function () {
  this.timeout(180000);
  let dir: string;
  const sessionPath = () => join(dir, "fx.session");
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-faust-live-"));
    for (const sub of ["effects", "takes"]) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, "effects", "tape.dsp"), TAPE);
    writeFileSync(join(dir, "effects", "smear.dsp"), SMEAR);
    writeWav(join(dir, "takes", "a.wav"), [seededNoise(2 * RATE, 7, 0.4)], RATE, 32);
    writeWav(join(dir, "takes", "b.wav"), [seededNoise(2 * RATE, 8, 0.3), seededNoise(2 * RATE, 9, 0.3)], RATE, 32);
    writeFileSync(sessionPath(), SESSION);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** `mixdown render --bits 32` of the session as it is on disk, through the same opening as the CLI. */
  const offline = async (name: string) => {
    const opened = openSession(sessionPath());
    assert.ok(opened.ok, JSON.stringify(!opened.ok && opened.problems));
    const { path } = await renderMix(opened.model, { sessionPath: sessionPath(), folder: dir, out: `renders/${name}.wav`, bits: 32 });
    return readWav(path).data;
  };
  const exact = async (live: LiveSession, start: number, frames: number) => {
    let c = live.chunk(start, frames, "mix");
    if (c.approximate) {
      await live.whenExact();
      c = live.chunk(start, frames, "mix");
    }
    assert.equal(c.approximate, false);
    return c.channels.map(decodePcm);
  };
  const same = (got: Float32Array[], start: number, want: Float32Array[]) => {
    for (let ch = 0; ch < 2; ch++) {
      const ref = want[ch].subarray(start, start + got[ch].length);
      assert.equal(got[ch].length, ref.length);
      const first = got[ch].findIndex((v, i) => !Object.is(v, ref[i]));
      assert.equal(first, -1, `channel ${ch} differs from the offline render at frame ${start + first}`);
    }
  };

  it("plays a session with fx on a track and a bus bit for bit as the offline render", async () => {
    const want = await offline("offline");
    const live = new LiveSession("s", sessionPath());
    const state = live.update(SESSION);
    assert.ok(state.ok, JSON.stringify(state.problems));
    assert.equal(live.graph!.length, want[0].length);
    for (const [start, frames] of [[0, 24000], [24000, 30000], [70_001, 7777], [100_000, want[0].length - 100_000]]) same(await exact(live, start, frames), start, want);
    live.close();
  });

  it("re-renders the channel whose .dsp changed, and plays the edited program", async () => {
    const live = new LiveSession("s", sessionPath());
    live.update(SESSION);
    const before = await offline("before");
    same(await exact(live, 0, 48000), 0, before);
    try {
      writeFileSync(join(dir, "effects", "tape.dsp"), TAPE.replace("ma.tanh", "ma.tanh : *(0.5)"));
      const state = live.update(SESSION);
      assert.ok(state.ok, JSON.stringify(state.problems));
      // Track a and the bus it feeds; b's stage is unchanged.
      assert.deepEqual(state.rerendered.sort(), ["a", "glue"]);
      const after = await offline("after");
      assert.ok(after[0].some((v, i) => v !== before[0][i]), "the edit changes the offline render");
      for (const [start, frames] of [[0, 48000], [48000, after[0].length - 48000]]) same(await exact(live, start, frames), start, after);
    } finally {
      writeFileSync(join(dir, "effects", "tape.dsp"), TAPE);
      live.close();
    }
  });

  it("keeps the last good sound when a .dsp stops compiling, and says where", async () => {
    const live = new LiveSession("s", sessionPath());
    live.update(SESSION);
    const want = await offline("good");
    try {
      writeFileSync(join(dir, "effects", "smear.dsp"), "process = foo + ;\n");
      const state = live.update(SESSION);
      assert.equal(state.ok, false);
      assert.match(state.problems[0], /^\d+:\d+: Faust program effects\/smear\.dsp:1 does not compile/);
      same(await exact(live, 0, 24000), 0, want);
    } finally {
      writeFileSync(join(dir, "effects", "smear.dsp"), SMEAR);
      live.close();
    }
  });
});
