import { parse } from "csv-parse/sync";
import { appendAudit, insertAreaMappings, type Db } from "@ansinh/db";
import { areaCodeSchema } from "@ansinh/domain/areas";
import { UserError } from "../fatal.js";

/** The columns the shared mapping file has (mapping-2024-to-2025.csv); the others are kept as a note. */
export const MAPPING_COLUMNS = ["old_commune_code", "new_commune_code", "overlap"] as const;

export interface MappingImportReport {
  read: number;
  inserted: number;
  unchanged: number;
  rejected: { line: number; code: string; vi: string; en: string }[];
}

/**
 * Imports an old→new unit mapping (columns old_commune_code, new_commune_code, …, overlap, note;
 * an empty old commune code is a district without communes, taken from old_district_code)
 * into area_mappings, in one transaction with one audit row. `oldValidOn` / `newValidOn` are days
 * on which the old and the new codes are in force (codes are reused across eras). A row already
 * present is left alone; a row with a bad code or overlap is reported by line.
 */
export async function importAreaMapping(
  db: Db,
  text: string,
  era: { oldValidOn: string; newValidOn: string },
  source = "(text)",
): Promise<MappingImportReport> {
  if (era.newValidOn <= era.oldValidOn) {
    throw new UserError("--new-valid-on phải sau --old-valid-on / --new-valid-on must be after --old-valid-on");
  }
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { relax_column_count: true, skip_empty_lines: true });
  } catch (e) {
    const reason = (e as Error).message.split("\n")[0];
    throw new UserError(`Tệp không phải CSV hợp lệ (${reason}) / The file is not valid CSV (${reason})`);
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const at = Object.fromEntries(MAPPING_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof MAPPING_COLUMNS)[number], number>;
  if (at.old_commune_code < 0 || at.new_commune_code < 0) {
    throw new UserError(
      `Dòng tiêu đề phải có các cột old_commune_code,new_commune_code[,overlap] / The header must have the columns old_commune_code,new_commune_code[,overlap]`,
    );
  }
  const noteAt = header.indexOf("note");
  // A district that had no communes before the reform is mapped by its district code.
  const districtAt = header.indexOf("old_district_code");
  const rows: { oldCode: string; oldValidOn: string; newCode: string; newValidOn: string; overlap: "full" | "partial"; note: string | null }[] = [];
  const rejected: MappingImportReport["rejected"] = [];
  records.slice(1).forEach((r, i) => {
    const line = i + 2;
    const oldCode = (r[at.old_commune_code] ?? "").trim() || (districtAt >= 0 ? (r[districtAt] ?? "").trim() : "");
    const newCode = (r[at.new_commune_code] ?? "").trim();
    const overlap = at.overlap >= 0 ? (r[at.overlap] ?? "").trim() || "full" : "full";
    if (!areaCodeSchema.safeParse(oldCode).success || !areaCodeSchema.safeParse(newCode).success) {
      rejected.push({ line, code: oldCode, vi: "Mã đơn vị gồm 2–5 chữ số", en: "A unit code is 2–5 digits" });
      return;
    }
    if (overlap !== "full" && overlap !== "partial") {
      rejected.push({ line, code: oldCode, vi: "Cột overlap: full hoặc partial", en: "The overlap column: full or partial" });
      return;
    }
    const note = noteAt >= 0 ? (r[noteAt] ?? "").trim() : "";
    rows.push({ oldCode, oldValidOn: era.oldValidOn, newCode, newValidOn: era.newValidOn, overlap, note: note || null });
  });
  return db.transaction(async (tx) => {
    const inserted = await insertAreaMappings(tx, rows);
    if (inserted > 0) {
      await appendAudit(tx, {
        actorId: null,
        actorEmail: null,
        action: "import",
        entity: "area_mappings",
        entityId: source,
        before: null,
        after: { ...era, inserted, unchanged: rows.length - inserted, rejected: rejected.length },
      });
    }
    return { read: records.length - 1, inserted, unchanged: rows.length - inserted, rejected };
  });
}
