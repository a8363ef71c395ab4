// core's file ports on Node's fs: the take headers that analysis reads
// (FileProbe) and the streamed reads that measure a take (TakeReader).
// core declares the ports and stays free of Node; the server and the engine
// both open files through this one adapter.
import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import type { FileProbe } from "../core/takes";
import type { TakeReader } from "../core/takeFacts";

const HEAD_BYTES = 64 * 1024;

/** Take headers relative to `folder`, read synchronously (analysis is synchronous). */
export function nodeProbe(folder: string): FileProbe {
  return {
    head(path) {
      const full = fullPath(folder, path);
      let fd: number;
      try {
        fd = openSync(full, "r");
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
      try {
        const st = fstatSync(fd);
        if (st.isDirectory()) throw new Error("it is a folder");
        const bytes = new Uint8Array(Math.min(HEAD_BYTES, st.size));
        readSync(fd, bytes, 0, bytes.length, 0);
        return { bytes, size: st.size };
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** `nodeProbe` plus a file's version stamp and asynchronous reads of its bytes, for measuring a take off the main path. */
export function nodeTakeReader(folder: string): TakeReader {
  return {
    ...nodeProbe(folder),
    stamp(path) {
      try {
        const st = statSync(fullPath(folder, path));
        return `${fullPath(folder, path)}:${st.size}:${st.mtimeMs}`;
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
    },
    async read(path, offset, length) {
      const file = await open(fullPath(folder, path), "r");
      try {
        const bytes = new Uint8Array(length);
        const { bytesRead } = await file.read(bytes, 0, length, offset);
        return bytes.subarray(0, bytesRead);
      } finally {
        await file.close();
      }
    },
  };
}

function fullPath(folder: string, path: string): string {
  return isAbsolute(path) ? path : resolve(folder, path);
}

function missing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
}
