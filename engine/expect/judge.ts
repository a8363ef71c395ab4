// `mixdown test`: render and master a session, measure what its `expect`
// lines ask about, and judge each one. The result is written beside the
// renders (`renders/<session>-test.json`) for the language server.
import { join } from "node:path";
import type { Expectation, SessionModel } from "../../core/model";
import { lineIndex } from "../../core/positions";
import { TEST_RESULT_VERSION, testResultPath, type ExpectResult, type TestResult } from "../../core/protocol/testResult";
import { MEASURES } from "../../core/expects";
import type { LoudnessResult } from "../loudness";
import { masterMix } from "../master/master";
import { sessionStem, writeAtomically } from "../render/outputs";
import { measureChannels } from "./measure";

export interface TestTarget {
  /** The session file (absolute) and its folder. */
  path: string;
  folder: string;
  model: SessionModel;
  text: string;
}

export interface TestOptions {
  /** Further folders renders may go into (the workspace). */
  roots?: string[];
  signal?: AbortSignal;
}

interface Owned {
  owner: string;
  /** A track or bus id; undefined for the master. */
  channel?: string;
  expect: Expectation;
}

/** Every `expect` of the session, with the block it is in. */
export function expectations(model: SessionModel): Owned[] {
  return [
    ...model.tracks.flatMap((t) => t.expects.map((expect) => ({ owner: `track ${t.id}`, channel: t.id, expect }))),
    ...model.buses.flatMap((b) => b.expects.map((expect) => ({ owner: `bus ${b.id}`, channel: b.id, expect }))),
    ...model.master.expects.map((expect) => ({ owner: "master", expect })),
  ].sort((a, b) => a.expect.origin[0] - b.expect.origin[0]);
}

export async function testSession(target: TestTarget, options: TestOptions = {}): Promise<TestResult> {
  const all = expectations(target.model);
  const base = { sessionPath: target.path, folder: target.folder, roots: options.roots, signal: options.signal };
  let mastered: LoudnessResult | undefined;
  if (all.some((o) => o.channel === undefined)) {
    mastered = (await masterMix(target.model, { ...base, rerender: true, out: `renders/${sessionStem(target.path)}-master.wav` })).after;
  }
  const channels = all.some((o) => o.channel !== undefined) ? await measureChannels(target.model, target.folder, options.signal) : new Map<string, LoudnessResult>();
  const doc = lineIndex(target.text);
  const results: ExpectResult[] = all.map((o) => {
    const figures = o.channel === undefined ? mastered! : channels.get(o.channel)!;
    return { owner: o.owner, expect: o.expect.text, line: doc.positionAt(o.expect.origin[0]).line + 1, ...judge(o.expect, figures) };
  });
  const passed = results.filter((r) => r.pass).length;
  const result: TestResult = {
    version: TEST_RESULT_VERSION, session: target.path.split(/[\\/]/).pop()!, tested: new Date().toISOString(),
    passed, failed: results.length - passed, results,
  };
  writeAtomically(join(target.folder, testResultPath(sessionStem(target.path))), JSON.stringify(result, null, 2) + "\n");
  return result;
}

/** Whether the figures meet the expectation, and what was measured. */
export function judge(e: Expectation, r: LoudnessResult): Pick<ExpectResult, "pass" | "measured" | "shown"> {
  const value = e.measure === "loudness" ? r.integrated : e.measure === "true-peak" ? r.truePeak : e.measure === "loudness-range" ? r.range : r.samplePeak;
  const measured = Number.isFinite(value) ? Math.round(value * 100) / 100 : null;
  const shown = e.measure === "clipping" ? `peak ${figure(value, "dBFS")}` : figure(value, MEASURES[e.measure].unit);
  let pass: boolean;
  switch (e.test) {
    case "within": pass = Math.abs(value - e.value) <= e.tolerance + 1e-9; break;
    case "below": pass = value <= e.value; break;
    case "above": pass = value >= e.value; break;
    default: pass = value < 0;
  }
  return { pass, measured, shown };
}

function figure(value: number, unit: string): string {
  if (Number.isFinite(value)) return `${value.toFixed(1)} ${unit}`;
  return unit === "LUFS" ? "silence" : `-inf ${unit}`;
}
