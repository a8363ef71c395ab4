// The questions Record Track asks when its arguments leave them open: where the session starts
// playing (the player's playhead, else "From the start" or "From bar N…" at the session's tempo
// and meter) and, for a track without an input device, which capture device (as the engine's
// capture tool lists them). Undefined means the user dismissed the question.
import * as vscode from "vscode";
import { barInputSeconds, formatClock, type Timebase } from "../core/timebase";
import { CaptureDevicesRequest } from "../core/protocol/record";
import type { CommandContext } from "./commandTypes";
import { currentPlayer } from "./playerCommands";

/** Seconds to start from: the open player's playhead, else the user's choice. */
export async function chooseStart(doc: vscode.TextDocument, tb: Timebase): Promise<number | undefined> {
  const playhead = currentPlayer()?.playheadFor(doc);
  if (playhead !== undefined) return playhead;
  const START = "From the start";
  const BAR = "From bar N…";
  const picked = await vscode.window.showQuickPick(
    [{ label: START, description: "0:00.000" }, { label: BAR, description: tb.tempo === null ? "needs a tempo in the session" : `${tb.tempo} bpm, ${tb.meter.beats}/${tb.meter.unit}` }],
    { placeHolder: "Record from where? (the session plays from there while the input records)" },
  );
  if (!picked) return undefined;
  if (picked.label === START) return 0;
  const text = await vscode.window.showInputBox({
    prompt: "Record from bar (bar, or bar:beat)",
    value: "1",
    validateInput: (v) => {
      const r = barInputSeconds(tb, v);
      return typeof r === "string" ? r : undefined;
    },
  });
  if (text === undefined) return undefined;
  const seconds = barInputSeconds(tb, text);
  if (typeof seconds === "string") {
    void vscode.window.showWarningMessage(`Mixdown: ${seconds}`);
    return undefined;
  }
  return seconds;
}

export const DEFAULT_DEVICE = "default";

/** A device for a track with no input block: null when the tool cannot list any (the engine's default). */
export async function chooseDevice(ctx: CommandContext, captureCommand: string | undefined): Promise<string | null | undefined> {
  const listed = await ctx.engine.request(CaptureDevicesRequest, { captureCommand }).catch((e: unknown) => {
    ctx.output.warn(`listing capture devices: ${e instanceof Error ? e.message : String(e)}`);
    return { tool: null, devices: [] as string[] };
  });
  if (listed.devices.length === 0) return null;
  const picked = await vscode.window.showQuickPick(
    [{ label: "Default device", device: DEFAULT_DEVICE, description: listed.tool ?? "" }, ...listed.devices.map((d) => ({ label: d, device: d, description: "" }))],
    { placeHolder: "Record from which device? (add an `input` block to the track to stop being asked)" },
  );
  return picked?.device;
}

/** "0:12.500 (bar 7)" for the log. */
export function startText(seconds: number, tb: Timebase): string {
  if (tb.tempo === null) return formatClock(seconds);
  const bar = Math.floor(seconds / ((60 / tb.tempo) * tb.meter.beats) + 1e-9) + 1;
  return `${formatClock(seconds)} (bar ${bar})`;
}
