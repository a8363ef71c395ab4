// The recording waveform: the engine summarises each block of a take as min/max columns (all
// channels together) handed over with each progress report, and the player places the columns
// it receives by index, so a growing take draws the same as its whole.
import { strict as assert } from "node:assert";
import type { WaveColumns } from "../../core/protocol/record";
import { WaveSummariser } from "../../engine/record/waveColumns";
import { appendColumns } from "../../webview/recordPanel";

describe("recording waveform columns", () => {
  it("takes the min and max of each column over every channel, across block boundaries", () => {
    const s = new WaveSummariser(2, 3);
    // frames (L, R): (0.1, -0.2) (0.5, 0) (0, 0) | (-0.9, 0.3) (0, 0.4) (0.2, 0.2) | (1, -1)
    s.push(new Float32Array([0.1, -0.2, 0.5, 0]));
    s.push(new Float32Array([0, 0, -0.9, 0.3, 0, 0.4, 0.2, 0.2, 1, -1]));
    const first = s.drain();
    assert.equal(first.first, 0);
    assert.deepEqual(first.min.map((v) => +v.toFixed(6)), [-0.2, -0.9]);
    assert.deepEqual(first.max.map((v) => +v.toFixed(6)), [0.5, 0.4]);
    assert.deepEqual(s.drain(), { first: 2, min: [], max: [] }, "the partial column waits for its frames");
    const last = s.drain(true);
    assert.deepEqual(last, { first: 2, min: [-1], max: [1] }, "flush closes the partial column");
  });

  it("summarises 50 ms columns of a 48 kHz sine to its amplitude, reported in pieces that join up", () => {
    const rate = 48_000;
    const per = rate * 0.05;
    const s = new WaveSummariser(1, per);
    const tone = new Float32Array(rate);
    for (let i = 0; i < tone.length; i++) tone[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / rate);
    const peaks: number[] = [];
    for (let at = 0; at < tone.length; at += 4096) {
      s.push(tone.subarray(at, Math.min(tone.length, at + 4096)));
      appendColumns(peaks, s.drain());
    }
    appendColumns(peaks, s.drain(true));
    assert.equal(peaks.length, 2 * 20, "one second is twenty 50 ms columns");
    for (let c = 0; c < 20; c++) {
      assert.ok(Math.abs(peaks[2 * c] + 0.5) < 1e-3 && Math.abs(peaks[2 * c + 1] - 0.5) < 1e-3, `column ${c}: ${peaks[2 * c]}..${peaks[2 * c + 1]}`);
    }
  });

  it("places columns by index: a report missed leaves silence, not a shifted waveform", () => {
    const peaks: number[] = [];
    const wave: WaveColumns = { first: 2, min: [-0.3], max: [0.4] };
    appendColumns(peaks, wave);
    assert.deepEqual(peaks, [0, 0, 0, 0, -0.3, 0.4]);
    appendColumns(peaks, { first: 0, min: [-0.1, -0.2], max: [0.1, 0.2] });
    assert.deepEqual(peaks, [-0.1, 0.1, -0.2, 0.2, -0.3, 0.4]);
  });

  it("refuses a column of no frames", () => {
    assert.throws(() => new WaveSummariser(1, 0), /framesPerColumn 0/);
  });
});
