// The live renderer's requests on the engine connection (core/protocol/player.ts),
// registered by engine/rpc/main.ts. Sessions are kept by id until closed.
import { randomUUID } from "node:crypto";
import { ResponseError, type CancellationToken, type MessageConnection } from "vscode-jsonrpc";
import { EngineErrorCode, type EngineErrorData } from "../../core/protocol/engine";
import { LiveChunkRequest, LiveCloseRequest, LiveOpenRequest, LiveOverviewRequest, LiveUpdateRequest } from "../../core/protocol/player";
import { requestedSession } from "./session";
import { CancelledError } from "../render/errors";
import { LiveSession } from "../player/liveSession";
import { overview } from "../player/overview";

const MAX_CHUNK_FRAMES = 10 * 192_000;

export function serveLive(connection: MessageConnection): void {
  const sessions = new Map<string, LiveSession>();
  const get = (id: string): LiveSession => {
    const s = sessions.get(id);
    if (!s) throw new ResponseError<EngineErrorData>(EngineErrorCode.Failed, `No live session '${id}': open the player again.`, {});
    return s;
  };
  connection.onRequest(LiveOpenRequest, (params) => {
    const opened = requestedSession(params.session);
    const session = new LiveSession(randomUUID(), opened.path);
    const state = guard(() => session.update(opened.text));
    sessions.set(session.id, session);
    return state;
  });
  connection.onRequest(LiveUpdateRequest, (params) => guard(() => get(params.sessionId).update(params.text, params.solo ?? null)));
  connection.onRequest(LiveChunkRequest, (params) => {
    const s = get(params.sessionId);
    const frames = Math.max(1, Math.min(MAX_CHUNK_FRAMES, Math.floor(params.frames)));
    return guard(() => s.chunk(Math.max(0, Math.floor(params.startFrame)), frames, params.source));
  });
  connection.onRequest(LiveOverviewRequest, async (params, token: CancellationToken) => {
    const s = get(params.sessionId);
    const graph = s.graph!;
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    try {
      const result = await overview(graph.model, s.folder, s.version, Math.max(16, Math.min(4096, params.columns)), controller.signal);
      if (graph === s.graph) s.setNormalise(result.gainDb);
      return result;
    } catch (error) {
      if (error instanceof CancelledError) throw new ResponseError(EngineErrorCode.Cancelled, "The overview was cancelled (the session changed).");
      throw failed(error);
    }
  });
  connection.onRequest(LiveCloseRequest, (params) => {
    sessions.get(params.sessionId)?.close();
    sessions.delete(params.sessionId);
  });
}

function guard<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw failed(error);
  }
}

function failed(error: unknown): ResponseError<EngineErrorData> {
  if (error instanceof ResponseError) return error as ResponseError<EngineErrorData>;
  const origin = (error as { origin?: [number, number] }).origin;
  return new ResponseError<EngineErrorData>(EngineErrorCode.Failed, (error as Error).message, { origin });
}
