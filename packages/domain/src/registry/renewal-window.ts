import * as z from "zod/mini";
import { isoDate } from "../date-schema.js";
import { addDays, daysInMonth, toDayNumber, type IsoDate } from "../dates.js";
import { parseOrThrow } from "../validation.js";
import { registryCode } from "./schemas.js";
import { DEFAULT_DUE_WITHIN_DAYS } from "./status.js";

/** Which "due" the renewals list shows: the next 30 days, or by calendar month (offices plan by month). */
export const dueWindows = ["next30", "thisMonth", "nextMonth"] as const;
export type DueWindow = (typeof dueWindows)[number];

export interface DueRange {
  /** The earliest last covered day of a due person (null: `onDate`). */
  from: IsoDate | null;
  /** The latest last covered day of a due person. */
  to: IsoDate;
  /** `to` − `onDate`: the status window (`coverageStatus`'s `dueWithinDays`). */
  dueWithinDays: number;
}

const lastDayOf = (year: number, month: number): IsoDate =>
  `${year}-${String(month).padStart(2, "0")}-${String(daysInMonth(year, month)).padStart(2, "0")}` as IsoDate;

/**
 * Whose cover ends in the window, on `onDate`: the next 30 days (the default, RULES), the rest of
 * this month (7 December → 31 December), or next month (1 – 31 January): a person is due when
 * their last covered day falls between `from` and `to`.
 */
export function dueRange(onDate: IsoDate, window: DueWindow = "next30"): DueRange {
  parseOrThrow(z.tuple([isoDate, z.enum(dueWindows)]), [onDate, window], registryCode);
  const year = Number(onDate.slice(0, 4));
  const month = Number(onDate.slice(5, 7));
  if (window === "next30") return { from: null, to: addDays(onDate, DEFAULT_DUE_WITHIN_DAYS), dueWithinDays: DEFAULT_DUE_WITHIN_DAYS };
  if (window === "thisMonth") {
    const to = lastDayOf(year, month);
    return { from: null, to, dueWithinDays: toDayNumber(to) - toDayNumber(onDate) };
  }
  const [ny, nm] = month === 12 ? [year + 1, 1] : [year, month + 1];
  const to = lastDayOf(ny, nm);
  return { from: `${ny}-${String(nm).padStart(2, "0")}-01` as IsoDate, to, dueWithinDays: toDayNumber(to) - toDayNumber(onDate) };
}
