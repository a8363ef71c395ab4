// `npm run package` makes a .vsix with only what the extension needs, and code-server installs it.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeScratch, type Scratch } from "../harness/scratch";
import { provisioned } from "../provision";
import { ROOT } from "./workbench";

/** The names in a zip archive, read from its central directory. */
export function zipEntries(zip: Buffer): string[] {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, "not a zip archive: no end of central directory");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, "a broken central directory entry");
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString("utf8", at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names.sort();
}

describe("the packaged extension", function () {
  this.timeout(180_000);
  let scratch: Scratch;
  let vsix: string;
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; publisher: string; version: string };

  before(() => {
    scratch = makeScratch("vsix");
    vsix = join(scratch.dir, `${manifest.name}-${manifest.version}.vsix`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const run = spawnSync(npm, ["run", "package", "--", "--out", vsix], { cwd: ROOT, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
    assert.equal(run.status, 0, `npm run package failed:\n${run.stdout}\n${run.stderr}`);
  });
  after(() => scratch?.remove());

  it("holds the bundles, the manifest, grammar, snippets and docs, and nothing else", () => {
    const files = zipEntries(readFileSync(vsix)).filter((f) => f.startsWith("extension/")).map((f) => f.slice("extension/".length));
    for (const f of ["package.json", "dist/extension.js", "dist/server.js", "dist/engine.js", "dist/cli.js", "syntaxes/mixdown.tmLanguage.json", "snippets/mixdown.json", "language-configuration.json", "readme.md", "LICENSE.txt", "changelog.md"]) {
      assert.ok(files.includes(f), `${f} is missing from the vsix: ${files.join(", ")}`);
    }
    const bundles = readdirSync(join(ROOT, "dist")).filter((f) => f.endsWith(".js") || f.endsWith(".css")).map((f) => `dist/${f}`);
    assert.deepEqual(bundles.filter((f) => !files.includes(f)), [], "every bundle in dist/ is packed (the worker, the webview's script and styles)");
    const unwanted = files.filter((f) => /^(node_modules|test|\.cache|examples|core|engine|client|server|grammar|bench)\//.test(f) || f.endsWith(".map") || f.endsWith(".ts"));
    assert.deepEqual(unwanted, [], "sources, tests, source maps or examples in the vsix");
  });

  it("installs into code-server with --install-extension", () => {
    const editor = provisioned(ROOT).editor();
    assert.ok(editor.ok, editor.ok ? "" : editor.reason);
    const extensions = scratch.sub("extensions");
    const run = spawnSync(editor.value.node, [editor.value.entry, "--install-extension", vsix, "--extensions-dir", extensions, "--user-data-dir", scratch.sub("user-data")], {
      env: { ...scratch.env, EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: "" }) }, encoding: "utf8", timeout: 120_000,
    });
    assert.equal(run.status, 0, `code-server --install-extension failed:\n${run.stdout}\n${run.stderr}`);
    const installed = join(extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
    assert.ok(existsSync(join(installed, "dist", "engine.js")), `${installed} lacks dist/engine.js:\n${run.stdout}`);
    assert.equal((JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as { version: string }).version, manifest.version);
  });
});
