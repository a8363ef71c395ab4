// `mixdown lsp [--stdio]`: the language server over stdio, for any editor.
// It runs the bundled server (dist/server.js) as a child with our stdio,
// so the engine never imports the server.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CliError, type Command } from "./args";

export const lspCommand: Command = {
  usage: "[--stdio]",
  summary: "Start the language server over stdio (Neovim, Helix, Emacs...).",
  flags: { stdio: { value: false } },
  run() {
    const server = join(__dirname, "server.js");
    if (!existsSync(server)) throw new CliError(`the language server is not built (${server} is missing); run 'npm run build'.`);
    return new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [server, "--stdio"], { stdio: "inherit" });
      for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
      child.on("exit", (code) => resolve(code ?? 1));
    });
  },
};
