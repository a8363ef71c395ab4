// The player's DOM outside the canvases: a lane per channel (name, meters,
// waveform), the Recording view's inputs and takes, the routing list, the
// meter readouts. Text goes in with textContent only.
import type { ChunkMeters, LiveState } from "../core/protocol/player";

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

export interface LaneElements {
  id: string;
  row: HTMLElement;
  canvas: HTMLCanvasElement;
  peak: HTMLElement;
  rms: HTMLElement;
}

/** A lane per channel and one for the mix, in a list the keyboard can walk. */
export function buildLanes(container: HTMLElement, state: LiveState, reveal: (id: string) => void): LaneElements[] {
  container.replaceChildren();
  const lanes: LaneElements[] = [];
  for (const c of [...state.channels.map((c) => ({ id: c.id, label: c.id, kind: c.kind, audible: c.audible })), { id: "", label: "mix", kind: "master" as const, audible: true }]) {
    const name = el("button", { type: "button", className: "lane-name", title: c.id ? `Show '${c.id}' in the editor` : "The mix bus" }, c.label);
    if (c.id) name.addEventListener("click", () => reveal(c.id));
    const peak = el("div", { className: "bar peak" });
    const rms = el("div", { className: "bar rms" });
    const meter = el("div", { className: "lane-meter", title: "peak / RMS" }, peak, rms);
    const canvas = el("canvas", { className: "wave" });
    canvas.dataset.channel = c.id;
    const row = el("div", { className: `lane ${c.kind}${c.audible ? "" : " muted"}` }, el("div", { className: "lane-head" }, name, meter), canvas);
    row.dataset.channel = c.id || "mix";
    container.append(row);
    lanes.push({ id: c.id, row, canvas, peak, rms });
  }
  return lanes;
}

export function setBar(bar: HTMLElement, linear: number): void {
  const db = linear > 0 ? 20 * Math.log10(linear) : -120;
  bar.style.width = `${Math.max(0, Math.min(100, ((db + 60) / 60) * 100))}%`;
  bar.classList.toggle("over", linear >= 1);
}

export function buildRecording(container: HTMLElement, state: LiveState): void {
  const inputs = el("table", { className: "grid" }, el("caption", {}, "Inputs"), el("tr", {}, el("th", {}, "input"), el("th", {}, "device"), el("th", {}, "channels")));
  for (const i of state.inputs) inputs.append(el("tr", {}, el("td", {}, i.id), el("td", {}, i.device), el("td", {}, i.channels.join(", "))));
  if (state.inputs.length === 0) inputs.append(el("tr", {}, el("td", { colSpan: 3 }, "No inputs: add an `input` block to record.")));
  const takes = el("table", { className: "grid" }, el("caption", {}, "Takes per track"), el("tr", {}, el("th", {}, "track"), el("th", {}, "input"), el("th", {}, "takes")));
  for (const c of state.channels.filter((x) => x.kind === "track")) {
    const list = c.takes.map((t) => `${t.path} @ ${clock(t.start / state.sampleRate)} (${((t.end - t.start) / state.sampleRate).toFixed(1)} s)`).join("\n");
    takes.append(el("tr", {}, el("td", {}, c.id), el("td", {}, c.input ?? "—"), el("td", { className: "pre" }, list || "no takes yet")));
  }
  container.replaceChildren(inputs, takes, el("p", { className: "hint" }, "Record records the chosen track from the playhead while the session plays; the meter and the take's waveform show as it records."));
}

export function buildRouting(container: HTMLElement, state: LiveState): void {
  const rows = state.channels.map((c) => {
    const sends = c.sends.map((s) => `${s.to} ${s.levelDb === null ? "-inf" : s.levelDb} dB${s.pre ? " pre" : ""}`).join(", ");
    const flags = [c.mute ? "muted" : "", c.solo ? "solo" : "", c.audible ? "" : "silent"].filter(Boolean).join(" ");
    return el("tr", {}, el("td", {}, c.id), el("td", {}, `${c.gainDb === null ? "-inf" : c.gainDb} dB`), el("td", {}, `→ ${c.out}`), el("td", {}, sends || "—"), el("td", {}, c.inserts.join(" › ") || "—"), el("td", {}, flags));
  });
  container.replaceChildren(el("table", { className: "grid" }, el("caption", {}, "Routing, sends and buses"), el("tr", {}, ...["channel", "fader", "out", "sends", "inserts", ""].map((h) => el("th", {}, h))), ...rows));
}

const lufs = (v: number | null | undefined) => (v === null || v === undefined ? "—" : v.toFixed(1));

export function showMasterMeters(container: HTMLElement, m: { meters: ChunkMeters; step: number } | undefined): void {
  const at = m?.step ?? 0;
  const r = m?.meters.master;
  const peak = r ? r.peak[at] : 0;
  const rms = r ? r.rms[at] : 0;
  const dbfs = (v: number) => (v > 0 ? (20 * Math.log10(v)).toFixed(1) : "-inf");
  container.replaceChildren(
    el("div", { className: "readout" }, el("span", {}, "peak"), el("b", {}, `${dbfs(peak)} dBFS`)),
    el("div", { className: "readout" }, el("span", {}, "RMS"), el("b", {}, `${dbfs(rms)} dBFS`)),
    el("div", { className: "readout" }, el("span", {}, "momentary"), el("b", {}, `${lufs(r?.momentary[at])} LUFS`)),
    el("div", { className: "readout" }, el("span", {}, "short-term"), el("b", {}, `${lufs(r?.shortTerm[at])} LUFS`)),
    el("div", { className: "readout" }, el("span", {}, "integrated"), el("b", {}, `${lufs(m?.meters.integrated)} LUFS`)),
    el("div", { className: "readout" }, el("span", {}, "true peak"), el("b", {}, `${lufs(m?.meters.truePeak)} dBTP`)),
  );
}

export function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return `${m}:${(seconds - m * 60).toFixed(3).padStart(6, "0")}`;
}

/** bar:beat from the session's tempo and meter (none without a tempo). */
export function barBeat(seconds: number, state: LiveState | undefined): string {
  if (!state?.tempo) return "—";
  const beat = 60 / state.tempo; // a beat is a note of the meter's unit, as core/timebase.ts has it
  const beats = Math.floor(seconds / beat + 1e-9);
  return `${Math.floor(beats / state.meter.beats) + 1}:${(beats % state.meter.beats) + 1}`;
}
