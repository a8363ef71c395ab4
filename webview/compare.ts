// The A/B panel: A is the mix at a revision, B the current mix. Two buttons
// (and the A and B keys) choose the side heard; the louder side is turned
// down by the integrated loudness difference (shown); the short-term loudness
// of both over time and their third-octave spectra, overlaid with the
// difference, are drawn from the engine's measurements.
import type { AbSide, CompareView } from "../core/protocol/webview";
import type { AbState } from "./playback";
import { drawLoudness, fit, themeColor } from "./draw";
import { el } from "./panels";

export interface CompareTargets {
  side(side: AbSide): void;
  close(): void;
}

/** A's integrated loudness minus B's, or null until both are measured (or one is silent). */
export function loudnessOffset(view: CompareView): number | null {
  const a = view.a.integrated;
  const b = view.b?.integrated;
  return a == null || b == null ? null : Math.round((a - b) * 100) / 100;
}

/** The gains that match loudness: the louder side down by the difference, the other untouched. */
export function matchedGains(view: CompareView, side: AbSide): AbState {
  const offset = loudnessOffset(view) ?? 0;
  return { side, gainDb: { A: offset > 0 ? -offset : 0, B: offset < 0 ? offset : 0 } };
}

const lufs = (v: number | null | undefined) => (v == null ? "—" : `${v.toFixed(1)} LUFS`);
const signed = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(1)}`;

export class ComparePanel {
  private readonly buttonA = el("button", { type: "button", id: "abA", title: "Hear A, the revision (key A)" }, "A");
  private readonly buttonB = el("button", { type: "button", id: "abB", title: "Hear B, the current mix (key B)" }, "B: current mix");
  private readonly offset = el("output", { id: "abOffset" });
  private readonly readout = el("div", { className: "hint" });
  private readonly loudness = el("canvas", { className: "plot compare-plot", ariaLabel: "Short-term loudness of A and B over time" });
  private readonly spectrum = el("canvas", { className: "spectrum", ariaLabel: "Spectra of A and B, and their difference" });

  constructor(private readonly section: HTMLElement, targets: CompareTargets) {
    this.buttonA.setAttribute("role", "radio");
    this.buttonB.setAttribute("role", "radio");
    this.buttonA.addEventListener("click", () => targets.side("A"));
    this.buttonB.addEventListener("click", () => targets.side("B"));
    const close = el("button", { type: "button", title: "Leave A/B and play the current mix only" }, "Close A/B");
    close.addEventListener("click", () => targets.close());
    const bar = el("div", { className: "compare-bar", role: "radiogroup", ariaLabel: "A/B: listen to" }, el("b", {}, "A/B"), this.buttonA, this.buttonB, this.offset, close);
    const plots = el("div", { className: "compare-plots" }, this.loudness, this.spectrum);
    section.replaceChildren(bar, this.readout, plots);
  }

  show(view: CompareView | null, side: AbSide): void {
    this.section.hidden = view === null;
    if (!view) return;
    this.buttonA.textContent = `A: ${view.label}`;
    this.setSide(side);
    const offset = loudnessOffset(view);
    const louder = offset === null || Math.abs(offset) < 0.05 ? null : offset > 0 ? "A" : "B";
    this.offset.textContent = offset === null ? "matching: measuring the current mix…" : louder ? `${louder} turned down ${Math.abs(offset).toFixed(1)} dB to match` : "same loudness";
    this.readout.textContent = `Integrated: A ${lufs(view.a.integrated)} · B ${view.b ? lufs(view.b.integrated) : "measuring…"}` +
      (offset === null ? "" : ` · A − B ${signed(offset)} LU`) + (view.cached ? " · A from the cache" : "");
  }

  setSide(side: AbSide): void {
    this.buttonA.setAttribute("aria-checked", String(side === "A"));
    this.buttonB.setAttribute("aria-checked", String(side === "B"));
  }

  draw(view: CompareView | null, playhead: number, seconds: number): void {
    if (!view || this.section.hidden) return;
    const blue = themeColor("--vscode-charts-blue", "#3794ff");
    const orange = themeColor("--vscode-charts-orange", "#d18616");
    const series = [{ values: view.a.shortTerm.values, color: blue }];
    if (view.b) series.push({ values: view.b.shortTerm.values, color: orange });
    drawLoudness(this.loudness, series, view.a.shortTerm.interval, seconds, null, playhead);
    drawBands(this.spectrum, view, blue, orange);
  }
}

/** The two third-octave spectra (dB, -90..0) and their difference A − B (±12 dB around the middle line). */
function drawBands(canvas: HTMLCanvasElement, view: CompareView, colorA: string, colorB: string): void {
  const { g, w, h } = fit(canvas);
  const hz = view.a.spectrum.hz;
  const x = (i: number) => ((i + 0.5) / hz.length) * w;
  const line = (values: number[], y: (v: number) => number, color: string) => {
    g.strokeStyle = color;
    g.lineWidth = 1.5;
    g.beginPath();
    values.forEach((v, i) => (i === 0 ? g.moveTo(x(i), y(v)) : g.lineTo(x(i), y(v))));
    g.stroke();
  };
  const level = (v: number) => h - ((Math.max(-90, Math.min(0, v)) + 90) / 90) * h;
  const diff = (v: number) => h / 2 - (Math.max(-12, Math.min(12, v)) / 12) * (h / 2);
  const muted = themeColor("--vscode-editorLineNumber-foreground", "#888");
  g.fillStyle = muted;
  g.globalAlpha = 0.3;
  g.fillRect(0, h / 2, w, 1);
  g.globalAlpha = 1;
  g.font = "10px var(--vscode-font-family)";
  hz.forEach((f, i) => {
    if ([100, 1000, 10000].includes(Math.round(f))) g.fillText(f >= 1000 ? `${f / 1000}k` : `${f}`, x(i) - 6, h - 2);
  });
  line(view.a.spectrum.db, level, colorA);
  if (!view.b) return;
  line(view.b.spectrum.db, level, colorB);
  const b = view.b.spectrum.db;
  line(view.a.spectrum.db.map((v, i) => v - b[i]), diff, themeColor("--vscode-charts-purple", "#b180d7"));
  g.fillStyle = muted;
  g.fillText("A − B ±12 dB", w - 80, 12);
}
