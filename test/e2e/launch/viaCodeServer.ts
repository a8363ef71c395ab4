// The code-server launcher: code-server with the smoke-test driver, a headless Chromium opening
// the workbench with an extensionDevelopmentPath/extensionTestsPath payload, and the test exit
// code arriving through window.codeAutomationExit.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Editor } from "../../provision/editor";
import { launchBrowser, startCodeServer } from "../../harness/codeServer";
import { waitFor } from "../../harness/poll";
import type { Scratch } from "../../harness/scratch";

export interface LaunchRequest {
  root: string;
  /** The run() module. */
  testsPath: string;
  workspace: string;
  resultsFile: string;
  scratch: Scratch;
  env: NodeJS.ProcessEnv;
  /** How long the whole test run may take. */
  deadlineMs: number;
}

export interface LaunchOutcome {
  exitCode: number;
  /** What the extension host and workbench logged, for a failure message. */
  log: string[];
}

export async function runViaCodeServer(editor: Editor, chromium: string, request: LaunchRequest): Promise<LaunchOutcome> {
  const codeServer = await startCodeServer({ editor, scratch: request.scratch, smokeTestDriver: true, env: request.env });
  const log: string[] = [];
  try {
    const browser = await launchBrowser(chromium, request.scratch);
    try {
      let exitCode: number | undefined;
      await browser.page.exposeFunction("codeAutomationExit", (code: number) => {
        exitCode = code;
      });
      await browser.page.exposeFunction("codeAutomationLog", (type: string, args: unknown[]) => {
        log.push(`[${type}] ${args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")}`);
      });
      const url = codeServer.url(request.workspace, [
        ["extensionDevelopmentPath", codeServer.remote(request.root)],
        ["extensionTestsPath", codeServer.remote(request.testsPath)],
      ]);
      await browser.page.goto(url);
      const code = await waitFor(() => exitCode, {
        what: `the extension-host tests to finish (results: ${request.resultsFile}; code-server log: ${codeServer.server.logFile})`,
        timeoutMs: request.deadlineMs,
        intervalMs: 250,
      }).catch((error: unknown) => {
        log.push(...browser.console.slice(-40));
        throw error;
      });
      return { exitCode: code, log };
    } finally {
      await browser.close();
    }
  } finally {
    await codeServer.stop();
  }
}

/** The last lines of a log file, for error messages. */
export function tail(file: string, lines = 20): string {
  return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").slice(-lines).join("\n") : `(no ${join(file)})`;
}
