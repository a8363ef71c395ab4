// The last `mixdown test` at each `expect` line: an inlay hint with the
// measured figure (✓ -14.0 LUFS / ✗ -12.3 LUFS), and a warning on the lines
// that failed. Results are matched by block and expectation, not by line, so
// they stay on their line while the file is edited, and vanish when it changes.
import { InlayHintKind, type InlayHint } from "vscode-languageserver";
import type { Diagnostic } from "../../core/diagnostics";
import type { Expectation } from "../../core/model";
import type { ExpectResult } from "../../core/protocol/testResult";
import type { SessionState } from "../documents";
import { lastTestResult } from "../sessionFiles";

interface Matched {
  expect: Expectation;
  result: ExpectResult;
}

function matched(state: SessionState): Matched[] {
  const result = lastTestResult(state.doc.uri);
  if (!result) return [];
  const m = state.analysis.model;
  const owned: [string, Expectation[]][] = [
    ...m.tracks.map((t): [string, Expectation[]] => [`track ${t.id}`, t.expects]),
    ...m.buses.map((b): [string, Expectation[]] => [`bus ${b.id}`, b.expects]),
    ["master", m.master.expects],
  ];
  const out: Matched[] = [];
  for (const [owner, expects] of owned) {
    for (const expect of expects) {
      const r = result.results.find((x) => x.owner === owner && x.expect === expect.text);
      if (r) out.push({ expect, result: r });
    }
  }
  return out;
}

export function expectHints(state: SessionState, from: number, to: number): InlayHint[] {
  return matched(state)
    .filter(({ expect }) => expect.origin[1] >= from && expect.origin[0] <= to)
    .map(({ expect, result }) => ({
      position: state.doc.positionAt(expect.origin[1]),
      label: `${result.pass ? "✓" : "✗"} ${result.shown}`,
      kind: InlayHintKind.Type,
      paddingLeft: true,
      tooltip: `${result.pass ? "Passed" : "Failed"} in the last 'mixdown test': measured ${result.shown}.`,
    }));
}

export function expectDiagnostics(state: SessionState): Diagnostic[] {
  return matched(state)
    .filter(({ result }) => !result.pass)
    .map(({ expect, result }) => ({
      severity: "warning",
      code: "expect-failed",
      range: expect.origin,
      message: `This expectation failed in the last 'mixdown test': measured ${result.shown}. Change the mix (or the expectation) and run 'mixdown test' again.`,
    }));
}
