// `npm run bench:lsp`: the language server on a 5,000-line session (200
// tracks with full chains and automation), over the real protocol, as a
// child process on stdio. Prints median and p95 of: a one-character edit to
// published diagnostics, completion, and formatting.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { writeWav } from "../engine/io/wavWrite";
import { LspClient } from "../test/lsp/client";

const TRACKS = 200;

function track(n: number): string {
  return [
    `track t${n} {`,
    `  take "takes/t.wav" {`,
    `    at 0:${String(n % 60).padStart(2, "0")}.5`,
    "    fade in 10 ms",
    "  }",
    `  gain -${n % 12} dB`,
    `  pan ${n % 100}% ${n % 2 ? "left" : "right"}`,
    "  eq {",
    "    highpass 80 Hz",
    "    bell 300 Hz -2 dB q 1.2",
    "    bell 3 kHz +1.5 dB q 1",
    "  }",
    "  comp {",
    "    threshold -18 dB",
    "    ratio 3",
    "    attack 10 ms",
    "    release 120 ms",
    "  }",
    `  send verb -${12 + (n % 8)} dB`,
    `  out group${n % 8}`,
    "  automate gain {",
    "    0:00 -3 dB",
    "    0:30 -1 dB smooth",
    "    bar 40 -6 dB step",
    "  }",
    "}",
    "",
  ].join("\n");
}

export function benchSession(): string {
  const parts = ['session "Bench" {', "  rate 48 kHz", "  tempo 120 bpm", "}", ""];
  for (let n = 0; n < TRACKS; n++) parts.push(track(n));
  for (let g = 0; g < 8; g++) parts.push(`bus group${g} {\n  gain -1 dB\n}\n`);
  parts.push("bus verb {\n  reverb {\n    decay 2 s\n  }\n}\n", "master {\n  limiter {\n    ceiling -1 dBTP\n  }\n}\n");
  return parts.join("\n");
}

function stats(label: string, ms: number[], target: number): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `${label.padEnd(34)} median ${at(0.5).toFixed(1).padStart(6)} ms   p95 ${at(0.95).toFixed(1).padStart(6)} ms   target < ${target} ms`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "mixdown-bench-lsp-"));
  mkdirSync(join(dir, "takes"));
  writeWav(join(dir, "takes", "t.wav"), [new Float32Array(4800)], 48000, 16);
  const text = benchSession();
  const uri = pathToFileURL(join(dir, "bench.session")).href;
  writeFileSync(join(dir, "bench.session"), text);
  const lsp = LspClient.child(process.execPath, [join(__dirname, "..", "dist", "server.js"), "--stdio"]);
  try {
    await lsp.initialize(dir);
    const first = await lsp.open(uri, text);
    console.log(`session: ${text.split("\n").length} lines, ${TRACKS} tracks; ${first.length} diagnostics on open`);
    const edits: number[] = [];
    const line = text.indexOf("  gain -4 dB", text.length / 4);
    for (let i = 0; i < 60; i++) {
      // type one character, then delete it: the text after the edit moves each time
      const next = text.slice(0, line) + (i % 2 ? "  gain -45 dB" : "  gain -4 dB") + text.slice(line + "  gain -4 dB".length);
      const t0 = performance.now();
      await lsp.change(uri, next);
      edits.push(performance.now() - t0);
    }
    const completion: number[] = [];
    const lines = text.split("\n");
    const at = { line: lines.findIndex((l) => l === "    ratio 3"), character: 4 };
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      await lsp.request("textDocument/completion", { textDocument: { uri }, position: at });
      completion.push(performance.now() - t0);
    }
    const formatting: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      await lsp.request("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
      formatting.push(performance.now() - t0);
    }
    console.log(stats("edit -> published diagnostics", edits.slice(10), 50));
    console.log(stats("completion", completion.slice(10), 10));
    console.log(stats("formatting (whole document)", formatting.slice(5), 100));
  } finally {
    await lsp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void main();
