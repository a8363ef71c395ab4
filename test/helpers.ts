// Shared test helpers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyze } from "../core/analyze";
import type { Code } from "../core/diagnostics";

export const ROOT = join(__dirname, "..");

export function example(name: string): { path: string; text: string } {
  const path = join(ROOT, "examples", name, `${name}.session`);
  return { path, text: readFileSync(path, "utf8") };
}

/** A deep copy without `range`, `nameRange` and `unitRange`, for comparing trees. */
export function stripRanges<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === "range" || key === "nameRange" || key === "unitRange" ? undefined : v)));
}

/** The diagnostic codes of a session text (takes not checked). */
export function codes(text: string): Code[] {
  return analyze(text).diagnostics.map((d) => d.code);
}

/** The text a diagnostic of `code` points at. */
export function pointedAt(text: string, code: Code): string[] {
  return analyze(text).diagnostics.filter((d) => d.code === code).map((d) => text.slice(d.range[0], d.range[1]));
}

/** Wraps lines in a track block. */
export function inTrack(body: string, extra = ""): string {
  return `track t {\n${body}\n}\n${extra}`;
}

/** A model without its source ranges (`origin`, `pathRange`), for comparing meaning. */
export function stripRangesOfModel<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === "origin" || key === "pathRange" ? undefined : v)));
}
