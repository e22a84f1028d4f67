import * as z from "zod/mini";
import { DomainError } from "../errors.js";
import { inSpan, isIsoDate, type IsoDate } from "../dates.js";
import { argumentError } from "../argument-error.js";
import { isoDate } from "../date-schema.js";
import { unitRowProblem } from "./unit-import.js";

export const areaLevels = ["country", "province", "district", "commune"] as const;
export type AreaLevel = (typeof areaLevels)[number];

/** An administrative unit's code (GSO: 2 digits a province, 3 a district, 5 a commune). */
export const areaCodeSchema = z.string({ error: "area.code" }).check(z.regex(/^\d{2,5}$/, { error: "area.code" }));

/**
 * One stored unit version, as an import accepts it: the same rules as a row of an official list
 * (`unitRowProblem`), and a span that does not end before it starts.
 */
export const areaRowSchema = z
  .object({
    code: areaCodeSchema,
    name: z.string({ error: "area.name" }).check(z.trim(), z.minLength(1, { error: "area.name" })),
    level: z.enum(areaLevels),
    unitType: z._default(z.string().check(z.trim()), ""),
    parentCode: z.nullable(z.string()),
    validFrom: isoDate,
    validTo: z.nullable(isoDate),
  })
  .check(
    z.superRefine((row, ctx) => {
      const problem = unitRowProblem(row);
      if (problem) ctx.addIssue({ code: "custom", message: "bilingual", params: problem, path: ["code"], input: row.code });
      if (row.validTo !== null && row.validTo < row.validFrom)
        ctx.addIssue({
          code: "custom",
          message: "bilingual",
          params: { vi: "Ngày hết hiệu lực trước ngày bắt đầu", en: "validTo is before validFrom" },
          path: ["validTo"],
          input: row.validTo,
        });
    }),
  );

export interface AreaRow {
  code: string;
  name: string;
  level: AreaLevel;
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
  rows.forEach((r, i) => {
    if (typeof r !== "object" || r === null || typeof r.code !== "string" || typeof r.validFrom !== "string") {
      throw argumentError("AREAS.INVALID_INPUT", ["rows", i], { vi: "một đơn vị { code, name, level, parentCode, validFrom, validTo }", en: "a unit row { code, name, level, parentCode, validFrom, validTo }" }, r);
    }
  });
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
      unitType: r.unitType,
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
