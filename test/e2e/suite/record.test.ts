// "Mixdown: Record Track" in the real editor, against the PulseAudio server the launcher started
// (test/e2e/launch/index.ts passes PULSE_SERVER to the editor, so the extension host and the
// engine it forks record from its virtual microphone). A known signal played into the microphone
// lands in the take sample for sample; the session document gains the take line, saved, with
// the old take kept as `alt`, as one edit that undo takes back; Stop Recording ends an open take.
// With the player open, its Recording view shows the take as it records (the webview reports it
// in its status, mirrored on data-recording and data-record-peak), and Record Track without a
// start records from the player's playhead.
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { MixdownApi } from "../../../client/extension";
import type { RecordOutcome } from "../../../client/recordCommands";
import { parseWavHeader } from "../../../core/wavHeader";
import { writeWav } from "../../../engine/io/wavWrite";
import { compare, knownSignal, type Stereo } from "../../audio/signals";
import { closeAllEditors, EXTENSION_ID, openSession, waitFor, workspaceFile } from "./session";

const RATE = 48_000;

const SESSION = `session "Rec" {
  rate 48 kHz
  tempo 120 bpm
  meter 4/4
}

input mic {
  device "mic"
  channel 1 2
}

track beat {
  take "takes/beat.wav"
}

track vox {
  input mic
  take "takes/vox-old.wav"
  gain -2 dB
}
`;

function api(): MixdownApi {
  return vscode.extensions.getExtension<MixdownApi>(EXTENSION_ID)!.exports;
}

/** A session folder in the workspace: a quiet backing track and a 6 s old vox take (so a new take replaces it). */
function makeFolder(name: string): string {
  const dir = workspaceFile(name).fsPath;
  mkdirSync(join(dir, "takes"), { recursive: true });
  const beat = new Float32Array(RATE * 4);
  beat[RATE] = 0.5;
  writeWav(join(dir, "takes", "beat.wav"), [beat, beat], RATE, 32);
  writeWav(join(dir, "takes", "vox-old.wav"), [new Float32Array(RATE * 6), new Float32Array(RATE * 6)], RATE, 32);
  writeFileSync(join(dir, "s.session"), SESSION);
  return dir;
}

/** Plays interleaved stereo into the microphone's sink with paplay, on this process's PULSE_SERVER. */
function playIntoMic(dir: string, signal: Stereo): Promise<void> {
  const file = join(dir, "signal.f32");
  writeFileSync(file, new Uint8Array(signal.buffer, signal.byteOffset, signal.byteLength));
  const args = ["-d", "micfeed", "--raw", "--format=float32le", `--rate=${RATE}`, "--channels=2", file];
  return new Promise((resolve, reject) => {
    const child = spawn("paplay", args, { env: process.env, stdio: "ignore" });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`paplay ${args.join(" ")} exited with ${code}`))));
  });
}

function readTake(path: string): Float32Array {
  const bytes = readFileSync(path);
  const info = parseWavHeader(new Uint8Array(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 65536)), Number.MAX_SAFE_INTEGER);
  assert.equal(info.channels, 2);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset + info.dataOffset, bytes.byteOffset + info.dataOffset + info.frames * 8));
}

const grown = (path: string, seconds: number) =>
  waitFor(() => (existsSync(path) && statSync(path).size > 100 + seconds * RATE * 8 ? true : undefined), { what: `${path} to hold ${seconds} s`, timeoutMs: 20_000, intervalMs: 20 });

function ok(outcome: RecordOutcome | undefined) {
  assert.ok(outcome, "Record Track returned nothing");
  assert.ok(outcome.ok, `Record Track failed: ${outcome.ok ? "" : `${outcome.reason}: ${outcome.message}`}`);
  return outcome.result;
}

