// Sharing a render's tracks among threads by estimated load.
import { strict as assert } from "node:assert";
import { analyze } from "../../core/analyze";
import { shareTracks, stereoChainLoad, summedPrefix, trackLoad, writerLoad } from "../../engine/render/threads/threadShare";

const tracks = (bodies: string[]) => {
  const a = analyze(bodies.map((b, n) => `track t${n} {\n  take "t${n}.wav"\n${b}}\n`).join(""));
  return a.model.tracks;
};
const COMP = "  comp {\n    threshold -20 dB\n  }\n";
const EQ = "  eq {\n    bell 1 kHz +2 dB q 1\n  }\n";

describe("engine: sharing tracks among threads", () => {
  it("counts a track's inserts and sends, a limiter for more than other effects, dithered files for more than float", () => {
    const [plain, busy] = tracks(["", EQ + COMP + "  send verb -6 dB\n"]);
    assert.equal(trackLoad(plain), 2);
    assert.equal(trackLoad(busy), 5);
    assert.ok(stereoChainLoad([{ type: "limiter" } as never]) > stereoChainLoad([{ type: "comp" } as never]));
    assert.ok(writerLoad(24) > writerLoad(32));
  });

  it("gives the loaded thread only what evens the loads out, equal tracks two by two", () => {
    const models = tracks(Array.from({ length: 16 }, () => EQ + COMP));
    const [here, worker] = shareTracks(models, [36, 0]);
    assert.equal(here.length + worker.length, 16);
    assert.equal(here.length, 4);
    const load = (g: typeof models, base: number) => g.reduce((s, m) => s + trackLoad(m), base);
    assert.ok(Math.abs(load(here, 36) - load(worker, 0)) <= 8);
  });

  it("puts the heaviest tracks first and leaves a thread empty when its own load outweighs them all", () => {
    const models = tracks(["", EQ + COMP + COMP, ""]);
    const [here, a, b] = shareTracks(models, [100, 0, 0]);
    assert.deepEqual(here, []);
    assert.deepEqual(a.map((m) => m.id), ["t1"]);
    assert.deepEqual(b.map((m) => m.id), ["t0", "t2"]);
  });

  it("lets a worker sum the first tracks into the mix: an even run of them, closest to an even share, none with sends or a bus", () => {
    const models = tracks(Array.from({ length: 16 }, () => EQ + COMP));
    // 16 tracks of load 4 and 34 of the mixer's own: 98 in all, 49 a thread; 12 tracks make 48.
    assert.equal(summedPrefix(models, 34, 2), 12);
    assert.equal(summedPrefix(models, 0, 2), 8);
    assert.equal(summedPrefix(models, 0, 4), 4);
    // The run stops at a track with a send, or one that goes out to a bus; a run of one is not worth a worker.
    const mixed = tracks(["", "", "", "  send verb -6 dB\n", "", ""]);
    assert.equal(summedPrefix(mixed, 0, 2), 2);
    assert.equal(summedPrefix(tracks(["", "  out drums\n", ""]), 0, 2), 0);
    assert.equal(summedPrefix(tracks(["  send verb -6 dB\n", "", ""]), 0, 2), 0);
  });
});
