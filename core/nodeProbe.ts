// The FileProbe for Node: reads the head of take files relative to a folder.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { FileProbe } from "./takes";

const HEAD_BYTES = 64 * 1024;

export function nodeProbe(folder: string): FileProbe {
  return {
    head(path) {
      const full = isAbsolute(path) ? path : resolve(folder, path);
      let fd: number;
      try {
        fd = openSync(full, "r");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
        throw error;
      }
      try {
        const { size, isDirectory } = statOf(fd);
        if (isDirectory) throw new Error("it is a folder");
        const bytes = new Uint8Array(Math.min(HEAD_BYTES, size));
        readSync(fd, bytes, 0, bytes.length, 0);
        return { bytes, size };
      } finally {
        closeSync(fd);
      }
    },
  };
}

function statOf(fd: number) {
  const st = fstatSync(fd);
  return { size: st.size, isDirectory: st.isDirectory() };
}
