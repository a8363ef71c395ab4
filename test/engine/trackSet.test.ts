// Tracks rendered up to four at a time (TrackSet, Strip.processGroup): every track's
// output and sends are the bits it gets rendered alone, whatever its chain.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze } from "../../core/analyze";
import { writeWav } from "../../engine/io/wavWrite";
import { KernelSum, sumInto } from "../../engine/render/sum";
import { TakeSource } from "../../engine/render/takeSource";
import { TrackRender, TrackSet } from "../../engine/render/trackRender";
import { seededNoise } from "../random";

const RATE = 48000;
const BLOCK = 4096;

describe("engine: tracks rendered in groups", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-pairs-"));
    mkdirSync(join(dir, "takes"));
    for (let n = 0; n < 8; n++) writeWav(join(dir, "takes", `t${n}.wav`), [seededNoise(RATE, n + 1, 0.4)], RATE, 32);
    writeWav(join(dir, "takes", "stereo.wav"), [seededNoise(RATE, 11, 0.4), seededNoise(RATE, 12, 0.4)], RATE, 32);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const eq = (bands: string[]) => `  eq {\n${bands.map((b) => `    ${b}\n`).join("")}  }\n`;
  const three = eq(["bell 100 Hz +3 dB q 0.7", "bell 1 kHz -4 dB q 1", "bell 8 kHz +2 dB q 0.7"]);
  const two = eq(["highpass 40 Hz", "highshelf 9 kHz -2 dB"]);
  const session = `session {\n  tail 0.1 s\n}
track a {\n  take "takes/t0.wav"\n${three}  comp {\n    threshold -20 dB\n    ratio 3\n  }\n  pan 30% left\n  gain -6 dB\n}
track b {\n  take "takes/t1.wav" {\n    at 0.1 s\n  }\n${eq(["bell 300 Hz -2 dB q 2", "bell 2 kHz +1 dB q 1", "lowpass 15 kHz"])}  comp {\n    threshold -12 dB\n    ratio 2\n  }\n  pan 60% right\n}
track c {\n  take "takes/t2.wav"\n${two}  send fx -10 dB pre\n}
track d {\n  take "takes/t3.wav"\n${two}  delay {\n    time 120 ms\n  }\n  automate pan {\n    0 s 100% left\n    0.8 s 100% right\n  }\n}
track e {\n  take "takes/stereo.wav"\n${three}}
track f {\n  take "takes/t4.wav"\n${three}  automate eq 1 gain {\n    0 s -6 dB\n    0.5 s +6 dB\n  }\n}
track g {\n  take "takes/t5.wav"\n  comp {\n    threshold -20 dB\n  }\n${three}}
track h {\n  take "takes/t6.wav"\n${eq(["bell 500 Hz +6 dB q 3"])}  automate gain {\n    0 s -12 dB\n    1 s 0 dB\n  }\n}
track i {\n  take "takes/t7.wav"\n${three}  comp {\n    threshold -30 dB\n    ratio 8\n    knee 12 dB\n  }\n}
track j {\n  take "takes/t0.wav" {\n    at 0.3 s\n  }\n${eq(["lowshelf 200 Hz +3 dB", "bell 900 Hz -2 dB q 1", "highshelf 6 kHz +1 dB"])}  comp {\n    threshold -10 dB\n    makeup 4 dB\n  }\n  gain -3 dB\n}
bus fx {\n  reverb {\n    size 50 %\n  }\n}
`;

  it("gives each track the bits it gets alone, and groups those it can", () => {
    const analysed = analyze(session);
    assert.ok(analysed.ok, JSON.stringify(analysed.diagnostics));
    const tracks = () => analysed.model.tracks.map((t) => new TrackRender(t, dir, RATE, BLOCK, true));
    const alone = tracks();
    const together = tracks();
    const set = new TrackSet(together);
    // a with b, i and j (three bands each, then a compressor), c with d (two bands); e is
    // stereo, f automates its EQ, g's EQ comes second, h's EQ has one band: g groups with
    // nothing of three bands at place 0.
    assert.deepEqual(set.groups, [4, 2, 1, 1, 1, 1]);
    const length = Math.round(1.2 * RATE);
    for (let start = 0; start < length; start += BLOCK) {
      const frames = Math.min(BLOCK, length - start);
      for (const r of alone) r.render(start, frames);
      set.render(start, frames);
      alone.forEach((r, n) => {
        assert.deepEqual(together[n].strip.output, r.strip.output, `${r.model.id} at ${start}`);
        assert.deepEqual(together[n].sendOutputs, r.sendOutputs, `${r.model.id}'s sends at ${start}`);
      });
    }
    alone.forEach((r, n) => assert.deepEqual(together[n].measures(), r.measures()));
    for (const r of [...alone, ...together]) r.close();
  });

  it("adds each track to a running mix as it finishes (KernelSum) with the bits of summing their outputs", () => {
    const analysed = analyze(session);
    assert.ok(analysed.ok);
    // The tracks without sends, in order (a worker's summed tracks): mono with fixed pan (panned into
    // the sum without being stored), stereo, automated pan and gain (their outputs added).
    const models = analysed.model.tracks.filter((t) => t.sends.length === 0);
    const make = () => models.map((t) => new TrackRender(t, dir, RATE, BLOCK, false));
    const summed = make();
    const reference = make();
    // Grouped, these tracks render out of order (a with b, i and j): a running mix takes them one by one.
    const probe = make();
    assert.ok(!new TrackSet(probe).inOrder);
    for (const r of probe) r.close();
    const referenceSet = new TrackSet(reference);
    const running = new KernelSum();
    for (const r of summed) r.strip.sum = running;
    const length = Math.round(1.2 * RATE);
    for (let start = 0; start < length; start += BLOCK) {
      const frames = Math.min(BLOCK, length - start);
      running.clear(frames);
      for (const r of summed) r.render(start, frames);
      referenceSet.render(start, frames);
      const mix = [new Float32Array(BLOCK), new Float32Array(BLOCK)];
      sumInto(mix, reference.map((r) => r.strip.output), frames);
      assert.deepEqual(running.read(frames).map((c) => Array.from(c)), mix.map((c) => Array.from(c.subarray(0, frames))), `at ${start}`);
    }
    for (const r of [...summed, ...reference]) r.close();
  });

  it("copies a take at unit gain into a cleared input (fresh) with the values adding it gives", () => {
    const take = { path: "takes/t3.wav", at: 0.01, gain: 1, fadeIn: 0, fadeOut: 0 } as unknown as ConstructorParameters<typeof TakeSource>[0];
    const [added, copied] = [new TakeSource(take, dir, RATE, BLOCK), new TakeSource(take, dir, RATE, BLOCK)];
    for (let start = 0; start < RATE; start += BLOCK) {
      const [a, b] = [[new Float32Array(BLOCK)], [new Float32Array(BLOCK)]];
      added.addInto(start, BLOCK, a);
      copied.addInto(start, BLOCK, b, true);
      assert.deepEqual(b, a, `at ${start}`);
    }
    added.close();
    copied.close();
  });
});
