import { DomainError } from "../errors.js";
import { assertTree, type AreaLevel, type AreaNode, type AreaTree } from "./tree.js";

export type TreeLookup = Pick<AreaTree, "byCode" | "onDate">;

function nodeOf(tree: TreeLookup, code: string): AreaNode {
  assertTree(tree);
  const node = tree.byCode.get(code);
  if (!node) {
    throw new DomainError("AREAS.NOT_FOUND", `Không có đơn vị mã ${code} vào ngày ${tree.onDate}`, `No unit with code ${code} on ${tree.onDate}`, {
      code,
      onDate: tree.onDate,
    });
  }
  return node;
}

/**
 * The units above `code` in the tree, nearest first (parent, grandparent, …, root), as of the
 * tree's date. Stops at an orphan whose parent is not in force. Unknown code: AREAS.NOT_FOUND.
 */
export function ancestors(tree: TreeLookup, code: string): AreaNode[] {
  const out: AreaNode[] = [];
  let node = nodeOf(tree, code);
  while (node.parentCode != null) {
    const parent = tree.byCode.get(node.parentCode);
    if (!parent) break;
    if (out.length >= tree.byCode.size) {
      throw new DomainError("AREAS.CYCLE", `Quan hệ cấp trên của đơn vị ${code} tạo thành vòng lặp`, `The parents of unit ${code} form a cycle`, {
        code,
        onDate: tree.onDate,
      });
    }
    out.push(parent);
    node = parent;
  }
  return out;
}

/** Root-first path to `code`, the unit itself last: e.g. province → district → commune. */
export function pathOf(tree: TreeLookup, code: string): AreaNode[] {
  const path = ancestors(tree, code).reverse();
  path.push(nodeOf(tree, code));
  return path;
}

export interface DescendantsOptions {
  /** Include the unit itself first (default false). */
  includeSelf?: boolean;
  /** Only units without children (default false). */
  leavesOnly?: boolean;
  /** Only units of this level, e.g. every commune of a province (default: all levels). */
  level?: AreaLevel;
}

/**
 * Every unit under `code` at any depth, depth-first with parents before children and siblings by
 * code (the order of `walkTree`). Iterative, so a national tree cannot overflow the stack.
 */
export function descendants(tree: TreeLookup, code: string, options: DescendantsOptions = {}): AreaNode[] {
  const { includeSelf = false, leavesOnly = false, level } = options ?? {};
  const root = nodeOf(tree, code);
  const out: AreaNode[] = [];
  const stack: AreaNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if ((node !== root || includeSelf) && (!leavesOnly || node.children.length === 0) && (level === undefined || node.level === level)) {
      out.push(node);
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}
