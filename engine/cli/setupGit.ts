// `mixdown setup-git [FOLDER] [--no-lfs]`: .gitattributes, .gitignore and the diff driver.
import { resolve } from "node:path";
import { GitError } from "../git/git";
import { setupGit, textconvCommand } from "../git/setup";
import { CliError, type Command } from "./args";

export const setupGitCommand: Command = {
  usage: "[FOLDER] [--no-lfs]",
  summary: "Set up a folder's git repository for sessions: the semantic diff driver, takes through Git LFS (when installed), renders ignored.",
  flags: { "no-lfs": { value: false } },
  async run(args) {
    if (args.positional.length > 1) throw new CliError("give at most one folder: mixdown setup-git [FOLDER].", 2);
    const folder = args.positional[0] ?? ".";
    // This very CLI, run by this very Node, is what git will call to show a session.
    const cli = resolve(require.main?.filename ?? process.argv[1]);
    try {
      const result = await setupGit(folder, { textconv: textconvCommand(process.execPath, cli), lfs: args.flags.has("no-lfs") ? false : undefined });
      process.stdout.write(`${result.summary.map((l) => `${l}\n`).join("")}Now 'git diff' and 'git log -p' show sessions setting by setting; 'mixdown diff FILE.session' says what changed in words.\n`);
      return 0;
    } catch (error) {
      if (error instanceof GitError) throw new CliError(error.message);
      throw error;
    }
  },
};
