// width on a bus and chorus on a track, rendered from a session.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze } from "../../core/analyze";
import { readWav } from "../../engine/io/wavRead";
import { writeWav } from "../../engine/io/wavWrite";
import { renderMix } from "../../engine/render/render";
import { seededNoise } from "../random";

const SESSION = `session {
  tail 0 s
}
track gtr {
  take "takes/gtr.wav"
  chorus {
    rate 1.5 Hz
    depth 2 ms
    mix 50%
  }
  out wide
}
bus wide {
  width {
    amount 0%
    mono-below 120 Hz
  }
}
`;

describe("engine: width and chorus in a session", function () {
  this.timeout(120000);
  let dir = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-palette-"));
    mkdirSync(join(dir, "takes"));
    writeWav(join(dir, "takes", "gtr.wav"), [seededNoise(24000, 1), seededNoise(24000, 2)], 48000, 32);
    writeFileSync(join(dir, "s.session"), SESSION);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("renders: the chorus changes the take, the bus's width 0% makes it mono (L = R bit for bit)", async () => {
    const a = analyze(SESSION);
    assert.ok(a.ok, JSON.stringify(a.diagnostics));
    const { path } = await renderMix(a.model, { sessionPath: join(dir, "s.session"), folder: dir, bits: 32 });
    const out = readWav(path);
    assert.equal(out.frames, 24000);
    assert.deepEqual(out.data[0], out.data[1]);
    const dryMid = seededNoise(24000, 1).map((v, i) => (v + seededNoise(24000, 2)[i]) / 2);
    assert.ok(out.data[0].some((v, i) => Math.abs(v - dryMid[i]) > 1e-3), "the chorus is heard");
  });
});
