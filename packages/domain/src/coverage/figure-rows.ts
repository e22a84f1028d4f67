/**
 * Figures from outside (docs/rules.md §6): population (total and working age, per unit and year) and
 * the agency's insured counts by group (per unit, report date, scheme and group), as files with
 * Vietnamese headers. Here: the columns, recognising a header (with or without diacritics), the
 * check of one row (coded problems `{ code, path, vi, en }`), which unit version a row means, and
 * whether a stored figure changes.
 *
 * Which unit version a row means (codes are reused across eras, e.g. 91 was Kiên Giang and is An
 * Giang from 2025-07-01):
 * - insured counts: the unit with that code in force on the report date;
 * - population of a year: the unit in force on the row's "Ngày hiệu lực" (effective date, optional,
 *   within that year) or, without one, on the year's last day (31/12: a 2025 figure for code 91
 *   is An Giang's); a code no longer in force on 31/12 (a district abolished by the 2025 reform)
 *   means its version in force last during that year.
 */
import * as z from "zod/mini";
import { isIsoDate, type IsoDate } from "../dates.js";
import { argumentError } from "../argument-error.js";
import type { CoverageErrorCode } from "../error-codes.js";
import { normaliseName } from "../registry/names.js";
import { parseSheetDate } from "../registry/sheet-values.js";
import { parseOrThrow } from "../validation.js";
import { coverageSchemes, type CoverageScheme } from "./denominator.js";

export const figureKinds = ["population", "insured"] as const;
export type FigureKind = (typeof figureKinds)[number];

export const populationColumns = ["areaCode", "areaName", "year", "total", "workingAge", "effectiveDate"] as const;
export const insuredColumns = ["areaCode", "areaName", "asOf", "scheme", "insuredGroup", "count"] as const;
export type PopulationColumn = (typeof populationColumns)[number];
export type InsuredColumn = (typeof insuredColumns)[number];
export type FigureColumn = PopulationColumn | InsuredColumn;

/** The template's headers (Vietnamese first) and their English names. */
export const figureColumnNames: Readonly<Record<FigureColumn, { vi: string; en: string }>> = {
  areaCode: { vi: "Mã đơn vị", en: "Unit code" },
  areaName: { vi: "Tên đơn vị", en: "Unit name" },
  year: { vi: "Năm", en: "Year" },
  total: { vi: "Dân số", en: "Population" },
  workingAge: { vi: "Dân số trong độ tuổi lao động", en: "Working-age population" },
  effectiveDate: { vi: "Ngày hiệu lực", en: "Effective date" },
  asOf: { vi: "Ngày báo cáo", en: "Report date" },
  scheme: { vi: "Loại bảo hiểm", en: "Scheme" },
  insuredGroup: { vi: "Nhóm đối tượng", en: "Insured group" },
  count: { vi: "Số người tham gia", en: "Insured count" },
};

/** Columns a file of each kind must have (the others are optional; the unit name is only read by people). */
export const requiredFigureColumns: Readonly<Record<FigureKind, readonly FigureColumn[]>> = {
  population: ["areaCode", "year", "total"],
  insured: ["areaCode", "asOf", "scheme", "insuredGroup", "count"],
};

const columnsOf: Readonly<Record<FigureKind, readonly FigureColumn[]>> = { population: populationColumns, insured: insuredColumns };

/** Other ways the agency's and statistics offices' sheets write the headers (compared without diacritics or case). */
const aliases: Partial<Record<FigureColumn, readonly string[]>> = {
  areaCode: ["ma", "ma dv", "ma don vi hanh chinh", "ma dvhc", "ma xa", "ma huyen", "ma tinh", "code", "area code", "unit"],
  areaName: ["ten", "ten dv", "don vi", "ten don vi hanh chinh", "name", "area name"],
  year: ["nam thong ke", "year"],
  total: ["tong dan so", "dan so trung binh", "so dan", "total population", "total"],
  workingAge: ["dan so trong tuoi lao dong", "dan so do tuoi lao dong", "trong do tuoi lao dong", "luc luong lao dong", "working age", "working age population"],
  effectiveDate: ["ngay ap dung", "effective on", "valid on"],
  asOf: ["ngay", "ngay so lieu", "den ngay", "as of", "as of date", "date"],
  scheme: ["loai", "loai hinh", "loai bao hiem", "scheme", "insurance"],
  insuredGroup: ["nhom", "nhom doi tuong tham gia", "doi tuong", "group", "insured group"],
  count: ["so nguoi", "so nguoi tham gia bao hiem", "so luong", "so doi tuong", "so nguoi co the", "insured", "count", "number insured"],
};

