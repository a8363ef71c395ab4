// Capture backends (engine/record/backends): the command line of every tool on every platform
// (macOS and Windows ones cannot run here, so their lines are checked as text), the user's
// template, PATH lookup, the advice when nothing is installed, device lists; and the cue's clicks.
import { strict as assert } from "node:assert";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionModel } from "../../core/model";
import {
  CAPTURE_TOOLS, captureCommand, customCommand, firstInstalled, noCaptureToolMessage, parseDevices, playCommand, which, type CaptureTool,
} from "../../engine/record/backends";
import { addClicks } from "../../engine/record/cue";
import { chooseCapture, SetupError } from "../../engine/record/setup";

const o = { rate: 48000, channels: 2, device: "mic" };
const line = (tool: CaptureTool, opts = o) => {
  const c = captureCommand(tool, opts);
  return [c.command, ...c.args].join(" ");
};

describe("engine/record/backends: capture and playback command lines", () => {
  it("Linux: parec, ffmpeg -f pulse and arecord write raw 32-bit float at the rate and channel count", () => {
    assert.equal(line("parec"), "parec --raw --format=float32le --rate=48000 --channels=2 --latency-msec=10 --device=mic");
    assert.equal(line("parec", { ...o, device: "default" }), "parec --raw --format=float32le --rate=48000 --channels=2 --latency-msec=10");
    assert.equal(line("ffmpeg-pulse"), "ffmpeg -hide_banner -loglevel error -nostdin -f pulse -c:a pcm_f32le -sample_rate 48000 -channels 2 -fragment_size 1920 -i mic -f f32le -ac 2 -ar 48000 -flush_packets 1 -");
    assert.equal(line("arecord", { ...o, device: "hw:1,0", channels: 1, rate: 44100 }), "arecord -q -f FLOAT_LE -r 44100 -c 1 -t raw -D hw:1,0 -");
  });

  it("macOS: ffmpeg -f avfoundation and sox (coreaudio)", () => {
    assert.equal(line("ffmpeg-avfoundation", { ...o, device: "0" }), "ffmpeg -hide_banner -loglevel error -nostdin -f avfoundation -i :0 -f f32le -ac 2 -ar 48000 -");
    assert.equal(line("sox-coreaudio", { ...o, device: "default" }), "sox -q -d -t raw -e floating-point -b 32 -L -r 48000 -c 2 -");
    assert.equal(line("sox-coreaudio", { ...o, device: "Scarlett 2i2" }), "sox -q -t coreaudio Scarlett 2i2 -t raw -e floating-point -b 32 -L -r 48000 -c 2 -");
  });

  it("Windows: ffmpeg -f dshow and sox -t waveaudio", () => {
    assert.equal(line("ffmpeg-dshow", { ...o, device: "Microphone (USB Audio)" }), "ffmpeg -hide_banner -loglevel error -nostdin -f dshow -i audio=Microphone (USB Audio) -f f32le -ac 2 -ar 48000 -");
    assert.equal(line("sox-waveaudio", { ...o, device: "default" }), "sox -q -t waveaudio 0 -t raw -e floating-point -b 32 -L -r 48000 -c 2 -");
  });

  it("players take the same raw format", () => {
    const p = playCommand("pacat", "/tmp/cue.f32", { rate: 48000, channels: 2, sink: "speaker" });
    assert.deepEqual(p.args.slice(-2), ["--device=speaker", "/tmp/cue.f32"]);
    assert.match(playCommand("ffplay", "x", { rate: 44100, channels: 2, sink: "default" }).args.join(" "), /-f f32le -ar 44100 -ac 2 x$/);
    assert.match(playCommand("aplay", "x", { rate: 48000, channels: 2, sink: "pulse" }).args.join(" "), /-f FLOAT_LE .* -D pulse x$/);
  });

  it("fills a --capture-command template and splits it into words, quotes grouping", () => {
    const c = customCommand('ffmpeg -f pulse -i "{device}" -ar {rate} -ac {channels} -f f32le -', { rate: 44100, channels: 1, device: "My Mic" });
    assert.deepEqual([c.command, ...c.args], ["ffmpeg", "-f", "pulse", "-i", "My Mic", "-ar", "44100", "-ac", "1", "-f", "f32le", "-"]);
    assert.throws(() => customCommand("   ", o), /empty/);
  });

  describe("detection", () => {
    let dir = "";
    before(() => {
      dir = mkdtempSync(join(tmpdir(), "mixdown-backends-"));
      mkdirSync(join(dir, "bin"));
      writeFileSync(join(dir, "bin", "arecord"), "#!/bin/sh\n");
      chmodSync(join(dir, "bin", "arecord"), 0o755);
      writeFileSync(join(dir, "bin", "parec"), "not executable");
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("finds executables on PATH only", () => {
      const env = { PATH: join(dir, "bin") };
      assert.equal(which("arecord", env, "linux"), join(dir, "bin", "arecord"));
      assert.equal(which("parec", env, "linux"), undefined);
      assert.equal(firstInstalled(CAPTURE_TOOLS.linux, env, "linux"), "arecord");
    });

    it("says exactly what to install per platform when nothing is found", () => {
      const env = { PATH: join(dir, "empty") };
      assert.throws(() => chooseCapture({ rate: 48000, device: "default", channels: [1], env, platform: "linux" }), (e: Error) => e instanceof SetupError && /parec, ffmpeg, arecord/.test(e.message) && /apt install pulseaudio-utils/.test(e.message));
      assert.match(noCaptureToolMessage("darwin"), /brew install ffmpeg.*brew install sox/);
      assert.match(noCaptureToolMessage("win32"), /winget install Gyan\.FFmpeg/);
    });

    it("captures the highest input channel and keeps the ones named", () => {
      const c = chooseCapture({ rate: 48000, device: "hw:1", channels: [3, 4], env: { PATH: join(dir, "bin") }, platform: "linux" });
      assert.equal(c.tool, "arecord");
      assert.equal(c.captureChannels, 4);
      assert.deepEqual(c.takeChannels, [3, 4]);
    });
  });

  it("reads device lists from pactl, arecord -L, avfoundation and dshow", () => {
    assert.deepEqual(parseDevices("parec", "0\tspeaker.monitor\tmodule-null-sink.c\tfloat32le 2ch 48000Hz\tIDLE\n2\tmic\tmodule-virtual-source.c\tfloat32le 2ch 48000Hz\tRUNNING\n"), ["speaker.monitor", "mic"]);
    assert.deepEqual(parseDevices("arecord", "null\n    Discard all samples\npulse\n    PulseAudio Sound Server\n"), ["null", "pulse"]);
    const av = "[AVFoundation indev @ 0x1] AVFoundation video devices:\n[AVFoundation indev @ 0x1] [0] FaceTime HD Camera\n[AVFoundation indev @ 0x1] AVFoundation audio devices:\n[AVFoundation indev @ 0x1] [0] MacBook Pro Microphone\n[AVFoundation indev @ 0x1] [1] Scarlett 2i2\n";
    assert.deepEqual(parseDevices("ffmpeg-avfoundation", av), ["MacBook Pro Microphone", "Scarlett 2i2"]);
    assert.deepEqual(parseDevices("ffmpeg-dshow", '[dshow @ 0] "Integrated Camera" (video)\n[dshow @ 0] "Microphone (USB Audio)" (audio)\n'), ["Microphone (USB Audio)"]);
  });

  it("puts the cue's clicks on the beats of the tempo and meter, accenting each bar's first", () => {
    const model = { sampleRate: 1000, tempo: 120, meter: { beats: 3, unit: 4 } } as SessionModel;
    const out = new Float32Array(2 * 3000);
    addClicks(out, model, 0, 0, 2.9);
    const peakNear = (t: number) => Math.max(...Array.from({ length: 30 }, (_, i) => Math.abs(out[(t + i) * 2] ?? 0)));
    assert.deepEqual([0, 500, 1000, 1500, 2000, 2500].map((t) => peakNear(t) > 0.4), [true, false, false, true, false, false]);
    assert.ok([500, 1000, 2000, 2500].every((t) => peakNear(t) > 0.2), "every beat clicks");
    assert.equal(peakNear(250), 0, "nothing between beats");
    assert.throws(() => addClicks(out, { ...model, tempo: null }, 0, 0, 1), /no tempo/);
  });
});
