// Content hashes of what a channel's audio depends on. Source ranges are left
// out (an edit above a track moves them without changing its sound); take
// files count by identity (path, size, modification time), so a re-recorded
// take re-renders its track.
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { resolve } from "node:path";
import type { BusModel, ChannelModel, MasterModel, TrackModel } from "../../core/model";
import { isFaderLane } from "../render/fader";

const POSITIONS = new Set(["origin", "pathRange", "nameRange"]);

/** JSON without source positions. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (POSITIONS.has(key) ? undefined : v));
}

export function digest(...parts: string[]): string {
  const h = createHash("sha1");
  for (const p of parts) h.update(p).update("\u0000");
  return h.digest("hex").slice(0, 20);
}


function fileIdentity(folder: string, path: string): string {
  try {
    const s = statSync(resolve(folder, path));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return "missing";
  }
}

/**
 * The inserts-and-pan stage of a channel: what its pre-fader signal depends on
 * apart from its input (a bus's input is hashed by the mix graph).
 */
export function stageHash(channel: TrackModel | BusModel, folder: string): string {
  const own = canonical({ inserts: channel.inserts, pan: channel.pan, automation: channel.automation.filter((a) => !isFaderLane(a)) });
  if (channel.kind !== "track") return digest("bus", own);
  const takes = channel.takes.map((t) => `${canonical(t)}@${fileIdentity(folder, t.path)}`);
  return digest("track", own, ...takes);
}

/** The fader stage: gain, gain and send automation, sends, routing. */
export function faderHash(channel: ChannelModel): string {
  return digest(canonical({ gain: channel.gain, out: channel.out, sends: channel.sends, automation: channel.automation.filter(isFaderLane) }));
}

export function masterHash(master: MasterModel, normaliseDb: number): string {
  return digest(canonical({ inserts: master.inserts, gain: master.gain, automation: master.automation }), String(normaliseDb));
}
