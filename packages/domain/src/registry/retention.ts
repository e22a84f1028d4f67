/**
 * Retention: of the people whose cover ended in a period, the share who renewed within
 * 30 or 90 days. One definition for the dashboard, the docs and the tests:
 *
 * - A person's cover **ends** on E when E is the last day one of their payments in the scheme
 *   paid for (its `coverTo`). A person counts once per scheme: with the **latest** such E inside
 *   the period (both ends included) — a monthly payer who kept paying is judged on the last month.
 * - They **renewed within N days** when another payment of theirs covers days after E (its
 *   `coverTo` is later than E) and was received on or before E + N — paying early counts.
 * - People whose eligibility ended (died, joined compulsory insurance: `eligibilityEndedOn`) on or
 *   before E + N leave both the count and the denominator of that window; people who moved stay
 *   (a loss to the office, unless they renewed).
 * - Share = renewed / ended; null when nobody's cover ended (never 0/0).
 */
import * as z from "zod/mini";
import { isoDate } from "../date-schema.js";
import { addDays, type IsoDate } from "../dates.js";
import { parseOrThrow } from "../validation.js";
import { registryCode } from "./schemas.js";

const paymentsArg = z.array(z.object({ coverTo: isoDate, receiptDate: isoDate }));
const daysArg = z.number().check(z.int(), z.minimum(0), z.maximum(3660));
const personArg = z.object({ payments: paymentsArg, eligibilityEndedOn: z.optional(z.nullable(isoDate)) });

export interface RetentionPayment {
  coverTo: IsoDate;
  receiptDate: IsoDate;
}

export interface RetentionPerson {
  /** The person's payments in one scheme. */
  payments: readonly RetentionPayment[];
  /** When an eligibility-ending outcome (death, compulsory insurance) was recorded; null: none. */
  eligibilityEndedOn?: IsoDate | null;
}

export const RETENTION_WINDOWS = [30, 90] as const;

export interface RetentionFigure {
  withinDays: number;
  /** People whose cover ended in the period (eligibility-ended people left out). */
  ended: number;
  renewed: number;
  /** renewed / ended; null when ended is 0. */
  share: number | null;
}

/** The latest end of cover in `[from, to]` of one person, or null. */
export function coverEndIn(payments: readonly RetentionPayment[], from: IsoDate, to: IsoDate): IsoDate | null {
  parseOrThrow(z.strictObject({ payments: paymentsArg, from: isoDate, to: isoDate }), { payments, from, to }, registryCode);
  return latestEnd(payments, from, to);
}

function latestEnd(payments: readonly RetentionPayment[], from: IsoDate, to: IsoDate): IsoDate | null {
  let best: IsoDate | null = null;
  for (const p of payments) if (p.coverTo >= from && p.coverTo <= to && (best === null || p.coverTo > best)) best = p.coverTo;
  return best;
}

/** Whether a person whose cover ended on `end` renewed within `days` days. */
export function renewedWithin(payments: readonly RetentionPayment[], end: IsoDate, days: number): boolean {
  parseOrThrow(z.strictObject({ payments: paymentsArg, from: isoDate, dueWithinDays: daysArg }), { payments, from: end, dueWithinDays: days }, registryCode);
  return renewed(payments, end, days);
}

function renewed(payments: readonly RetentionPayment[], end: IsoDate, days: number): boolean {
  const by = addDays(end, days);
  return payments.some((p) => p.coverTo > end && p.receiptDate <= by);
}

/** One person's standing in a window: left out (null), or ended and whether renewed. */
export function retentionOf(person: RetentionPerson, from: IsoDate, to: IsoDate, days: number): { ended: IsoDate; renewed: boolean } | null {
  parseOrThrow(
    z.strictObject({ person: personArg, from: isoDate, onDate: isoDate, dueWithinDays: daysArg }),
    { person, from, onDate: to, dueWithinDays: days },
    registryCode,
  );
  return standing(person, from, to, days);
}

function standing(person: RetentionPerson, from: IsoDate, to: IsoDate, days: number): { ended: IsoDate; renewed: boolean } | null {
  const end = latestEnd(person.payments, from, to);
  if (end === null) return null;
  const gone = person.eligibilityEndedOn ?? null;
  if (gone !== null && gone <= addDays(end, days)) return null;
  return { ended: end, renewed: renewed(person.payments, end, days) };
}

/** The retention of a group of people (one scheme) for the period `[from, to]`, per window. */
export function retention(people: readonly RetentionPerson[], from: IsoDate, to: IsoDate, windows: readonly number[] = RETENTION_WINDOWS): RetentionFigure[] {
  parseOrThrow(
    z.strictObject({ people: z.array(personArg), from: isoDate, onDate: isoDate, months: z.array(daysArg) }),
    { people, from, onDate: to, months: windows },
    registryCode,
  );
  return windows.map((withinDays) => {
    let ended = 0;
    let renewed = 0;
    for (const person of people) {
      const r = standing(person, from, to, withinDays);
      if (r === null) continue;
      ended += 1;
      if (r.renewed) renewed += 1;
    }
    return { withinDays, ended, renewed, share: ended === 0 ? null : renewed / ended };
  });
}

/** A window's figure from its counts (sums of groups roll up by adding counts, never by averaging shares). */
export function retentionFigure(withinDays: number, ended: number, renewed: number): RetentionFigure {
  parseOrThrow(
    z.strictObject({ dueWithinDays: daysArg, ended: z.number().check(z.int(), z.minimum(0)), renewed: z.number().check(z.int(), z.minimum(0)) }),
    { dueWithinDays: withinDays, ended, renewed },
    registryCode,
  );
  return { withinDays, ended, renewed, share: ended === 0 ? null : renewed / ended };
}
