// The result of `mixdown test`: written by the engine beside the session's
// renders as `renders/<session>-test.json`, read by the language server (a
// mark at each `expect` line, a warning on the ones that failed).
// Sender: engine (file on disk). Readers: server, client (watch the file).

export const TEST_RESULT_VERSION = 1;

export interface ExpectResult {
  /** The block the `expect` is in: `master`, `track vox`, `bus drums`. */
  owner: string;
  /** The expectation after `expect`, in canonical form (the model's `Expectation.text`): `loudness -14 LUFS within 0.5`. */
  expect: string;
  /** 1-based line of the `expect` in the session when it was tested. */
  line: number;
  pass: boolean;
  /** What was measured, in the measure's unit (LUFS, dBTP, dBFS, LU); null for silence. */
  measured: number | null;
  /** The figure in words: `-14.0 LUFS`, `peak -0.3 dBFS`, `silence`. */
  shown: string;
}

export interface TestResult {
  version: typeof TEST_RESULT_VERSION;
  /** The session file's name. */
  session: string;
  /** When it was tested (ISO 8601). */
  tested: string;
  passed: number;
  failed: number;
  results: ExpectResult[];
}

/** Where a session's last test result lives, relative to the session's folder. */
export function testResultPath(sessionStem: string): string {
  return `renders/${sessionStem}-test.json`;
}

/** Reads a result from JSON text; undefined when it is not a result of this version. */
export function parseTestResult(json: string): TestResult | undefined {
  try {
    const value = JSON.parse(json) as Partial<TestResult>;
    if (value.version !== TEST_RESULT_VERSION || !Array.isArray(value.results)) return undefined;
    const ok = value.results.every((r) => typeof r?.owner === "string" && typeof r.expect === "string" && typeof r.pass === "boolean" && typeof r.shown === "string");
    return ok ? (value as TestResult) : undefined;
  } catch {
    return undefined;
  }
}
