// The server outside VS Code: over stdio through `mixdown lsp --stdio`,
// and driven by a real third-party client, headless Neovim.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../helpers";
import { LspClient } from "./client";

const CLI = join(ROOT, "dist", "cli.js");
const BROKEN = "track kick {\n  gain -4\n  out drumz\n}\nbus drums {\n}\n";

describe("lsp: any editor", () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), "mixdown-lsp-")); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("serves over stdio through `mixdown lsp --stdio`", async () => {
    const lsp = LspClient.child(process.execPath, [CLI, "lsp", "--stdio"]);
    try {
      await lsp.initialize(dir);
      const diags = await lsp.open(pathToFileURL(join(dir, "a.session")).href, BROKEN);
      assert.deepEqual(diags.map((d) => d.code), ["missing-unit", "unknown-name"]);
    } finally {
      await lsp.close();
    }
  });

  it("gives headless Neovim the diagnostics of a broken session", function () {
    const nvim = ["/usr/bin/nvim", "/usr/local/bin/nvim"].find(existsSync);
    if (!nvim) {
      if (process.env.CI === "true") assert.fail("neovim is not installed: the test set-up installs Debian's neovim when run as root");
      this.skip();
    }
    const session = join(dir, "broken.session");
    const out = join(dir, "diagnostics.txt");
    writeFileSync(session, BROKEN);
    const r = spawnSync(nvim!, ["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", `luafile ${join(__dirname, "fixtures", "neovim.lua")}`], {
      env: { ...process.env, SESSION_FILE: session, OUT_FILE: out, NODE_BIN: process.execPath, MIXDOWN_CLI: CLI, HOME: dir, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
      timeout: 30000, encoding: "utf8",
    });
    assert.ok(existsSync(out), `neovim wrote no result (exit ${r.status}): ${r.stderr}`);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    assert.deepEqual(lines, [
      "1:7:missing-unit:'gain' -4 needs a unit: write -4 dB.",
      "2:6:unknown-name:No bus named 'drumz'. Did you mean 'drums'?",
    ]);
  });
});
