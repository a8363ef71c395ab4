// Audio files under a session's folder, for take-path completion.
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";

const MAX_FILES = 500;
const MAX_DEPTH = 4;
const SKIP = new Set(["node_modules", ".git", "renders", "dist"]);

export function listTakeFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith(".")) walk(join(dir, e.name), depth + 1);
      else if (e.isFile() && /\.wav$/i.test(e.name)) out.push(relative(folder, join(dir, e.name)).split(sep).join("/"));
    }
  };
  walk(folder, 0);
  return out.sort();
}
