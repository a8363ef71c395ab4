// core's UserEffects port on Node: reads an `fx` program, compiles it with the Faust
// compiler when its content hash has no module yet, and caches the module and its JSON in
// the session folder's `.mixdown/faust/<hash>.wasm` and `.json` (the OS temp folder when
// that cannot be written). The server and the engine share this one adapter.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, isAbsolute, join, resolve } from "node:path";
import { faustProblem, userEffectFromMeta, type UserEffects, type UserEffectStatus } from "../core/userEffects";
import { compileFaust, FAUST_ARGS, FAUST_TIMEOUT_MS, faustVersion } from "./faustCompile";

/** Compiles and failures by session folder and content hash, for the life of the process (a failure is not written to disk). */
const known = new Map<string, { json: string; module: string } | { error: string }>();

/** The cache folder for a session folder. */
export const faustCache = (folder: string): string => join(folder, ".mixdown", "faust");

export interface NodeUserEffectsOptions {
  /** How long one compile may take before it is stopped (FAUST_TIMEOUT_MS by default). */
  timeoutMs?: number;
}

export function nodeUserEffects(folder: string, options: NodeUserEffectsOptions = {}): UserEffects {
  const timeoutMs = options.timeoutMs ?? FAUST_TIMEOUT_MS;
  return {
    lookup(path: string): UserEffectStatus {
      const full = isAbsolute(path) ? path : resolve(folder, path);
      let source: string;
      try {
        source = readFileSync(full, "utf8");
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "ENOTDIR") return { ok: false, code: "missing", message: "does not exist" };
        return { ok: false, code: "compile", message: `cannot be read (${(error as Error).message}).` };
      }
      const hash = sourceHash(source);
      const hit = known.get(`${folder}\u0000${hash}`);
      const entry: Built = hit && ("error" in hit || existsSync(hit.module)) ? hit : build(folder, full, source, hash, timeoutMs);
      if ("error" in entry) return "timedOut" in entry ? { ok: false, code: "timeout", message: `${entry.error}.` } : { ok: false, ...faustProblem(entry.error) };
      const effect = userEffectFromMeta(path, hash, entry.module, entry.json);
      return "code" in effect ? { ok: false, ...effect } : { ok: true, effect };
    },
  };
}

/** The key a compiled module is cached under: the source, the compiler's version and its options. */
export function sourceHash(source: string): string {
  return createHash("sha256").update(`faustwasm ${faustVersion()} ${FAUST_ARGS}\n`).update(source).digest("hex").slice(0, 32);
}

type Built = { json: string; module: string } | { error: string } | { error: string; timedOut: true };

function build(folder: string, full: string, source: string, hash: string, timeoutMs: number): Built {
  for (const dir of [faustCache(folder), join(tmpdir(), "mixdown-faust")]) {
    const module = join(dir, `${hash}.wasm`);
    if (existsSync(module) && existsSync(join(dir, `${hash}.json`))) {
      const entry = { json: readFileSync(join(dir, `${hash}.json`), "utf8"), module };
      known.set(`${folder}\u0000${hash}`, entry);
      return entry;
    }
  }
  const name = basename(full).replace(/\.dsp$/i, "").replace(/[^A-Za-z0-9_]/g, "_") || "effect";
  const compiled = compileFaust(name, source, timeoutMs);
  // A timeout may pass on a quieter machine: only compile errors are remembered.
  if (!compiled.ok && compiled.timedOut) return { error: compiled.error, timedOut: true };
  if (!compiled.ok) {
    const entry = { error: compiled.error };
    known.set(`${folder}\u0000${hash}`, entry);
    return entry;
  }
  const entry = { json: compiled.json, module: store(folder, hash, compiled.wasm, compiled.json) };
  known.set(`${folder}\u0000${hash}`, entry);
  return entry;
}

/** Writes the module and its JSON (each to a temporary name, then renamed, so a reader never sees half a file). */
function store(folder: string, hash: string, wasm: Uint8Array, json: string): string {
  let lastError: unknown;
  for (const dir of [faustCache(folder), join(tmpdir(), "mixdown-faust")]) {
    try {
      mkdirSync(dir, { recursive: true });
      const tmp = `.${process.pid}-${Date.now()}`;
      writeFileSync(join(dir, `${hash}.json${tmp}`), json);
      writeFileSync(join(dir, `${hash}.wasm${tmp}`), wasm);
      renameSync(join(dir, `${hash}.json${tmp}`), join(dir, `${hash}.json`));
      renameSync(join(dir, `${hash}.wasm${tmp}`), join(dir, `${hash}.wasm`));
      return join(dir, `${hash}.wasm`);
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`cannot store the compiled Faust module: ${(lastError as Error).message}`);
}
