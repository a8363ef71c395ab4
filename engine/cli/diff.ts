// `mixdown diff FILE.session [REV [REV2]]`: what changed in the mix, in words.
// `mixdown diff --textconv FILE`: the session as one line per setting, for
// git's diff driver (`*.session diff=mixdown` in .gitattributes).
import { describeText, diffSessions, SessionReadError, textconv } from "../../core/diff";
import { analyze } from "../../core/analyze";
import { blobAt, GitError, locateInRepo, readAt, repoPath, resolveCommit, workingBlob, type RepoFile } from "../git/git";
import { CliError, onePath, readText, type Command } from "./args";

export const diffCommand: Command = {
  usage: "FILE.session [REV [REV2]]  |  --textconv FILE.session",
  summary: "What changed in the mix between HEAD (or REV) and the working tree (or REV2), by track, bus and master; --textconv prints one line per setting for git's diff driver.",
  flags: { textconv: { value: false } },
  async run(args) {
    if (args.flags.has("textconv")) return printTextconv(onePath(args, "session file"));
    const [file, rev, rev2, ...extra] = args.positional;
    if (!file || extra.length) throw new CliError("give a session file and at most two revisions: mixdown diff song.session [REV [REV2]].", 2);
    try {
      const lines = await semanticDiff(file, rev ?? "HEAD", rev2);
      const sides = `${rev ?? "HEAD"} and ${rev2 ?? "the working tree"}`;
      process.stdout.write(lines.length ? lines.map((l) => `${l}\n`).join("") : `${file}: no changes to the mix between ${sides}.\n`);
      return 0;
    } catch (error) {
      if (error instanceof GitError || error instanceof SessionReadError) throw new CliError(error.message);
      throw error;
    }
  },
};

/** The lines of `mixdown diff`: [] when only formatting changed. */
export async function semanticDiff(file: string, rev: string, rev2?: string): Promise<string[]> {
  const where = await locateInRepo(file);
  const before = await side(where, file, rev);
  const after = rev2 === undefined ? { text: readText(file), label: file, commit: undefined } : await side(where, file, rev2);
  const changedTakes = await takesWithNewAudio(where, before, after);
  return diffSessions(describeText(before.text, before.label), describeText(after.text, after.label), { changedTakes });
}

interface Side {
  text: string;
  label: string;
  /** undefined for the working tree. */
  commit: string | undefined;
}

async function side(where: RepoFile, file: string, rev: string): Promise<Side> {
  const commit = await resolveCommit(where.root, rev);
  return { text: (await readAt(where.root, commit, where.path, rev)).toString("utf8"), label: `${file} (${rev})`, commit };
}

/** Takes written with the same path on both sides whose audio (blob id) differs. */
async function takesWithNewAudio(where: RepoFile, before: Side, after: Side): Promise<Set<string>> {
  const paths = (text: string) => {
    const m = analyze(text).model;
    return new Set(m.tracks.flatMap((t) => [...t.takes, ...t.alternatives].map((k) => k.path)));
  };
  const old = paths(before.text);
  const changed = new Set<string>();
  for (const path of paths(after.text)) {
    const inRepo = old.has(path) ? repoPath(where.prefix, path) : undefined;
    if (!inRepo) continue;
    const a = await blobAt(where.root, before.commit!, inRepo);
    const b = after.commit ? await blobAt(where.root, after.commit, inRepo) : await workingBlob(where.root, inRepo);
    if (a && b && a !== b) changed.add(path);
  }
  return changed;
}

function printTextconv(file: string): number {
  const text = readText(file);
  try {
    process.stdout.write(textconv(describeText(text, file)));
  } catch (error) {
    if (!(error instanceof SessionReadError)) throw error;
    // git shows whatever this prints: show the text itself, so a broken file still diffs.
    process.stdout.write(`# mixdown: ${error.message}\n# (the text as written follows)\n${text}`);
  }
  return 0;
}
