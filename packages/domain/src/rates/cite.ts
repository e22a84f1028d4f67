import { argumentError } from "../argument-error.js";

/**
 * Legal citations are kept in English in the rates table (one string per row, so a corrected
 * row is one edit); this renders them the way a Vietnamese reader writes them. Numbers and
 * symbols (58/2014/QH13, NĐ-CP, QĐ-TTg) are the same in both languages.
 */
const terms: [RegExp, string][] = [
  [/Law on Social Insurance/g, "Luật Bảo hiểm xã hội"],
  [/Law on Health Insurance/g, "Luật Bảo hiểm y tế"],
  [/Multidimensional poverty decree for 2026–2030/g, "Nghị định chuẩn nghèo đa chiều giai đoạn 2026–2030"],
  [/\bDecree\b/g, "Nghị định"],
  [/\bDecision\b/g, "Quyết định"],
  [/\bResolution\b/g, "Nghị quyết"],
  [/\bCircular\b/g, "Thông tư"],
  [/, amended by /g, ", sửa đổi bởi "],
  [/, then /g, ", sau đó "],
  [/ and /g, " và "],
  [/\(state support from (\d{4})-(\d{2})-(\d{2})\)/g, "(ngân sách nhà nước hỗ trợ từ $3/$2/$1)"],
];

export function citeInVietnamese(source: string): string {
  if (typeof source !== "string") throw argumentError("RATES.INVALID_ROW", ["source"], { vi: "một chuỗi nguồn pháp lý", en: "a legal source string" }, source);
  return terms.reduce((s, [pattern, vi]) => s.replace(pattern, vi), source);
}
