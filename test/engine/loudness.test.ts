// The loudness meter against the EBU compliance signals (Tech 3341, Tech
// 3342), synthesised here from their published definitions, and its
// behaviour as a streaming meter.

import { strict as assert } from "node:assert";
import { designKWeighting, LoudnessMeter, measureLoudness, type LoudnessResult } from "../../engine/loudness";
import { fadeIn, phasedSine, toneSequence, type ToneSegment } from "./loudnessHelpers";

const tones = (pairs: [number, number][]): ToneSegment[] => pairs.map(([dbfs, seconds]) => ({ dbfs, seconds }));

function assertNear(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: measured ${actual.toFixed(3)}, expected ${expected} ±${tolerance}`);
}

/** A meter fed in 4800-frame pushes, as a render would feed it. */
function meterOver(planar: Float32Array[], sampleRate = 48000): LoudnessMeter {
  const meter = new LoudnessMeter(sampleRate, planar.length);
  for (let start = 0; start < planar[0].length; start += 4800) {
    const end = Math.min(planar[0].length, start + 4800);
    meter.push(
      planar.map((channel) => channel.subarray(start, end)),
      end - start,
    );
  }
  return meter;
}

describe("loudness: K-weighting", () => {
  it("reproduces the published 48 kHz coefficients of BS.1770-4", () => {
    const { shelf, highPass } = designKWeighting(48000);
    const expected = [
      [shelf.b0, 1.53512485958697],
      [shelf.b1, -2.69169618940638],
      [shelf.b2, 1.19839281085285],
      [shelf.a1, -1.69065929318241],
      [shelf.a2, 0.73248077421585],
      [highPass.b0, 1],
      [highPass.b1, -2],
      [highPass.b2, 1],
      [highPass.a1, -1.99004745483398],
      [highPass.a2, 0.99007225036621],
    ];
    for (const [actual, published] of expected) assertNear(actual, published, 1e-12, "coefficient");
  });

  it("keeps the response at 44.1 kHz: a 1 kHz tone reads the same as at 48 kHz", () => {
    const at48 = measureLoudness(toneSequence(tones([[-23, 10]]), 48000), 48000).integrated;
    const at44 = measureLoudness(toneSequence(tones([[-23, 10]]), 44100), 44100).integrated;
    assertNear(at44, at48, 0.01, "44.1 kHz vs 48 kHz");
  });
});

describe("loudness: EBU Tech 3341 (±0.1 LU)", () => {
  const cases: { name: string; segments: [number, number][]; mAndS: boolean }[] = [
    { name: "case 1: -23 dBFS, 20 s", segments: [[-23, 20]], mAndS: true },
    { name: "case 2: -33 dBFS, 20 s", segments: [[-33, 20]], mAndS: true },
    { name: "case 3: -36/-23/-36 dBFS, 10/60/10 s", segments: [[-36, 10], [-23, 60], [-36, 10]], mAndS: false },
    {
      name: "case 4: -72/-36/-23/-36/-72 dBFS, 10/10/60/10/10 s",
      segments: [[-72, 10], [-36, 10], [-23, 60], [-36, 10], [-72, 10]],
      mAndS: false,
    },
    { name: "case 5: -26/-20/-26 dBFS, 20/20.1/20 s", segments: [[-26, 20], [-20, 20.1], [-26, 20]], mAndS: false },
  ];
  for (const { name, segments, mAndS } of cases) {
    const expected = name.startsWith("case 2") ? -33 : -23;
    it(`${name} reads ${expected} LUFS`, () => {
      const meter = meterOver(toneSequence(tones(segments)));
      const result = meter.result();
      assertNear(result.integrated, expected, 0.1, "integrated");
      if (mAndS) {
        assertNear(meter.momentary(), expected, 0.1, "momentary");
        assertNear(meter.shortTerm(), expected, 0.1, "short-term");
        assertNear(result.momentaryMax, expected, 0.1, "momentary max");
        assertNear(result.shortTermMax, expected, 0.1, "short-term max");
      }
    });
  }

  const truePeakCases: { name: string; divisor: number; amplitude: number; phase: number; expected: number }[] = [
    { name: "case 15: fs/4, 0.5, 0°", divisor: 4, amplitude: 0.5, phase: 0, expected: -6 },
    { name: "case 16: fs/4, 0.5, 45°", divisor: 4, amplitude: 0.5, phase: 45, expected: -6 },
    { name: "case 17: fs/6, 0.5, 60°", divisor: 6, amplitude: 0.5, phase: 60, expected: -6 },
    { name: "case 18: fs/8, 0.5, 67.5°", divisor: 8, amplitude: 0.5, phase: 67.5, expected: -6 },
    { name: "case 19: fs/4, 1.41, 45°", divisor: 4, amplitude: 1.41, phase: 45, expected: 3 },
  ];
  // The definitions give a steady tone; a hard start from silence is a step
  // whose band-limited reconstruction really overshoots (ffmpeg reads -5.56
  // dBTP for case 15 started hard), so the tones fade in over 10 ms.
  for (const { name, divisor, amplitude, phase, expected } of truePeakCases) {
    it(`${name} reads ${expected} dBTP (+0.2/-0.4 dB)`, () => {
      const { truePeak, samplePeak } = measureLoudness(fadeIn(phasedSine(divisor, amplitude, phase)), 48000);
      assert.ok(truePeak <= expected + 0.2 && truePeak >= expected - 0.4, `true peak ${truePeak.toFixed(3)} dBTP`);
      assert.ok(truePeak >= samplePeak, "the true peak is never below the sample peak");
    });
  }
});

describe("loudness: EBU Tech 3342 loudness range (±1 LU)", () => {
  const cases: { name: string; segments: [number, number][]; expected: number }[] = [
    { name: "case 1: -20 then -30 dBFS", segments: [[-20, 20], [-30, 20]], expected: 10 },
    { name: "case 2: -20 then -15 dBFS", segments: [[-20, 20], [-15, 20]], expected: 5 },
    { name: "case 3: -40 then -20 dBFS", segments: [[-40, 20], [-20, 20]], expected: 20 },
    { name: "case 4: -50/-35/-20/-35/-50 dBFS", segments: [[-50, 20], [-35, 20], [-20, 20], [-35, 20], [-50, 20]], expected: 15 },
  ];
  for (const { name, segments, expected } of cases) {
    it(`${name} gives ${expected} LU`, () => {
      const { range } = measureLoudness(toneSequence(tones(segments)), 48000);
      assertNear(range, expected, 1, "loudness range");
    });
  }
});

describe("loudness: edge cases", () => {
  it("reads silence as -Infinity (never NaN) and a range of 0", () => {
    const meter = new LoudnessMeter(48000, 2);
    meter.push([new Float32Array(48000 * 5), new Float32Array(48000 * 5)], 48000 * 5);
    const result: LoudnessResult = meter.result();
    for (const key of ["integrated", "truePeak", "samplePeak", "momentaryMax", "shortTermMax"] as const) {
      assert.equal(result[key], -Infinity, key);
    }
    assert.equal(result.range, 0);
    assert.equal(meter.momentary(), -Infinity);
    assert.equal(meter.shortTerm(), -Infinity);
  });

  it("reads nothing pushed, and under 400 ms, as -Infinity integrated", () => {
    assert.equal(new LoudnessMeter(48000, 1).result().integrated, -Infinity);
    const short = measureLoudness(toneSequence(tones([[-20, 0.3]]), 48000, 1), 48000);
    assert.equal(short.integrated, -Infinity);
    assert.ok(short.momentaryMax > -Infinity, "momentary is read over the zero-filled window");
  });

  it("measures 44.1 kHz: Tech 3341 case 1 and true-peak case 16", () => {
    const meter = meterOver(toneSequence(tones([[-23, 20]]), 44100), 44100);
    assertNear(meter.result().integrated, -23, 0.1, "integrated at 44.1 kHz");
    assertNear(meter.shortTerm(), -23, 0.1, "short-term at 44.1 kHz");
    const { truePeak } = measureLoudness(fadeIn(phasedSine(4, 0.5, 45, 2, 44100), 44100), 44100);
    assert.ok(truePeak <= -5.8 && truePeak >= -6.4, `true peak ${truePeak.toFixed(3)} dBTP at 44.1 kHz`);
  });

  it("keeps time at 11025 Hz, where 100 ms is not a whole number of frames", () => {
    const meter = meterOver(toneSequence(tones([[-23, 10]]), 11025), 11025);
    assert.equal(meter.seconds, 10);
    assert.ok(Math.abs(meter.result().integrated + 23) < 0.2, `integrated ${meter.result().integrated}`);
  });

  it("weighs a mono channel 1, so a -23 dBFS mono tone reads -26 LUFS", () => {
    const { integrated } = measureLoudness(toneSequence(tones([[-23, 10]]), 48000, 1), 48000);
    assertNear(integrated, -26.01, 0.1, "mono");
  });

  it("weighs 5.0 surrounds 1.41 (+1.49 dB) and leaves the LFE of 5.1 out", () => {
    const tone = toneSequence(tones([[-20, 5]]), 48000, 1)[0];
    const silent = new Float32Array(tone.length);
    const inChannel = (channels: number, index: number) => measureLoudness(
      Array.from({ length: channels }, (_, ch) => (ch === index ? tone : silent)),
      48000,
    ).integrated;
    assertNear(inChannel(5, 3) - inChannel(5, 0), 10 * Math.log10(1.41), 0.001, "Ls vs L");
    assert.equal(inChannel(6, 3), -Infinity);
  });
});
