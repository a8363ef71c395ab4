// Mouse and keyboard: Space plays and pauses, Escape stops, L loops, arrows
// move by a second (shift: by ten), Home goes to the start; a click on the
// timeline seeks, shift-drag selects the loop region; the view tabs. In A/B
// mode the A and B keys choose the side heard.
import type { LiveState } from "../core/protocol/player";
import type { AbSide, PlayerView } from "../core/protocol/webview";
import type { Playback } from "./playback";

export interface InputTargets {
  playback: Playback;
  transport(action: "playPause" | "stop"): void;
  setView(view: PlayerView): void;
  setSource(source: "mix" | "master"): void;
  abSide(side: AbSide): void;
  drawAll(): void;
  saved: { looping: boolean; loop: { start: number; end: number } | null };
  state(): LiveState | undefined;
}

export function wireInput(t: InputTargets): void {
  const byId = (id: string) => document.getElementById(id)!;
  byId("play").addEventListener("click", () => t.transport("playPause"));
  byId("stop").addEventListener("click", () => t.transport("stop"));
  byId("loop").addEventListener("click", () => toggleLoop(t));
  byId("listenMix").addEventListener("click", () => t.setSource("mix"));
  byId("listenMaster").addEventListener("click", () => t.setSource("master"));
  document.querySelectorAll<HTMLButtonElement>("[data-view]").forEach((tab) => tab.addEventListener("click", () => t.setView(tab.dataset.view as PlayerView)));
  document.addEventListener("keydown", (e) => key(t, e));
  wireTimeline(t, byId("lanes"));
}

function key(t: InputTargets, e: KeyboardEvent): void {
  const target = e.target as HTMLElement | null;
  // Space on a focused button presses that button; everywhere else it plays and pauses.
  if (e.key === " " && target?.tagName !== "BUTTON") {
    e.preventDefault();
    t.transport("playPause");
  } else if (e.key === "Escape") t.transport("stop");
  else if (e.key === "l" || e.key === "L") toggleLoop(t);
  else if ((e.key === "a" || e.key === "A" || e.key === "b" || e.key === "B") && !e.ctrlKey && !e.metaKey && !e.altKey) t.abSide(e.key.toUpperCase() as AbSide);
  else if (e.key === "Home") t.playback.seek(0);
  else if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
    const step = (e.shiftKey ? 10 : 1) * t.playback.rate * (e.key === "ArrowLeft" ? -1 : 1);
    t.playback.seek(t.playback.frame + step);
  } else return;
}

function toggleLoop(t: InputTargets): void {
  const p = t.playback;
  if (p.loop) p.loop = null;
  else p.loop = t.saved.loop ?? { start: 0, end: p.length };
  t.saved.looping = p.loop !== null;
  t.drawAll();
  p.refresh();
}

/** Frames under a mouse event on a lane's waveform. */
function frameAt(t: InputTargets, e: MouseEvent): number | undefined {
  const canvas = (e.target as HTMLElement).closest("canvas.wave");
  const state = t.state();
  if (!canvas || !state) return undefined;
  const box = canvas.getBoundingClientRect();
  return Math.max(0, Math.min(1, (e.clientX - box.left) / box.width)) * state.frames;
}

function wireTimeline(t: InputTargets, lanes: HTMLElement): void {
  let dragFrom: number | undefined;
  lanes.addEventListener("mousedown", (e) => {
    const f = frameAt(t, e);
    if (f === undefined) return;
    if (e.shiftKey) dragFrom = f;
    else t.playback.seek(f);
  });
  lanes.addEventListener("mousemove", (e) => {
    const f = frameAt(t, e);
    if (dragFrom === undefined || f === undefined) return;
    t.saved.loop = { start: Math.round(Math.min(dragFrom, f)), end: Math.round(Math.max(dragFrom, f)) };
    if (t.playback.loop) t.playback.loop = t.saved.loop;
    t.drawAll();
  });
  window.addEventListener("mouseup", () => {
    if (dragFrom === undefined) return;
    dragFrom = undefined;
    if (t.saved.loop && t.saved.loop.end - t.saved.loop.start > t.playback.rate / 10) {
      t.playback.loop = t.saved.loop;
      t.saved.looping = true;
      t.playback.refresh();
    }
    t.drawAll();
  });
}
