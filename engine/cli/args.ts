// Command-line arguments: positionals and declared flags, nothing clever.
import { readFileSync } from "node:fs";

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export interface FlagSpec {
  /** true: the flag takes a value (`--out PATH`). */
  value: boolean;
}

export interface Args {
  positional: string[];
  flags: Map<string, string | true>;
}

export interface Command {
  usage: string;
  summary: string;
  flags: Record<string, FlagSpec>;
  run(args: Args): Promise<number> | number;
}

export function parseArgs(argv: string[], specs: Record<string, FlagSpec>): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split("=", 2);
    const spec = specs[name];
    if (!spec) throw new CliError(`unknown option '--${name}'. Options: ${Object.keys(specs).map((f) => `--${f}`).join(", ") || "none"}.`, 2);
    if (!spec.value) flags.set(name, true);
    else {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new CliError(`'--${name}' needs a value.`, 2);
      flags.set(name, value);
    }
  }
  return { positional, flags };
}

export function onePath(args: Args, what: string): string {
  if (args.positional.length !== 1) throw new CliError(`give exactly one ${what}.`, 2);
  return args.positional[0];
}

export function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (error as Error).message;
    throw new CliError(`cannot read '${path}': ${why}.`);
  }
}