const keysOf = Object.fromEntries(
  (Object.keys(figureColumnNames) as FigureColumn[]).map((c) => [
    c,
    new Set([figureColumnNames[c].vi, figureColumnNames[c].en, ...(aliases[c] ?? [])].map((n) => normaliseName(n))),
  ]),
) as Record<FigureColumn, Set<string>>;

/** The groups a coverage report counts, per scheme: the stored key and its names. */
export const insuredGroups: Readonly<Record<CoverageScheme, Readonly<Record<string, { vi: string; en: string }>>>> = {
  health_insurance: {
    employees: { vi: "Người lao động và người sử dụng lao động đóng", en: "Employees and employers" },
    pensioners_and_allowances: { vi: "Hưởng lương hưu, trợ cấp", en: "Pensioners and allowance recipients" },
    poor_near_poor_ethnic: { vi: "Hộ nghèo, cận nghèo, dân tộc thiểu số", en: "Poor, near-poor and ethnic minorities" },
    children_under_6: { vi: "Trẻ em dưới 6 tuổi", en: "Children under 6" },
    students: { vi: "Học sinh, sinh viên", en: "Students" },
    household: { vi: "Hộ gia đình", en: "Households" },
    other: { vi: "Khác", en: "Other" },
  },
  social_insurance: {
    compulsory: { vi: "BHXH bắt buộc", en: "Compulsory social insurance" },
    voluntary: { vi: "BHXH tự nguyện", en: "Voluntary social insurance" },
    other: { vi: "Khác", en: "Other" },
  },
};

const groupAliases: Partial<Record<string, readonly string[]>> = {
  employees: ["nguoi lao dong", "nld", "employees"],
  pensioners_and_allowances: ["huu tri", "luong huu", "huong luong huu tro cap bhxh", "pensioners"],
  poor_near_poor_ethnic: ["ho ngheo", "ngheo can ngheo dtts", "ho ngheo can ngheo dan toc thieu so", "poor"],
  children_under_6: ["tre em", "tre em duoi 6 tuoi", "tre duoi 6 tuoi", "children"],
  students: ["hoc sinh", "hssv", "hoc sinh sinh vien", "pupils and students"],
  household: ["ho gia dinh", "bhyt ho gia dinh", "households", "household"],
  compulsory: ["bat buoc", "bao hiem xa hoi bat buoc", "compulsory"],
  voluntary: ["tu nguyen", "bao hiem xa hoi tu nguyen", "voluntary"],
  other: ["nhom khac", "doi tuong khac", "other"],
};

const schemeNames: Readonly<Record<CoverageScheme, { vi: string; en: string; aliases: readonly string[] }>> = {
  health_insurance: { vi: "Bảo hiểm y tế", en: "Health insurance", aliases: ["bhyt", "y te", "health_insurance", "health"] },
  social_insurance: { vi: "Bảo hiểm xã hội", en: "Social insurance", aliases: ["bhxh", "xa hoi", "social_insurance", "social"] },
};

/** The Vietnamese and English names of a scheme as a file writes them. */
export const figureSchemeNames: Readonly<Record<CoverageScheme, { vi: string; en: string }>> = {
  health_insurance: { vi: schemeNames.health_insurance.vi, en: schemeNames.health_insurance.en },
  social_insurance: { vi: schemeNames.social_insurance.vi, en: schemeNames.social_insurance.en },
};

/** One problem of a figures file: a stable code, the column (or `header`), and both texts. */
export interface FigureProblem {
  code: CoverageErrorCode;
  path: string[];
  vi: string;
  en: string;
}

export interface PopulationFigureRow {
  areaCode: string;
  year: number;
  total: number;
  workingAge: number | null;
  effectiveDate: IsoDate | null;
}

export interface InsuredFigureRow {
  areaCode: string;
  asOf: IsoDate;
  scheme: CoverageScheme;
  insuredGroup: string;
  count: number;
}

export type FigureRow = PopulationFigureRow | InsuredFigureRow;

/** Column → its index in the file's header row. */
export type FigureColumnIndex = Partial<Record<FigureColumn, number>>;

export const MIN_FIGURE_YEAR = 1990;
export const MAX_FIGURE_YEAR = 2100;
/** No unit holds more people than this (Việt Nam: ~100 million). */
export const MAX_FIGURE_COUNT = 200_000_000;

