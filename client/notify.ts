// Errors for people: the whole story to the Mixdown output channel, a short
// notification that says what to do, with "Open Output" to read the rest.
import * as vscode from "vscode";

const OPEN_OUTPUT = "Open Output";

export async function showError(output: vscode.LogOutputChannel, message: string, detail?: string, ...actions: string[]): Promise<string | undefined> {
  output.error(detail ? `${message}\n${detail}` : message);
  const picked = await vscode.window.showErrorMessage(`Mixdown: ${message}`, ...actions, OPEN_OUTPUT);
  if (picked === OPEN_OUTPUT) output.show(true);
  return picked;
}
