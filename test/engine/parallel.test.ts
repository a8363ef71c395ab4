// Rendering across worker threads: the same bits for any thread count,
// prompt cancellation, worker errors reported, and memory flat in length.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze } from "../../core/analyze";
import type { SessionModel } from "../../core/model";
import { writeWav } from "../../engine/io/wavWrite";
import { EngineError } from "../../engine/render/errors";
import { Mixer } from "../../engine/render/mixer";
import { renderMix } from "../../engine/render/render";
import { prewarmWorkers, TrackPool, warmThreadIds } from "../../engine/render/threads/trackPool";
import { ringBlocks } from "../../engine/render/threads/trackWorkerProtocol";
import { ROOT } from "../helpers";
import { seededNoise } from "../random";

const RATE = 48000;

describe("engine: rendering on worker threads", function () {
  this.timeout(180000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-parallel-"));
    mkdirSync(join(dir, "takes"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const load = (text: string): SessionModel => {
    writeFileSync(join(dir, "s.session"), text);
    const a = analyze(text);
    assert.ok(a.ok, JSON.stringify(a.diagnostics));
    return a.model;
  };
  const take = (name: string, seconds: number, seed: number) => writeWav(join(dir, "takes", name), [seededNoise(seconds * RATE, seed, 0.3)], RATE, 32);

  /** Six tracks with inserts, automation, pre and post sends into two buses, one muted. */
  function busySession(): SessionModel {
    for (let n = 0; n < 6; n++) take(`t${n}.wav`, 3, n + 1);
    const track = (n: number) => `track t${n} {
  take "takes/t${n}.wav"
  eq {
    bell ${200 * (n + 1)} Hz +3 dB q 1
  }
  comp {
    threshold -18 dB
    ratio 3
  }
  pan ${10 * n + 5}% left
  send verb -12 dB${n % 2 ? " pre" : ""}
  ${n === 5 ? "mute" : ""}
  automate gain {
    0 s -6 dB
    2 s 0 dB
  }
}
`;
    const buses = 'bus verb {\n  reverb {\n    size 60 %\n  }\n  out glue\n}\nbus glue {\n  comp {\n    threshold -20 dB\n  }\n}\n';
    return load(`session {\n  tail 1 s\n}\n${Array.from({ length: 6 }, (_, n) => track(n)).join("")}${buses}`);
  }

  it("writes the same bits in one thread, two and three, and with every track on a worker, stems and report included", async () => {
    const model = busySession();
    const runs: { bytes: Buffer; stems: Buffer[]; tracks: { id: string; peak: number | null }[]; integrated: number | null }[] = [];
    // A load of 1000 leaves the mixer's thread no track: the workers render them all.
    for (const [threads, load] of [[1, 0], [2, 0], [3, 0], [2, 1000]]) {
      const name = `${threads}-${load}`;
      const { path, report } = await renderMix(model, { sessionPath: join(dir, "s.session"), folder: dir, bits: 24, threads, load, out: `renders/w${name}.wav`, stems: `stems${name}` });
      const stems = readdirSync(join(dir, `stems${name}`)).sort().map((f) => readFileSync(join(dir, `stems${name}`, f)));
      runs.push({ bytes: readFileSync(path), stems, tracks: report.tracks, integrated: report.integrated });
    }
    assert.ok(runs[0].bytes.length > 100000);
    for (const r of runs.slice(1)) {
      assert.ok(r.bytes.equals(runs[0].bytes), "mix differs");
      assert.equal(r.stems.length, 6);
      r.stems.forEach((s, i) => assert.ok(s.equals(runs[0].stems[i]), `stem ${i} differs`));
      assert.deepEqual(r.tracks, runs[0].tracks);
      assert.equal(r.integrated, runs[0].integrated);
    }
    assert.equal(runs[0].tracks.find((t) => t.id === "t5")!.peak, null, "the muted track is silent");
  });

  it("renders tracks in the mixer's thread and on workers at once: the same bits as in one thread", async () => {
    for (let n = 0; n < 8; n++) take(`p${n}.wav`, 2, 40 + n);
    const track = (n: number) => `track p${n} {\n  take "takes/p${n}.wav"\n  eq {\n    bell 200 Hz +3 dB q 1\n    bell 2 kHz -2 dB q 1\n  }\n  comp {\n    threshold -20 dB\n  }\n  pan ${n * 10}% right\n}\n`;
    const model = load(Array.from({ length: 8 }, (_, n) => track(n)).join(""));
    const mixer = new Mixer(model, dir, 4096, { threads: 2, load: 11 });
    const placement = mixer.placement;
    mixer.close();
    assert.equal(placement.length, 2);
    assert.ok(placement[0].length >= 2 && placement[1].length >= 2, JSON.stringify(placement));
    const bytes = async (threads: number) => readFileSync((await renderMix(model, { sessionPath: join(dir, "s.session"), folder: dir, bits: 24, threads, out: `renders/split${threads}.wav` })).path);
    const local = await bytes(1);
    for (const threads of [2, 3]) assert.ok((await bytes(threads)).equals(local), `${threads} threads`);
  });

  it("lets a worker sum the first tracks itself: the same bits as each track summed in the mixer, with stems or not", async () => {
    for (let n = 0; n < 8; n++) take(`s${n}.wav`, 2, 80 + n);
    // Six tracks straight to the mix, then two that send to a bus, which goes to the mix after them.
    const plain = (n: number) => `track s${n} {\n  take "takes/s${n}.wav"\n  eq {\n    bell 500 Hz +2 dB q 1\n  }\n  comp {\n    threshold -22 dB\n  }\n  pan ${n * 15}% left\n}\n`;
    const sending = (n: number) => `track s${n} {\n  take "takes/s${n}.wav"\n  send room -8 dB\n  gain -3 dB\n}\n`;
    const model = load(`session {\n  tail 0.5 s\n}\n${[0, 1, 2, 3, 4, 5].map(plain).join("")}${[6, 7].map(sending).join("")}bus room {\n  reverb {\n    size 30 %\n  }\n}\n`);
    const mixer = new Mixer(model, dir, 4096, { threads: 2, sumOnWorker: true });
    const placement = mixer.placement;
    mixer.close();
    assert.deepEqual(placement[1], ["s0", "s1", "s2", "s3"], "the worker takes the first tracks, an even share");
    const render = async (threads: number, name: string, stems?: string) => {
      const { path, report } = await renderMix(model, { sessionPath: join(dir, "s.session"), folder: dir, bits: 32, threads, out: `renders/${name}.wav`, stems });
      return { bytes: readFileSync(path), report };
    };
    const local = await render(1, "one");
    for (const [threads, stems] of [[2, undefined], [3, undefined], [2, "stems2"]] as const) {
      const r = await render(threads, `t${threads}${stems ?? ""}`, stems);
      assert.ok(r.bytes.equals(local.bytes), `${threads} threads${stems ? " with stems" : ""}: the mix differs`);
      assert.deepEqual(r.report.tracks, local.report.tracks, "the tracks' measures");
    }
  });

  it("writes the same bits in one thread and in two to four, whatever the routes", async () => {
    for (let n = 0; n < 5; n++) take(`r${n}.wav`, 1, 20 + n);
    // An out to a bus that a later track also sends to, a send to a missing bus (an error the
    // language reports; the engine skips the send), a track that sends to the bus it goes out
    // to, and a bus fed only by sends.
    const text = `session {\n  tail 0.5 s\n}
track a {\n  take "takes/r0.wav"\n  out drums\n  send space -6 dB\n}
track b {\n  take "takes/r1.wav"\n  send drums -3 dB pre\n  pan 40% left\n}
track c {\n  take "takes/r2.wav"\n  out drums\n  send drums -10 dB\n}
track d {\n  take "takes/r3.wav"\n  send nowhere -6 dB\n  gain -4 dB\n}
track e {\n  take "takes/r4.wav"\n  send space -2 dB\n  mute\n}
bus drums {\n  comp {\n    threshold -20 dB\n  }\n}
bus space {\n  reverb {\n    size 40 %\n  }\n}
`;
    writeFileSync(join(dir, "s.session"), text);
    const model = analyze(text).model;
    const bytes = async (threads: number) => readFileSync((await renderMix(model, { sessionPath: join(dir, "s.session"), folder: dir, bits: 32, threads, out: `renders/routes${threads}.wav` })).path);
    const local = await bytes(1);
    for (const threads of [2, 3, 4]) assert.ok((await bytes(threads)).equals(local), `${threads} threads`);
  });

  it("stops at the next block once aborted, terminates its workers and leaves no partial file", async () => {
    for (let n = 0; n < 4; n++) take(`t${n}.wav`, 30, n + 1);
    const model = load(Array.from({ length: 4 }, (_, n) => `track t${n} {\n  take "takes/t${n}.wav"\n}\n`).join(""));
    const controller = new AbortController();
    let afterAbort = 0;
    let aborted = false;
    const pending = renderMix(model, {
      sessionPath: join(dir, "s.session"), folder: dir, threads: 3, signal: controller.signal,
      onProgress: (f) => {
        if (aborted) afterAbort++;
        else if (f > 0.2) {
          aborted = true;
          controller.abort();
        }
      },
    });
    await assert.rejects(pending, /cancelled/);
    assert.equal(afterAbort, 0, "no block was rendered after the abort");
    assert.deepEqual(readdirSync(dir).filter((f) => f === "renders").flatMap((f) => readdirSync(join(dir, f))), []);
  });

  it("renders on workers started before the session was read, the same bits, and stops those it does not need", async () => {
    for (let n = 0; n < 4; n++) take(`w${n}.wav`, 2, 60 + n);
    const model = load(Array.from({ length: 4 }, (_, n) => `track w${n} {\n  take "takes/w${n}.wav"\n  eq {\n    bell 1 kHz -3 dB q 1\n  }\n  comp {\n    threshold -24 dB\n  }\n  pan ${n * 20}% left\n}\n`).join(""));
    const options = { folder: dir, sampleRate: RATE, block: 4096, metered: true, length: 2 * RATE };
    prewarmWorkers(3);
    const warm = warmThreadIds();
    assert.equal(warm.length, 3);
    const pool = new TrackPool([[model.tracks[0], model.tracks[1]], [model.tracks[2], model.tracks[3]]], options);
    try {
      assert.deepEqual(pool.threadIds, warm.slice(0, 2), "the pool's workers are the first two warm ones");
      assert.deepEqual(warmThreadIds(), [], "the third is stopped");
      pool.render();
      assert.ok(pool.tracks.every((t) => t.output[0].some((v) => v !== 0)), "the warm workers rendered the first block");
    } finally {
      pool.close();
    }
    const bytes = async (threads: number, name: string) => readFileSync((await renderMix(model, { sessionPath: join(dir, "s.session"), folder: dir, bits: 24, threads, out: `renders/${name}.wav` })).path);
    const local = await bytes(1, "local");
    prewarmWorkers(1);
    assert.ok((await bytes(2, "warm")).equals(local), "a render on a warm worker");
    assert.deepEqual(warmThreadIds(), []);
  });

  it("sizes each worker's ring to its tracks: 64 blocks at most, 4 at least, about 24 MB", () => {
    const tracks = (n: number) => load(Array.from({ length: n }, (_, i) => `track r${i} {\n}\n`).join("")).tracks;
    assert.equal(ringBlocks(tracks(1), 4096), 64);
    assert.equal(ringBlocks(tracks(12), 4096), 64); // 384 KB a slot
    assert.equal(ringBlocks(tracks(24), 4096), 32); // 768 KB a slot
    assert.equal(ringBlocks(tracks(48), 4096), 16); // 1.5 MB a slot
    assert.equal(ringBlocks(tracks(400), 4096), 4);
  });

  it("throws a worker's error as the engine's, naming the take", () => {
    const model = load('track a {\n  take "takes/gone.wav"\n}\ntrack b {\n  take "takes/gone.wav"\n}\n');
    const pool = new TrackPool([[model.tracks[0]], [model.tracks[1]]], { folder: dir, sampleRate: RATE, block: 4096, metered: false, length: RATE });
    try {
      assert.throws(() => pool.render(), (e: unknown) => e instanceof EngineError && /Take 'takes\/gone.wav' cannot be read/.test(e.message));
    } finally {
      pool.close();
    }
  });

  it("keeps memory flat in the session's length: 64 tracks for 20 s and for 60 s", () => {
    const peakMb = (seconds: number) => {
      take(`len${seconds}.wav`, seconds, 7);
      const tracks = Array.from({ length: 64 }, (_, n) => `track t${n} {\n  take "takes/len${seconds}.wav"\n  pan ${n + 1}% right\n}\n`);
      writeFileSync(join(dir, `len${seconds}.session`), `session {\n  tail 0 s\n}\n${tracks.join("")}`);
      const script = `process.argv = [process.argv[0], "cli", "render", ${JSON.stringify(join(dir, `len${seconds}.session`))}, "--bits", "16"]; require(${JSON.stringify(join(ROOT, "dist", "cli.js"))}); process.on("exit", () => console.error("maxrss " + process.resourceUsage().maxRSS));`;
      const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", cwd: dir });
      assert.equal(r.status, 0, r.stderr);
      return Number(/maxrss (\d+)/.exec(r.stderr)![1]) / 1024;
    };
    const short = peakMb(20);
    const long = peakMb(60);
    assert.ok(long - short < 40, `peak memory ${short.toFixed(0)} MB for 20 s, ${long.toFixed(0)} MB for 60 s`);
    assert.ok(long < 400, `peak memory ${long.toFixed(0)} MB`);
  });
});