describe("recording: Mixdown: Record Track", function () {
  this.timeout(120_000);
  let dir: string;
  before(function () {
    if (!process.env.PULSE_SERVER) this.skip(); // the launcher starts PulseAudio when Debian's pulseaudio is installed
    dir = makeFolder("rec");
  });
  afterEach(closeAllEditors);

  it("records a known signal bit-exact, adds the take to the document (old take as alt), saves, and undo takes it back", async () => {
    const { doc } = await openSession("rec/s.session");
    const recording = vscode.commands.executeCommand<RecordOutcome>("mixdown.recordTrack", { uri: doc.uri, track: "vox", seconds: 5, from: 3 });
    const take = join(dir, "takes", "vox-1.wav");
    await grown(take, 0.3);
    const signal = knownSignal(2);
    await playIntoMic(dir, signal);
    await waitFor(() => ((api().recording()?.last?.peak ?? 0) > 0.4 ? true : undefined), { what: `the meter to show the signal's peak (it says '${api().recording()?.text}')`, timeoutMs: 5000 });
    const result = ok(await recording);
    assert.equal(result.take, "takes/vox-1.wav");
    assert.ok(!result.clipped && result.peak > 0.4 && result.peak < 0.6, `peak ${result.peak}`);
    const cmp = compare(readTake(take), signal);
    assert.ok(cmp.maxError < 1e-6, `the take differs from what was played: max error ${cmp.maxError} (lag ${cmp.lag})`);

    const text = doc.getText();
    assert.match(text, /  input mic\n  alt "takes\/vox-old\.wav"\n  take "takes\/vox-1\.wav" \{\n    at [0-9:.]+\n  \}\n  gain -2 dB\n/);
    assert.ok(!doc.isDirty, "the session is saved after the take is added");
    assert.equal(readFileSync(doc.uri.fsPath, "utf8"), text);
    assert.ok(!existsSync(`${take}.json`), "the take's crash journal is removed once the saved session names it");
    const at = Number(/take "takes\/vox-1\.wav" \{\n    at (\d+):([\d.]+)/.exec(text)!.slice(1).reduce((m, s) => String(Number(m) * 60 + Number(s))));
    assert.ok(Math.abs(at - result.at) < 1e-3 && at > 2 && at <= 3, `the take is at ${at} (engine: ${result.at}); recorded from 0:03`);

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand("undo");
    await waitFor(() => (doc.getText() === SESSION ? true : undefined), { what: "undo to take the recording edit back", timeoutMs: 5000 });
  });

  it("'Mixdown: Stop Recording' stops an open-ended take, which replaces the take it overlaps", async () => {
    const { doc } = await openSession("rec/s.session");
    const recording = vscode.commands.executeCommand<RecordOutcome>("mixdown.recordTrack", { uri: doc.uri, track: "vox", from: 3 });
    const take = join(dir, "takes", "vox-2.wav");
    await grown(take, 1);
    assert.equal(await vscode.commands.executeCommand("mixdown.stopRecording"), true);
    const result = ok(await recording);
    assert.equal(result.take, "takes/vox-2.wav");
    assert.ok(result.seconds >= 1 && result.seconds < 10, `${result.seconds} s`);
    assert.match(doc.getText(), /  alt "takes\/vox-1\.wav" \{[^}]*\}\n  take "takes\/vox-2\.wav" \{/);
    assert.equal(await vscode.commands.executeCommand("mixdown.stopRecording"), false, "nothing is recording any more");
  });

  it("with the player open, records from its playhead and shows the take live: recording, its peak while the signal plays, then the take's peak", async () => {
    const { doc } = await openSession("rec/s.session");
    assert.equal(await vscode.commands.executeCommand("mixdown.openPlayer", doc.uri), true);
    const player = () => api().player()?.status;
    await waitFor(() => (player()?.state === "stopped" ? player() : undefined), { what: "the player to be ready", timeoutMs: 30_000 });
    assert.deepEqual(player()!.recording, { active: false, peak: 0 });
    const at = player()!.position;
    const recording = vscode.commands.executeCommand<RecordOutcome>("mixdown.recordTrack", { uri: doc.uri, track: "vox", seconds: 5 });
    await waitFor(() => (player()?.recording.active ? true : undefined), { what: `the player to show data-recording="true" (status ${JSON.stringify(player()?.recording)})`, timeoutMs: 20_000 });
    const signal = knownSignal(2);
    await playIntoMic(dir, signal);
    await waitFor(() => (player()?.recording.active && player()!.recording.peak > 0.4 ? true : undefined), { what: `the player to show the signal's peak while recording (status ${JSON.stringify(player()?.recording)})`, timeoutMs: 5000 });
    const result = ok(await recording);
    await waitFor(() => (player()?.recording.active === false ? true : undefined), { what: "the player to show the take stopped", timeoutMs: 5000 });
    assert.equal(player()!.recording.peak.toFixed(4), result.peak.toFixed(4), "the player shows the take's peak");
    assert.ok(result.at <= at + 1e-3 && result.at > at - 0.5, `recorded from the playhead (${at} s): the take is at ${result.at} s`);
  });
});
