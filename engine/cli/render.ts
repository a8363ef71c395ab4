// `mixdown render FILE.session [--out PATH] [--bits 16|24|32] [--stems DIR] [--threads N] [--json] [--allow-outside]`
import type { WavBits } from "../io/wavWrite";
import { renderMix } from "../render/render";
import { prewarmWorkers, threadCount } from "../render/threads/trackPool";
import { CliError, onePath, type Args, type Command } from "./args";
import { cancellable, loadSession } from "./session";

export function bitsOf(args: Args): WavBits | undefined {
  const bits = args.flags.get("bits");
  if (bits === undefined) return undefined;
  if (bits !== "16" && bits !== "24" && bits !== "32") throw new CliError(`--bits is 16, 24 or 32 (float), not '${bits}'.`, 2);
  return Number(bits) as WavBits;
}

/** `--threads N`: threads that render tracks, the main one included (1 renders all in the main thread). */
export function threadsOf(args: Args): number | undefined {
  const threads = args.flags.get("threads");
  if (threads === undefined) return undefined;
  const n = Number(threads);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new CliError(`--threads is a whole number from 1 to 64, not '${threads}'.`, 2);
  return n;
}

/** Boots the render's worker threads while the session is read (see prewarmWorkers). */
export function prewarm(args: Args): void {
  prewarmWorkers((threadsOf(args) ?? threadCount()) - 1);
}

export const renderCommand: Command = {
  usage: "FILE.session [--out PATH] [--bits 16|24|32] [--stems DIR] [--threads N] [--json] [--allow-outside]",
  summary: "Render the mix (before the master chain) to renders/<session>-mix.wav and print its report.",
  flags: { out: { value: true }, bits: { value: true }, stems: { value: true }, json: { value: false }, "allow-outside": { value: false }, threads: { value: true } },
  async run(args) {
    prewarm(args);
    const session = loadSession(onePath(args, "session file"));
    const out = args.flags.get("out");
    const stems = args.flags.get("stems");
    const { path, report } = await cancellable((signal) =>
      renderMix(session.model, {
        sessionPath: session.path, folder: session.folder, roots: [process.cwd()], signal,
        out: typeof out === "string" ? out : undefined, bits: bitsOf(args), allowOutside: args.flags.has("allow-outside"),
        stems: typeof stems === "string" ? stems : undefined, threads: threadsOf(args),
      }));
    if (args.flags.has("json")) {
      process.stdout.write(JSON.stringify(report, null, 2) + "\n");
      return 0;
    }
    const lufs = (v: number | null) => (v === null ? "silence" : `${v.toFixed(1)} LUFS`);
    process.stdout.write(`rendered ${path}\n  duration ${report.duration.toFixed(2)} s, integrated ${lufs(report.integrated)}, true peak ${report.truePeak === null ? "-inf" : report.truePeak.toFixed(1)} dBTP\n`);
    for (const t of report.tracks) process.stdout.write(`  ${t.id.padEnd(16)} peak ${t.peak === null ? "-inf" : t.peak.toFixed(1)} dBFS, ${lufs(t.loudness)}\n`);
    process.stdout.write(`  sha256 ${report.sha256}\n`);
    return 0;
  },
};
