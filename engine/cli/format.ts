// `mixdown format FILE [--write | --check]`
import { renameSync, writeFileSync } from "node:fs";
import { format } from "../../core/format";
import { lineIndex } from "../../core/positions";
import { describeDiagnostic } from "./check";
import { CliError, onePath, readText, type Command } from "./args";

export const formatCommand: Command = {
  usage: "FILE.session [--write | --check]",
  summary: "Print the session in canonical form; --write rewrites the file, --check exits 1 if it is not formatted.",
  flags: { write: { value: false }, check: { value: false } },
  run(args) {
    const path = onePath(args, "session file");
    if (args.flags.has("write") && args.flags.has("check")) throw new CliError("use --write or --check, not both.", 2);
    const text = readText(path);
    const result = format(text);
    if (!result.ok) {
      const doc = lineIndex(text);
      for (const d of result.errors) process.stderr.write(describeDiagnostic(path, doc, text, d));
      throw new CliError(`'${path}' has syntax errors; fix them (see above) before formatting. The file was not changed.`);
    }
    if (args.flags.has("check")) {
      if (result.text === text) return 0;
      process.stdout.write(`${path}: not formatted; run 'mixdown format --write ${path}'.\n`);
      return 1;
    }
    if (args.flags.has("write")) {
      if (result.text !== text) {
        // Write beside the file and rename, so a failure never leaves half a session.
        const temp = `${path}.${process.pid}.tmp`;
        writeFileSync(temp, result.text);
        renameSync(temp, path);
      }
      return 0;
    }
    process.stdout.write(result.text);
    return 0;
  },
};