const kindSchema = z.enum(figureKinds, { error: "figures.kind" });
const cellsSchema = z.array(z.string());
const indexSchema = z.partialRecord(z.enum([...new Set([...populationColumns, ...insuredColumns])] as [FigureColumn, ...FigureColumn[]]), z.number().check(z.int(), z.gte(0)));

function problem(code: CoverageErrorCode, column: string, vi: string, en: string): FigureProblem {
  return { code, path: [column], vi, en };
}

const label = (c: FigureColumn) => figureColumnNames[c];

/**
 * Which column of a header row holds each field: the template's Vietnamese or English header or a
 * known alias, compared without diacritics, case or extra spaces (`Ma don vi` = `Mã đơn vị`).
 * Problems: a required column missing (`COVERAGE.FIGURE_COLUMN_MISSING`), a field named by two
 * columns (`COVERAGE.FIGURE_COLUMN_REPEATED`). Other columns are ignored.
 */
export function locateFigureColumns(kind: FigureKind, header: readonly string[]): { columns: FigureColumnIndex; problems: FigureProblem[] } {
  const args = parseOrThrow(z.strictObject({ kind: kindSchema, header: cellsSchema }), { kind, header }, "COVERAGE.INVALID_INPUT");
  const columns: FigureColumnIndex = {};
  const problems: FigureProblem[] = [];
  args.header.forEach((h, i) => {
    const key = normaliseName(h);
    if (key === "") return;
    for (const c of columnsOf[args.kind]) {
      if (!keysOf[c].has(key)) continue;
      if (columns[c] !== undefined) {
        problems.push(problem("COVERAGE.FIGURE_COLUMN_REPEATED", "header", `Cột "${label(c).vi}" xuất hiện hai lần`, `The column "${label(c).en}" appears twice`));
      } else columns[c] = i;
      return;
    }
  });
  for (const c of requiredFigureColumns[args.kind]) {
    if (columns[c] === undefined) {
      problems.push(problem("COVERAGE.FIGURE_COLUMN_MISSING", "header", `Thiếu cột "${label(c).vi}"`, `The column "${label(c).en}" is missing`));
    }
  }
  return { columns, problems };
}

