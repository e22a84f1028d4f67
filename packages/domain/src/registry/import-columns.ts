import * as z from "zod/mini";
import { schemeSchema, type Scheme } from "../schemes.js";
import { parseOrThrow } from "../validation.js";
import { agentRowFieldNames, agentRowFields } from "./agent-row.js";
import type { RegistryProblem } from "./codes.js";
import { normaliseName } from "./names.js";
import { registryCode } from "./schemas.js";

/**
 * The columns of an agent's list as an import reads them (docs/rules.md §4b): the row's fields, plus
 * the receipt number, which the registry keeps unique per agent — so a line imported again is a
 * duplicate, not a second payment — and, optionally, the outreach event (its number) the line is
 * attributed to.
 */
export const importColumns = [...agentRowFields, "receiptNumber", "outreachEvent"] as const;
export type ImportColumn = (typeof importColumns)[number];

/** The template's headers (Vietnamese) and their English names. */
export const importColumnNames: Readonly<Record<ImportColumn, { vi: string; en: string }>> = {
  ...agentRowFieldNames,
  receiptNumber: { vi: "Số biên lai", en: "Receipt number" },
  outreachEvent: { vi: "Mã sự kiện vận động", en: "Outreach event ID" },
};

/** Column → the header of the file's column that holds it, as written in the file. */
export type ColumnMapping = Partial<Record<ImportColumn, string>>;

/** A score at or above which a header is taken as naming a column. */
export const HEADER_MATCH_THRESHOLD = 0.6;

const both: ImportColumn[] = ["fullName", "birthDate", "gender", "personalId", "monthsPaid", "amountPaid", "receiptDate", "communeCode"];
const required: Readonly<Record<Scheme, readonly ImportColumn[]>> = {
  voluntary_social_insurance: [...both, "incomeOrBaseShare"],
  household_health_insurance: [...both, "householdCode", "householdRank", "facilityCode"],
};

/** Other ways agents' software writes the headers (compared as `normaliseName` keys). */
const aliases: Partial<Record<ImportColumn, readonly string[]>> = {
  fullName: ["ho ten", "ten", "ho va ten nguoi tham gia", "name"],
  socialInsuranceNumber: ["ma bhxh", "so bhxh", "ma so bao hiem xa hoi", "so so bhxh"],
  birthDate: ["ngay thang nam sinh", "ngay sinh (dd/mm/yyyy)", "dob", "date of birth"],
  gender: ["gioi", "nam/nu", "sex"],
  personalId: ["cccd", "so cccd", "so dinh danh", "ma dinh danh", "so cmnd/cccd", "cmnd", "so cmnd", "id number"],
  phone: ["dien thoai", "sdt", "so dt", "dt"],
  ethnicity: ["ma dan toc"],
  nationality: ["ma quoc tich"],
  householdCode: ["ma ho", "ma ho gd", "so ho khau"],
  householdRank: ["stt ho", "stt trong ho", "thanh vien thu", "thu tu trong ho", "rank"],
  monthsPaid: ["so thang", "phuong thuc dong (thang)", "months"],
  incomeOrBaseShare: ["muc thu nhap", "thu nhap", "muc thu nhap lam can cu dong", "ty le", "ty le luong co so", "muc dong", "income"],
  amountPaid: ["so tien", "tien dong", "so tien phai dong", "amount"],
  receiptDate: ["ngay bl", "ngay thu tien", "ngay nop tien", "ngay dong"],
  oldCardFrom: ["tu ngay the cu", "han the cu tu"],
  oldCardTo: ["den ngay the cu", "han the cu den"],
  newCardFrom: ["tu ngay the moi", "han the moi tu", "tu ngay", "han the tu ngay"],
  newCardTo: ["den ngay the moi", "han the moi den", "den ngay", "han the den ngay"],
  facilityCode: ["ma kcb", "noi kcb", "ma noi kcb", "noi dang ky kcb", "ma benh vien", "ma bv"],
  communeCode: ["ma xa", "xa", "ma xa cu tru", "ma xa thuong tru"],
  caseKind: ["phuong an", "pa", "loai"],
  supportGroup: ["doi tuong", "nhom doi tuong", "doi tuong ho tro", "loai doi tuong", "doi tuong tham gia", "category", "group"],
  supportEvidence: ["giay chung nhan", "so giay chung nhan", "so chung nhan ho ngheo", "can cu xac dinh doi tuong", "evidence"],
  receiptNumber: ["so bl", "so bien lai", "ma bien lai", "so phieu thu", "receipt no"],
  outreachEvent: ["ma su kien", "su kien", "su kien van dong", "event", "event id"],
};

const namesOf = Object.fromEntries(
  importColumns.map((c) => [c, [importColumnNames[c].vi, importColumnNames[c].en, ...(aliases[c] ?? [])].map((n) => normaliseName(n))]),
) as Record<ImportColumn, string[]>;

const headersSchema = z.array(z.string());
const suggestArgs = z.strictObject({ headers: headersSchema, saved: z.optional(z.nullable(z.partialRecord(z.enum(importColumns), z.string()))) });
const problemsArgs = z.strictObject({ mapping: z.partialRecord(z.enum(importColumns), z.string()), headers: headersSchema, scheme: schemeSchema });

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  const t = ` ${s} `;
  for (let i = 0; i < t.length - 1; i++) out.add(t.slice(i, i + 2));
  return out;
}

