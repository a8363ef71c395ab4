// The semantic diff and the textconv form: changes in words, formatting ignored.
import { strict as assert } from "node:assert";
import { describeText, diffSessions, SessionReadError, textconv } from "../../../core/diff";
import { format } from "../../../core/format";
import { example } from "../../helpers";

const BEFORE = `session "Song" {
  tempo 120 bpm
}

track vox {
  take "takes/vox-1.wav" {
    at 0:04
  }
  gain -2 dB
  comp {
    ratio 3
    threshold -20 dB
  }
  automate gain {
    0:00 -2 dB
    0:10 0 dB
  }
}

bus verb {
  reverb {
  }
}

master {
  loudness -14 LUFS
}
`;

const diff = (a: string, b: string, changedTakes?: Set<string>) => diffSessions(describeText(a, "a"), describeText(b, "b"), { changedTakes });

describe("semantic diff", () => {
  it("says what changed, by track, bus and master, in the user's units", () => {
    const after = BEFORE
      .replace("ratio 3", "ratio 4").replace("gain -2 dB", "gain -1 dB").replace("vox-1", "vox-2")
      .replace("0:10 0 dB", "0:10 -1 dB").replace("loudness -14", "loudness -16")
      .replace("  reverb {\n  }\n", "  reverb {\n    decay 3 s\n  }\n  out master\n")
      + 'track shaker {\n  take "takes/shaker.wav"\n  send verb -12 dB\n}\n';
    assert.deepEqual(diff(BEFORE, after), [
      "track 'shaker' added",
      "vox: automate gain at 0:10 0 -> -1 dB; comp ratio 3 -> 4; gain -2 -> -1 dB; take takes/vox-1.wav -> takes/vox-2.wav",
      "verb: reverb decay 1.8 s (default) -> 3 s",
      "master: loudness -14 -> -16 LUFS",
    ]);
  });

  it("reports sends, outs, effects, automation and expectations added or removed", () => {
    const after = BEFORE.replace("  gain -2 dB\n", "  send verb -10 dB pre\n  out verb\n  eq {\n    highpass 80 Hz\n  }\n")
      .replace(/  automate gain \{[^}]*\}\n/, "").replace("  loudness -14 LUFS\n", "  loudness -14 LUFS\n  expect true-peak below -1 dBTP\n");
    assert.deepEqual(diff(BEFORE, after), [
      "vox: automate gain removed; eq added; gain -2 dB -> 0 dB (default); out master (default) -> verb; send verb -10 dB pre added",
      "master: expect true-peak below -1 dBTP added",
    ]);
  });

  it("reports a bus removed, and inserts reordered", () => {
    const after = BEFORE.replace(/bus verb \{\n  reverb \{\n  \}\n\}\n\n/, "").replace("  comp {", "  eq {\n    bell 1 kHz -2 dB\n  }\n  comp {");
    const reordered = after.replace(/  eq \{\n    bell 1 kHz -2 dB\n  \}\n(  comp \{[^}]*\}\n)/, "$1  eq {\n    bell 1 kHz -2 dB\n  }\n");
    assert.deepEqual(diff(BEFORE, after), ["vox: eq added", "bus 'verb' removed"]);
    assert.deepEqual(diff(after, reordered), ["vox: inserts eq comp -> comp eq"]);
  });

  it("reports an fx slider changed, and an fx program replaced, by its .dsp path", () => {
    const fx = BEFORE.replace("  gain -2 dB\n", '  gain -2 dB\n  fx "effects/tape.dsp" {\n    drive 6 dB\n    tone 6 kHz\n  }\n');
    assert.deepEqual(diff(fx, fx.replace("drive 6 dB", "drive 9 dB").replace("tone 6 kHz", "tone 6000 Hz")), ["vox: fx effects/tape.dsp drive 6 -> 9 dB"]);
    assert.deepEqual(diff(fx, fx.replace("effects/tape.dsp", "effects/warm.dsp")), ["vox: fx effects/tape.dsp removed; fx effects/warm.dsp added"]);
    assert.deepEqual(diff(fx, fx.replace("    drive 6 dB\n", "")), ["vox: fx effects/tape.dsp drive 6 dB removed"]);
  });

  it("reports a take re-recorded under the same name", () => {
    assert.deepEqual(diff(BEFORE, BEFORE, new Set(["takes/vox-1.wav"])), ["vox: take takes/vox-1.wav re-recorded (content changed)"]);
  });

  it("finds no changes in formatting, comments, units spelled otherwise or meaningless reordering", () => {
    const messy = `# a comment\nmaster {\n loudness -14lufs\n}\nbus verb {\n  reverb {\n  }\n}\ntrack vox {\n  automate gain {\n    0:00 -2.0 dB\n    0:10 +0 dB\n  }\n  comp {\n    threshold -20dB # here\n    ratio 3\n    attack 10 ms\n  }\n  gain -2 dB\n  take "takes/vox-1.wav" {\n    at 0:04.000\n  }\n}\nsession "Song" {\n  tempo 120 bpm\n}\n`;
    assert.deepEqual(diff(BEFORE, messy), []);
    const f = format(messy);
    assert.ok(f.ok);
    assert.deepEqual(diff(messy, f.text), []);
  });

  it("compares 2 kHz and 2000 Hz as the same", () => {
    const a = "track a {\n  eq {\n    bell 2 kHz -2 dB\n  }\n}\n";
    assert.deepEqual(diff(a, a.replace("2 kHz", "2000 Hz")), []);
  });

  it("names the file and line of a side that does not parse", () => {
    assert.throws(() => describeText("track a {\n  gain -2 dB ))\n}\n", "song.session (HEAD)"), (e: Error) =>
      e instanceof SessionReadError && /^song\.session \(HEAD\):2: cannot compare this session, it does not parse: Unexpected '\)\)'/.test(e.message));
  });
});

describe("textconv form", () => {
  it("prints one line per setting, qualified by its owner", () => {
    const lines = textconv(describeText(BEFORE, "a")).split("\n");
    for (const l of ["session: tempo 120 bpm", "track vox", "track vox: comp ratio 3", "track vox: gain -2 dB", "track vox: take takes/vox-1.wav", "track vox: take at 0:04", "track vox: automate gain at 0:10 0 dB", "bus verb: reverb", "master: loudness -14 LUFS"]) {
      assert.ok(lines.includes(l), `missing '${l}' in\n${lines.join("\n")}`);
    }
  });

  it("is the same for every formatting of the examples", () => {
    for (const name of ["night-drive", "podcast", "band"]) {
      const { text } = example(name);
      const squashed = text.replace(/^[ \t]+/gm, "    ").replace(/#.*$/gm, "").replace(/ dB\b/g, "dB");
      assert.equal(textconv(describeText(squashed, name)), textconv(describeText(text, name)), name);
    }
  });
});
