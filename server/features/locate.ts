// Where an offset is in the tree: the chain of nodes that contain it, and
// the kind of block the cursor is in. Completion, hover and selection use it.
import type { Block, BlockItem, FileNode, TopItem } from "../../core/ast";
import type { BlockKind } from "../../core/statements";

export type Node = FileNode | TopItem | BlockItem | Block;

export interface Located {
  /** Outermost first: File, then the top-level item, its block, ... */
  chain: Node[];
  /** The block kind that a new statement at this offset would belong to. */
  block: BlockKind;
  /** The effect name when `block` is "effect". */
  effect?: string;
  /** In an `fx "PATH"` block: its program's path. */
  fxPath?: string;
  /** The strip (track/bus/master) that contains the offset, if any. */
  strip?: Extract<TopItem, { kind: "Track" | "Bus" | "Master" }>;
}

/** A closed block ends at its "}": the offset just after it is outside. */
const inside = (n: Node, offset: number) =>
  offset >= n.range[0] && (offset < n.range[1] || (offset === n.range[1] && !(n.kind === "Block" && n.closed) && !("body" in n && n.body?.closed)));

function children(node: Node): Node[] {
  switch (node.kind) {
    case "File":
      return node.items;
    case "Block":
      return node.items;
    case "Session":
    case "Input":
    case "Track":
    case "Bus":
    case "Master":
    case "Effect":
    case "Automate":
      return [node.body];
    case "Take":
      return node.body ? [node.body] : [];
    default:
      return [];
  }
}

const BLOCK_OF: Partial<Record<Node["kind"], BlockKind>> = {
  Session: "session", Input: "input", Track: "track", Bus: "bus", Master: "master", Take: "take", Automate: "automate", Effect: "effect",
};

export function locate(file: FileNode, offset: number): Located {
  const chain: Node[] = [file];
  const result: Located = { chain, block: "file" };
  let node: Node = file;
  for (;;) {
    const next: Node | undefined = children(node).find((c) => inside(c, offset));
    if (!next) break;
    chain.push(next);
    node = next;
  }
  // The block kind comes from the innermost Block whose "{" is before the offset.
  for (let i = chain.length - 1; i > 0; i--) {
    const n = chain[i];
    if (n.kind === "Block" && offset > n.range[0]) {
      const owner = chain[i - 1];
      result.block = BLOCK_OF[owner.kind] ?? "file";
      if (owner.kind === "Effect") {
        result.effect = owner.name;
        result.fxPath = owner.path?.value;
      }
      break;
    }
  }
  result.strip = chain.find((n): n is NonNullable<Located["strip"]> => n.kind === "Track" || n.kind === "Bus" || n.kind === "Master");
  return result;
}
