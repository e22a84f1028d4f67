/** ISO calendar dates (`YYYY-MM-DD`) without time zones: the domain never reads a clock. */
import { z } from "zod";

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== "string") return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function makeIsoDateSchema() {
  return z.string({ error: "date" }).refine(isIsoDate, { error: "date" });
}

/**
 * Zod schema of an ISO date (message key `date`, see `@ansinh/domain/validation`). Built by a
 * pure call, so a bundle that imports only the date helpers leaves it, and zod, out.
 */
export const isoDateSchema = /* @__PURE__ */ makeIsoDateSchema();

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
