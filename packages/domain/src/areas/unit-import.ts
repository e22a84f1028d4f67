/**
 * The rules of an official administrative-unit list (units-2024.csv, units-2025.csv): which rows
 * are acceptable, and what an import of them changes against the unit versions already stored.
 * Reading the file and the transaction stay with the caller; everything decided is here.
 */
import { inSpan, type IsoDate } from "../dates.js";
import type { AreaLevel, AreaRow } from "./tree.js";

/** Columns of the official unit lists. */
export const UNIT_COLUMNS = ["code", "name", "level", "unit_type", "parent_code"] as const;
export type UnitColumn = (typeof UNIT_COLUMNS)[number];

/** Digits of a unit code at each level of a list (GSO codes: 2, 3, 5). */
export const unitCodeLength: Readonly<Partial<Record<AreaLevel, number>>> = { province: 2, district: 3, commune: 5 };

/** The levels a unit's parent may have: communes sit under districts before 2025, provinces after. */
export const parentLevels: Readonly<Record<AreaLevel, readonly AreaLevel[]>> = {
  country: [],
  province: [],
  district: ["province"],
  commune: ["district", "province"],
};

/** A row the import cannot take, with its line in the file and the reason in both languages. */
export interface RejectedUnitRow {
  line: number;
  code: string;
  vi: string;
  en: string;
}

export interface ParsedUnitRow {
  line: number;
  row: AreaRow;
}

