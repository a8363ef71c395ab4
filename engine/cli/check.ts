// `mixdown check FILE [--json]`
import type { Diagnostic } from "../../core/diagnostics";
import { diagnosticJson, lineIndex } from "../../core/positions";
import { onePath, type Command } from "./args";
import { openFile } from "./session";
import type { TextDocument } from "vscode-languageserver-textdocument";

export const checkCommand: Command = {
  usage: "FILE.session [--json]",
  summary: "Check a session: syntax, names, units, ranges, routing, take files. Exit 1 on errors.",
  flags: { json: { value: false } },
  run(args) {
    const path = onePath(args, "session file");
    const opened = openFile(path, { needsTracks: false });
    const { text, diagnostics } = opened;
    const doc = lineIndex(text);
    if (args.flags.has("json")) {
      process.stdout.write(JSON.stringify(diagnostics.map((d) => diagnosticJson(doc, d)), null, 2) + "\n");
    } else {
      for (const d of diagnostics) process.stdout.write(describeDiagnostic(path, doc, text, d));
      const errors = diagnostics.filter((d) => d.severity === "error").length;
      const warnings = diagnostics.length - errors;
      const counts = opened.ok ? `ok (${opened.model.tracks.length} tracks, ${opened.model.buses.length} buses)` : "";
      process.stdout.write(errors || warnings || !opened.ok ? `${path}: ${errors} error(s), ${warnings} warning(s)\n` : `${path}: ${counts}\n`);
    }
    return opened.ok ? 0 : 1;
  },
};

/** `file:line:col: severity [code] message`, then the line with a caret under the place. */
export function describeDiagnostic(path: string, doc: TextDocument, text: string, d: Diagnostic): string {
  const start = doc.positionAt(d.range[0]);
  const lineStart = doc.offsetAt({ line: start.line, character: 0 });
  const lineText = text.slice(lineStart).split(/\r?\n/, 1)[0].slice(0, 200);
  const width = Math.max(1, Math.min(d.range[1], lineStart + lineText.length) - d.range[0]);
  const caret = " ".repeat(start.character) + "^".repeat(Math.min(width, 80));
  return `${path}:${start.line + 1}:${start.character + 1}: ${d.severity} [${d.code}] ${d.message}\n    ${lineText}\n    ${caret}\n`;
}
