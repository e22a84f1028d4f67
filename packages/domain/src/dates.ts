/**
 * ISO calendar dates (`YYYY-MM-DD`) without time zones. The rules never read a clock: they take
 * dates as arguments. The one exception is `todayInVietnam()`, the product's single clock, so that
 * every page, procedure and query agrees on what "today" is (Vietnam's date, UTC+7, no DST).
 */
import * as z from "zod/mini";
import { describeValue } from "./argument-error.js";
import { DomainError } from "./errors.js";

/**
 * A date as the functions take it: a string `YYYY-MM-DD`, checked at run time by every function
 * (a plain `string` alias, so that dates read from forms, files and databases pass as they are).
 * `ValidIsoDate` is the checked kind.
 */
export type IsoDate = string;

declare const validIsoDate: unique symbol;

/**
 * A string known to name a real day `YYYY-MM-DD` from 1900 on: what `parseIsoDate` returns and
 * `isIsoDate` narrows to. A branded string: a plain string is not one until checked, so a
 * function of yours that takes a `ValidIsoDate` cannot be handed "01/07/2025" by mistake.
 */
export type ValidIsoDate = string & { readonly [validIsoDate]: true };

/**
 * The type check of a date argument: `D` itself when it may be a date — a string shaped
 * `YYYY-MM-DD`, a `ValidIsoDate`, or any `string` (checked at run time) — and `ValidIsoDate`
 * for a string literal of another shape, which it is not assignable to: `ratesOn("01/07/2025")`
 * does not compile.
 */
export type IsoDateLiteral<D extends string> = string extends D ? D : D extends `${number}-${number}-${number}` ? D : ValidIsoDate;

/** A date parameter that refuses, at compile time, a string literal not shaped `YYYY-MM-DD`. */
export type IsoDateArg<D extends string> = D & IsoDateLiteral<D>;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The earliest year a date may have: nothing in this product (birth dates included) is older. */
export const MIN_YEAR = 1900;

/**
 * A real calendar date in `YYYY-MM-DD` from 1900 on. Years 0000–1899 are refused: they are
 * typing mistakes here, PostgreSQL cannot store year 0, and day arithmetic around year 1 shifts
 * into year 0.
 */
export function isIsoDate(s: unknown): s is ValidIsoDate {
  if (typeof s !== "string") return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= MIN_YEAR && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/**
 * `value` as a checked date, or `DomainError` `DATES.INVALID_DATE` saying what was received (and,
 * for a date written day first such as "01/07/2025", that `parseDisplayDate` reads it).
 */
export function parseIsoDate(value: unknown): ValidIsoDate {
  if (isIsoDate(value)) return value;
  const got = describeValue(value);
  const dayFirst = typeof value === "string" && parseDisplayDate(value) !== null;
  throw new DomainError(
    "DATES.INVALID_DATE",
    `Ngày phải là chuỗi dạng YYYY-MM-DD, một ngày có thật từ năm 1900 (nhận được: ${got.vi})${dayFirst ? "; ngày viết kiểu ngày/tháng/năm hãy đọc bằng parseDisplayDate" : ""}`,
    `A date must be a string YYYY-MM-DD naming a real day from 1900 on (got ${got.en})${dayFirst ? "; read a day-first date with parseDisplayDate" : ""}`,
    { value },
  );
}

function makeIsoDateSchema() {
  return z.string({ error: "date" }).check(z.refine(isIsoDate, { error: "date" }));
}

/**
 * The one schema of an ISO date (message key `date`, see `@ansinh/domain/validation`), on
 * zod/mini; every module's date fields use it (`z.optional(isoDateSchema)` where optional). Built
 * by a pure call, so a bundle that imports only the date helpers leaves it, and zod, out.
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

/** Vietnam keeps UTC+7 all year (no daylight saving time). */
export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;
const OFFSET_MS = VIETNAM_UTC_OFFSET_MINUTES * 60_000;

/** The calendar date in Vietnam at an instant (default: now). */
export function vietnamDateOf(instant: Date | number): IsoDate {
  const ms = typeof instant === "number" ? instant : instant.getTime();
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Today in Vietnam as `YYYY-MM-DD`: the product's one clock. Between 00:00 and 07:00 in Vietnam
 * the UTC date is still yesterday; this is not. Pass `now` to pin the instant (tests, reports).
 */
export function todayInVietnam(now: Date | number = Date.now()): IsoDate {
  return vietnamDateOf(now);
}

/** The instants a Vietnamese calendar day spans: [start, end) in UTC. */
export function vietnamDayBounds(date: IsoDate): { start: Date; end: Date } {
  const start = Date.parse(`${date}T00:00:00Z`) - OFFSET_MS;
  return { start: new Date(start), end: new Date(start + 86_400_000) };
}

const DISPLAY_DATE = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/;

/**
 * A date as people in Vietnam write it, day first — `30/06/2025`, also `30-6-2025` or
 * `30.06.2025` — to `YYYY-MM-DD`; null when it is not a whole, real calendar date (31/02, a
 * two-digit year). Used by forms and by imports of files that hold dates as text.
 */
export function parseDisplayDate(text: string): IsoDate | null {
  const m = DISPLAY_DATE.exec(text);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

/** `YYYY-MM-DD` as shown everywhere in the product, in both languages: `dd/MM/yyyy`. */
export function formatDisplayDate(date: IsoDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** An instant as shown in the product: Vietnam's wall clock, `HH:mm dd/MM/yyyy`. */
export function formatVietnamDateTime(instant: Date | number | string): string {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === "number" ? instant : Date.parse(instant);
  const wall = new Date(ms + OFFSET_MS).toISOString();
  return `${wall.slice(11, 16)} ${formatDisplayDate(wall.slice(0, 10))}`;
}
