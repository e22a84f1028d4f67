/**
 * The rules of an official administrative-unit list (units-2024.csv, units-2025.csv): which rows
 * are acceptable, and what an import of them changes against the unit versions already stored.
 * Reading the file and the transaction stay with the caller; everything decided is here.
 */
import { argumentError } from "../argument-error.js";
import { inSpan, isIsoDate, type IsoDate } from "../dates.js";
import { unitCodeLength, type AreaLevel } from "./levels.js";
import { checkAreaRows } from "./rows.js";
import type { AreaRow } from "./tree.js";

/** Columns of the official unit lists. */
export const UNIT_COLUMNS = ["code", "name", "level", "unit_type", "parent_code"] as const;
export type UnitColumn = (typeof UNIT_COLUMNS)[number];

export { unitCodeLength } from "./levels.js";

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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const bad = (path: (string | number)[], vi: string, en: string, got: unknown) => argumentError("AREAS.INVALID_INPUT", path, { vi, en }, got);

function checkList(value: unknown, name: string, vi: string, en: string): asserts value is unknown[] {
  if (!Array.isArray(value)) throw bad([name], vi, en, value);
}

function checkSpan(span: unknown): asserts span is UnitSpan {
  if (!isObject(span) || !isIsoDate(span.validFrom) || !(span.validTo === null || isIsoDate(span.validTo)))
    throw bad(
      ["span"],
      "{ validFrom, validTo } là ngày YYYY-MM-DD (validTo có thể null)",
      "{ validFrom, validTo } as YYYY-MM-DD dates (validTo may be null)",
      span,
    );
}

function checkUnitRows(rows: unknown, name: string): asserts rows is { line: number; row: AreaRow }[] {
  checkList(rows, name, "một danh sách { line, row }", "a list of { line, row }");
  rows.forEach((p, i) => {
    if (!isObject(p) || typeof p.line !== "number" || !isObject(p.row) || typeof p.row.code !== "string")
      throw bad([name, i], "{ line, row } với row là một đơn vị", "{ line, row } whose row is a unit", p);
  });
}

/** The reason a unit row is not acceptable on its own (null = acceptable), for lists and the schema. */
export function unitRowProblem(row: { code: string; name: string; level: string; parentCode: string | null }): { vi: string; en: string } | null {
  if (!isObject(row) || typeof row.code !== "string" || typeof row.name !== "string" || typeof row.level !== "string")
    throw bad(["row"], "{ code, name, level, parentCode } là chuỗi", "{ code, name, level, parentCode } as strings", row);
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
  checkList(header, "header", "dòng tiêu đề là danh sách chuỗi", "the header row as a list of strings");
  if (header.some((h) => typeof h !== "string")) throw bad(["header"], "dòng tiêu đề là danh sách chuỗi", "the header row as a list of strings", header);
  const names = header.map((h) =>
    h
      .replace(/^\uFEFF/, "")
      .trim()
      .toLowerCase(),
  );
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
  headerWidth?: number,
): { rows: ParsedUnitRow[]; rejected: RejectedUnitRow[] } {
  checkList(records, "records", "một danh sách các dòng", "a list of records");
  if (!isObject(columns) || UNIT_COLUMNS.some((c) => typeof columns[c] !== "number"))
    throw bad(["columns"], "vị trí các cột (từ locateUnitColumns)", "the column positions (from locateUnitColumns)", columns);
  checkSpan(span);
  const width = typeof headerWidth === "number" ? headerWidth : Math.max(...UNIT_COLUMNS.map((c) => columns[c])) + 1;
  const rows: ParsedUnitRow[] = [];
  const rejected: RejectedUnitRow[] = [];
  const seen = new Map<string, number>();
  records.forEach((rec, k) => {
    if (!Array.isArray(rec)) throw bad(["records", k], "một dòng là danh sách ô", "a record as a list of cells", rec);
    const line = k + 2;
    const cell = (c: UnitColumn) => (rec[columns[c]] ?? "").trim();
    const code = cell("code");
    const reject = (vi: string, en: string) => rejected.push({ line, code, vi, en });
    if (rec.length < width) return reject("thiếu cột", "missing columns");
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

const sameUnit = (a: AreaRow, b: AreaRow) => a.name === b.name && a.level === b.level && a.unitType === b.unitType && a.parentCode === b.parentCode;

const overlaps = (a: AreaRow, b: AreaRow) => a.validFrom <= (b.validTo ?? "9999-12-31") && b.validFrom <= (a.validTo ?? "9999-12-31");

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
  checkUnitRows(parsed, "parsed");
  checkAreaRows(existing, "existing");
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
