// Solo / Mute as text edits (core/stripFlags.ts): the line added or removed, its indentation,
// the strip found by name or by an offset inside it.
import { strict as assert } from "node:assert";
import { analyze } from "../../../core/analyze";
import { findStrip, toggleFlag, type StripFlag } from "../../../core/stripFlags";

function toggled(text: string, where: { name?: string; offset?: number }, flag: StripFlag): { text: string; on: boolean } {
  const strip = findStrip(analyze(text).file, where);
  assert.ok(strip, "strip found");
  const { edit, on } = toggleFlag(text, strip, flag);
  return { text: text.slice(0, edit.range[0]) + edit.newText + text.slice(edit.range[1]), on };
}

const SESSION = "track kick {\n  gain -4 dB\n}\n\nbus drums {\n    gain -1 dB\n    mute  # quiet for now\n}\n";

describe("core: solo and mute as text edits", () => {
  it("adds `mute` as the block's last line, indented like its statements", () => {
    const r = toggled(SESSION, { name: "kick" }, "mute");
    assert.equal(r.on, true);
    assert.equal(r.text, SESSION.replace("  gain -4 dB\n}", "  gain -4 dB\n  mute\n}"));
    assert.equal(analyze(r.text).model.tracks[0].mute, true);
  });

  it("removes the flag's whole line, comment included, when it is there", () => {
    const r = toggled(SESSION, { name: "drums" }, "mute");
    assert.equal(r.on, false);
    assert.equal(r.text, SESSION.replace("    mute  # quiet for now\n", ""));
  });

  it("toggles twice back to the original text", () => {
    const once = toggled(SESSION, { name: "kick" }, "solo").text;
    assert.equal(toggled(once, { name: "kick" }, "solo").text, SESSION);
  });

  it("finds the strip whose block holds the offset (the cursor)", () => {
    const offset = SESSION.indexOf("gain -1 dB");
    const r = toggled(SESSION, { offset }, "solo");
    assert.match(r.text, /bus drums \{\n {4}gain -1 dB\n {4}mute {2}# quiet for now\n {4}solo\n\}/);
    assert.equal(findStrip(analyze(SESSION).file, { offset: SESSION.length }), undefined, "after the last block: none");
  });

  it("opens up a one-line block and keeps CRLF line ends", () => {
    assert.equal(toggled("bus fx { }\n", { name: "fx" }, "mute").text, "bus fx {\n  mute\n}\n");
    assert.equal(toggled("track a {\r\n  gain 1 dB\r\n}\r\n", { name: "a" }, "mute").text, "track a {\r\n  gain 1 dB\r\n  mute\r\n}\r\n");
  });
});
