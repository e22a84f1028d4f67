import * as z from "zod/mini";
import { addMonths, healthCardStart, type HealthCardStartKind } from "../contributions/health-card.js";
import { isoDate } from "../date-schema.js";
import { addDays, daysInMonth, toDayNumber, type IsoDate } from "../dates.js";
import { parseOrThrow } from "../validation.js";
import {
  coverageStatusArgumentsSchema,
  coveredPeriodSchema,
  coveredPeriodsSchema,
  enrolmentKindArgumentsSchema,
  healthCardValidityInputSchema,
  registryCode,
} from "./schemas.js";

/** Days before the end of coverage from which a participant is `due` to renew (docs/rules.md: the renewals list, next 30 days). */
export const DEFAULT_DUE_WITHIN_DAYS = 30;
const periodsArgumentSchema = z.strictObject({ periods: coveredPeriodsSchema });

/**
 * A period a payment covers: from a day (`YYYY-MM-DD`, e.g. a health card's first valid day) or
 * a month (`YYYY-MM`, read as its first day — voluntary social insurance is paid by month),
 * for a whole number of months.
 */
export interface CoveredPeriod {
  from: IsoDate | string;
  months: number;
}

/** A run of covered days without a gap, both ends included. */
export interface CoverageSpan {
  from: IsoDate;
  to: IsoDate;
}

export type CoverageStatus =
  /** No covered day on or before the date; `startsOn` is the first covered day after it, if paid. */
  | { status: "not_started"; startsOn: IsoDate | null }
  /** Covered on the date, and beyond the renewal window. */
  | { status: "active"; coveredUntil: IsoDate; daysLeft: number }
  /** Covered on the date, but the coverage ends within the renewal window. */
  | { status: "due"; coveredUntil: IsoDate; daysLeft: number }
  /** Covered before, not on the date: since the day after the last covered day. */
  | { status: "lapsed"; since: IsoDate; lastCoveredDay: IsoDate; resumesOn: IsoDate | null };

export type EnrolmentKind = "new" | "renewal" | "returning";

/** The first day of a checked period: a month `YYYY-MM` is read as its first day. */
function periodStart(from: string): IsoDate {
  return from.length === 7 ? `${from}-01` : from;
}

/** The last day of a checked period. */
function end(from: string, months: number): IsoDate {
  const start = periodStart(from);
  const same = addMonths(start, months);
  const day = Number(start.slice(8, 10));
  const clamped = day > daysInMonth(Number(same.slice(0, 4)), Number(same.slice(5, 7)));
  return clamped ? same : addDays(same, -1);
}

/**
 * The last day a period covers: the day before the same day of the month `months` later
 * (2020-07-15 + 12 → 2021-07-14; month `2020-06` + 1 → 2020-06-30); when that month is too
 * short for the day, its last day (2020-01-31 + 1 → 2020-02-29), so no day is lost or
 * covered twice by back-to-back periods. Throws `REGISTRY.INVALID_DATE` / `REGISTRY.INVALID_MONTHS`
 * (1 to 1,200 whole months), `REGISTRY.INVALID_INPUT` (not a `{ from, months }` object).
 */
export function periodEnd(period: CoveredPeriod): IsoDate {
  const { from, months } = parseOrThrow(coveredPeriodSchema, period, registryCode);
  return end(from, months);
}

function spansOf(periods: readonly { from: string; months: number }[]): CoverageSpan[] {
  const spans = periods.map((p) => ({ from: periodStart(p.from), to: end(p.from, p.months) })).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: CoverageSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last !== undefined && s.from <= addDays(last.to, 1)) {
      if (s.to > last.to) last.to = s.to;
    } else {
      out.push({ ...s });
    }
  }
  return out;
}

/**
 * The periods as runs of covered days: sorted, overlapping or back-to-back periods joined
 * (a period starting the day after another ends continues it). Throws as `periodEnd` does, each
 * issue's path starting `periods.<index>`.
 */
export function coverageSpans(periods: readonly CoveredPeriod[]): CoverageSpan[] {
  return spansOf(parseOrThrow(periodsArgumentSchema, { periods }, registryCode).periods);
}

/** The last day any of the periods covers, or null when there are none. Throws as `coverageSpans`. */
export function coveredUntil(periods: readonly CoveredPeriod[]): IsoDate | null {
  let max: IsoDate | null = null;
  for (const p of parseOrThrow(periodsArgumentSchema, { periods }, registryCode).periods) {
    const last = end(p.from, p.months);
    if (max === null || last > max) max = last;
  }
  return max;
}

/**
 * A participant's status on `onDate` from the periods their payments cover:
 * - `active`: `onDate` is covered and the continuous coverage it falls in ends more than
 *   `dueWithinDays` (default 30) days after it;
 * - `due` (đến hạn đóng): covered, and the last covered day is at most `dueWithinDays` days
 *   after `onDate` (`daysLeft` = last covered day − onDate, 0 on the last day);
 * - `lapsed` (ngừng đóng): not covered on `onDate` but covered before; `since` is the first
 *   uncovered day, `resumesOn` the start of a later, already paid period (a household card
 *   waiting out its 30 days), if any;
 * - `not_started`: no covered day on or before `onDate`.
 * Pure; pass the date (`todayInVietnam()` at the edge). Throws `REGISTRY.INVALID_DATE` /
 * `REGISTRY.INVALID_MONTHS` (a period's months, or `dueWithinDays` not a whole number from 0 to
 * 366) / `REGISTRY.INVALID_INPUT` (an unknown option, a missing argument) on bad input.
 */
