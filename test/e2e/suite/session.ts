// Helpers for tests that run inside the extension host: open the workspace's sessions and
// wait, with a deadline, for what the extension does with them.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { waitFor } from "../../harness/poll";

export { waitFor } from "../../harness/poll";

/** The extension under test, as package.json names it (publisher.name). */
export const EXTENSION_ID = "mixdown.mixdown";

/** How long the language server may take to answer after a document opens. */
export const SERVER_DEADLINE_MS = 30_000;

/** A file in the test workspace (a scratch copy of test/e2e/workspace/). */
export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "the tests need a workspace folder: the launcher opens a copy of test/e2e/workspace/");
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a session in an editor and waits until the Mixdown extension is active. */
export async function openSession(name: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  const editor = await vscode.window.showTextDocument(doc);
  assert.equal(doc.languageId, "mixdown", `${name} should open as a Mixdown session (package.json contributes the language)`);
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `the extension ${EXTENSION_ID} is not loaded in this editor`);
  await waitFor(() => (extension.isActive ? true : undefined), { what: `${EXTENSION_ID} to activate`, timeoutMs: SERVER_DEADLINE_MS });
  return { doc, editor };
}

/** Waits for the Mixdown diagnostics of `uri` to be published (at least one). */
export function mixdownDiagnostics(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === "mixdown");
      return found.length > 0 ? found : undefined;
    },
    { what: `diagnostics from the Mixdown server for ${uri.path}`, timeoutMs: SERVER_DEADLINE_MS },
  );
}

/** Waits for the outline (document symbols) of `uri`. */
export function outline(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
  return waitFor(
    async () => {
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>("vscode.executeDocumentSymbolProvider", uri);
      return symbols && symbols.length > 0 ? symbols : undefined;
    },
    { what: `the outline of ${uri.path}`, timeoutMs: SERVER_DEADLINE_MS },
  );
}

/** Closes every editor without saving, so each test starts from the files on disk. */
export async function closeAllEditors(): Promise<void> {
  // Only the workspace's files: the editor keeps documents of its own (settings) that are not ours.
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.toString() ?? "\u0000";
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.toString().startsWith(`${folder}/`))) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand("workbench.action.files.revert");
  }
  await vscode.commands.executeCommand("workbench.action.closeAllEditors");
}
