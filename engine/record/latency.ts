// Round-trip latency: play three chirps out, record them back through the same path a take uses,
// find each by cross-correlation, and keep the median. Stored per capture tool, device and
// output in the workspace's `.mixdown/latency.json`, where `mixdown record` looks for it.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readWav } from "../io/wavRead";
import { bestLag } from "./align";
import { latencyCue } from "./cue";
import { recordTake, type RecordRequest } from "./recorder";

export interface LatencyMeasurement {
  /** Round-trip latency in milliseconds (output to input). */
  latencyMs: number;
  /** Each run's latency, ms. */
  each: number[];
  placement: string;
}

export type MeasureRequest = Omit<RecordRequest, "folder" | "sessionPath" | "track" | "cue" | "latency" | "seconds" | "takeChannels"> & { takeChannels?: number[] };

/**
 * Measures `runs` times and keeps the median run: each run's placement can be thrown off by a
 * busy machine (a late wake-up), rarely twice in a row.
 */
export async function measureLatency(r: MeasureRequest, runs = 3): Promise<LatencyMeasurement> {
  const results: LatencyMeasurement[] = [];
  for (let i = 0; i < runs && !r.signal.aborted; i++) results.push(await measureOnce(r));
  if (results.length === 0) throw new Error("cancelled before the first measurement");
  results.sort((a, b) => a.latencyMs - b.latencyMs);
  const median = results[Math.floor((results.length - 1) / 2)];
  return { ...median, each: results.map((m) => m.latencyMs) };
}

async function measureOnce(r: MeasureRequest): Promise<LatencyMeasurement> {
  const { samples, chirp, at } = latencyCue(r.rate);
  const folder = mkdtempSync(join(tmpdir(), "mixdown-latency-"));
  try {
    const took = await recordTake({
      ...r, folder, sessionPath: "", track: "latency", takeChannels: r.takeChannels ?? [1], latency: 0,
      cue: { samples, start: 0, from: 0 }, seconds: samples.length / 2 / r.rate + 0.3,
    });
    const wav = readWav(took.take.path);
    const heard = wav.data[0];
    const each: number[] = [];
    for (const a of at) {
      // Search from 0.2 s before each chirp to 0.4 s after it.
      const from = Math.max(0, Math.round(a - 0.2 * r.rate - took.at * r.rate));
      const to = Math.min(heard.length, from + Math.round(0.6 * r.rate));
      const { lag, score } = bestLag(heard.subarray(from, to), chirp);
      if (score < 0.3) continue;
      each.push((took.at + (from + lag - a) / r.rate) * 1000);
    }
    if (each.length === 0) throw new Error("none of the chirps played came back: check that the output can be heard by the input (a loopback cable, or the microphone near the speaker), and the levels");
    const sorted = [...each].sort((x, y) => x - y);
    return { latencyMs: sorted[Math.floor(sorted.length / 2)], each, placement: took.placement };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export interface StoredLatency {
  latencyMs: number;
  measuredAt: string;
  capture: string;
  device: string;
  output: string;
}

interface LatencyFile {
  version: 1;
  measurements: Record<string, StoredLatency>;
}

export const latencyFile = (workspace: string): string => join(workspace, ".mixdown", "latency.json");
const key = (capture: string, device: string, output: string): string => `${capture}|${device}|${output}`;

function readStore(path: string): LatencyFile {
  if (!existsSync(path)) return { version: 1, measurements: {} };
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as LatencyFile;
    return parsed && typeof parsed.measurements === "object" ? parsed : { version: 1, measurements: {} };
  } catch {
    return { version: 1, measurements: {} };
  }
}

export function storeLatency(workspace: string, m: StoredLatency): string {
  const path = latencyFile(workspace);
  const store = readStore(path);
  store.measurements[key(m.capture, m.device, m.output)] = m;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify(store, null, 2) + "\n");
  renameSync(`${path}.tmp`, path);
  return path;
}

/** The stored latency for this capture tool, device and output, looking in each folder in turn. */
export function storedLatency(folders: string[], capture: string, device: string, output: string): (StoredLatency & { file: string }) | undefined {
  for (const folder of folders) {
    const file = latencyFile(folder);
    const hit = readStore(file).measurements[key(capture, device, output)];
    if (hit) return { ...hit, file };
  }
  return undefined;
}