export function coverageStatus(periods: readonly CoveredPeriod[], onDate: IsoDate, options: { dueWithinDays?: number } = {}): CoverageStatus {
  const args = parseOrThrow(coverageStatusArgumentsSchema, { periods, onDate, options }, registryCode);
  const window = args.options?.dueWithinDays ?? DEFAULT_DUE_WITHIN_DAYS;
  const spans = spansOf(args.periods);
  const next = spans.find((s) => s.from > onDate) ?? null;
  const current = spans.find((s) => s.from <= onDate && onDate <= s.to);
  if (current !== undefined) {
    const daysLeft = toDayNumber(current.to) - toDayNumber(onDate);
    return { status: daysLeft <= window ? "due" : "active", coveredUntil: current.to, daysLeft };
  }
  const before = spans.filter((s) => s.to < onDate);
  const last = before[before.length - 1];
  if (last === undefined) return { status: "not_started", startsOn: next?.from ?? null };
  return { status: "lapsed", since: addDays(last.to, 1), lastCoveredDay: last.to, resumesOn: next?.from ?? null };
}

/**
 * What kind of enrolment starts on `start` (docs/rules.md §6), given the last day the person was
 * covered by the same scheme before it (null: never):
 * - `new` (phát triển mới): never covered by the scheme before;
 * - `renewal` (đóng tiếp): continuous — covered on the day before `start` (or later);
 * - `returning` (tham gia lại): covered before, with at least one uncovered day before `start`.
 * A gap of a single day makes a `returning` enrolment; the 3-month rule of the household card's
 * start (`healthCardStart`) is about the card's waiting time, not about this classification.
 * Throws `REGISTRY.INVALID_DATE` for a date that is not a real `YYYY-MM-DD` day.
 */
export function enrolmentKind(previousCoverageEnd: IsoDate | null | undefined, start: IsoDate): EnrolmentKind {
  const args = parseOrThrow(enrolmentKindArgumentsSchema, { previousCoverageEnd, start }, registryCode);
  return kindOf(args.previousCoverageEnd, args.start);
}

/**
 * The domain's own calls, on arguments it has checked (real days; months a whole number the row
 * check accepted): `enrolmentKind`, `voluntaryStartDate` and `periodEnd` without validating the
 * same values again. Not exported from the package.
 */
export function kindOf(previousCoverageEnd: IsoDate | null | undefined, start: IsoDate): EnrolmentKind {
  if (previousCoverageEnd == null) return "new";
  return previousCoverageEnd >= addDays(start, -1) ? "renewal" : "returning";
}
/** See `kindOf`. */
export function voluntaryStartOf(receiptDate: IsoDate, previousCoverageEnd: IsoDate | null): IsoDate {
  const monthStart = `${receiptDate.slice(0, 7)}-01`;
  if (previousCoverageEnd !== null && previousCoverageEnd >= addDays(monthStart, -1)) return addDays(previousCoverageEnd, 1);
  return monthStart;
}
/** See `kindOf`. */
export function periodEndOf(from: IsoDate, months: number): IsoDate {
  return end(from, months);
}

const voluntaryStartArgumentsSchema = z.strictObject({
  receiptDate: isoDate,
  previousCoverageEnd: z.nullish(isoDate),
});

/**
 * The first day of a voluntary social-insurance payment received on `receiptDate` when the payer
 * names no start month (docs/rules.md §2, §6): a payment made while still covered, or in the month
 * right after cover ended, continues the cover from the day after `previousCoverageEnd` (no month
 * paid twice, none skipped); otherwise (never covered, or a gap of a whole month or more) cover
 * starts on the first day of the receipt's month. Throws `REGISTRY.INVALID_DATE` for a date that
 * is not a real `YYYY-MM-DD` day, `REGISTRY.INVALID_INPUT` for missing arguments.
 */
export function voluntaryStartDate(receiptDate: IsoDate, previousCoverageEnd?: IsoDate | null): IsoDate {
  const args = parseOrThrow(voluntaryStartArgumentsSchema, { receiptDate, previousCoverageEnd }, registryCode);
  return voluntaryStartOf(args.receiptDate, args.previousCoverageEnd ?? null);
}

export interface HealthCardValidity {
  validFrom: IsoDate;
  validTo: IsoDate;
  /** How the first day was set (see `healthCardStart`). */
  startKind: HealthCardStartKind;
  months: number;
  vi: string;
  en: string;
}

/**
 * A household health-insurance card's validity for a payment (docs/rules.md §3): the first day from
 * `healthCardStart` (30 days after payment for first-timers and after a lapse of 3 months or
 * more, the day after the previous card ends for continuous renewals), the last day
 * `periodEnd({ from, months })`. `months`: 3, 6 or 12. Throws `REGISTRY.INVALID_MONTHS`,
 * `REGISTRY.INVALID_DATE` (`paymentDate`, `previousCardEnd`) and `REGISTRY.INVALID_INPUT` (an
 * unknown key, not an object).
 */
export function healthCardValidity(input: { paymentDate: IsoDate; months: number; previousCardEnd?: IsoDate | null }): HealthCardValidity {
  input = parseOrThrow(healthCardValidityInputSchema, input, registryCode);
  const start = healthCardStart({ paymentDate: input.paymentDate, previousCardEnd: input.previousCardEnd ?? null });
  const validTo = end(start.validFrom, input.months);
  const show = (d: IsoDate) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  return {
    validFrom: start.validFrom,
    validTo,
    startKind: start.kind,
    months: input.months,
    vi: `${start.vi} Thẻ ${input.months} tháng có giá trị từ ${show(start.validFrom)} đến ${show(validTo)}.`,
    en: `${start.en} The ${input.months}-month card is valid from ${show(start.validFrom)} to ${show(validTo)}.`,
  };
}
