// The engine channel's common parts: the extension (client/engineHost.ts) and
// the engine process (engine/rpc/main.ts) speak vscode-jsonrpc through the
// child process's IPC channel. Every message is a typed descriptor; methods
// start `mixdown/`. Each area's messages have their own file: render.ts
// (render, master, stems, loudness), revision.ts (A/B with git), record.ts
// (recording), player.ts (the player's cached renderer). Long requests take a
// `progressToken` and report `EngineProgress` on it; a request is cancelled
// with jsonrpc's `$/cancelRequest` (a CancellationToken passed to
// sendRequest), which the engine maps onto an AbortController: the render
// stops within ~100 ms and no partial file is left.
import { NotificationType, ProgressType, RequestType } from "vscode-jsonrpc";
import type { Range } from "../ast";
import type { RecordLevel } from "./record";

/** The session to work on: its file (for its folder and name), and optionally its text. */
export interface SessionSource {
  /** Absolute path of the `.session` file. Outputs go beside it (`renders/...`). */
  path: string;
  /** The text to render instead of the file's (an unsaved editor). */
  text?: string;
  /** Further folders outputs may go into (the workspace folders). */
  roots?: string[];
}

export interface Progressive {
  /** A token for `EngineProgress` reports, chosen by the client. */
  progressToken?: string;
}

export interface EngineProgress {
  /** 0..1 of the work done, when known. */
  fraction?: number;
  /** What the engine is doing ("rendering the mix", "mastering: pass 2"). */
  message?: string;
  /** While recording (`mixdown/recordStart`): the input meter, about every 100 ms. */
  level?: RecordLevel;
}

export interface EngineInfo {
  /** The engine process's Node version (the runtime VS Code provides). */
  node: string;
  pid: number;
}

/** Client -> engine: who are you (used as a liveness check and in the output channel). */
export const InfoRequest = new RequestType<Record<string, never>, EngineInfo, EngineErrorData>("mixdown/info");

/** Engine -> client, on a request's `progressToken`: how far it got. */
export const EngineProgressType = new ProgressType<EngineProgress>();

/** Engine -> client: a line for the Mixdown output channel. */
export const EngineLogNotification = new NotificationType<{ level: "info" | "warn" | "error"; message: string }>("mixdown/log");

/** Error codes of engine responses (`ResponseError.code`). */
export const EngineErrorCode = {
  /** The request was cancelled; nothing was written and earlier outputs are untouched. */
  Cancelled: -32800,
  /** The session has errors (listed in `data.problems`); nothing was rendered. */
  InvalidSession: 1001,
  /** The engine could not do the work (an unreadable take, a path outside the folder...). */
  Failed: 1002,
} as const;

/** `ResponseError.data`: where the problem is, for the client to point at it. */
export interface EngineErrorData {
  /** The session file the problem is in. */
  path?: string;
  /** The model item's source range (UTF-16 offsets), when the problem is in the text. */
  origin?: Range;
  /** `file:line:col: message` lines for an invalid session. */
  problems?: string[];
}