/** Dice similarity of two normalised headers, 0 to 1. */
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = bigrams(a);
  const y = bigrams(b);
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return (2 * shared) / (x.size + y.size);
}

/** Headers of Vietnamese lists that name no column: the row number (STT) and the notes. */
const notAColumn = new Set(["stt", "tt", "so tt", "so thu tu", "ghi chu", "note", "notes"]);

function score(column: ImportColumn, header: string): number {
  const h = normaliseName(header);
  if (h === "" || notAColumn.has(h)) return 0;
  let best = 0;
  for (const n of namesOf[column]) best = Math.max(best, similarity(h, n));
  return best;
}

/**
 * The columns a file must map for a scheme (D05-TS voluntary: the chosen income; D03-TS
 * household: the household code, rank and facility); the rest are optional or checked row by
 * row. Throws `REGISTRY.INVALID_INPUT` for an unknown scheme.
 */
export function requiredImportColumns(scheme: Scheme): ImportColumn[] {
  const s = parseOrThrow(z.strictObject({ scheme: schemeSchema }), { scheme }, registryCode).scheme;
  return [...required[s]];
}

/**
 * How well a file's header names a column, 0 to 1 (1: the template's header or a known alias,
 * compared without diacritics, case or extra spaces; else the Dice similarity of their letter
 * pairs); 0 for the row number (STT) and notes columns. Throws `REGISTRY.INVALID_INPUT` for an unknown column or a header that is not text.
 */
export function headerScore(column: ImportColumn, header: string): number {
  const args = parseOrThrow(z.strictObject({ column: z.enum(importColumns), header: z.string() }), { column, header }, registryCode);
  return score(args.column, args.header);
}

/**
 * A mapping suggested for a file's headers: first the agent's saved mapping wherever its header
 * is in the file, then each remaining column to the most similar unused header scoring at least
 * `HEADER_MATCH_THRESHOLD`, best pairs first (ties: the template's column order). A header is
 * used once. Throws `REGISTRY.INVALID_INPUT` when `headers` is not a list of text.
 */
export function suggestColumnMapping(headers: readonly string[], saved?: ColumnMapping | null): ColumnMapping {
  const args = parseOrThrow(suggestArgs, { headers, saved: saved ?? null }, registryCode);
  const out: ColumnMapping = {};
  const used = new Set<string>();
  const present = new Set(args.headers);
  for (const c of importColumns) {
    const h = args.saved?.[c];
    if (h && present.has(h) && !used.has(h)) {
      out[c] = h;
      used.add(h);
    }
  }
  const candidates: { c: ImportColumn; h: string; s: number; order: number }[] = [];
  importColumns.forEach((c, order) => {
    if (out[c]) return;
    for (const h of args.headers) if (!used.has(h)) candidates.push({ c, h, s: score(c, h), order });
  });
  candidates.sort((a, b) => b.s - a.s || a.order - b.order);
  for (const x of candidates) {
    if (x.s < HEADER_MATCH_THRESHOLD) break;
    if (out[x.c] || used.has(x.h)) continue;
    out[x.c] = x.h;
    used.add(x.h);
  }
  return out;
}

/**
 * What is wrong with a mapping for a file and a scheme, one problem per column (`field` is the
 * column): `REGISTRY.MAPPING_COLUMN_MISSING` (the header is not in the file),
 * `REGISTRY.MAPPING_COLUMN_REUSED` (one header chosen for two columns),
 * `REGISTRY.MAPPING_REQUIRED` (a required column has no header). Empty when the mapping can be
 * used. Throws `REGISTRY.INVALID_INPUT` for arguments of the wrong shape.
 */
export function columnMappingProblems(mapping: ColumnMapping, headers: readonly string[], scheme: Scheme): RegistryProblem[] {
  const args = parseOrThrow(problemsArgs, { mapping, headers, scheme }, registryCode);
  const problems: RegistryProblem[] = [];
  const present = new Set(args.headers);
  const seen = new Map<string, ImportColumn>();
  for (const c of importColumns) {
    const h = args.mapping[c];
    if (h === undefined || h === "") continue;
    if (!present.has(h)) {
      problems.push({
        field: c,
        code: "REGISTRY.MAPPING_COLUMN_MISSING",
        vi: `Tệp không có cột "${h}"`,
        en: `The file has no column "${h}"`,
        details: { header: h },
      });
    } else if (seen.has(h)) {
      const other = seen.get(h)!;
      problems.push({
        field: c,
        code: "REGISTRY.MAPPING_COLUMN_REUSED",
        vi: `Cột "${h}" đã được chọn cho "${importColumnNames[other].vi}"`,
        en: `Column "${h}" is already used for "${importColumnNames[other].en}"`,
        details: { header: h, usedFor: other },
      });
    } else seen.set(h, c);
  }
  for (const c of required[args.scheme]) {
    if (!args.mapping[c]) {
      problems.push({
        field: c,
        code: "REGISTRY.MAPPING_REQUIRED",
        vi: `Chưa chọn cột cho "${importColumnNames[c].vi}"`,
        en: `No column chosen for "${importColumnNames[c].en}"`,
      });
    }
  }
  return problems;
}
