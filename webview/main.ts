// The player webview's entry (bundled to dist/webview.js): the messages from
// the extension (one exhaustive switch), the transport and keyboard, the
// views, and the DOM marker tests read: <main id="mixdown-player"
// data-state data-position data-played-hash data-version>, and in A/B mode
// data-ab (the side heard), data-ab-offset (A minus B, LU) and data-ab-rev; while a take
// records, data-recording and data-record-peak (webview/recordPanel.ts).
import type { LiveOverview, LiveState } from "../core/protocol/player";
import type { AbSide, CompareView, HostToPlayer, PlayerStatus, PlayerToHost, PlayerView } from "../core/protocol/webview";
import { ComparePanel, loudnessOffset, matchedGains } from "./compare";
import { drawLane, drawLoudness, drawSpectrum, themeColor } from "./draw";
import { barBeat, buildLanes, buildRecording, buildRouting, clock, el, setBar, showMasterMeters, type LaneElements } from "./panels";
import { wireInput } from "./input";
import { Playback } from "./playback";
import { RecordPanel } from "./recordPanel";

interface VsCodeApi {
  postMessage(message: PlayerToHost): void;
  getState(): Saved | undefined;
  setState(state: Saved): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What survives the panel being hidden and shown (the page is reloaded then). */
interface Saved {
  view: PlayerView;
  frame: number;
  loop: { start: number; end: number } | null;
  looping: boolean;
}

const vscode = acquireVsCodeApi();
const send = (m: PlayerToHost) => vscode.postMessage(m);
const saved: Saved = vscode.getState() ?? { view: "mixing", frame: 0, loop: null, looping: false };
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const root = $("mixdown-player");

let state: LiveState | undefined;
let overview: LiveOverview | undefined;
let lanes: LaneElements[] = [];
let cursor: { channel: string | null; lane: number | null; time: number | null } = { channel: null, lane: null, time: null };
let lastStatus = 0;
const playback = new Playback(send, () => render());
let compare: CompareView | null = null;
const recordPanel = new RecordPanel($("recordLive"), root, send);
const comparePanel = new ComparePanel($("compare"), { side: (s) => abSide(s), close: () => send({ type: "endCompare" }) });

function receive(m: HostToPlayer): void {
  switch (m.type) {
    case "session":
      return onSession(m.state);
    case "chunk":
      return playback.receive(m.seq, m.chunk, m.revision);
    case "chunkFailed":
      playback.failed(m.seq);
      return showProblems([`Could not render audio: ${m.message}`]);
    case "overview":
      overview = m.overview;
      applyMatchedGain();
      return drawAll();
    case "transport":
      return transport(m.action, m.at);
    case "cursor":
      cursor = m;
      return drawAll();
    case "engineError":
      return showProblems([m.message]);
    case "compare":
      return onCompare(m.compare);
    case "ab":
      return abSide(m.side === "toggle" ? (playback.ab?.side === "A" ? "B" : "A") : m.side);
    case "recording":
      recordPanel.update(m.update);
      return reportStatus(true);
    default:
      return assertNever(m);
  }
}

function onSession(next: LiveState): void {
  const first = !state;
  const newVersion = !state || next.version !== state.version;
  state = next;
  playback.rate = next.sampleRate;
  playback.length = Math.max(next.frames, compare?.frames ?? 0);
  showProblems(next.ok ? [] : ["This edit has errors, so the last good version keeps playing:", ...next.problems]);
  $("title").textContent = next.title;
  lanes = buildLanes($("lanes"), next, (id) => send({ type: "reveal", channel: id }));
  buildRecording($("recordTables"), next);
  recordPanel.setTracks(next);
  buildRouting($("routing"), next);
  if (first) {
    playback.loop = saved.looping ? saved.loop : null;
    playback.seek(Math.min(saved.frame, next.frames));
    send({ type: "overview", columns: 1200 });
  }
  if (newVersion && !first) {
    playback.version = next.version;
    playback.refresh();
  }
  drawAll();
}

/** Enters A/B mode, takes new measurements (matching the loudness again), or leaves it. */
function onCompare(view: CompareView | null): void {
  compare = view;
  // A is a render of the mix bus, so B is the mix too.
  if (view && playback.source !== "mix") setSource("mix");
  playback.setAb(view ? matchedGains(view, playback.ab?.side ?? "B") : null);
  playback.length = Math.max(state?.frames ?? 0, view?.frames ?? 0);
  comparePanel.show(view, playback.ab?.side ?? "B");
  applyMatchedGain();
  drawAll();
  reportStatus(true);
}

function abSide(side: AbSide): void {
  if (!playback.ab) return;
  playback.setSide(side);
  comparePanel.setSide(side);
  reportStatus(true);
}

function transport(action: "playPause" | "play" | "pause" | "stop", at?: number): void {
  const from = at === undefined ? undefined : Math.round(at * playback.rate);
  if (action === "stop") playback.stop();
  else if (action === "pause" || (action === "playPause" && playback.state === "playing")) playback.pause();
  else {
    if (playback.state === "stopped") playback.resetRecord();
    playback.play(from);
  }
}

function showProblems(lines: string[]): void {
  const box = $("problems");
  box.hidden = lines.length === 0;
  box.replaceChildren(...lines.map((l) => el("div", {}, l)));
}

function setView(view: PlayerView): void {
  saved.view = view;
  document.querySelectorAll<HTMLButtonElement>("[data-view]").forEach((tab) => tab.setAttribute("aria-selected", String(tab.dataset.view === view)));
  for (const v of ["recording", "mixing", "mastering"]) $(v).hidden = v !== view;
  // Outside Mastering the player plays the mix; in it, the chosen side of the chain.
  if (view !== "mastering" && playback.source !== "mix") setSource("mix");
  applyMatchedGain();
  drawAll();
}

function setSource(source: "mix" | "master"): void {
  if (compare && source === "master") return showProblems(["A/B compares mixes: close A/B to hear the master."]);
  playback.source = source;
  $("listenMix").setAttribute("aria-checked", String(source === "mix"));
  $("listenMaster").setAttribute("aria-checked", String(source === "master"));
  applyMatchedGain();
  playback.refresh();
}

/** Before/after at matched loudness: the mix is played as loud as the master measures. */
function applyMatchedGain(): void {
  const b = overview?.before.integrated;
  const a = overview?.after.integrated;
  const match = !compare && saved.view === "mastering" && playback.source === "mix" && b != null && a != null;
  playback.setGain(match ? a - b : 0);
}

function drawAll(): void {
  if (!state) return;
  const current = state;
  comparePanel.draw(compare, playback.frame / playback.rate, playback.length / playback.rate);
  if (saved.view === "recording") recordPanel.draw();
  for (const lane of lanes) {
    const channel = current.channels.find((c) => c.id === lane.id);
    const peaks = lane.id ? overview?.tracks.find((t) => t.id === lane.id)?.peaks : overview?.mix;
    const auto = channel && cursor.channel === channel.id && cursor.lane !== null ? { lane: channel.automation[cursor.lane], time: cursor.time } : undefined;
    drawLane(lane.canvas, { channel, peaks, length: current.frames, sampleRate: current.sampleRate, loop: playback.loop, automation: auto?.lane ? auto : undefined });
  }
  if (overview && saved.view === "mastering") {
    const series = [
      { values: overview.loudness.mix, color: themeColor("--vscode-charts-blue", "#3794ff") },
      { values: overview.loudness.master, color: themeColor("--vscode-charts-red", "#f14c4c") },
    ];
    drawLoudness($("loudnessPlot"), series, overview.loudness.interval, current.frames / current.sampleRate, current.master.loudness, playback.frame / current.sampleRate);
    $("chainSummary").replaceChildren(...overview.summary.map((s) => el("li", {}, s)));
  }
}

/** Per animation frame: the playhead, clock, meters, spectrum and the DOM marker. */
function render(): void {
  const seconds = playback.frame / playback.rate;
  const fraction = state ? playback.frame / Math.max(1, state.frames) : 0;
  $("playhead").style.left = `calc(var(--head-width) + (100% - var(--head-width)) * ${fraction})`;
  $("clock").textContent = clock(seconds);
  $("bars").textContent = barBeat(seconds, state);
  $("play").textContent = playback.state === "playing" ? "Pause" : "Play";
  $("loop").setAttribute("aria-pressed", String(playback.loop !== null));
  const m = playback.meters();
  for (const lane of lanes) {
    const t = m?.meters.tracks.find((x) => x.id === lane.id);
    const src = lane.id ? t : m?.meters.master;
    setBar(lane.peak, src?.peak[m!.step] ?? 0);
    setBar(lane.rms, src?.rms[m!.step] ?? 0);
  }
  showMasterMeters($("masterMeters"), m);
  showMasterMeters($("loudnessReadout"), m);
  if (playback.analyser && playback.state === "playing") {
    const bins = new Float32Array(playback.analyser.frequencyBinCount);
    playback.analyser.getFloatFrequencyData(bins);
    drawSpectrum($(saved.view === "mastering" ? "spectrumMaster" : "spectrum"), bins, playback.ctx!.sampleRate);
  }
  root.dataset.state = playback.state;
  root.dataset.position = seconds.toFixed(3);
  root.dataset.playedHash = playback.playedHash;
  root.dataset.version = String(state?.version ?? 0);
  root.dataset.source = playback.source;
  root.dataset.overview = overview ? String(overview.version) : "";
  root.dataset.ab = playback.ab?.side ?? "";
  root.dataset.abOffset = compare ? String(loudnessOffset(compare) ?? "") : "";
  root.dataset.abRev = compare?.rev ?? "";
  saved.frame = playback.frame;
  saved.loop = playback.loop ?? saved.loop;
  vscode.setState(saved);
  reportStatus();
}

function reportStatus(force = false): void {
  const now = performance.now();
  if (!force && now - lastStatus < 200) return;
  lastStatus = now;
  const status: PlayerStatus = {
    state: playback.state, position: playback.frame / playback.rate, contextTime: playback.ctx?.currentTime ?? 0,
    version: state?.version ?? 0, source: playback.source, view: saved.view, played: playback.played,
    playedHash: playback.playedHash, underruns: playback.underruns, startLatencyMs: playback.startLatencyMs,
    ab: compare && playback.ab ? { side: playback.ab.side, rev: compare.rev, offsetDb: loudnessOffset(compare) } : null,
    recording: recordPanel.status,
  };
  send({ type: "status", status });
}

function frame(): void {
  playback.pump();
  render();
  requestAnimationFrame(frame);
}

function assertNever(value: never): never {
  throw new Error(`player: unexpected message ${JSON.stringify(value)}`);
}

wireInput({ playback, transport, setView, setSource, abSide, drawAll, saved, state: () => state });
window.addEventListener("message", (e: MessageEvent<HostToPlayer>) => receive(e.data));
window.addEventListener("resize", () => drawAll());
// A theme change restyles the page (body classes and CSS variables); canvases are redrawn in its colours.
new MutationObserver(() => drawAll()).observe(document.body, { attributes: true, attributeFilter: ["class", "style"] });
setView(saved.view);
// Timers keep streaming when the panel is in the background (no animation frames there).
setInterval(() => {
  playback.pump();
  if (document.hidden) render();
}, 100);
requestAnimationFrame(frame);
send({ type: "ready" });
