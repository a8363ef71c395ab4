// `mixdown master FILE.session [--in MIX.wav] [--out PATH] [--threads N] [--json] [--allow-outside]`
import { masterMix } from "../master/master";
import { onePath, type Command } from "./args";
import { prewarm, threadsOf } from "./render";
import { cancellable, loadSession } from "./session";

export const masterCommand: Command = {
  usage: "FILE.session [--in MIX.wav] [--out PATH] [--threads N] [--json] [--allow-outside]",
  summary: "Run the master chain on the mix (rendering it first if needed) to the loudness target and write the export.",
  flags: { in: { value: true }, out: { value: true }, json: { value: false }, "allow-outside": { value: false }, threads: { value: true } },
  async run(args) {
    prewarm(args); // the mix may have to be rendered
    const session = loadSession(onePath(args, "session file"));
    const input = args.flags.get("in");
    const out = args.flags.get("out");
    const report = await cancellable((signal) =>
      masterMix(session.model, {
        sessionPath: session.path, folder: session.folder, roots: [process.cwd()], signal,
        input: typeof input === "string" ? input : undefined, out: typeof out === "string" ? out : undefined,
        allowOutside: args.flags.has("allow-outside"), threads: threadsOf(args),
      }));
    if (args.flags.has("json")) {
      process.stdout.write(JSON.stringify(report, (_k, v) => (v === -Infinity ? null : v), 2) + "\n");
    } else {
      process.stdout.write(`mastered ${report.output}\n${report.summary.map((l) => `  ${l}\n`).join("")}  sha256 ${report.sha256}\n`);
    }
    return report.reachedTarget ? 0 : 1;
  },
};
