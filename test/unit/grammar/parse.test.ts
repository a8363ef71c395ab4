import { strict as assert } from "node:assert";
import { parse as generatedParse } from "../../../core/generated/parser";
import { parseSession } from "../../../core/parse";
import { stripRanges } from "../../helpers";

const parse = (text: string) => parseSession(text).file;

describe("grammar: trees", () => {
  it("reads a session block with units joined and spaced", () => {
    const file = stripRanges(parse('session "A" {\n  rate 48kHz\n  tempo 92 bpm\n  meter 4/4\n}\n'));
    assert.deepEqual(file, {
      kind: "File",
      items: [{
        kind: "Session",
        title: { kind: "String", value: "A", closed: true },
        body: {
          kind: "Block", closed: true,
          items: [
            { kind: "Setting", name: "rate", args: [{ kind: "Number", text: "48", value: 48, unit: "kHz" }] },
            { kind: "Setting", name: "tempo", args: [{ kind: "Number", text: "92", value: 92, unit: "bpm" }] },
            { kind: "Setting", name: "meter", args: [{ kind: "Fraction", text: "4/4", num: 4, den: 4 }] },
          ],
        },
      }],
    });
  });

  it("reads a track's takes, sends, out, effects and automation", () => {
    const text = [
      "track vox {",
      "  input mic",
      '  take "takes/v.wav" {',
      "    at 0:04.250",
      "  }",
      '  alt "takes/old.wav"',
      "  send verb -14 dB pre # wet",
      "  out drums",
      "  eq {",
      "    bell 3.2 kHz +2 dB q 1.4",
      "  }",
      "  automate eq 1 gain {",
      "    bar 9.3 -6 dB step",
      "  }",
      "  mute",
      "}",
    ].join("\n");
    const track = stripRanges(parse(text)).items[0];
    assert.equal(track.kind, "Track");
    if (track.kind !== "Track") return;
    assert.deepEqual(track.body.items.map((i) => i.kind), ["InputRef", "Take", "Take", "Send", "Out", "Effect", "Automate", "Setting"]);
    const [, take, alt, send, , eq, automate] = track.body.items;
    assert.deepEqual(take, {
      kind: "Take", active: true, path: { kind: "String", value: "takes/v.wav", closed: true },
      body: { kind: "Block", closed: true, items: [{ kind: "Setting", name: "at", args: [{ kind: "Clock", text: "0:04.250", seconds: 4.25 }] }] },
    });
    assert.equal(alt.kind === "Take" && alt.active, false);
    assert.deepEqual(send, { kind: "Send", name: "verb", args: [{ kind: "Number", text: "-14", value: -14, unit: "dB" }, { kind: "Word", text: "pre" }], comment: " wet" });
    assert.equal(eq.kind === "Effect" && eq.name, "eq");
    assert.deepEqual(automate.kind === "Automate" && automate.target, [{ kind: "Word", text: "eq" }, { kind: "Number", text: "1", value: 1 }, { kind: "Word", text: "gain" }]);
  });

  it("reads clock times with hours, and percentages", () => {
    const file = parse("track t {\n  automate pan {\n    1:02:03.5 10% left\n  }\n}\n");
    const t = file.items[0];
    assert.ok(t.kind === "Track" && t.body.items[0].kind === "Automate");
    const point = (t.body.items[0] as { body: { items: { args: unknown[] }[] } }).body.items[0];
    assert.deepEqual(stripRanges(point.args), [
      { kind: "Clock", text: "1:02:03.5", seconds: 3723.5 },
      { kind: "Number", text: "10", value: 10, unit: "%" },
      { kind: "Word", text: "left" },
    ]);
  });
});

describe("grammar: ranges", () => {
  const text = 'track kick {\n  gain -4dB # loud\n  out drums\n}\nbus drums {\n}\n';
  const file = parse(text);
  const slice = (r: [number, number]) => text.slice(r[0], r[1]);

  it("gives names their own range", () => {
    const [track, bus] = file.items;
    assert.ok(track.kind === "Track" && bus.kind === "Bus");
    assert.equal(slice(track.nameRange), "kick");
    assert.equal(slice(bus.nameRange), "drums");
    const out = track.body.items[1];
    assert.ok(out.kind === "Out");
    assert.equal(slice(out.nameRange), "drums");
  });

  it("ends a statement before its comment and line end, a block at its brace", () => {
    const track = file.items[0];
    assert.ok(track.kind === "Track");
    assert.equal(slice(track.body.items[0].range), "gain -4dB");
    assert.equal(slice(track.range), "track kick {\n  gain -4dB # loud\n  out drums\n}");
  });

  it("ranges values and their units", () => {
    const track = file.items[0];
    assert.ok(track.kind === "Track" && track.body.items[0].kind === "Setting");
    const value = track.body.items[0].args[0];
    assert.ok(value.kind === "Number");
    assert.equal(slice(value.range), "-4dB");
    assert.equal(slice(value.unitRange!), "dB");
  });

  it("counts offsets in UTF-16 code units", () => {
    const t = '# 🎸 énorme\ntrack gtr {\n  take "prises/é🎸.wav"\n}\n';
    const track = parse(t).items[1];
    assert.ok(track.kind === "Track");
    assert.equal(t.slice(track.nameRange[0], track.nameRange[1]), "gtr");
    const take = track.body.items[0];
    assert.equal(t.slice(take.range[0], take.range[1]), 'take "prises/é🎸.wav"');
  });
});

describe("grammar: recovery", () => {
  it("gives five independent mistakes five diagnostics", () => {
    const text = [
      "trak a {", "}",
      "track b {", "  gain -4 dB ))", "  ??? what", "}",
      "}",
      'track c {', '  take "open.wav', "}",
      "bus d {", "  gain 1 dB",
    ].join("\n");
    const { sink } = parseSession(text);
    assert.deepEqual(sink.items.map((d) => d.code), ["syntax-error", "unexpected-text", "syntax-error", "stray-brace", "unclosed-string", "unclosed-block"]);
  });

  it("ends an unclosed block where the next top-level block starts", () => {
    const file = parse("track a {\n  gain 1 dB\ntrack b {\n  gain 2 dB\n}\n");
    assert.deepEqual(file.items.map((i) => i.kind), ["Track", "Track"]);
    assert.ok(file.items[0].kind === "Track" && !file.items[0].body.closed);
    assert.ok(file.items[1].kind === "Track" && file.items[1].body.closed);
  });

  it("ends unclosed blocks at the start of the line of an indented header, in chunks or whole", () => {
    const text = "bus slap {\n  delay {\n  master {\n  eq {\n  }\n}\n";
    const file = parseSession(text).file;
    assert.deepEqual(file, generatedParse(text));
    assert.equal(file.items[0].range[1], text.indexOf("  master"));
  });

  it("skips the whole block of an unreadable line", () => {
    const file = parse("track a {\n  fx 1 2 {\n    x y\n    z {\n    }\n  }\n  gain 1 dB\n}\n");
    const t = file.items[0];
    assert.ok(t.kind === "Track");
    assert.deepEqual(t.body.items.map((i) => i.kind), ["Bad", "Setting"]);
  });

  it("refuses braces nested past the limit with one diagnostic", () => {
    const { sink } = parseSession("{".repeat(100000));
    assert.deepEqual(sink.items.map((d) => d.code), ["too-deep"]);
  });
});
