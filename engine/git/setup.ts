// "Set up git" for a folder of sessions: `.gitattributes` (the session diff
// driver; takes through Git LFS when it is installed), `.gitignore` (renders)
// and the local git config of the diff driver. Idempotent: lines already
// there are never added twice, and the user's own lines are kept.
// The CLI (`mixdown setup-git`) and the extension's "Set Up Git" call this.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { git, GitError, hasLfs } from "./git";

export const SESSION_ATTRIBUTES = "*.session diff=mixdown";
export const TAKE_ATTRIBUTES = "*.wav filter=lfs diff=lfs merge=lfs -text";
export const IGNORES = "renders/";

export interface GitSetupOptions {
  /**
   * The command git runs to show a session as text; git appends the file's
   * path. Build it with `textconvCommand(node, cli)`.
   */
  textconv: string;
  /** Route takes through Git LFS; detected with `git lfs version` when not given. */
  lfs?: boolean;
}

export interface GitSetupResult {
  folder: string;
  /** Lines added to `.gitattributes` and `.gitignore` (empty when already set up). */
  attributesAdded: string[];
  ignoresAdded: string[];
  lfs: boolean;
  textconv: string;
  /** What was done, in words, one line each. */
  summary: string[];
}

/** `'node' 'cli.js' diff --textconv`, quoted for the shell git runs it with. */
export function textconvCommand(node: string, cli: string): string {
  return `${shellQuote(node)} ${shellQuote(cli)} diff --textconv`;
}

export async function setupGit(folder: string, options: GitSetupOptions): Promise<GitSetupResult> {
  const dir = resolve(folder);
  if (!existsSync(dir)) throw new GitError(`'${folder}' does not exist: give the folder that holds your sessions.`);
  try {
    await git(dir, ["rev-parse", "--show-toplevel"]);
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.message)) {
      throw new GitError(`'${folder}' is not in a git repository: run 'git init' there first, then set up again.`);
    }
    throw error;
  }
  const lfs = options.lfs ?? (await hasLfs(dir));
  const attributesAdded = mergeLines(join(dir, ".gitattributes"), lfs ? [SESSION_ATTRIBUTES, TAKE_ATTRIBUTES] : [SESSION_ATTRIBUTES]);
  const ignoresAdded = mergeLines(join(dir, ".gitignore"), [IGNORES]);
  await git(dir, ["config", "--local", "diff.mixdown.textconv", options.textconv]);
  const summary = [
    attributesAdded.length ? `.gitattributes: added ${attributesAdded.map((l) => `'${l}'`).join(", ")}.` : ".gitattributes: already set up.",
    ignoresAdded.length ? `.gitignore: added '${IGNORES}' (renders are made again from the session and takes).` : ".gitignore: already ignores renders.",
    `git config diff.mixdown.textconv: ${options.textconv}`,
    lfs ? "Takes (*.wav) go through Git LFS (run 'git lfs install' once on each machine if you have not)." : "Git LFS is not installed, so takes are stored in git itself; install Git LFS and set up again to keep the repository small.",
  ];
  return { folder: dir, attributesAdded, ignoresAdded, lfs, textconv: options.textconv, summary };
}

/** Appends the lines a file does not have yet; returns them. */
function mergeLines(path: string, wanted: string[]): string[] {
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  const have = new Set(text.split(/\r?\n/).map((l) => l.trim().replace(/\s+/g, " ")));
  const missing = wanted.filter((l) => !have.has(l));
  if (missing.length === 0) return [];
  const sep = text.length === 0 || text.endsWith("\n") ? "" : "\n";
  writeFileSync(path, `${text}${sep}${missing.join("\n")}\n`);
  return missing;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}
