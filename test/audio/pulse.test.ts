// The audio environment proves itself: the devices exist, a known signal played into the
// microphone comes back out of it exactly, what is played to the speaker can be captured
// exactly, and stopping leaves no process behind.
import * as assert from "node:assert/strict";
import { liveMembers } from "../harness/processes";
import { captureSpeaker, captureWhile, play, playIntoMic, warmUp } from "./capture";
import { startPulse, type AudioServer } from "./pulse";
import { compare, knownSignal } from "./signals";

describe("audio: PulseAudio with a virtual speaker and microphone", function () {
  this.timeout(60_000);
  let audio: AudioServer;

  before(async () => {
    audio = await startPulse();
    await warmUp(audio);
  });

  after(async () => {
    await audio?.stop();
  });

  it("has the speaker and micfeed sinks and the mic source, as defaults", () => {
    const sinks = audio.pactl("list", "short", "sinks");
    const sources = audio.pactl("list", "short", "sources");
    assert.match(sinks, /\bspeaker\b/);
    assert.match(sinks, /\bmicfeed\b/);
    assert.match(sources, /^\d+\s+mic\s/m);
    const info = audio.pactl("info");
    assert.match(info, /Default Sink: speaker/);
    assert.match(info, /Default Source: mic/);
  });

  it("listens on its own socket in the scratch folder only (no TCP)", () => {
    assert.match(audio.env.PULSE_SERVER ?? "", /^unix:\/.*mixdown-pulse-/);
    assert.doesNotMatch(audio.pactl("list", "short", "modules"), /module-native-protocol-tcp/);
  });

  it("hears a known signal played into the microphone, sample for sample", async () => {
    const signal = knownSignal(1);
    const heard = await captureWhile(audio, "mic", () => playIntoMic(audio, signal));
    const result = compare(heard, signal);
    assert.ok(result.maxError < 1e-6, `mic capture differs from what was played: max error ${result.maxError}, ${result.errorDb.toFixed(1)} dB (lag ${result.lag})`);
  });

  it("captures what is played to the speaker, sample for sample", async () => {
    const signal = knownSignal(1, 0.8);
    const heard = await captureSpeaker(audio, () => play(audio, "speaker", signal));
    const result = compare(heard, signal);
    assert.ok(result.maxError < 1e-6, `speaker capture differs from what was played: max error ${result.maxError}, ${result.errorDb.toFixed(1)} dB (lag ${result.lag})`);
  });

  it("tells a wrong signal from the right one", async () => {
    const signal = knownSignal(0.5);
    const other = knownSignal(0.5, 0.25);
    const heard = await captureWhile(audio, "mic", () => playIntoMic(audio, other));
    const result = compare(heard, signal);
    assert.ok(result.maxError > 0.1, `a capture at half the level should not match: max error ${result.maxError}`);
  });

  it("stops whole: the daemon and its keep-alive streams leave nothing running", async () => {
    const second = await startPulse();
    const group = second.daemon.pid;
    assert.ok(liveMembers(group).length > 0);
    await second.stop();
    assert.deepEqual(liveMembers(group), []);
  });
});
