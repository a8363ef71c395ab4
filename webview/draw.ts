// Canvas drawing in the theme's colours: waveforms placed on the timeline, an
// automation curve over its lane, the short-term loudness plot, the spectrum.
import type { LiveAutomationInfo, LiveChannelInfo, Peaks } from "../core/protocol/player";

/** A VS Code theme colour (CSS variable), with a fallback. */
export function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** Sizes a canvas's backing store to its box and returns a context scaled to CSS pixels. */
export function fit(canvas: HTMLCanvasElement): { g: CanvasRenderingContext2D; w: number; h: number } {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(1, canvas.clientWidth);
  const h = Math.max(1, canvas.clientHeight);
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
  }
  const g = canvas.getContext("2d")!;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, w, h);
  return { g, w, h };
}

export interface LaneDrawing {
  channel?: LiveChannelInfo;
  peaks?: Peaks;
  /** Frames on the timeline. */
  length: number;
  sampleRate: number;
  loop: { start: number; end: number } | null;
  automation?: { lane: LiveAutomationInfo; time: number | null };
}

export function drawLane(canvas: HTMLCanvasElement, d: LaneDrawing): void {
  const { g, w, h } = fit(canvas);
  const x = (frame: number) => (frame / Math.max(1, d.length)) * w;
  if (d.loop) {
    g.fillStyle = themeColor("--vscode-editor-selectionBackground", "rgba(80,120,200,0.3)");
    g.fillRect(x(d.loop.start), 0, x(d.loop.end) - x(d.loop.start), h);
  }
  // The takes' extents, so a lane shows where audio is before the waveforms arrive.
  g.fillStyle = themeColor("--vscode-editorWidget-background", "rgba(128,128,128,0.15)");
  for (const t of d.channel?.takes ?? []) g.fillRect(x(t.start), 2, Math.max(1, x(t.end) - x(t.start)), h - 4);
  if (d.peaks) drawPeaks(g, d.peaks, w, h, themeColor("--vscode-charts-blue", "#3794ff"));
  if (d.automation) drawCurve(g, d.automation.lane, d.automation.time, w, h, d.length / d.sampleRate);
}

export function drawPeaks(g: CanvasRenderingContext2D, peaks: Peaks, w: number, h: number, color: string): void {
  const columns = peaks.length / 2;
  const mid = h / 2;
  const maxAbs = Math.max(0.05, ...peaks.map(Math.abs));
  g.fillStyle = color;
  for (let px = 0; px < w; px++) {
    const c0 = Math.floor((px / w) * columns);
    const c1 = Math.max(c0 + 1, Math.floor(((px + 1) / w) * columns));
    let lo = 0;
    let hi = 0;
    for (let c = c0; c < c1 && c < columns; c++) {
      lo = Math.min(lo, peaks[2 * c]);
      hi = Math.max(hi, peaks[2 * c + 1]);
    }
    const top = mid - (hi / maxAbs) * (mid - 2);
    const bottom = mid - (lo / maxAbs) * (mid - 2);
    g.fillRect(px, top, 1, Math.max(1, bottom - top));
  }
}

function drawCurve(g: CanvasRenderingContext2D, lane: LiveAutomationInfo, time: number | null, w: number, h: number, seconds: number): void {
  const values = lane.points.map((p) => p.value);
  const lo = Math.min(...values, lane.target === "pan" ? -1 : Infinity);
  const hi = Math.max(...values, lane.target === "pan" ? 1 : -Infinity);
  const span = hi - lo || 1;
  const x = (t: number) => (t / Math.max(1e-9, seconds)) * w;
  const y = (v: number) => h - 4 - ((v - lo) / span) * (h - 8);
  g.strokeStyle = themeColor("--vscode-charts-orange", "#d18616");
  g.lineWidth = 2;
  g.beginPath();
  lane.points.forEach((p, i) => {
    const next = lane.points[i + 1];
    if (i === 0) g.moveTo(0, y(p.value));
    g.lineTo(x(p.time), y(p.value));
    if (next && p.curve === "step") g.lineTo(x(next.time), y(p.value));
    if (!next) g.lineTo(w, y(p.value));
  });
  g.stroke();
  g.fillStyle = g.strokeStyle;
  for (const p of lane.points) g.fillRect(x(p.time) - 3, y(p.value) - 3, 6, 6);
  if (time !== null) {
    g.fillStyle = themeColor("--vscode-editorCursor-foreground", "#fff");
    g.fillRect(x(time) - 1, 0, 2, h);
  }
  g.font = "10px var(--vscode-font-family)";
  g.fillText(`automate ${lane.target}`, 4, 11);
}

/** Short-term loudness over time: before (mix) and after (master) the chain. */
export function drawLoudness(canvas: HTMLCanvasElement, series: { values: (number | null)[]; color: string }[], interval: number, seconds: number, target: number | null, playhead: number): void {
  const { g, w, h } = fit(canvas);
  const lo = -40;
  const hi = 0;
  const y = (v: number) => h - ((Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo)) * h;
  g.strokeStyle = themeColor("--vscode-editorLineNumber-foreground", "#888");
  g.fillStyle = g.strokeStyle;
  g.font = "10px var(--vscode-font-family)";
  for (let v = -36; v <= 0; v += 6) {
    g.globalAlpha = 0.3;
    g.fillRect(0, y(v), w, 1);
    g.globalAlpha = 1;
    g.fillText(`${v}`, 2, y(v) - 2);
  }
  if (target !== null) {
    g.fillStyle = themeColor("--vscode-charts-green", "#89d185");
    g.fillRect(0, y(target), w, 1);
    g.fillText(`target ${target} LUFS`, w - 90, y(target) - 2);
  }
  for (const s of series) {
    g.strokeStyle = s.color;
    g.lineWidth = 1.5;
    g.beginPath();
    let pen = false;
    s.values.forEach((v, i) => {
      const px = ((i * interval) / Math.max(1e-9, seconds)) * w;
      if (v === null) return void (pen = false);
      if (pen) g.lineTo(px, y(v));
      else g.moveTo(px, y(v));
      pen = true;
    });
    g.stroke();
  }
  g.fillStyle = themeColor("--vscode-editorCursor-foreground", "#fff");
  g.fillRect((playhead / Math.max(1e-9, seconds)) * w, 0, 1, h);
}

/** The analyser's spectrum on a logarithmic frequency axis, 20 Hz to 20 kHz. */
export function drawSpectrum(canvas: HTMLCanvasElement, bins: Float32Array<ArrayBuffer>, sampleRate: number): void {
  const { g, w, h } = fit(canvas);
  const lo = Math.log10(20);
  const hi = Math.log10(20000);
  g.strokeStyle = themeColor("--vscode-charts-purple", "#b180d7");
  g.lineWidth = 1.5;
  g.beginPath();
  for (let px = 0; px < w; px++) {
    const f = Math.pow(10, lo + (px / w) * (hi - lo));
    const bin = Math.min(bins.length - 1, Math.round((f / (sampleRate / 2)) * bins.length));
    const db = Number.isFinite(bins[bin]) ? bins[bin] : -140;
    const y = h - ((Math.max(-100, Math.min(0, db)) + 100) / 100) * h;
    if (px === 0) g.moveTo(px, y);
    else g.lineTo(px, y);
  }
  g.stroke();
  g.fillStyle = themeColor("--vscode-editorLineNumber-foreground", "#888");
  g.font = "10px var(--vscode-font-family)";
  for (const f of [100, 1000, 10000]) g.fillText(f >= 1000 ? `${f / 1000}k` : `${f}`, ((Math.log10(f) - lo) / (hi - lo)) * w + 2, h - 2);
}
