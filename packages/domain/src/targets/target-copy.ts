import * as z from "zod/mini";
import { isoDate } from "../date-schema.js";
import { daysInMonth, type IsoDate } from "../dates.js";
import { parseOrThrow } from "../validation.js";

/** The dated fields of a target that move with it to another year. */
export interface TargetDates {
  periodStart: IsoDate;
  periodEnd: IsoDate;
  milestoneBy?: IsoDate | null | undefined;
}

const datesSchema = z.object({
  periodStart: isoDate,
  periodEnd: isoDate,
  milestoneBy: z.optional(z.nullable(isoDate)),
});

/**
 * The same day `years` later. 29 February becomes 28 February in a common year; the last day of
 * February (28th in a common year) stays the last day of February (29th in a leap year), so a
 * period ending with the month still ends with it.
 */
export function shiftYears(date: IsoDate, years: number): IsoDate {
  parseOrThrow(
    z.strictObject({
      date: isoDate,
      years: z.number({ error: "count" }).check(z.int({ error: "count" }), z.minimum(-100, { error: "count" }), z.maximum(100, { error: "count" })),
    }),
    { date, years },
    "TARGETS.INVALID_INPUT",
  );
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const ny = y + years;
  const lastDay = d === daysInMonth(y, m);
  const nd = m === 2 && lastDay ? daysInMonth(ny, m) : Math.min(d, daysInMonth(ny, m));
  return `${String(ny).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(nd).padStart(2, "0")}`;
}

/**
 * A target's dates copied to the next year ("copy last year's"): period start, end and milestone
 * date each shifted by one year (29 February handled by `shiftYears`). The other fields of the
 * target are kept by the caller; the value is last year's until the admin changes it.
 */
export function nextYearDates<T extends TargetDates>(target: T): T {
  const t = parseOrThrow(datesSchema, target, "TARGETS.INVALID_INPUT");
  return {
    ...target,
    periodStart: shiftYears(t.periodStart, 1),
    periodEnd: shiftYears(t.periodEnd, 1),
    milestoneBy: t.milestoneBy == null ? (t.milestoneBy ?? null) : shiftYears(t.milestoneBy, 1),
  };
}
