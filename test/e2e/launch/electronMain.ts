// The test-electron launcher's process: `node --import tsx electronMain.ts REQUEST_JSON`.
// It runs in its own process group (see viaElectron.ts), so VS Code and everything it starts are
// stopped whole. VS Code is downloaded into .vscode-test/ by @vscode/test-electron when missing.
import { runTests, TestRunFailedError } from "@vscode/test-electron";

export interface ElectronRequest {
  root: string;
  testsPath: string;
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  version: string;
  /** A VS Code already on this machine (MIXDOWN_VSCODE_EXECUTABLE): nothing is downloaded. */
  executable?: string;
  env: Record<string, string>;
}

async function main(): Promise<number> {
  const request = JSON.parse(process.argv[2] ?? "{}") as ElectronRequest;
  try {
    return await runTests({
      version: request.version,
      vscodeExecutablePath: request.executable,
      extensionDevelopmentPath: request.root,
      extensionTestsPath: request.testsPath,
      extensionTestsEnv: request.env,
      launchArgs: [
        request.workspace,
        "--disable-extensions",
        "--disable-workspace-trust",
        "--skip-welcome",
        "--skip-release-notes",
        `--user-data-dir=${request.userDataDir}`,
        `--extensions-dir=${request.extensionsDir}`,
      ],
    });
  } catch (error) {
    if (error instanceof TestRunFailedError) return error.code ?? 1;
    console.error(`test-electron could not run VS Code: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

void main().then((code) => process.exit(code));