/** A count as written: digits, with `.`, `,` or spaces between thousands, or `12.0`. */
function parseCount(text: string): number | null {
  const s = text.replace(/[\s\u00a0]/g, "");
  let digits: string | null = null;
  if (/^\d+$/.test(s)) digits = s;
  else if (/^\d{1,3}(\.\d{3})+$/.test(s)) digits = s.replace(/\./g, "");
  else if (/^\d{1,3}(,\d{3})+$/.test(s)) digits = s.replace(/,/g, "");
  else if (/^\d+[.,]0+$/.test(s)) digits = s.replace(/[.,]0+$/, "");
  if (digits === null) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

const keyOf = (s: string) => normaliseName(s).replace(/_/g, " ");

function schemeOf(text: string): CoverageScheme | null {
  const k = keyOf(text);
  for (const s of coverageSchemes) {
    const n = schemeNames[s];
    if ([n.vi, n.en, ...n.aliases].some((a) => keyOf(a) === k)) return s;
  }
  return null;
}

function groupOf(scheme: CoverageScheme, text: string): string | null {
  const k = keyOf(text);
  for (const [key, names] of Object.entries(insuredGroups[scheme])) {
    if ([key, names.vi, names.en, ...(groupAliases[key] ?? [])].some((a) => keyOf(a) === k)) return key;
  }
  return null;
}

function sheetDate(text: string): IsoDate | null {
  const d = parseSheetDate(text);
  if (d === null) return null;
  const y = Number(d.slice(0, 4));
  return y >= MIN_FIGURE_YEAR && y <= MAX_FIGURE_YEAR ? d : null;
}

/**
 * Checks one data row of a figures file (its cells as text, by the header's column index): the
 * row as stored, or every problem found, each coded with its column:
 * - the unit code: 2–5 digits kept as text (a code that lost its leading zero in a spreadsheet is
 *   refused with a hint, never padded by guess);
 * - population: the year (1990–2100), the population and working-age population as whole numbers
 *   ≥ 0 with working age ≤ total, an optional effective date inside that year;
 * - insured counts: the report date (dd/MM/yyyy, yyyy-mm-dd or an Excel serial), the scheme and
 *   group by their Vietnamese or English name (or the stored key), the count (whole, ≥ 0).
 */
export function checkFigureRow(
  kind: FigureKind,
  cells: readonly string[],
  columns: FigureColumnIndex,
): { ok: true; row: FigureRow } | { ok: false; problems: FigureProblem[] } {
  const args = parseOrThrow(z.strictObject({ kind: kindSchema, cells: cellsSchema, columns: indexSchema }), { kind, cells, columns }, "COVERAGE.INVALID_INPUT");
  const cell = (c: FigureColumn) => {
    const i = args.columns[c];
    return i === undefined ? "" : (args.cells[i] ?? "").normalize("NFC").trim();
  };
  const problems: FigureProblem[] = [];
  const required = (c: FigureColumn): string | null => {
    const v = cell(c);
    if (v === "") {
      problems.push(problem("COVERAGE.FIGURE_REQUIRED", c, `Thiếu "${label(c).vi}"`, `"${label(c).en}" is missing`));
      return null;
    }
    return v;
  };
  const count = (c: FigureColumn, v: string): number | null => {
    const n = parseCount(v);
    if (n === null || n > MAX_FIGURE_COUNT) {
      problems.push(
        problem(
          "COVERAGE.FIGURE_COUNT_INVALID",
          c,
          `"${label(c).vi}" phải là số nguyên không âm, tối đa ${MAX_FIGURE_COUNT.toLocaleString("vi-VN")} (nhận được: "${v}")`,
          `"${label(c).en}" must be a whole number from 0 to ${MAX_FIGURE_COUNT.toLocaleString("en-US")} (got "${v}")`,
        ),
      );
      return null;
    }
    return n;
  };

  const codeText = required("areaCode");
  let areaCode: string | null = null;
  if (codeText !== null) {
    if (/^\d{2,5}$/.test(codeText)) areaCode = codeText;
    else {
      const lost = /^\d$/.test(codeText) || /^\d+\.0+$/.test(codeText);
      problems.push(
        problem(
          "COVERAGE.FIGURE_CODE_INVALID",
          "areaCode",
          `Mã đơn vị gồm 2–5 chữ số, giữ cả số 0 ở đầu (nhận được: "${codeText}")${lost ? "; hãy định dạng cột là Văn bản (Text) để không mất số 0 ở đầu" : ""}`,
          `A unit code is 2–5 digits, leading zeros kept (got "${codeText}")${lost ? "; format the column as Text so leading zeros are not lost" : ""}`,
        ),
      );
    }
  }

  if (args.kind === "population") {
    const yearText = required("year");
    let year: number | null = null;
    if (yearText !== null) {
      const m = /^(\d{4})(?:[.,]0+)?$/.exec(yearText);
      const y = m ? Number(m[1]) : NaN;
      if (y >= MIN_FIGURE_YEAR && y <= MAX_FIGURE_YEAR) year = y;
      else
        problems.push(
          problem("COVERAGE.FIGURE_YEAR_INVALID", "year", `Năm phải từ ${MIN_FIGURE_YEAR} đến ${MAX_FIGURE_YEAR} (nhận được: "${yearText}")`, `The year must be from ${MIN_FIGURE_YEAR} to ${MAX_FIGURE_YEAR} (got "${yearText}")`),
        );
    }
    const totalText = required("total");
    const total = totalText === null ? null : count("total", totalText);
    const workingText = cell("workingAge");
    const workingAge = workingText === "" ? null : count("workingAge", workingText);
    if (total !== null && workingAge !== null && workingAge > total) {
      problems.push(
        problem(
          "COVERAGE.FIGURE_WORKING_AGE_ABOVE_TOTAL",
          "workingAge",
          `Dân số trong độ tuổi lao động (${workingAge.toLocaleString("vi-VN")}) lớn hơn dân số (${total.toLocaleString("vi-VN")})`,
          `The working-age population (${workingAge.toLocaleString("en-US")}) is above the population (${total.toLocaleString("en-US")})`,
        ),
      );
    }
    const effText = cell("effectiveDate");
    let effectiveDate: IsoDate | null = null;
    if (effText !== "") {
      effectiveDate = sheetDate(effText);
      if (effectiveDate === null) {
        problems.push(problem("COVERAGE.FIGURE_DATE_INVALID", "effectiveDate", `Ngày hiệu lực phải có dạng dd/MM/yyyy (nhận được: "${effText}")`, `The effective date must be dd/MM/yyyy (got "${effText}")`));
      } else if (year !== null && Number(effectiveDate.slice(0, 4)) !== year) {
        problems.push(
          problem("COVERAGE.FIGURE_DATE_OUTSIDE_YEAR", "effectiveDate", `Ngày hiệu lực phải thuộc năm ${year} (nhận được: "${effText}")`, `The effective date must fall in ${year} (got "${effText}")`),
        );
      }
    }
    if (problems.length || areaCode === null || year === null || total === null) return { ok: false, problems };
    return { ok: true, row: { areaCode, year, total, workingAge, effectiveDate } };
  }

  const dateText = required("asOf");
  let asOf: IsoDate | null = null;
  if (dateText !== null) {
    asOf = sheetDate(dateText);
    if (asOf === null) {
      problems.push(
        problem(
          "COVERAGE.FIGURE_DATE_INVALID",
          "asOf",
          `Ngày báo cáo phải có dạng dd/MM/yyyy, từ năm ${MIN_FIGURE_YEAR} (nhận được: "${dateText}")`,
          `The report date must be dd/MM/yyyy, from ${MIN_FIGURE_YEAR} on (got "${dateText}")`,
        ),
      );
    }
  }
  const schemeText = required("scheme");
  let scheme: CoverageScheme | null = null;
  if (schemeText !== null) {
    scheme = schemeOf(schemeText);
    if (scheme === null) {
      problems.push(
        problem(
          "COVERAGE.FIGURE_SCHEME_UNKNOWN",
          "scheme",
          `Loại bảo hiểm là "${schemeNames.health_insurance.vi}" (BHYT) hoặc "${schemeNames.social_insurance.vi}" (BHXH) (nhận được: "${schemeText}")`,
          `The scheme is "${schemeNames.health_insurance.en}" or "${schemeNames.social_insurance.en}" (got "${schemeText}")`,
        ),
      );
    }
  }
  const groupText = required("insuredGroup");
  let insuredGroup: string | null = null;
  if (groupText !== null && scheme !== null) {
    insuredGroup = groupOf(scheme, groupText);
    if (insuredGroup === null) {
      const names = Object.values(insuredGroups[scheme]);
      problems.push(
        problem(
          "COVERAGE.FIGURE_GROUP_UNKNOWN",
          "insuredGroup",
          `Nhóm đối tượng không có trong danh mục của ${schemeNames[scheme].vi}: ${names.map((n) => n.vi).join("; ")} (nhận được: "${groupText}")`,
          `Not an insured group of ${schemeNames[scheme].en.toLowerCase()}: ${names.map((n) => n.en).join("; ")} (got "${groupText}")`,
        ),
      );
    }
  }
  const countText = required("count");
  const n = countText === null ? null : count("count", countText);
  if (problems.length || areaCode === null || asOf === null || scheme === null || insuredGroup === null || n === null) return { ok: false, problems };
  return { ok: true, row: { areaCode, asOf, scheme, insuredGroup, count: n } };
}

/** A stored unit version: its id, and the span it is in force. */
export interface FigureUnitVersion {
  id: number;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

const versionSchema = z.strictObject({
  id: z.number().check(z.int()),
  validFrom: z.string().check(z.refine(isIsoDate, { error: "date" })),
  validTo: z.nullable(z.string().check(z.refine(isIsoDate, { error: "date" }))),
});
const rowSchema = z.union([
  z.object({ areaCode: z.string(), year: z.number().check(z.int()), effectiveDate: z.nullable(z.string().check(z.refine(isIsoDate, { error: "date" }))) }),
  z.object({ areaCode: z.string(), asOf: z.string().check(z.refine(isIsoDate, { error: "date" })) }),
]);

const inForce = (v: FigureUnitVersion, d: IsoDate) => v.validFrom <= d && (v.validTo === null || v.validTo >= d);

/**
 * The date on which a row's unit is looked up: the report date of an insured count; for a
 * population, its effective date, else the 31 December of its year.
 */
export function figureUnitDate(row: FigureRow): IsoDate {
  const r = parseOrThrow(rowSchema, row, "COVERAGE.INVALID_INPUT");
  if ("asOf" in r) return r.asOf;
  return r.effectiveDate ?? `${r.year}-12-31`;
}

/**
 * Which of a code's stored versions a row means (see the module's note): the version in force on
 * `figureUnitDate(row)`; for a population without an effective date and no version in force on
 * 31/12, the version in force last during the year. Null when none: the row is rejected with
 * `COVERAGE.FIGURE_UNIT_UNKNOWN`.
 */
export function figureUnitVersion(row: FigureRow, versions: readonly FigureUnitVersion[]): FigureUnitVersion | null {
  const r = parseOrThrow(rowSchema, row, "COVERAGE.INVALID_INPUT");
  const vs = parseOrThrow(z.array(versionSchema), versions, "COVERAGE.INVALID_INPUT");
  const date = figureUnitDate(row);
  const hit = vs.find((v) => inForce(v, date));
  if (hit) return hit;
  if ("asOf" in r || r.effectiveDate !== null) return null;
  const start = `${r.year}-01-01`;
  const during = vs.filter((v) => v.validFrom <= date && v.validTo !== null && v.validTo >= start);
  during.sort((a, b) => (a.validTo! < b.validTo! ? 1 : -1));
  return during[0] ?? null;
}

/** The problem of a row whose code names no unit in force when the row means. */
export function unitUnknownProblem(row: FigureRow): FigureProblem {
  const date = figureUnitDate(row);
  const shown = `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
  const when = "asOf" in row ? { vi: `ngày ${shown}`, en: `on ${shown}` } : row.effectiveDate ? { vi: `ngày ${shown}`, en: `on ${shown}` } : { vi: `trong năm ${row.year}`, en: `during ${row.year}` };
  return problem("COVERAGE.FIGURE_UNIT_UNKNOWN", "areaCode", `Không có đơn vị mã ${row.areaCode} có hiệu lực ${when.vi}`, `No unit with code ${row.areaCode} is in force ${when.en}`);
}

/** The problem of a row about a unit outside the caller's areas. */
export function unitOutOfScopeProblem(row: FigureRow): FigureProblem {
  const r = parseOrThrow(rowSchema, row, "COVERAGE.INVALID_INPUT");
  return problem("COVERAGE.FIGURE_UNIT_OUT_OF_SCOPE", "areaCode", `Đơn vị mã ${r.areaCode} nằm ngoài địa bàn của bạn`, `The unit ${r.areaCode} is outside your areas`);
}

/** What identifies a figure once its unit version is known: a second row with the same key in one file is refused. */
export function figureKey(row: FigureRow, unitId: number): string {
  const r = parseOrThrow(rowSchema, row, "COVERAGE.INVALID_INPUT");
  if (!Number.isSafeInteger(unitId)) throw argumentError("COVERAGE.INVALID_INPUT", ["unitId"], { vi: "một số nguyên", en: "a whole number" }, unitId);
  if ("asOf" in r) {
    const ins = row as InsuredFigureRow;
    return `${unitId}|${ins.asOf}|${ins.scheme}|${ins.insuredGroup}`;
  }
  return `${unitId}|${r.year}`;
}

/** The problem of a second row with the same unit, year (or date, scheme and group) in one file. */
export function duplicateRowProblem(firstLine: number): FigureProblem {
  if (!Number.isSafeInteger(firstLine)) throw argumentError("COVERAGE.INVALID_INPUT", ["firstLine"], { vi: "số dòng", en: "a line number" }, firstLine);
  return problem("COVERAGE.FIGURE_DUPLICATE_IN_FILE", "areaCode", `Trùng với dòng ${firstLine} của tệp (cùng đơn vị và kỳ số liệu)`, `Same unit and period as line ${firstLine} of the file`);
}

/** The stored value a figure compares with: population `{ total, workingAge }`, insured `{ count }`. */
export type StoredFigure = { total: number; workingAge: number | null } | { count: number };

/**
 * What importing a checked row does to what is stored: `imported` (new, or a different value that
 * replaces the stored one) or `unchanged` (the same value is already stored).
 */
export function figureOutcome(row: FigureRow, stored: StoredFigure | null | undefined): "imported" | "unchanged" {
  const r = parseOrThrow(rowSchema, row, "COVERAGE.INVALID_INPUT");
  if (stored == null) return "imported";
  if (typeof stored !== "object") throw argumentError("COVERAGE.INVALID_INPUT", ["stored"], { vi: "giá trị đã lưu", en: "a stored value" }, stored);
  if ("asOf" in r) return "count" in stored && stored.count === (row as InsuredFigureRow).count ? "unchanged" : "imported";
  const p = row as PopulationFigureRow;
  return "total" in stored && stored.total === p.total && (stored.workingAge ?? null) === p.workingAge ? "unchanged" : "imported";
}
