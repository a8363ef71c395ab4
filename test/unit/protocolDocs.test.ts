// docs/architecture.md lists every message of every channel (core/protocol/):
// each JSON-RPC method with the file that declares it, and each webview
// message type, so a new message cannot go undocumented.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers";

const PROTOCOL = join(ROOT, "core", "protocol");
const doc = readFileSync(join(ROOT, "docs", "architecture.md"), "utf8");
const rows = doc.split("\n").filter((l) => l.startsWith("| `"));

describe("the architecture document lists every message", () => {
  const files = readdirSync(PROTOCOL).filter((f) => f.endsWith(".ts"));

  it("every JSON-RPC method, on a row naming its protocol file", () => {
    const missing: string[] = [];
    let count = 0;
    for (const file of files) {
      const text = readFileSync(join(PROTOCOL, file), "utf8");
      for (const m of text.matchAll(/new (?:RequestType|NotificationType)<[^>]*(?:<[^>]*>[^>]*)*>\("([^"]+)"\)/g)) {
        count++;
        if (!rows.some((r) => r.startsWith(`| \`${file}\` | \`${m[1]}\``))) missing.push(`${file}: ${m[1]}`);
      }
      if (/new ProgressType</.test(text) && !rows.some((r) => r.startsWith(`| \`${file}\` | \`$/progress\``))) missing.push(`${file}: $/progress`);
    }
    assert.ok(count >= 24, `found only ${count} methods: is the pattern still right?`);
    assert.deepEqual(missing, []);
  });

  it("every webview message type, in its direction", () => {
    const text = readFileSync(join(PROTOCOL, "webview.ts"), "utf8");
    for (const union of ["PlayerToHost", "HostToPlayer"]) {
      const body = text.slice(text.indexOf(`export type ${union} =`)).split(";\n\n")[0];
      const types = [...body.matchAll(/\{ type: "(\w+)"/g)].map((m) => m[1]);
      assert.ok(types.length >= 5, union);
      const line = doc.slice(doc.indexOf(`(\`${union}\`)`)).split(".")[0];
      assert.deepEqual(types.filter((t) => !line.includes(`\`${t}\``)), [], `${union} in docs/architecture.md`);
    }
  });
});