export interface UnitSpan {
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

/** The reason a unit row is not acceptable on its own (null = acceptable), for lists and the schema. */
export function unitRowProblem(row: { code: string; name: string; level: string; parentCode: string | null }): { vi: string; en: string } | null {
  const length = unitCodeLength[row.level as AreaLevel];
  if (length === undefined) return { vi: `cấp "${row.level}" không hợp lệ`, en: `unknown level "${row.level}"` };
  if (!new RegExp(`^\\d{${length}}$`).test(row.code))
    return { vi: `mã "${row.code}" phải có ${length} chữ số`, en: `code "${row.code}" must have ${length} digits` };
  if (!row.name) return { vi: "thiếu tên", en: "name is missing" };
  if (row.level === "province" && row.parentCode) return { vi: "tỉnh không có đơn vị cấp trên", en: "a province has no parent" };
  if (row.level !== "province" && !row.parentCode) return { vi: "thiếu mã đơn vị cấp trên", en: "parent code is missing" };
  return null;
}

/**
 * Where each of the list's columns is in a header row (names trimmed, any case, any order);
 * null when a column is missing, i.e. the file is not such a list at all.
 */
export function locateUnitColumns(header: readonly string[]): Record<UnitColumn, number> | null {
  const names = header.map((h) => h.replace(/^\uFEFF/, "").trim().toLowerCase());
  const out = {} as Record<UnitColumn, number>;
  for (const c of UNIT_COLUMNS) {
    const i = names.indexOf(c);
    if (i < 0) return null;
    out[c] = i;
  }
  return out;
}

/**
 * Checks the data records of a list (the header excluded; line 2 is the first record). Every
 * record ends as a row or a rejection with its line: none is dropped.
 */
export function checkUnitRecords(
  records: readonly (readonly string[])[],
  columns: Record<UnitColumn, number>,
  span: UnitSpan,
  headerWidth: number = Math.max(...Object.values(columns)) + 1,
): { rows: ParsedUnitRow[]; rejected: RejectedUnitRow[] } {
  const rows: ParsedUnitRow[] = [];
  const rejected: RejectedUnitRow[] = [];
  const seen = new Map<string, number>();
  records.forEach((rec, k) => {
    const line = k + 2;
    const cell = (c: UnitColumn) => (rec[columns[c]] ?? "").trim();
    const code = cell("code");
    const reject = (vi: string, en: string) => rejected.push({ line, code, vi, en });
    if (rec.length < headerWidth) return reject("thiếu cột", "missing columns");
    const row: AreaRow = {
      code,
      name: cell("name").normalize("NFC"),
      level: cell("level") as AreaLevel,
      unitType: cell("unit_type"),
      parentCode: cell("parent_code") || null,
      ...span,
    };
    const problem = unitRowProblem(row);
    if (problem) return reject(problem.vi, problem.en);
    const first = seen.get(code);
    if (first) return reject(`mã trùng với dòng ${first}`, `duplicate of line ${first}`);
    seen.set(code, line);
    rows.push({ line, row });
  });
  return { rows, rejected };
}

const sameUnit = (a: AreaRow, b: AreaRow) =>
  a.name === b.name && a.level === b.level && a.unitType === b.unitType && a.parentCode === b.parentCode;

const overlaps = (a: AreaRow, b: AreaRow) =>
  a.validFrom <= (b.validTo ?? "9999-12-31") && b.validFrom <= (a.validTo ?? "9999-12-31");

export interface AreaImportPlan {
  insert: ParsedUnitRow[];
  unchanged: number;
  rejected: RejectedUnitRow[];
}

/**
 * Decides, against the stored unit versions, what to insert: a row already stored (same unit,
 * overlapping span) is unchanged, so a re-import changes nothing; a row that contradicts a stored
 * version, or whose parent is neither in the file nor stored for the date, is rejected — and so,
 * in turn, are the rows below it.
 */
export function planAreaImport(parsed: readonly ParsedUnitRow[], existing: readonly AreaRow[]): AreaImportPlan {
  const byCode = new Map<string, AreaRow[]>();
  for (const e of existing) byCode.set(e.code, [...(byCode.get(e.code) ?? []), e]);
  const rejected: RejectedUnitRow[] = [];
  const accepted = new Map<string, ParsedUnitRow>();
  let unchanged = 0;
  const toInsert: ParsedUnitRow[] = [];
  for (const p of parsed) {
    const clash = (byCode.get(p.row.code) ?? []).filter((e) => overlaps(e, p.row));
    if (clash.length > 0) {
      if (clash.every((e) => sameUnit(e, p.row))) {
        unchanged++;
        accepted.set(p.row.code, p);
        continue;
      }
      const e = clash.find((c) => !sameUnit(c, p.row))!;
      rejected.push({
        line: p.line,
        code: p.row.code,
        vi: `mâu thuẫn với đơn vị đã lưu "${e.name}" (${e.validFrom} – ${e.validTo ?? "nay"})`,
        en: `contradicts the stored unit "${e.name}" (${e.validFrom} – ${e.validTo ?? "open"})`,
      });
      continue;
    }
    accepted.set(p.row.code, p);
    toInsert.push(p);
  }
  // Parents: in the file (and accepted), or stored and in force on the row's first day.
  // Provinces come first in the lists, but do not rely on order: iterate until stable.
  let changed = true;
  while (changed) {
    changed = false;
    for (const [code, p] of accepted) {
      const parentCode = p.row.parentCode;
      if (parentCode == null) continue;
      const inFile = accepted.get(parentCode);
      const stored = (byCode.get(parentCode) ?? []).find((e) => inSpan(p.row.validFrom, e.validFrom, e.validTo));
      const parentLevel = inFile?.row.level ?? stored?.level;
      if (parentLevel && parentLevels[p.row.level].includes(parentLevel)) continue;
      rejected.push(
        parentLevel
          ? {
              line: p.line,
              code,
              vi: `đơn vị cấp trên ${parentCode} là cấp ${parentLevel}, không hợp với cấp ${p.row.level}`,
              en: `parent ${parentCode} is a ${parentLevel}, which cannot hold a ${p.row.level}`,
            }
          : { line: p.line, code, vi: `không có đơn vị cấp trên ${parentCode}`, en: `parent ${parentCode} does not exist` },
      );
      accepted.delete(code);
      changed = true;
    }
  }
  rejected.sort((a, b) => a.line - b.line);
  return { insert: toInsert.filter((p) => accepted.has(p.row.code)), unchanged, rejected };
}
