// The A side of the player's A/B comparison: frames of a revision render read
// straight from its WAV (no rendering), with the same meters a live chunk
// carries, so the webview plays and meters A exactly as it does B. Readers
// stay open for the few files being compared; only revision renders are read.
import { sep } from "node:path";
import { ResponseError } from "vscode-jsonrpc";
import { EngineErrorCode, type EngineErrorData } from "../../core/protocol/engine";
import { type RevisionChunkParams } from "../../core/protocol/revision";
import type { LiveChunk } from "../../core/protocol/player";
import { openWavReader, type WavReader } from "../io/wavRead";
import { PlaybackLoudness, StepMeters } from "../player/meters";
import { encodePcm } from "../player/wire";

const MAX_FRAMES = 10 * 192_000;
const KEEP_OPEN = 4;

interface Open {
  reader: WavReader;
  loudness: PlaybackLoudness;
}

const open = new Map<string, Open>();

function readerFor(path: string): Open {
  const found = open.get(path);
  if (found) {
    // Most recently used last, so the oldest is closed first.
    open.delete(path);
    open.set(path, found);
    return found;
  }
  if (!path.endsWith(".wav") || !path.includes(`${sep}renders${sep}.revisions${sep}`)) {
    throw new ResponseError<EngineErrorData>(EngineErrorCode.Failed, `'${path}' is not a revision render (renders/.revisions/...): compare with a revision again.`, { path });
  }
  let reader: WavReader;
  try {
    reader = openWavReader(path);
  } catch (error) {
    throw new ResponseError<EngineErrorData>(EngineErrorCode.Failed, `${(error as Error).message} Compare with the revision again to render it anew.`, { path });
  }
  const made = { reader, loudness: new PlaybackLoudness(reader.sampleRate) };
  open.set(path, made);
  for (const [p, o] of open) {
    if (open.size <= KEEP_OPEN) break;
    o.reader.close();
    open.delete(p);
  }
  return made;
}

/** Frames [startFrame, startFrame + frames) of the render, silence past its end. */
export function revisionChunk(params: RevisionChunkParams): LiveChunk {
  const began = performance.now();
  const { reader, loudness } = readerFor(params.path);
  const start = Math.max(0, Math.floor(params.startFrame));
  const frames = Math.max(1, Math.min(MAX_FRAMES, Math.floor(params.frames)));
  const data = Array.from({ length: Math.max(2, reader.channels) }, () => new Float32Array(frames));
  reader.seek(start);
  if (start < reader.frames) reader.read(frames, data);
  if (reader.channels === 1) data[1].set(data[0]);
  const out = [data[0], data[1]];
  const step = Math.round(reader.sampleRate / 10);
  const master = new StepMeters(step, frames);
  master.add(out, 0, frames, 0);
  const loud = loudness.measure(out, start, step, "revision");
  return {
    version: 0,
    startFrame: start,
    frames,
    sampleRate: reader.sampleRate,
    source: "mix",
    channels: [encodePcm(out[0]), encodePcm(out[1])],
    approximate: false,
    meters: {
      step,
      tracks: [],
      master: { ...master.readings(frames), momentary: loud.momentary, shortTerm: loud.shortTerm },
      integrated: loud.integrated,
      truePeak: loud.truePeak,
    },
    renderMs: Math.round((performance.now() - began) * 10) / 10,
  };
}

/** Closes every reader (the engine is stopping, or a test is done). */
export function closeRevisionReaders(): void {
  for (const o of open.values()) o.reader.close();
  open.clear();
}
