import { addDays, isIsoDate, parseDisplayDate, type IsoDate } from "../dates.js";

/** Day 0 of Excel's 1900 date system as it works from serial 61 (1900-03-01) on. */
const EXCEL_EPOCH: IsoDate = "1899-12-30";
/** Smallest serial read as a date: 10000 = 1927-05-18 (four-digit numbers are years, not dates). */
export const MIN_EXCEL_DATE_SERIAL = 10_000;
/** Largest serial read as a date: 99999 = 2173-10-14. */
export const MAX_EXCEL_DATE_SERIAL = 99_999;

/**
 * A date from a spreadsheet cell read as text, to `YYYY-MM-DD`, or null:
 * - `dd/MM/yyyy` as written in Vietnam (also `d/M/yyyy`, `dd-MM-yyyy`, `dd.MM.yyyy`);
 * - `yyyy-mm-dd`, also with a midnight time as a date cell stringifies (`1990-03-05T00:00:00.000Z`);
 * - an Excel serial day number stored as text (`32937` = 1990-03-05, 1900 date system), five
 *   digits with an optional fraction (a time of day, ignored). Four-digit numbers are refused:
 *   `1990` is a birth year, not day 1990 of 1905.
 * Anything else (a year alone, 31/02/2020, a two-digit year) is null.
 */
export function parseSheetDate(text: string): IsoDate | null {
  if (typeof text !== "string") return null;
  const s = text.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})(?:T00:00(?::00(?:\.0+)?)?(?:Z|\+00:00)?)?$/.exec(s);
  if (iso) return isIsoDate(iso[1]) ? iso[1]! : null;
  const serial = /^(\d{5})(?:\.\d+)?$/.exec(s);
  if (serial) {
    const n = Number(serial[1]);
    return n >= MIN_EXCEL_DATE_SERIAL && n <= MAX_EXCEL_DATE_SERIAL ? addDays(EXCEL_EPOCH, n) : null;
  }
  return parseDisplayDate(s);
}

/**
 * An amount of VND from a cell read as text, or null: digits with optional thousands separators
 * (`1.500.000`, `1,500,000`, `1 500 000`), an optional `đ` / `VND` / `VNĐ` / `đồng`, and an
 * all-zero decimal part as spreadsheets print numbers (`1500000.00`). Fractions of a đồng and
 * negative amounts are refused.
 */
export function parseSheetAmount(text: string): number | null {
  if (typeof text !== "string") return null;
  const s = text
    .trim()
    .replace(/\s*(đồng|vnđ|vnd|đ|d)$/iu, "")
    .replace(/[\s\u00A0]/g, "");
  let digits: string | null = null;
  if (/^\d+$/.test(s)) digits = s;
  else if (/^\d{1,3}(\.\d{3})+$/.test(s)) digits = s.replace(/\./g, "");
  else if (/^\d{1,3}(,\d{3})+$/.test(s)) digits = s.replace(/,/g, "");
  else if (/^\d+[.,]0+$/.test(s)) digits = s.replace(/[.,]0+$/, "");
  if (digits === null) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

/** A whole number from a cell read as text (`12`, `12.0`), or null. */
export function parseSheetInteger(text: string): number | null {
  if (typeof text !== "string") return null;
  const m = /^(\d{1,9})(?:[.,]0+)?$/.exec(text.trim());
  return m ? Number(m[1]) : null;
}

const UNITS: Readonly<Record<string, number>> = { triệu: 1_000_000, tr: 1_000_000, nghìn: 1_000, ngàn: 1_000, k: 1_000 };

/**
 * An amount of VND as people type it, or null: what `parseSheetAmount` reads, and amounts in
 * words of the trade — `3,5 triệu` (or `3.5tr`) = 3,500,000, `500 nghìn` / `500 ngàn` / `500k` =
 * 500,000. The result must be a whole number of đồng (`1,0000001 triệu` is refused, not rounded).
 */
export function parseMoneyText(text: string): number | null {
  if (typeof text !== "string") return null;
  const plain = parseSheetAmount(text);
  if (plain !== null) return plain;
  const m = /^\s*(\d{1,9})(?:[.,](\d{1,6}))?\s*(triệu|tr|nghìn|ngàn|k)\s*(?:đồng|đ|vnd|vnđ)?\s*$/iu.exec(text.normalize("NFC"));
  if (!m) return null;
  const unit = UNITS[m[3]!.toLowerCase()]!;
  const fraction = m[2] ?? "";
  const scale = 10 ** fraction.length;
  const numerator = Number(m[1]) * scale + Number(fraction || "0");
  if ((numerator * unit) % scale !== 0) return null;
  const n = (numerator * unit) / scale;
  return Number.isSafeInteger(n) ? n : null;
}
