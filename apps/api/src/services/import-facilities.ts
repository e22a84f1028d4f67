import { parse } from "csv-parse/sync";
import { appendAudit, areaRowsOn, facilityVersions, insertFacilities, type Db, type NewFacilityRow } from "@ansinh/db";
import { facilityProvince, isFacilityCode } from "@ansinh/domain/registry";
import { UserError } from "../fatal.js";

/** The columns of a facility list, in any order (other columns are ignored). */
export const FACILITY_COLUMNS = ["code", "name", "province_code"] as const;

export interface FacilitySpan {
  validFrom: string;
  validTo: string | null;
}

export interface RejectedFacilityRow {
  line: number;
  code: string;
  vi: string;
  en: string;
}

export interface FacilityImportReport {
  read: number;
  inserted: number;
  unchanged: number;
  rejected: RejectedFacilityRow[];
}

interface ParsedFacility {
  line: number;
  code: string;
  name: string;
  provinceCode: string;
}

/**
 * Reads a facility list (columns code,name,province_code). A file that is not such a list at all
 * (not CSV, wrong header) is refused whole with one message; each data row is checked and a wrong
 * one is reported with its line number (the header is line 1).
 */
export function parseFacilitiesCsv(text: string): { rows: ParsedFacility[]; rejected: RejectedFacilityRow[] } {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { relax_column_count: true, skip_empty_lines: true });
  } catch (e) {
    const reason = (e as Error).message.split("\n")[0];
    throw new UserError(`Tệp không phải CSV hợp lệ (${reason}) / The file is not valid CSV (${reason})`);
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const at = FACILITY_COLUMNS.map((c) => header.indexOf(c));
  if (at.some((i) => i < 0)) {
    throw new UserError(`Dòng tiêu đề phải có các cột ${FACILITY_COLUMNS.join(",")} / The header must have the columns ${FACILITY_COLUMNS.join(",")}`);
  }
  const rows: ParsedFacility[] = [];
  const rejected: RejectedFacilityRow[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((r, i) => {
    const line = i + 2;
    const [code, name, provinceCode] = at.map((k) => (r[k] ?? "").trim()) as [string, string, string];
    const reject = (vi: string, en: string) => rejected.push({ line, code, vi, en });
    if (!isFacilityCode(code))
      return reject(
        `Mã cơ sở "${code}" không hợp lệ (5 chữ số, 2 số đầu là mã tỉnh)`,
        `Facility code "${code}" is invalid (5 digits, the first two a province code)`,
      );
    if (name === "") return reject("Thiếu tên cơ sở", "The facility's name is missing");
    if (!/^\d{2}$/.test(provinceCode)) return reject(`Mã tỉnh "${provinceCode}" không hợp lệ`, `Province code "${provinceCode}" is invalid`);
    const first = seen.get(code);
    if (first !== undefined) return reject(`Mã ${code} đã có ở dòng ${first}`, `Code ${code} already on line ${first}`);
    seen.set(code, line);
    rows.push({ line, code, name, provinceCode });
  });
  return { rows, rejected };
}

/**
 * Imports a facility list for a span in one transaction, with one audit row. A row is refused when
 * its province is not a province in force on `validFrom`, or when the facility's own (pre-2025)
 * province (domain facilityProvince) is in force then and is not the row's province. A version
 * already stored identically is left as it is (re-importing changes nothing); one stored
 * differently is refused with its line.
 */
export async function importFacilities(db: Db, text: string, span: FacilitySpan, source = "(text)"): Promise<FacilityImportReport> {
  if (span.validTo && span.validTo < span.validFrom) {
    throw new UserError("--valid-to phải sau --valid-from / --valid-to must not be before --valid-from");
  }
  const parsed = parseFacilitiesCsv(text);
  return db.transaction(async (t) => {
    const provinces = new Set((await areaRowsOn(t, span.validFrom)).filter((a) => a.level === "province").map((a) => a.code));
    const stored = new Map((await facilityVersions(t)).filter((f) => f.validFrom === span.validFrom).map((f) => [f.code, f]));
    const rejected = [...parsed.rejected];
    const insert: NewFacilityRow[] = [];
    let unchanged = 0;
    for (const r of parsed.rows) {
      const reject = (vi: string, en: string) => rejected.push({ line: r.line, code: r.code, vi, en });
      if (!provinces.has(r.provinceCode)) {
        reject(`Không có tỉnh mã ${r.provinceCode} vào ngày ${span.validFrom}`, `No province with code ${r.provinceCode} on ${span.validFrom}`);
        continue;
      }
      const own = facilityProvince(r.code)!;
      if (provinces.has(own.code) && own.code !== r.provinceCode) {
        reject(`Mã ${r.code} thuộc tỉnh ${own.code}, không phải ${r.provinceCode}`, `Code ${r.code} belongs to province ${own.code}, not ${r.provinceCode}`);
        continue;
      }
      const before = stored.get(r.code);
      if (before) {
        if (before.name === r.name && before.provinceCode === r.provinceCode && before.validTo === span.validTo) unchanged++;
        else reject(`Mã ${r.code} đã có từ ${span.validFrom} với nội dung khác`, `Code ${r.code} is already stored from ${span.validFrom} with other details`);
        continue;
      }
      insert.push({ code: r.code, name: r.name, provinceCode: r.provinceCode, validFrom: span.validFrom, validTo: span.validTo });
    }
    const inserted = await insertFacilities(t, insert);
    if (inserted > 0) {
      await appendAudit(t, {
        actorId: null,
        actorEmail: null,
        action: "import",
        entity: "facilities",
        entityId: source,
        before: null,
        after: { ...span, inserted, unchanged, rejected: rejected.length },
      });
    }
    return { read: parsed.rows.length + parsed.rejected.length, inserted, unchanged, rejected: rejected.sort((a, b) => a.line - b.line) };
  });
}
