#!/usr/bin/env node
// `mixdown`: the language and the engine, headless.
import { checkCommand } from "./commands/check";
import { formatCommand } from "./commands/format";
import { loudnessCommand } from "./commands/loudness";
import { lspCommand } from "./commands/lsp";
import { masterCommand } from "./commands/master";
import { renderCommand } from "./commands/render";
import { diffCommand } from "./commands/diff";
import { setupGitCommand } from "./commands/setupGit";
import { testCommand } from "./commands/test";
import { recordCommand } from "./commands/record";
import { measureLatencyCommand } from "./commands/measureLatency";
import { CliError, parseArgs, type Command } from "./commands/args";

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
