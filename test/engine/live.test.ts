// The live renderer: chunks equal the offline render bit for bit, and an edit
// re-renders only the channels it touches. Far from what is rendered, chunks
// come approximately from warm starts at once, and exactly once the background
// render has caught up.
import { strict as assert } from "node:assert";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { analyze } from "../../core/analyze";
import { readWav } from "../../engine/io/wavRead";
import { LiveSession } from "../../engine/player/liveSession";
import { decodePcm } from "../../engine/player/wire";
import { renderMix } from "../../engine/render/render";
import { ROOT } from "../helpers";

describe("engine: live renderer", function () {
  this.timeout(120000);
  let dir: string;
  let text: string;
  let offline: Float32Array[];
  const sessionPath = () => join(dir, "night-drive.session");

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-live-"));
    // Renders and mixes left in the example are not copied; the test is on the path inside the
    // example, so a checkout whose own path holds "renders" or "/mix" (/tmp/mixbase) copies all the rest.
    const example = join(ROOT, "examples", "night-drive");
    cpSync(example, dir, {
      recursive: true,
      filter: (src) => {
        const inside = `/${relative(example, src).split("\\").join("/")}`;
        return !inside.includes("renders") && !inside.includes("/mix");
      },
    });
    text = readFileSync(sessionPath(), "utf8");
    const { model } = analyze(text);
    const { path } = await renderMix(model, { sessionPath: sessionPath(), folder: dir, out: "renders/offline.wav", bits: 32 });
    offline = readWav(path).data;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const open = (bytes?: number) => {
    const live = new LiveSession("s", sessionPath(), bytes);
    live.update(text);
    return live;
  };
  const samples = (live: LiveSession, start: number, frames: number) => {
    const c = live.chunk(start, frames, "mix");
    return c.channels.map(decodePcm);
  };
  /** The chunk as served once exact: asked again after the background catch-up if it was approximate. */
  const exactSamples = async (live: LiveSession, start: number, frames: number) => {
    let c = live.chunk(start, frames, "mix");
    if (c.approximate) {
      await live.whenExact();
      c = live.chunk(start, frames, "mix");
    }
    assert.equal(c.approximate, false, `the chunk at ${start} is still approximate after the catch-up`);
    return c.channels.map(decodePcm);
  };
  const renderEdited = async (edited: string, name: string) => {
    const { path } = await renderMix(analyze(edited).model, { sessionPath: sessionPath(), folder: dir, out: `renders/${name}.wav`, bits: 32 });
    return readWav(path).data;
  };
  /** RMS of a - b over both channels (b from frame `start`). */
  const rmsDiff = (a: Float32Array[], b: Float32Array[], start: number) => {
    let sum = 0;
    for (let ch = 0; ch < 2; ch++) for (let i = 0; i < a[ch].length; i++) sum += (a[ch][i] - b[ch][start + i]) ** 2;
    return Math.sqrt(sum / (2 * a[0].length));
  };
  const sameAsOffline = (got: Float32Array[], start: number, reference = offline) => {
    for (let ch = 0; ch < 2; ch++) {
      const want = reference[ch].subarray(start, start + got[ch].length);
      const firstDiff = got[ch].findIndex((v, i) => !Object.is(v, want[i]));
      assert.equal(firstDiff, -1, `channel ${ch} differs from the offline render at frame ${start + firstDiff}`);
    }
  };

  it("renders chunks bit for bit equal to `mixdown render` (32-bit float), at any start and size", async () => {
    const live = open();
    assert.equal(live.graph!.length, offline[0].length);
    for (const [start, frames] of [[0, 24000], [24000, 24000], [100_001, 7777], [480_000, 48000]]) sameAsOffline(await exactSamples(live, start, frames), start);
    // Backwards, after the blocks were rendered: from the cache.
    sameAsOffline(samples(live, 12_345, 30_000), 12_345);
    live.close();
  });

  it("restarts a channel from frame 0 when an evicted block behind it is asked for, and stays exact", async () => {
    const live = open(1); // the smallest cache: 256 blocks
    sameAsOffline(await exactSamples(live, 900_000, 48000), 900_000);
    sameAsOffline(samples(live, 0, 48000), 0);
    sameAsOffline(await exactSamples(live, 700_000, 48000), 700_000);
    live.close();
  });

  it("starts mid-song at once from warm starts, close to the offline render, and exact once caught up", async () => {
    const live = open();
    const start = 600_000;
    const first = live.chunk(start, 24000, "mix");
    assert.equal(first.approximate, true, "a cold start 12.5 s in is served from warm starts");
    const got = first.channels.map(decodePcm);
    const level = rmsDiff(got, [new Float32Array(offline[0].length), new Float32Array(offline[1].length)], start);
    assert.ok(rmsDiff(got, offline, start) < 0.02 * level, "the warm start is close to the exact mix");
    assert.equal(live.chunk(start + 24000, 24000, "mix").approximate, true);
    await live.whenExact();
    // Not yet played: exact now. Already served ones are exact when asked again.
    sameAsOffline(samples(live, start + 48000, 24000), start + 48000);
    const again = live.chunk(start, 48000, "mix");
    assert.equal(again.approximate, false);
    sameAsOffline(again.channels.map(decodePcm), start);
    live.close();
  });

  it("after an EQ edit mid-song, plays the new EQ at once (approximately), then exactly the edited render", async () => {
    const live = open();
    const start = 480_000;
    samples(live, 0, 48000);
    sameAsOffline(await exactSamples(live, start - 48000, 48000), start - 48000);
    const edited = text.replace("bell 60 Hz +3 dB q 1.1", "bell 60 Hz +12 dB q 1.1");
    assert.deepEqual(live.update(edited).rerendered.sort(), ["drums", "kick"]);
    const want = await renderEdited(edited, "eq-boost");
    const first = live.chunk(start, 24000, "mix");
    assert.equal(first.approximate, true, "kick and drums are served from warm starts");
    const got = first.channels.map(decodePcm);
    // The boost is in it: much nearer the edited render than the old one.
    const toEdited = rmsDiff(got, want, start);
    const toOld = rmsDiff(got, offline, start);
    assert.ok(toEdited < 0.01 * toOld, `nearer the edited render (${toEdited}) than the old one (${toOld})`);
    await live.whenExact();
    for (const at of [start + 24000, start]) sameAsOffline(samples(live, at, 24000), at, want);
    live.close();
  });

  it("re-renders only the changed track: a gain edit re-renders no stage, an EQ edit only that track's, and buses downstream", () => {
    const live = open();
    samples(live, 0, 96000);
    const before = new Map(live.graph!.nodes.map((n) => [n.model.id, n.stage]));
    const louder = text.replace("gain -2 dB\n  pan 10% left", "gain -8 dB\n  pan 10% left");
    const gain = live.update(louder);
    assert.ok(gain.ok);
    // vox feeds the verb and slap buses, whose inputs change; kick and drums keep their blocks.
    assert.deepEqual(gain.rerendered.sort(), ["slap", "verb"]);
    assert.equal(live.graph!.nodes.find((n) => n.model.id === "kick")!.stage, before.get("kick"));
    const hits = live.cache.hits;
    const kickRendered = before.get("kick")!.rendered;
    samples(live, 0, 96000);
    assert.equal(before.get("kick")!.rendered, kickRendered, "kick was not re-rendered");
    assert.ok(live.cache.hits > hits);
    const eq = live.update(louder.replace("bell 60 Hz +3 dB q 1.1", "bell 60 Hz +6 dB q 1.1"));
    assert.deepEqual(eq.rerendered.sort(), ["drums", "kick"]);
    live.close();
  });

  it("after an edit, plays the new sound: equal to the offline render of the edited session", async () => {
    const live = open();
    samples(live, 0, 48000);
    const edited = text.replace("gain -4 dB", "gain -10 dB");
    live.update(edited);
    const want = await renderEdited(edited, "edited");
    const got = samples(live, 48000, 48000);
    for (let ch = 0; ch < 2; ch++) assert.deepEqual(got[ch], want[ch].subarray(48000, 96000));
    live.close();
  });

  it("sums buses feeding buses, bus sends pre and post, mute and solo as the offline render does, bit for bit", async () => {
    // drums and verb into glue; drums sends to verb (pre) and slap; glue sends to slap: every rounding of routing.ts.
    const routed = text
      .replace("bus drums {\n  gain -1 dB\n", "bus drums {\n  gain -1 dB\n  send verb -8 dB pre\n  send slap -10 dB\n  out glue\n")
      .replace("bus verb {\n", "bus verb {\n  out glue\n")
      .replace("bus slap {\n", "bus glue {\n  gain -2 dB\n  send slap -12 dB\n}\n\nbus slap {\n");
    const variants: [string, string][] = [
      ["routed", routed],
      ["routed-muted", routed.replace("bus verb {\n", "bus verb {\n  mute\n")],
      ["routed-solo", routed.replace("bus drums {\n", "bus drums {\n  solo\n")],
    ];
    for (const [name, edited] of variants) {
      assert.ok(analyze(edited).ok, `${name}: ${JSON.stringify(analyze(edited).diagnostics)}`);
      const want = await renderEdited(edited, name);
      const live = new LiveSession("s", sessionPath());
      live.update(edited);
      for (const [start, frames] of [[0, 48000], [200_000, 30_000]]) sameAsOffline(await exactSamples(live, start, frames), start, want);
      live.close();
    }
  });

  it("keeps the last good model when the text is invalid, and says why", () => {
    const live = open();
    const bad = live.update(text.replace("out drums", "out drumz"));
    assert.equal(bad.ok, false);
    assert.equal(bad.version, 1);
    assert.match(bad.problems[0], /^\d+:\d+: .*drumz/);
    sameAsOffline(samples(live, 0, 4096), 0);
    live.close();
  });

  it("meters every 100 ms: track and master peak and RMS, momentary and short-term loudness", () => {
    const live = open();
    const c = live.chunk(0, 48000, "mix");
    assert.equal(c.meters.step, 4800);
    assert.equal(c.meters.master.peak.length, 10);
    assert.deepEqual(c.meters.tracks.map((t) => t.id), ["kick", "vox"]);
    assert.ok(c.meters.tracks[0].peak.some((p) => p > 0.01));
    assert.ok(c.meters.master.momentary.some((v) => v !== null));
    const master = live.chunk(0, 48000, "master");
    assert.equal(master.source, "master");
    live.close();
  });
});
