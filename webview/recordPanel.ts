// The Recording view's live part: the track to record and a Record/Stop button, the input meter
// (level and peak in dBFS, the clipped flag) and the take's waveform growing as the engine's
// summaries arrive. It mirrors the take on the DOM marker tests read:
// data-recording="true|false" and data-record-peak (the take's peak, linear).
import type { WaveColumns } from "../core/protocol/record";
import type { LiveState } from "../core/protocol/player";
import type { PlayerToHost, RecordingUpdate } from "../core/protocol/webview";
import { drawPeaks, fit, themeColor } from "./draw";
import { el, setBar } from "./panels";

/** Puts `wave`'s columns into `peaks` (interleaved min, max per column) at their index; a gap stays silent. */
export function appendColumns(peaks: number[], wave: WaveColumns): void {
  while (peaks.length < wave.first * 2) peaks.push(0);
  for (let i = 0; i < wave.min.length; i++) {
    peaks[(wave.first + i) * 2] = wave.min[i];
    peaks[(wave.first + i) * 2 + 1] = wave.max[i];
  }
}

const dbfs = (v: number) => (v > 0 ? `${(20 * Math.log10(v)).toFixed(1)} dBFS` : "-inf dBFS");

export class RecordPanel {
  private readonly track = el("select", { title: "The track to record" });
  private readonly button = el("button", { type: "button", className: "record", title: "Record the selected track from the playhead (Mixdown: Record Track); Stop ends the take" }, "Record");
  private readonly levelBar = el("div", { className: "bar peak" });
  private readonly readout = el("output", { className: "record-readout" }, "not recording");
  private readonly canvas = el("canvas", { className: "wave record-wave" });
  private recording = false;
  private peak = 0;
  private peaks: number[] = [];

  constructor(container: HTMLElement, private readonly root: HTMLElement, private readonly send: (m: PlayerToHost) => void) {
    this.button.addEventListener("click", () => this.send({ type: "record", action: this.recording ? "stop" : "start", track: this.track.value || null }));
    const meter = el("div", { className: "lane-meter record-meter", title: "input level" }, this.levelBar);
    container.replaceChildren(el("div", { className: "record-bar" }, this.track, this.button, meter, this.readout), this.canvas);
    this.mark(0);
  }

  /** The session's tracks in the picker (keeping the choice; the one with an input first by default). */
  setTracks(state: LiveState): void {
    const tracks = state.channels.filter((c) => c.kind === "track");
    const keep = this.track.value || tracks.find((t) => t.input)?.id || tracks[0]?.id || "";
    this.track.replaceChildren(...tracks.map((t) => el("option", { value: t.id, selected: t.id === keep }, t.input ? `${t.id} (${t.input})` : t.id)));
  }

  update(u: RecordingUpdate): void {
    switch (u.phase) {
      case "start":
        this.recording = true;
        this.peaks = [];
        if (Array.from(this.track.options).some((o) => o.value === u.track)) this.track.value = u.track;
        this.readout.textContent = `recording ${u.track}: starting…`;
        this.mark(0);
        break;
      case "level":
        this.recording = true; // also after the page was reloaded mid-take (earlier columns stay blank)
        if (u.level.wave) appendColumns(this.peaks, u.level.wave);
        setBar(this.levelBar, u.level.level);
        this.readout.textContent = `${u.level.seconds.toFixed(1)} s · level ${dbfs(u.level.level)} · peak ${dbfs(u.level.peak)}${u.level.clipped ? " · CLIPPED" : ""}`;
        this.readout.classList.toggle("clipped", u.level.clipped);
        this.mark(u.level.peak);
        break;
      case "stop":
        this.recording = false;
        setBar(this.levelBar, 0);
        this.readout.textContent = u.take ? `${u.take}: ${u.seconds.toFixed(1)} s, peak ${dbfs(u.peak)}${u.clipped ? " · CLIPPED" : ""}` : "not recording";
        this.readout.classList.toggle("clipped", u.clipped);
        this.mark(u.peak);
        break;
      default:
        return assertNever(u);
    }
    this.button.textContent = this.recording ? "Stop" : "Record";
    this.button.setAttribute("aria-pressed", String(this.recording));
    this.draw();
  }

  /** For the player's status: recording now, and the take's peak. */
  get status(): { active: boolean; peak: number } {
    return { active: this.recording, peak: this.peak };
  }

  draw(): void {
    const { g, w, h } = fit(this.canvas);
    if (this.peaks.length) drawPeaks(g, this.peaks, w, h, themeColor(this.recording ? "--vscode-charts-red" : "--vscode-charts-blue", "#f14c4c"));
  }

  private mark(peak: number): void {
    this.peak = peak;
    this.root.dataset.recording = String(this.recording);
    this.root.dataset.recordPeak = peak.toFixed(4);
  }
}

function assertNever(value: never): never {
  throw new Error(`player: unexpected recording update ${JSON.stringify(value)}`);
}
