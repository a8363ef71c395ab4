// The run-time part of the catalogue in the server: the sliders of the `fx` program at the
// cursor, through the same UserEffects port (and module cache) as the diagnostics.
import type { ParamSpec } from "../../core/catalogue";
import type { UserEffect } from "../../core/userEffects";
import { nodeUserEffects } from "../../platform/faustEffects";
import type { SessionState } from "../documents";
import type { Located } from "./locate";

/** The compiled program of the `fx` block at the cursor, or undefined (not in one, unsaved, or it does not compile). */
export function fxAt(state: SessionState, where: Located): UserEffect | undefined {
  if (where.effect !== "fx" || !where.fxPath || !state.folder) return undefined;
  const status = nodeUserEffects(state.folder).lookup(where.fxPath);
  return status.ok ? status.effect : undefined;
}

export function fxParam(state: SessionState, where: Located, name: string): ParamSpec | undefined {
  const params = fxAt(state, where)?.params;
  return params && Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined;
}

/** Hover text of an `fx` program: its description, channels, latency and sliders. */
export function fxDoc(effect: UserEffect): string {
  const channels = effect.inputs === 1 ? "mono (run on each channel)" : "stereo";
  const sliders = Object.keys(effect.params).join(", ") || "none";
  return `**fx** \`${effect.path}\`: ${effect.doc}\n\nA Faust program, ${channels}, latency ${effect.latency} frames. Sliders: ${sliders}.`;
}
