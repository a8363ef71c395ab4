// `mixdown test FILE.session...`: render, master and check each session's
// `expect` lines; one PASS/FAIL line per expectation; exit 1 on any failure.
import { relative } from "node:path";
import { testSession } from "../expect/judge";
import { CliError, type Command } from "./args";
import { cancellable, loadSession } from "./session";

export const testCommand: Command = {
  usage: "FILE.session...",
  summary: "Render and master each session and check its `expect` lines (loudness, true peak, clipping...): a PASS/FAIL line each, exit 1 on any failure.",
  flags: {},
  async run(args) {
    if (args.positional.length === 0) throw new CliError("give one or more session files: mixdown test song.session.", 2);
    let passed = 0;
    let failed = 0;
    let broken = 0;
    for (const file of args.positional) {
      try {
        const session = loadSession(file);
        const result = await cancellable((signal) => testSession(session, { roots: [process.cwd()], signal }));
        for (const r of result.results) {
          process.stdout.write(`${r.pass ? "PASS" : "FAIL"} ${file}:${r.line}: expect ${r.expect} (${r.owner}, measured ${r.shown})\n`);
        }
        if (result.results.length === 0) process.stdout.write(`${file}: no expect lines to check; add one such as 'expect loudness -14 LUFS within 0.5' to master.\n`);
        passed += result.passed;
        failed += result.failed;
      } catch (error) {
        if (!(error instanceof CliError) || error.exitCode === 130) throw error;
        process.stderr.write(`mixdown test: ${error.message}\n`);
        broken++;
      }
    }
    const files = args.positional.length;
    const where = files === 1 ? relative(process.cwd(), args.positional[0]) || args.positional[0] : `${files} sessions`;
    process.stdout.write(`${where}: ${passed} passed, ${failed} failed${broken ? `, ${broken} could not be tested` : ""}\n`);
    return failed > 0 || broken > 0 ? 1 : 0;
  },
};
