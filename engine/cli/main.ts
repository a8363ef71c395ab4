#!/usr/bin/env node
// `mixdown`: the language and the engine, headless.
import { checkCommand } from "./check";
import { formatCommand } from "./format";
import { loudnessCommand } from "./loudness";
import { lspCommand } from "./lsp";
import { masterCommand } from "./master";
import { renderCommand } from "./render";
import { diffCommand } from "./diff";
import { setupGitCommand } from "./setupGit";
import { testCommand } from "./test";
import { recordCommand } from "./record";
import { measureLatencyCommand } from "./measureLatency";
import { CliError, parseArgs, type Command } from "./args";

const COMMANDS: Record<string, Command> = {
  check: checkCommand,
  format: formatCommand,
  render: renderCommand,
  master: masterCommand,
  loudness: loudnessCommand,
  test: testCommand,
  diff: diffCommand,
  "setup-git": setupGitCommand,
  lsp: lspCommand,
  record: recordCommand,
  "measure-latency": measureLatencyCommand,
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  mixdown ${name} ${c.usage}\n      ${c.summary}`);
  return `Usage:\n${lines.join("\n")}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`mixdown: unknown command '${name}'.\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(parseArgs(rest, command.flags));
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`mixdown ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`mixdown: internal error: ${(error as Error).stack ?? error}\nPlease report this with the file that caused it.\n`);
    process.exitCode = 70;
  },
);
