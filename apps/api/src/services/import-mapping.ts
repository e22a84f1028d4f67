/**
 * The columns of an agent's list and how a file's headers map to them: the template's
 * Vietnamese headers (the domain's `agentRowFieldNames`), plus the receipt number, which the
 * registry keeps unique per agent (re-importing a line is then a duplicate, not a second payment).
 */
import { agentRowFieldNames, agentRowFields, normaliseName, type AgentRowField } from "@ansinh/domain/registry";

export const importFields = [...agentRowFields, "receiptNumber"] as const;
export type ImportField = (typeof importFields)[number];

export const importFieldNames: Readonly<Record<ImportField, { vi: string; en: string }>> = {
  ...agentRowFieldNames,
  receiptNumber: { vi: "Số biên lai", en: "Receipt number" },
};

/** Field → the header of the file's column that holds it (as written in the file). */
export type ColumnMapping = Partial<Record<ImportField, string>>;

/** Fields a file must map, per scheme (the rest are optional or checked row by row). */
export function requiredFields(scheme: string): ImportField[] {
  const both: ImportField[] = ["fullName", "birthDate", "gender", "personalId", "monthsPaid", "amountPaid", "receiptDate", "communeCode"];
  return scheme === "household_health_insurance" ? [...both, "householdCode", "householdRank", "facilityCode"] : [...both, "incomeOrBaseShare"];
}

/** Other ways agents' software writes these headers (compared without diacritics or case). */
const aliases: Partial<Record<ImportField, string[]>> = {
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
  receiptNumber: ["so bl", "so bien lai", "ma bien lai", "so phieu thu", "receipt no"],
};

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
  let both = 0;
  for (const g of x) if (y.has(g)) both++;
  return (2 * both) / (x.size + y.size);
}

/** How well `header` names `field` (1 = the template's header or a known alias). */
export function headerScore(field: ImportField, header: string): number {
  const h = normaliseName(header);
  if (h === "") return 0;
  const names = [importFieldNames[field].vi, importFieldNames[field].en, ...(aliases[field] ?? [])].map((n) => normaliseName(n));
  let best = 0;
  for (const n of names) best = Math.max(best, similarity(h, n));
  return best;
}

/**
 * A mapping suggested for a file's headers: the agent's saved mapping where its headers are
 * present, then each remaining field to the most similar unused header (above 0.6), best first.
 */
export function suggestMapping(headers: readonly string[], saved?: ColumnMapping | null): ColumnMapping {
  const out: ColumnMapping = {};
  const used = new Set<string>();
  const present = new Set(headers);
  for (const f of importFields) {
    const h = saved?.[f];
    if (h && present.has(h) && !used.has(h)) {
      out[f] = h;
      used.add(h);
    }
  }
  const candidates: { f: ImportField; h: string; s: number }[] = [];
  for (const f of importFields) {
    if (out[f]) continue;
    for (const h of headers) if (!used.has(h)) candidates.push({ f, h, s: headerScore(f, h) });
  }
  candidates.sort((a, b) => b.s - a.s || importFields.indexOf(a.f) - importFields.indexOf(b.f));
  for (const c of candidates) {
    if (c.s < 0.6) break;
    if (out[c.f] || used.has(c.h)) continue;
    out[c.f] = c.h;
    used.add(c.h);
  }
  return out;
}

/** Problems of a mapping against a file's headers: a required field unmapped, a header not in the file, one header twice. */
export function mappingProblems(mapping: ColumnMapping, headers: readonly string[], scheme: string): { path: string[]; vi: string; en: string }[] {
  const problems: { path: string[]; vi: string; en: string }[] = [];
  const present = new Set(headers);
  const seen = new Map<string, ImportField>();
  for (const f of importFields) {
    const h = mapping[f];
    if (h === undefined || h === "") continue;
    if (!present.has(h)) problems.push({ path: ["mapping", f], vi: `Tệp không có cột "${h}"`, en: `The file has no column "${h}"` });
    else if (seen.has(h)) {
      const other = seen.get(h)!;
      problems.push({
        path: ["mapping", f],
        vi: `Cột "${h}" đã được chọn cho "${importFieldNames[other].vi}"`,
        en: `Column "${h}" is already used for "${importFieldNames[other].en}"`,
      });
    } else seen.set(h, f);
  }
  for (const f of requiredFields(scheme)) {
    if (!mapping[f]) problems.push({ path: ["mapping", f], vi: `Chưa chọn cột cho "${importFieldNames[f].vi}"`, en: `No column chosen for "${importFieldNames[f].en}"` });
  }
  return problems;
}

/** Column index of each mapped field in a header row. */
export function columnIndexes(mapping: ColumnMapping, headers: readonly string[]): Partial<Record<ImportField, number>> {
  const out: Partial<Record<ImportField, number>> = {};
  for (const f of importFields) {
    const h = mapping[f];
    if (!h) continue;
    const i = headers.indexOf(h);
    if (i >= 0) out[f] = i;
  }
  return out;
}

/** A row's cells as the mapped fields (absent columns: not set). */
export function mapCells(cells: readonly string[], indexes: Partial<Record<ImportField, number>>): Partial<Record<ImportField, string>> {
  const out: Partial<Record<ImportField, string>> = {};
  for (const [f, i] of Object.entries(indexes) as [ImportField, number][]) out[f] = cells[i] ?? "";
  return out;
}

export type { AgentRowField };
