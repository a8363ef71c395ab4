// Where the editor's cursor is, in the player's terms: the channel whose block
// holds it, the automation lane, and the time of the point on its line.
import type { LiveState } from "../core/protocol/player";

export interface CursorInfo {
  channel: string | null;
  lane: number | null;
  time: number | null;
}

export function cursorAt(state: LiveState, offset: number): CursorInfo {
  const inside = (r: readonly [number, number]) => offset >= r[0] && offset <= r[1];
  const channel = state.channels.find((c) => inside(c.origin));
  if (!channel) return { channel: null, lane: null, time: null };
  const lane = channel.automation.findIndex((a) => inside(a.origin));
  if (lane < 0) return { channel: channel.id, lane: null, time: null };
  const point = channel.automation[lane].points.find((p) => inside(p.origin));
  return { channel: channel.id, lane, time: point ? point.time : null };
}
