// The loudness meter against ffmpeg's ebur128 filter on rendered-like
// material: integrated loudness within 0.1 LU, loudness range within 1 LU,
// true peak per channel within 0.3 dB.

import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { LoudnessMeter } from "../../engine/loudness";
import {
  FFMPEG,
  ffmpegLoudness,
  monoVoiceLike,
  musicLikeMix,
  scratchDir,
  steppedColouredNoise,
  writeFloatWav,
} from "./loudnessHelpers";

interface Material {
  name: string;
  sampleRate: number;
  make: (sampleRate: number) => Float32Array[];
}

const MATERIALS: Material[] = [
  { name: "stereo coloured noise stepping level every 3 s, 30 s", sampleRate: 48000, make: (sr) => steppedColouredNoise(30, sr, 11) },
  { name: "stereo music-like mix with loud and quiet sections, 30 s", sampleRate: 48000, make: (sr) => musicLikeMix(30, sr, 5) },
  { name: "mono voice-like bursts with pauses, 20 s", sampleRate: 48000, make: (sr) => monoVoiceLike(20, sr, 3) },
  { name: "the music-like mix at 44.1 kHz", sampleRate: 44100, make: (sr) => musicLikeMix(30, sr, 5) },
];

/** Our meter, fed in 1024-frame pushes like a render. */
function measure(planar: Float32Array[], sampleRate: number): LoudnessMeter {
  const meter = new LoudnessMeter(sampleRate, planar.length);
  const frames = planar[0].length;
  for (let start = 0; start < frames; start += 1024) {
    const count = Math.min(1024, frames - start);
    meter.push(
      planar.map((channel) => channel.subarray(start, start + count)),
      count,
    );
  }
  return meter;
}

describe("loudness: agreement with ffmpeg ebur128", () => {
  const scratch = scratchDir();
  before(function () {
    if (!existsSync(FFMPEG)) this.skip();
  });
  after(() => scratch.remove());

  MATERIALS.forEach((material, index) => {
    it(material.name, () => {
      const planar = material.make(material.sampleRate);
      const path = join(scratch.dir, `material-${index}.wav`);
      writeFloatWav(path, planar, material.sampleRate);
      const reference = ffmpegLoudness(path, planar.length);
      const meter = measure(planar, material.sampleRate);
      const ours = meter.result();
      const integratedGap = Math.abs(ours.integrated - reference.integrated);
      assert.ok(integratedGap <= 0.1, `integrated ${ours.integrated.toFixed(3)} vs ffmpeg ${reference.integrated} LUFS`);
      assert.ok(Math.abs(ours.range - reference.range) <= 1, `LRA ${ours.range.toFixed(2)} vs ffmpeg ${reference.range} LU`);
      reference.truePeaks.forEach((linear, ch) => {
        const theirs = 20 * Math.log10(linear);
        const mine = meter.truePeakMeter.truePeakDb(ch);
        assert.ok(Math.abs(mine - theirs) <= 0.3, `channel ${ch} true peak ${mine.toFixed(3)} vs ffmpeg ${theirs.toFixed(3)} dBTP`);
      });
    });
  });
});
