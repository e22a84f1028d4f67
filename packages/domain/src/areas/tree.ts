import { argumentError } from "../argument-error.js";
import { inSpan, isIsoDate, type IsoDate } from "../dates.js";
import { DomainError } from "../errors.js";
import type { AreaLevel } from "./levels.js";
import { checkAreaRows } from "./rows.js";

export { areaLevels, type AreaLevel } from "./levels.js";

/**
 * One stored unit version. Every function that takes rows checks them all (`AREAS.INVALID_INPUT`
 * naming the row and field; once per list): unknown keys are refused, `parentCode` and `validTo`
 * are required (null when there is none), `level` is one of `areaLevels`, dates are real days
 * and `validTo` is not before `validFrom`.
 */
export interface AreaRow {
  code: string;
  name: string;
  level: AreaLevel;
  /** The kind of unit as the list names it (tỉnh, thành phố, huyện, xã, phường, …); "" when unknown. */
  unitType: string;
  parentCode: string | null;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

export interface AreaNode {
  code: string;
  name: string;
  level: AreaLevel;
  unitType: string;
  parentCode: string | null;
  children: AreaNode[];
}

export interface AreaTree {
  onDate: IsoDate;
  roots: AreaNode[];
  byCode: Map<string, AreaNode>;
  /** Rows in force on the date whose parent is not in force on that date. */
  orphans: AreaNode[];
}

const byCodeAsc = (a: AreaNode, b: AreaNode) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Builds the hierarchy in force on `onDate` from flat, effective-dated rows.
 * Codes are reused across eras, so only rows valid on the date take part; two rows with the
 * same code valid on the same date are an error. Children are sorted by code.
 */
export function buildAreaTree(rows: readonly AreaRow[], onDate: IsoDate): AreaTree {
  if (!Array.isArray(rows)) throw argumentError("AREAS.INVALID_INPUT", ["rows"], { vi: "một danh sách đơn vị", en: "a list of unit rows" }, rows);
  if (!isIsoDate(onDate)) throw argumentError("AREAS.INVALID_INPUT", ["onDate"], { vi: "một ngày YYYY-MM-DD", en: "a date YYYY-MM-DD" }, onDate);
  checkAreaRows(rows);
  const byCode = new Map<string, AreaNode>();
  for (const r of rows) {
    if (!inSpan(onDate, r.validFrom, r.validTo)) continue;
    if (byCode.has(r.code)) {
      throw new DomainError(
        "AREAS.DUPLICATE_CODE",
        `Mã đơn vị ${r.code} có hai bản ghi cùng hiệu lực ngày ${onDate}`,
        `Unit code ${r.code} has two rows in force on ${onDate}`,
        { code: r.code, onDate },
      );
    }
    byCode.set(r.code, {
      code: r.code,
      name: r.name,
      level: r.level,
      unitType: r.unitType ?? "",
      parentCode: r.parentCode,
      children: [],
    });
  }
  const roots: AreaNode[] = [];
  const orphans: AreaNode[] = [];
  for (const node of byCode.values()) {
    if (node.parentCode == null) {
      roots.push(node);
      continue;
    }
    const parent = byCode.get(node.parentCode);
    if (parent) parent.children.push(node);
    else orphans.push(node);
  }
  for (const node of byCode.values()) node.children.sort(byCodeAsc);
  roots.sort(byCodeAsc);
  orphans.sort(byCodeAsc);
  // Units whose parents form a loop hang under neither a root nor an orphan: without this check
  // they would silently vanish from every walk and roll-up.
  let reached = 0;
  const pending: AreaNode[] = [...roots, ...orphans];
  while (pending.length > 0) {
    const node = pending.pop()!;
    reached++;
    for (const c of node.children) pending.push(c);
  }
  if (reached < byCode.size) {
    const seen = new Set<string>();
    for (const n of walkTree(roots)) seen.add(n.code);
    for (const n of walkTree(orphans)) seen.add(n.code);
    const codes = [...byCode.keys()].filter((c) => !seen.has(c)).sort();
    throw new DomainError(
      "AREAS.CYCLE",
      `Quan hệ cấp trên tạo thành vòng lặp ngày ${onDate}: ${codes.slice(0, 10).join(", ")}`,
      `Parent links form a cycle on ${onDate}: ${codes.slice(0, 10).join(", ")}`,
      { codes, onDate },
    );
  }
  return { onDate, roots, byCode, orphans };
}

/** Depth-first, parents before children; iterative so a national tree cannot overflow the stack. */
export function* walkTree(roots: readonly AreaNode[]): Generator<AreaNode> {
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
}

export function findNode(tree: AreaTree, code: string): AreaNode | undefined {
  assertTree(tree);
  return tree.byCode.get(code);
}

/** Refuses anything but a tree built by `buildAreaTree` (or one of the same shape). */
export function assertTree(tree: unknown, path: (string | number)[] = ["tree"]): void {
  if (typeof tree !== "object" || tree === null || !((tree as { byCode?: unknown }).byCode instanceof Map)) {
    throw argumentError("AREAS.INVALID_INPUT", path, { vi: "một cây đơn vị của buildAreaTree", en: "a tree from buildAreaTree" }, tree);
  }
}
