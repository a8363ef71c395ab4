// Running git: the repository a session lives in, blobs at a revision, blob
// ids of files in the working tree. Every failure becomes a GitError that
// says what was asked and what to do.
import { execFile } from "node:child_process";
import { basename, dirname, posix, resolve } from "node:path";

export class GitError extends Error {}

const LFS_POINTER = Buffer.from("version https://git-lfs.github.com/spec/v1");

/** Runs git in `cwd` and returns its standard output. */
export function git(cwd: string, args: string[], input?: Buffer): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile("git", args, { cwd, encoding: "buffer", maxBuffer: 1 << 30 }, (error, stdout, stderr) => {
      if (!error) return resolvePromise(stdout);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return reject(new GitError("git is not installed (or not on PATH): install git, then try again."));
      reject(new GitError(String(stderr).trim() || error.message));
    });
    if (input) child.stdin?.end(input);
  });
}

async function gitText(cwd: string, args: string[]): Promise<string> {
  return (await git(cwd, args)).toString("utf8").trim();
}

/** Where a file is in its repository. */
export interface RepoFile {
  /** The repository's top folder. */
  root: string;
  /** The file's path from the root, with `/`. */
  path: string;
  /** The folder of `path` from the root (`""` or ending in `/`). */
  prefix: string;
}

export async function locateInRepo(file: string): Promise<RepoFile> {
  const folder = dirname(resolve(file));
  let root: string;
  let prefix: string;
  try {
    root = await gitText(folder, ["rev-parse", "--show-toplevel"]);
    prefix = await gitText(folder, ["rev-parse", "--show-prefix"]);
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.message)) {
      throw new GitError(`'${file}' is not in a git repository: run 'git init' in its folder (or a parent) and commit it first.`);
    }
    throw error;
  }
  return { root, prefix, path: prefix + basename(file) };
}

/** A path written relative to the session's folder, as a path from the repository root; undefined if it leaves the repository. */
export function repoPath(prefix: string, relativePath: string): string | undefined {
  const joined = posix.normalize(posix.join(prefix, relativePath.replace(/\\/g, "/")));
  return joined.startsWith("../") || joined === ".." || posix.isAbsolute(relativePath) ? undefined : joined;
}

/** The full commit id of a revision. */
export async function resolveCommit(root: string, rev: string): Promise<string> {
  try {
    return await gitText(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`]);
  } catch {
    throw new GitError(`'${rev}' is not a revision of the repository at ${root}: use a commit, branch or tag such as HEAD, HEAD~1 or main.`);
  }
}

/** The blob id of `path` at `commit`, or undefined when the file is not there. */
export async function blobAt(root: string, commit: string, path: string): Promise<string | undefined> {
  try {
    return await gitText(root, ["rev-parse", "--verify", "--quiet", `${commit}:${path}`]);
  } catch {
    return undefined;
  }
}

/** The blob id the working-tree file would have (`git hash-object`), or undefined when it does not exist. */
export async function workingBlob(root: string, path: string): Promise<string | undefined> {
  try {
    return await gitText(root, ["hash-object", "--", path]);
  } catch {
    return undefined;
  }
}

/** The content of `path` at `commit`; a Git LFS pointer is turned into the file it points at. */
export async function readAt(root: string, commit: string, path: string, rev = commit): Promise<Buffer> {
  let blob: Buffer;
  try {
    blob = await git(root, ["cat-file", "blob", `${commit}:${path}`]);
  } catch {
    throw new GitError(`'${path}' does not exist at ${rev}: was it committed then? ('git log -- ${path}' shows its history.)`);
  }
  if (!blob.subarray(0, LFS_POINTER.length).equals(LFS_POINTER)) return blob;
  try {
    return await git(root, ["lfs", "smudge", "--", path], blob);
  } catch (error) {
    throw new GitError(`'${path}' at ${rev} is stored in Git LFS and could not be fetched (${(error as Error).message}): install Git LFS and run 'git lfs fetch'.`);
  }
}

/** Whether `git lfs` is installed. */
export async function hasLfs(cwd: string): Promise<boolean> {
  try {
    await git(cwd, ["lfs", "version"]);
    return true;
  } catch {
    return false;
  }
}
