// Bad input never crashes or hangs the language: random text, mutated
// sessions, junk, huge and deeply nested files.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { analyze } from "../../../core/analyze";
import { format } from "../../../core/format";
import { parse as generatedParse } from "../../../core/generated/parser";
import { MAX_DEPTH, ParseCache, parseSession } from "../../../core/parse";
import { example, stripRangesOfModel } from "../../helpers";

const seeds = ["night-drive", "podcast", "band"].map((n) => example(n).text);
const pieces = ["{", "}", "\n", " ", "#", '"', "track", "bus", "master", "gain", "-4", "dB", "eq", "bell", "1/8", "0:01", "bar", "automate", "send", "out", "%", "\t", "\r\n", "kHz", "\u0000", "🎸"];

/** A session with random edits: deletions, insertions of language pieces, duplications. */
const mutated = fc
  .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.constantFrom(...pieces), fc.boolean()), { maxLength: 12 }))
  .map(([text, edits]) => edits.reduce((t, [at, len, piece, insert]) => {
    const i = at % (t.length + 1);
    return insert ? t.slice(0, i) + piece + t.slice(i) : t.slice(0, i) + t.slice(i + len);
  }, text));

function neverThrows(text: string): void {
  // The grammar itself recovers from everything (parse.ts's catch is only a last defence),
  // and parsing top-level chunks separately gives the tree of the whole file.
  if (findDepth(text) <= MAX_DEPTH) assert.deepEqual(parseSession(text).file, generatedParse(text));
  const a = analyze(text);
  for (const d of a.diagnostics) {
    assert.ok(d.range[0] >= 0 && d.range[1] <= text.length && d.range[0] <= d.range[1], `bad range ${d.range}`);
    assert.ok(d.message.length > 0);
  }
  const f = format(text);
  if (f.ok) {
    assert.equal(format(f.text).ok && (format(f.text) as { text: string }).text, f.text, "formatting is not idempotent");
    assert.deepEqual(stripRangesOfModel(analyze(f.text).model), stripRangesOfModel(a.model), "formatting changed the model");
  }
}

/** Brace depth, ignoring strings and comments roughly: enough to pick inputs the guard lets through. */
function findDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (const c of text) {
    if (c === "{") max = Math.max(max, ++depth);
    else if (c === "}") depth = Math.max(0, depth - 1);
  }
  return max;
}

describe("property: bad input", () => {
  it("random unicode text never throws", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 400 }), neverThrows), { numRuns: 400 });
  });

  it("random sequences of language pieces never throw", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 120 }).map((a) => a.join("")), neverThrows), { numRuns: 400 });
  });

  it("mutated sessions never throw, and format idempotently without changing the model", () => {
    fc.assert(fc.property(mutated, neverThrows), { numRuns: 300 });
  });

  it("re-parsing with a cache gives the tree a fresh parse gives", () => {
    fc.assert(fc.property(fc.array(mutated, { minLength: 2, maxLength: 4 }), (versions) => {
      const cache = new ParseCache();
      for (const text of versions) {
        if (findDepth(text) > MAX_DEPTH) continue;
        assert.deepEqual(parseSession(text, cache).file, parseSession(text).file);
      }
    }), { numRuns: 150 });
  });

  it("binary junk gets diagnostics", () => {
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256));
    const a = analyze(bytes.toString("latin1"));
    assert.ok(a.diagnostics.length > 0);
  });

  it("a 10 MB session is analysed (linear time, no stack overflow)", () => {
    const track = "track t{n} {\n  gain -4 dB\n  eq {\n    bell 1 kHz +2 dB q 1\n  }\n  out bus{m}\n}\n";
    const parts: string[] = [];
    let size = 0;
    for (let n = 0; size < 10 * 1024 * 1024; n++) {
      const t = track.replace("{n}", String(n)).replace("{m}", String(n % 10));
      parts.push(t);
      size += t.length;
    }
    const a = analyze(parts.join(""));
    assert.ok(a.model.tracks.length > 100000);
    assert.equal(a.diagnostics[0].code, "unknown-name");
  });

  it("deeply nested braces get one diagnostic", () => {
    assert.deepEqual(analyze("track a {\n" + "x {\n".repeat(50000)).diagnostics.map((d) => d.code), ["too-deep"]);
    assert.ok(analyze("{".repeat(30) + "}".repeat(30)).diagnostics.length > 0);
  });

  it("a line with a brace in the middle is one unreadable line, not a lost file", () => {
    const a = analyze("track a {\n  eq { bell 3\n  gain 1 dB\n}\n");
    assert.deepEqual(a.diagnostics.map((d) => d.code), ["syntax-error"]);
    assert.equal(a.model.tracks[0].gain, Math.pow(10, 1 / 20));
  });

  it("every half-typed prefix of a session still analyses", () => {
    const text = seeds[0];
    for (let i = 0; i <= text.length; i += 7) neverThrows(text.slice(0, i));
  });
});
