import { parse } from "csv-parse/sync";
import { allAreaRows, appendAudit, insertAreaRows, type Db } from "@ansinh/db";
import { inSpan } from "@ansinh/domain/dates";
import type { AreaLevel, AreaRow } from "@ansinh/domain/areas";
import { UserError } from "../fatal.js";

/** Columns of the official unit lists (units-2024.csv, units-2025.csv). */
export const UNIT_COLUMNS = ["code", "name", "level", "unit_type", "parent_code"] as const;

const codeLength: Record<string, number> = { province: 2, district: 3, commune: 5 };
const parentLevels: Record<string, AreaLevel[]> = { province: [], district: ["province"], commune: ["district", "province"] };

export interface RejectedRow {
  line: number;
  code: string;
  message: string;
}

export interface ImportReport {
  read: number;
  inserted: number;
  unchanged: number;
  rejected: RejectedRow[];
}

interface ParsedRow {
  line: number;
  row: AreaRow;
}

/**
 * Reads a unit list. A file that is not such a list at all (not CSV, wrong header) is refused
 * whole with one message; a row that is wrong is reported with its line number.
 */
export function parseUnitsCsv(
  text: string,
  span: { validFrom: string; validTo: string | null },
): { rows: ParsedRow[]; rejected: RejectedRow[] } {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { relax_column_count: true, skip_empty_lines: true });
  } catch (e) {
    throw new UserError(
      `Tệp không phải CSV hợp lệ (${(e as Error).message.split("\n")[0]}) / The file is not valid CSV (${(e as Error).message.split("\n")[0]})`,
    );
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const index = UNIT_COLUMNS.map((c) => header.indexOf(c));
  if (index.some((i) => i < 0)) {
    throw new UserError(
      `Dòng tiêu đề phải có các cột ${UNIT_COLUMNS.join(",")} / The header must have the columns ${UNIT_COLUMNS.join(",")}`,
    );
  }
  const [iCode, iName, iLevel, iType, iParent] = index as [number, number, number, number, number];
  const rows: ParsedRow[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((rec, k) => {
    const line = k + 2;
    const code = (rec[iCode] ?? "").trim();
    const name = (rec[iName] ?? "").trim().normalize("NFC");
    const level = (rec[iLevel] ?? "").trim();
    const unitType = (rec[iType] ?? "").trim();
    const parentCode = (rec[iParent] ?? "").trim() || null;
    const reject = (vi: string, en: string) => rejected.push({ line, code, message: `${vi} / ${en}` });
    if (rec.length < header.length) return reject("thiếu cột", "missing columns");
    if (!(level in codeLength)) return reject(`cấp "${level}" không hợp lệ`, `unknown level "${level}"`);
    if (!new RegExp(`^\\d{${codeLength[level]}}$`).test(code))
      return reject(`mã "${code}" phải có ${codeLength[level]} chữ số`, `code "${code}" must have ${codeLength[level]} digits`);
    if (!name) return reject("thiếu tên", "name is missing");
    if (level === "province" && parentCode) return reject("tỉnh không có đơn vị cấp trên", "a province has no parent");
    if (level !== "province" && !parentCode) return reject("thiếu mã đơn vị cấp trên", "parent code is missing");
    const first = seen.get(code);
    if (first) return reject(`mã trùng với dòng ${first}`, `duplicate of line ${first}`);
    seen.set(code, line);
    rows.push({ line, row: { code, name, level: level as AreaLevel, unitType, parentCode, ...span } });
  });
  return { rows, rejected };
}

const sameUnit = (a: AreaRow, b: AreaRow) =>
  a.name === b.name && a.level === b.level && a.unitType === b.unitType && a.parentCode === b.parentCode;

const overlaps = (a: AreaRow, b: AreaRow) =>
  a.validFrom <= (b.validTo ?? "9999-12-31") && b.validFrom <= (a.validTo ?? "9999-12-31");

/**
 * Decides, against the stored unit versions, what to insert: a row already stored (same unit,
 * overlapping span) is unchanged, so a re-import changes nothing; a row that contradicts a stored
 * version, or whose parent is neither in the file nor stored for the date, is rejected — and so,
 * in turn, are the rows below it.
 */
export function planAreaImport(parsed: readonly ParsedRow[], existing: readonly AreaRow[]) {
  const byCode = new Map<string, AreaRow[]>();
  for (const e of existing) byCode.set(e.code, [...(byCode.get(e.code) ?? []), e]);
  const rejected: RejectedRow[] = [];
  const accepted = new Map<string, ParsedRow>();
  let unchanged = 0;
  const toInsert: ParsedRow[] = [];
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
        message: `mâu thuẫn với đơn vị đã lưu "${e.name}" (${e.validFrom} – ${e.validTo ?? "nay"}) / contradicts the stored unit "${e.name}" (${e.validFrom} – ${e.validTo ?? "open"})`,
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
      if (parentLevel && parentLevels[p.row.level]!.includes(parentLevel)) continue;
      rejected.push({
        line: p.line,
        code,
        message: parentLevel
          ? `đơn vị cấp trên ${parentCode} là cấp ${parentLevel}, không hợp với cấp ${p.row.level} / parent ${parentCode} is a ${parentLevel}, which cannot hold a ${p.row.level}`
          : `không có đơn vị cấp trên ${parentCode} / parent ${parentCode} does not exist`,
      });
      accepted.delete(code);
      changed = true;
    }
  }
  const insert = toInsert.filter((p) => accepted.has(p.row.code));
  rejected.sort((a, b) => a.line - b.line);
  return { insert, unchanged, rejected };
}

/**
 * Imports a unit list in one transaction: either every acceptable row is stored, with its audit
 * row, or nothing is. `source` names the file in the audit trail.
 */
export async function importAreas(
  db: Db,
  text: string,
  span: { validFrom: string; validTo: string | null },
  source = "(text)",
): Promise<ImportReport> {
  if (span.validTo && span.validTo < span.validFrom) {
    throw new UserError("--valid-to phải sau --valid-from / --valid-to must not be before --valid-from");
  }
  const parsed = parseUnitsCsv(text, span);
  return db.transaction(async (tx) => {
    const plan = planAreaImport(parsed.rows, await allAreaRows(tx as unknown as Db));
    const inserted = await insertAreaRows(tx as unknown as Db, plan.insert.map((p) => p.row));
    if (inserted > 0) {
      await appendAudit(tx as unknown as Db, {
        actorId: null,
        actorEmail: null,
        action: "import",
        entity: "areas",
        entityId: source,
        before: null,
        after: { ...span, inserted, unchanged: plan.unchanged, rejected: parsed.rejected.length + plan.rejected.length },
      });
    }
    return {
      read: parsed.rows.length + parsed.rejected.length,
      inserted,
      unchanged: plan.unchanged,
      rejected: [...parsed.rejected, ...plan.rejected].sort((a, b) => a.line - b.line),
    };
  });
}
