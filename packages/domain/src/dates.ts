/** ISO calendar dates (`YYYY-MM-DD`) without time zones: the domain never reads a clock. */
import { z } from "zod";

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The earliest year a date may have: nothing in this product (birth dates included) is older. */
export const MIN_YEAR = 1900;

/**
 * A real calendar date in `YYYY-MM-DD` from 1900 on. Years 0000–1899 are refused: they are
 * typing mistakes here, PostgreSQL cannot store year 0, and day arithmetic around year 1 shifts
 * into year 0.
 */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== "string") return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= MIN_YEAR && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export const isoDateSchema = z
  .string()
  .refine(isIsoDate, { message: "Ngày phải có dạng YYYY-MM-DD, từ năm 1900 / Date must be YYYY-MM-DD, from 1900 on" });

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 (UTC), for arithmetic. */
export function toDayNumber(date: IsoDate): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

export function fromDayNumber(n: number): IsoDate {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** ISO strings of the same shape compare correctly as strings. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when `date` lies in [from, to] (to = null: open-ended). */
export function inSpan(date: IsoDate, from: IsoDate, to: IsoDate | null | undefined): boolean {
  return from <= date && (to == null || date <= to);
}
