// A take's hover facts (core/takeFacts.ts through platform/nodeFiles.ts): the
// header's format and the sample peak, streamed a megabyte at a time, equal to
// the peak of the samples as the engine's WAV reader gives them, every format.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeTake, takeFacts } from "../../../core/takeFacts";
import { readWav } from "../../../engine/io/wavRead";
import { writeWav } from "../../../engine/io/wavWrite";
import { nodeTakeReader } from "../../../platform/nodeFiles";

/** A WAV of int32 or float64 samples, which the engine's writer does not write. */
function rawWav(path: string, format: 1 | 3, bits: 32 | 64, samples: number[]): void {
  const bytes = bits / 8;
  const buf = Buffer.alloc(44 + samples.length * bytes);
  buf.write("RIFF", 0, "ascii");
  buf.writeUInt32LE(36 + samples.length * bytes, 4);
  buf.write("WAVEfmt ", 8, "ascii");
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(format, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(48000, 24);
  buf.writeUInt32LE(48000 * bytes, 28);
  buf.writeUInt16LE(bytes, 32);
  buf.writeUInt16LE(bits, 34);
  buf.write("data", 36, "ascii");
  buf.writeUInt32LE(samples.length * bytes, 40);
  samples.forEach((s, i) => (bits === 64 ? buf.writeDoubleLE(s, 44 + 8 * i) : buf.writeInt32LE(Math.round(s * 2147483647), 44 + 4 * i)));
  writeFileSync(path, buf);
}

function enginePeak(path: string): number {
  let peak = 0;
  for (const ch of readWav(path).data) for (const v of ch) peak = Math.max(peak, Math.abs(v));
  return peak;
}

describe("take facts for hover", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "mixdown-facts-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  // Long enough to span several 1 MiB reads, the loudest sample in the last frame.
  const frames = 400_000;
  const signal = (peakAt: number, peak: number) => {
    const data = new Float32Array(frames);
    for (let i = 0; i < frames; i++) data[i] = 0.25 * Math.sin(i / 7);
    data[peakAt] = -peak;
    return data;
  };

  for (const bits of [16, 24, 32] as const) {
    it(`a ${bits}-bit ${bits === 32 ? "float" : "PCM"} stereo take: its peak is the engine's, even in the last frame`, async () => {
      const path = join(dir, `t${bits}.wav`);
      writeWav(path, [signal(frames - 1, 0.7), signal(10, 0.5)], 48000, bits);
      const facts = await takeFacts(nodeTakeReader(dir), `t${bits}.wav`);
      assert.equal(facts.info.channels, 2);
      assert.equal(facts.info.frames, frames);
      assert.ok(Object.is(facts.peak, enginePeak(path)), `${facts.peak} vs ${enginePeak(path)}`);
    });
  }

  it("int32 and float64 takes, which the engine reads but does not write", async () => {
    const samples = [0, 0.5, -0.875, 0.25];
    rawWav(join(dir, "i32.wav"), 1, 32, samples);
    rawWav(join(dir, "f64.wav"), 3, 64, samples);
    for (const name of ["i32.wav", "f64.wav"]) {
      const facts = await takeFacts(nodeTakeReader(dir), name);
      assert.ok(Object.is(facts.peak, enginePeak(join(dir, name))), name);
    }
  });

  it("describes a take in one line, and a missing or broken one says so", async () => {
    writeWav(join(dir, "half.wav"), [new Float32Array(48000).fill(0.5)], 48000, 16);
    const facts = await takeFacts(nodeTakeReader(dir), "half.wav");
    assert.equal(describeTake("half.wav", facts), "**half.wav**: 0:01.000, 48000 Hz, mono, 16-bit PCM, peak -6.0 dBFS.");
    writeFileSync(join(dir, "junk.wav"), "not a wav at all, just text");
    await assert.rejects(takeFacts(nodeTakeReader(dir), "junk.wav"), /not|RIFF|WAV/i);
    await assert.rejects(takeFacts(nodeTakeReader(dir), "none.wav"), /does not exist/);
    assert.equal(nodeTakeReader(dir).stamp("none.wav"), undefined);
  });
});
