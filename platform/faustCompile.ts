// The Faust compiler (@grame/faustwasm, LGPL-3.0), run unmodified from its own files:
// dist/faust/ beside the bundles (copied there by esbuild.mjs), or node_modules when run
// from source. It is loaded only when a session has an `fx`, in a worker thread so that a
// compile can be stopped after FAUST_TIMEOUT_MS; the caller waits on the worker
// synchronously (analysis is synchronous), with Atomics.wait and receiveMessageOnPort.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";

/** A compile that takes longer than this is stopped. */
export const FAUST_TIMEOUT_MS = 10_000;

/** Options given to the Faust compiler; part of the cache key. `-ftz 2` flushes denormals by bit masking (deterministic). */
export const FAUST_ARGS = "-ftz 2";

export type FaustCompiled = { ok: true; wasm: Uint8Array; json: string } | { ok: false; error: string; timedOut?: boolean };

/** The folder of the compiler package: dist/faust (the extension, the CLI) or node_modules (tests from source). */
export function faustDir(): string {
  const candidates = [join(__dirname, "faust"), join(__dirname, "..", "node_modules", "@grame", "faustwasm")];
  const found = candidates.find((dir) => existsSync(join(dir, "libfaust-wasm", "libfaust-wasm.wasm")));
  if (!found) throw new Error(`the Faust compiler is not installed (looked in ${candidates.join(" and ")}); run 'npm install' and 'npm run build'`);
  return found;
}

/** The compiler's version string, from its package (part of the cache key). */
export function faustVersion(): string {
  return (JSON.parse(readFileSync(join(faustDir(), "package.json"), "utf8")) as { version: string }).version;
}

// Runs in the worker (CommonJS, evaluated from this string): load libfaust, compile, reply.
const WORKER = `
const { workerData } = require("node:worker_threads");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");
(async () => {
  const { dir, name, source, args, flag, port } = workerData;
  let reply;
  try {
    const faust = await import(pathToFileURL(join(dir, "dist", "esm", "index.js")).href);
    const lib = await faust.instantiateFaustModuleFromFile(join(dir, "libfaust-wasm", "libfaust-wasm.js"));
    const compiler = new faust.FaustCompiler(new faust.LibFaust(lib));
    const factory = await compiler.createMonoDSPFactory(name, source, args);
    reply = factory ? { ok: true, wasm: factory.code, json: factory.json } : { ok: false, error: compiler.getErrorMessage() || "the compiler returned no module" };
  } catch (error) {
    reply = { ok: false, error: String((error && error.message) || error) };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
})();
`;

/** Compiles one program; `name` is what Faust's messages call it ("name:LINE : ERROR : ..."). Never throws for a bad program. */
export function compileFaust(name: string, source: string, timeoutMs = FAUST_TIMEOUT_MS): FaustCompiled {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { dir: faustDir(), name, source, args: FAUST_ARGS, flag, port: port2 },
    transferList: [port2],
    // The compiler prints aborts of its own on stderr; the reply carries the message.
    stdout: true,
    stderr: true,
  });
  try {
    if (Atomics.wait(flag, 0, 0, timeoutMs) === "timed-out") {
      return { ok: false, timedOut: true, error: `the Faust compiler took more than ${timeoutMs / 1000} s and was stopped; simplify the program (long delay lines, large tables and deep recursion compile slowly)` };
    }
    const reply = receiveMessageOnPort(port1)?.message as FaustCompiled | undefined;
    return reply ?? { ok: false, error: "the Faust compiler stopped without a reply" };
  } finally {
    void worker.terminate();
    port1.close();
  }
}
