import { strict as assert } from "node:assert";
import { analyze } from "../../../core/analyze";
import { example, inTrack } from "../../helpers";

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} != ${b}`);

describe("lowering: the Night Drive example", () => {
  const { model, diagnostics } = analyze(example("night-drive").text);

  it("has no diagnostics when takes are not checked", () => {
    assert.deepEqual(diagnostics, []);
  });

  it("reads the session settings", () => {
    assert.equal(model.title, "Night Drive");
    assert.equal(model.sampleRate, 48000);
    assert.equal(model.tempo, 92);
    assert.deepEqual(model.meter, { beats: 4, unit: 4 });
    assert.deepEqual(model.inputs.map((i) => [i.id, i.device, i.channels]), [["mic", "default", [1]]]);
  });

  it("turns fader and send levels into linear gains", () => {
    const [kick, vox] = model.tracks;
    close(kick.gain, Math.pow(10, -4 / 20));
    assert.equal(kick.out, "drums");
    assert.equal(vox.out, "master");
    assert.deepEqual(vox.sends.map((s) => [s.to, s.pre]), [["verb", false], ["slap", true]]);
    close(vox.sends[0].level, Math.pow(10, -14 / 20));
  });

  it("keeps inserts in the order written, with catalogue defaults filled in", () => {
    const kick = model.tracks[0];
    assert.deepEqual(kick.inserts.map((e) => e.type), ["eq", "comp"]);
    const [eq, comp] = kick.inserts;
    assert.ok(eq.type === "eq" && comp.type === "comp");
    assert.deepEqual(eq.bands.map((b) => [b.type, b.freq, b.gain, b.q]), [["highpass", 30, 0, Math.SQRT1_2], ["bell", 60, 3, 1.1], ["bell", 400, -4, 2]]);
    close(comp.params.attack, 0.005);
    close(comp.params.release, 0.08);
    assert.equal(comp.params.knee, 6);
    assert.equal(comp.params.makeup, 0);
  });

  it("places the take and its fades in seconds", () => {
    const take = model.tracks[1].takes[0];
    assert.equal(take.path, "takes/vox-3.wav");
    close(take.at, 4.25);
    close(take.fadeIn, 0.01);
    close(take.fadeOut, 0.2);
  });

  it("pans 10% left to -0.1", () => close(model.tracks[1].pan, -0.1));

  it("resolves bar positions and note values from the tempo", () => {
    const points = model.tracks[1].automation[0].points;
    assert.deepEqual(points.map((p) => p.curve), ["linear", "linear", "linear", "step"]);
    close(points[3].time, 8 * 4 * (60 / 92));
    assert.equal(points[3].value, -6);
    const delay = model.buses.find((b) => b.id === "slap")!.inserts[0];
    assert.ok(delay.type === "delay");
    close(delay.params.time, 0.5 * (60 / 92));
    close(delay.params.feedback, 0.2);
  });

  it("models the master chain, loudness target and export", () => {
    assert.deepEqual(model.master.inserts.map((e) => e.type), ["eq", "comp", "limiter"]);
    assert.equal(model.master.loudness, -14);
    assert.deepEqual({ ...model.master.export, origin: undefined }, { path: "mix/night-drive.wav", bits: 24, origin: undefined });
  });

  it("keeps source ranges on model items", () => {
    const text = example("night-drive").text;
    const kick = model.tracks[0];
    assert.ok(text.slice(kick.origin[0], kick.origin[1]).startsWith("track kick {"));
    const send = model.tracks[1].sends[0];
    assert.equal(text.slice(send.origin[0], send.origin[1]), "send verb -14 dB");
  });

  it("is JSON-serialisable", () => {
    assert.deepEqual(JSON.parse(JSON.stringify(model)), model);
  });
});

describe("lowering: routing order", () => {
  it("orders buses so each comes after every bus feeding it", () => {
    const text = "bus a {\n  out b\n}\nbus c {\n  out a\n  send b -3 dB\n}\nbus b {\n}\ntrack t {\n  out c\n}\n";
    const { model, diagnostics } = analyze(text);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(model.buses.map((b) => b.id), ["c", "a", "b"]);
  });
});

describe("lowering: values", () => {
  const lowered = (body: string) => analyze(inTrack(body)).model.tracks[0];

  it("reads every pan form", () => {
    assert.equal(lowered("pan center").pan, 0);
    assert.equal(lowered("pan 30% right").pan, 0.3);
    assert.equal(lowered("pan 100% left").pan, -1);
  });

  it("reads times as clock, seconds, milliseconds and bars", () => {
    const text = 'session {\n  tempo 120 bpm\n  meter 3/4\n}\n' + inTrack('automate gain {\n    0:01.5 0 dB\n    2 s 0 dB\n    2500 ms 0 dB\n    bar 3.1 -3 dB smooth\n  }');
    const { model, diagnostics } = analyze(text);
    assert.deepEqual(diagnostics, []);
    const times = model.tracks[0].automation[0].points.map((p) => p.time);
    assert.deepEqual(times, [1.5, 2, 2.5, 2 * 3 * 0.5]);
  });

  it("automates effect parameters and EQ bands by position", () => {
    const t = lowered("comp {\n    ratio 2\n  }\n  eq {\n    highpass 80 Hz\n    bell 1 kHz -2 dB\n  }\n  automate comp threshold {\n    0:00 -20 dB\n  }\n  automate eq 2 freq {\n    0:00 1 kHz\n    0:02 2 kHz\n  }");
    assert.deepEqual(t.automation.map((a) => a.target), [{ kind: "effect", effect: 0, param: "threshold" }, { kind: "band", effect: 1, band: 1, param: "freq" }]);
    assert.deepEqual(t.automation[1].points.map((p) => p.value), [1000, 2000]);
  });

  it("keeps alternatives apart from the takes that play", () => {
    const t = lowered('take "a.wav"\n  alt "b.wav" {\n    at 0:02\n  }');
    assert.deepEqual(t.takes.map((x) => x.path), ["a.wav"]);
    assert.deepEqual(t.alternatives.map((x) => [x.path, x.at]), [["b.wav", 2]]);
  });
});
