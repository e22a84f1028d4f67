/**
 * The dashboard's rules over a plan: the cumulative series achieved vs expected over the period
 * (sampled so a chart stays small), the dashboard status of an area (the ahead / on track
 * / behind / achieved, with at risk kept apart) and the national health-coverage goal of a year.
 */
import * as z from "zod/mini";
import { isoDate } from "../date-schema.js";
import { addDays, daysInMonth, toDayNumber, type IsoDate } from "../dates.js";
import { parseOrThrow } from "../validation.js";
import { monthlyCurveSchema, periodSchema, progress, type MonthlyCurve, type Period, type Progress } from "./progress.js";

export const seriesSteps = ["day", "week", "month"] as const;
export type SeriesStep = (typeof seriesSteps)[number];

const count = () => z.number({ error: "nonNegative" }).check(z.minimum(0, { error: "nonNegative" }));

export const seriesInputSchema = z.strictObject({
  daily: z.array(z.tuple([isoDate, count()])),
  target: count(),
  period: periodSchema,
  asOf: isoDate,
  curve: z.optional(monthlyCurveSchema),
  step: z.optional(z.enum(["auto", ...seriesSteps])),
});

export interface SeriesInput {
  /** Counts per day, [day, count]; any order, a day may repeat (summed). */
  daily: readonly (readonly [IsoDate, number])[];
  target: number;
  period: Period;
  asOf: IsoDate;
  curve?: MonthlyCurve;
  /** `auto` (default): by day up to 45 days, by week up to 200, else by month. */
  step?: "auto" | SeriesStep;
}

export interface SeriesPoint {
  /** The last day the point covers (a week's Sunday, a month's last day, the as-of day). */
  date: IsoDate;
  /** Cumulative count from the period's start to the end of `date`; null after the as-of date. */
  achieved: number | null;
  /** What the plan expects by the end of `date` (`progress`'s expectedToDate), not rounded. */
  expected: number;
}

export interface Series {
  step: SeriesStep;
  points: SeriesPoint[];
}

function autoStep(days: number): SeriesStep {
  return days <= 45 ? "day" : days <= 200 ? "week" : "month";
}

/** Sample days from `start` to `end`: each step's last day, `asOf` and `end` included. */
function sampleDays(start: IsoDate, end: IsoDate, step: SeriesStep, asOf: IsoDate): IsoDate[] {
  const out = new Set<IsoDate>();
  let d = start;
  while (d <= end) {
    let last: IsoDate;
    if (step === "day") last = d;
    else if (step === "week") {
      // ISO weeks end on Sunday; day number 0 (1970-01-01) was a Thursday.
      const dow = (((toDayNumber(d) + 3) % 7) + 7) % 7; // 0 = Monday
      last = addDays(d, 6 - dow);
    } else {
      const y = Number(d.slice(0, 4));
      const m = Number(d.slice(5, 7));
      last = `${d.slice(0, 8)}${String(daysInMonth(y, m)).padStart(2, "0")}`;
    }
    if (last > end) last = end;
    if (asOf >= d && asOf < last) out.add(asOf);
    out.add(last);
    d = addDays(last, 1);
  }
  return [...out].sort();
}

/**
 * The cumulative series of a plan over its period: at each sample day, the count achieved since
 * the period's start (days outside the period and after `asOf` are not counted; points after
 * `asOf` have no achieved value) and the count expected by then, pro-rated like `progress`
 * (linearly, or by the monthly curve). The last point expects exactly the target.
 */
export function cumulativeSeries(input: SeriesInput): Series {
  const { daily, target, period, asOf, curve, step: asked } = parseOrThrow(seriesInputSchema, input, "TARGETS.INVALID_INPUT");
  const totalDays = toDayNumber(period.end) - toDayNumber(period.start) + 1;
  const step = !asked || asked === "auto" ? autoStep(totalDays) : asked;
  const counts = [...daily].filter(([d]) => d >= period.start && d <= period.end && d <= asOf).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let i = 0;
  let sum = 0;
  const points: SeriesPoint[] = [];
  for (const d of sampleDays(period.start, period.end, step, asOf)) {
    while (i < counts.length && counts[i]![0] <= d) sum += counts[i++]![1];
    const expected = progress({ target, achieved: 0, period, asOf: d, ...(curve ? { curve } : {}) }).expectedToDate;
    points.push({ date: d, achieved: d <= asOf ? sum : null, expected });
  }
  return { step, points };
}

/** Sum of the counts of `daily` on days in [from, to] (both included). */
export function countBetween(daily: readonly (readonly [IsoDate, number])[], from: IsoDate, to: IsoDate): number {
  const parsed = parseOrThrow(
    z.strictObject({ daily: z.array(z.tuple([isoDate, count()])), from: isoDate, to: isoDate }),
    { daily, from, to },
    "TARGETS.INVALID_INPUT",
  );
  let n = 0;
  for (const [d, c] of parsed.daily) if (d >= parsed.from && d <= parsed.to) n += c;
  return n;
}

export const dashboardStatuses = ["achieved", "ahead", "on_track", "at_risk", "behind"] as const;
export type DashboardStatus = (typeof dashboardStatuses)[number];

/**
 * The status an area shows on the dashboard, from its `progress`: achieved once the target is
 * reached; ahead while running above what is expected by today (pace > 1); on track at pace 1
 * (or while nothing is expected yet); at risk and behind as `progress` says.
 */
export function dashboardStatus(p: Pick<Progress, "status" | "pace">): DashboardStatus {
  if (typeof p !== "object" || p === null || typeof p.status !== "string") {
    parseOrThrow(z.strictObject({ status: z.enum(["achieved", "on_track", "at_risk", "behind"]) }), p, "TARGETS.INVALID_INPUT");
  }
  switch (p.status) {
    case "achieved":
      return "achieved";
    case "on_track":
      return p.pace != null && p.pace > 1 ? "ahead" : "on_track";
    case "at_risk":
      return "at_risk";
    case "behind":
      return "behind";
    default:
      return parseOrThrow(z.strictObject({ status: z.enum(["achieved", "on_track", "at_risk", "behind"]) }), { status: p.status }, "TARGETS.INVALID_INPUT")
        .status;
  }
}
