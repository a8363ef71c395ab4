// Routing: every `out` and `send` must reach a bus, and no bus may feed
// itself. Buses are ordered so that each comes after every bus feeding it.
import type { FileNode, Range } from "./ast";
import { DiagnosticSink } from "./diagnostics";
import { didYouMean } from "./suggest";
import type { SymbolRef, Symbols } from "./symbols";

/** Reports `out`, `send` and `input` names that are not defined. */
export function checkReferences(file: FileNode, symbols: Symbols, sink: DiagnosticSink): void {
  const buses = symbols.defs.filter((d) => d.kind === "bus").map((d) => d.name);
  const inputs = symbols.defs.filter((d) => d.kind === "input").map((d) => d.name);
  const tracks = new Set(symbols.defs.filter((d) => d.kind === "track").map((d) => d.name));
  for (const ref of symbols.refs) {
    // `automate send NAME` is checked against the strip's sends, with a better message.
    if (ref.via === "automate") continue;
    const names = ref.kind === "bus" ? buses : inputs;
    if (names.includes(ref.name)) continue;
    const { hint, match } = didYouMean(ref.name, names);
    const fixes = [];
    if (match) fixes.push({ title: `Change to '${match}'`, edits: [{ range: ref.range, newText: match }], preferred: true });
    const end = file.range[1];
    fixes.push({
      title: `Create ${ref.kind} '${ref.name}'`,
      edits: [{ range: [end, end] as Range, newText: `\n${ref.kind} ${ref.name} {\n}\n` }],
    });
    const isTrack = ref.kind === "bus" && tracks.has(ref.name);
    const why = isTrack ? ` '${ref.name}' is a track; only buses can receive ${ref.via === "out" ? "an out" : "a send"}.` : hint;
    sink.error("unknown-name", ref.range, `No ${ref.kind} named '${ref.name}'.${why}`, { fixes: isTrack ? [] : fixes });
  }
}

/**
 * Reports routing cycles (at the `out` or `send` that closes each one) and
 * returns bus names in dependency order: every bus after the buses feeding it.
 */
export function orderBuses(symbols: Symbols, sink: DiagnosticSink): string[] {
  const buses = symbols.defs.filter((d) => d.kind === "bus").map((d) => d.name);
  const known = new Set(buses);
  const edges = new Map<string, SymbolRef[]>(buses.map((b) => [b, []]));
  for (const ref of symbols.refs) {
    if (ref.kind === "bus" && ref.via !== "automate" && known.has(ref.owner) && known.has(ref.name)) edges.get(ref.owner)!.push(ref);
  }
  const state = new Map<string, "visiting" | "done">();
  const order: string[] = [];
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (bus: string): void => {
    state.set(bus, "visiting");
    stack.push(bus);
    for (const edge of edges.get(bus)!) {
      const s = state.get(edge.name);
      if (s === "visiting") reportCycle(stack.slice(stack.indexOf(edge.name)), edge.range, sink, reported);
      else if (s === undefined) visit(edge.name);
    }
    stack.pop();
    state.set(bus, "done");
    order.push(bus);
  };
  for (const bus of buses) if (!state.has(bus)) visit(bus);
  // Depth-first order lists each bus after the buses it feeds; the engine needs the reverse.
  return order.reverse();
}

function reportCycle(cycle: string[], range: Range, sink: DiagnosticSink, reported: Set<string>): void {
  const key = [...cycle].sort().join(">");
  if (reported.has(key)) return;
  reported.add(key);
  const path = [...cycle, cycle[0]].join(" -> ");
  sink.error("routing-cycle", range, `Routing cycle: ${path}. A bus cannot feed itself, directly or through other buses; remove one of these outs or sends.`);
}
