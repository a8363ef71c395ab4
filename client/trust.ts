// Workspace Trust: in a folder the user has not trusted, Mixdown offers language
// features only. Rendering, mastering, exporting stems and recording write
// files and run the engine, so they wait for trust. No `vscode` import: the
// decision is a pure function, tested on its own; client/engineJobs.ts asks it.

/** What a command that needs trust does, for the message ("render the mix"). */
export type TrustedAction = "render the mix" | "master the mix" | "export stems" | "record a take" | "compare with a revision" | "set up git";

/** The message shown instead of running `action`, or undefined when the workspace is trusted. */
export function trustRefusal(trusted: boolean, action: TrustedAction): string | undefined {
  if (trusted) return undefined;
  return `Mixdown will not ${action} in a folder you have not trusted: a session from someone else could write files. ` +
    "Trust the folder (Manage Workspace Trust) to render; checking, formatting and editing work without it.";
}

/** The commands that need trust, as package.json's `when` clauses hide them (`isWorkspaceTrusted`). */
export const TRUSTED_COMMANDS = [
  "mixdown.renderMix", "mixdown.master", "mixdown.exportStems", "mixdown.recordTrack",
  "mixdown.compareWithRevision", "mixdown.compareWithHead", "mixdown.setupGit",
] as const;
