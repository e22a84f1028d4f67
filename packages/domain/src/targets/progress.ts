import * as z from "zod/mini";
import { toPercent } from "../arithmetic.js";
import { isoDate } from "../date-schema.js";
import { daysInMonth, fromDayNumber, toDayNumber, type IsoDate } from "../dates.js";
import { DomainError } from "../errors.js";
import { parseOrThrow } from "../validation.js";
import { milestoneRequired } from "./plan-figures.js";

/** A target's period: both days included. */
export interface Period {
  start: IsoDate;
  end: IsoDate;
}

export const periodSchema = z
  .strictObject({ start: isoDate, end: isoDate })
  .check(z.refine<{ start: string; end: string }>((p) => p.start <= p.end, { error: "period.order", path: ["end"] }));

/**
 * The expected shape of a year: 12 non-negative weights, January first, e.g. last year's new
 * participants per calendar month. Within a month the weight is spread evenly over its days.
 */
export type MonthlyCurve = readonly number[];

const nonNegative = () => z.number({ error: "nonNegative" }).check(z.minimum(0, { error: "nonNegative" }));
export const monthlyCurveSchema = z.array(nonNegative()).check(z.length(12, { error: "curve.length" }));

/**
 * Status thresholds on the pace, achieved ÷ expected-to-date: `on_track` from `onTrack`,
 * `at_risk` from `atRisk`, `behind` below. Defaults: 1 and 0.9.
 */
export interface ProgressThresholds {
  onTrack: number;
  atRisk: number;
}
export const defaultThresholds: Readonly<ProgressThresholds> = Object.freeze({ onTrack: 1, atRisk: 0.9 });

export const thresholdsSchema = z
  .strictObject({ onTrack: nonNegative(), atRisk: nonNegative() })
  .check(z.refine<ProgressThresholds>((t) => t.atRisk <= t.onTrack, { error: "thresholds.order", path: ["atRisk"] }));

export const progressStatuses = ["achieved", "on_track", "at_risk", "behind"] as const;
export type ProgressStatus = (typeof progressStatuses)[number];

const amount = nonNegative;

export const progressInputSchema = z.strictObject({
  target: amount(),
  achieved: amount(),
  period: periodSchema,
  asOf: isoDate,
  curve: z.optional(monthlyCurveSchema),
  thresholds: z.optional(thresholdsSchema),
});

export interface ProgressInput {
  target: number;
  achieved: number;
  period: Period;
  /** Progress at the end of this day. */
  asOf: IsoDate;
  /** Monthly shape of the expected progress; linear over the days when absent. */
  curve?: MonthlyCurve;
  thresholds?: ProgressThresholds;
}

export interface Progress {
  target: number;
  achieved: number;
  /** achieved ÷ target; null for a zero target. */
  ratio: number | null;
  /** ratio in percent, two decimals; null for a zero target. */
  percent: number | null;
  /** Share of the period's expected result due by the end of `asOf` (0…1; linear or curve). */
  expectedShare: number;
  /** target × expectedShare, not rounded. */
  expectedToDate: number;
  /** expectedToDate − achieved: what is still missing to be on schedule (negative: ahead). */
  gap: number;
  /** max(0, target − achieved): what is still missing for the whole period. */
  remaining: number;
  /** achieved ÷ expectedToDate; null while nothing is expected yet. */
  pace: number | null;
  status: ProgressStatus;
  /**
   * Run-rate projection for the period end: achieved ÷ expectedShare (so it follows the curve when
   * one is given); the achieved figure itself once the period is over; null while nothing is
   * expected yet (before the start, or months with zero weight).
   */
  projectedAtEnd: number | null;
  phase: "not_started" | "running" | "ended";
  /** Days of the period elapsed by the end of `asOf` (0…totalDays). */
  elapsedDays: number;
  totalDays: number;
  /** Days left after `asOf` (0…totalDays). */
  daysLeft: number;
}

/** Weight of the days [from, to] (day numbers) under a monthly curve. */
function curveWeightBetween(from: number, to: number, curve: MonthlyCurve): number {
  let w = 0;
  let d = from;
  while (d <= to) {
    const iso = fromDayNumber(d);
    const year = Number(iso.slice(0, 4));
    const month = Number(iso.slice(5, 7));
    const dim = daysInMonth(year, month);
    const segEnd = Math.min(d + dim - Number(iso.slice(8, 10)), to);
    w += ((segEnd - d + 1) * curve[month - 1]!) / dim;
    d = segEnd + 1;
  }
  return w;
}

interface Elapsed {
  elapsedDays: number;
  totalDays: number;
  /** expected share as an exact fraction num/den (den > 0). */
  num: number;
  den: number;
  phase: Progress["phase"];
}

function elapsed(period: Period, asOf: IsoDate, curve: MonthlyCurve | undefined): Elapsed {
  const start = toDayNumber(period.start);
  const end = toDayNumber(period.end);
  const at = toDayNumber(asOf);
  const totalDays = end - start + 1;
  const elapsedDays = Math.min(Math.max(at - start + 1, 0), totalDays);
  const phase = at < start ? "not_started" : at > end ? "ended" : "running";
  if (!curve) return { elapsedDays, totalDays, num: elapsedDays, den: totalDays, phase };
  const den = curveWeightBetween(start, end, curve);
  if (!(den > 0)) {
    throw new DomainError(
      "TARGETS.CURVE_EMPTY",
      `Đường cong tiến độ có trọng số 0 cho cả kỳ ${period.start} – ${period.end}`,
      `The progress curve weighs 0 over the whole period ${period.start} – ${period.end}`,
      { period },
    );
  }
  const num = elapsedDays === totalDays ? den : curveWeightBetween(start, start + elapsedDays - 1, curve);
  return { elapsedDays, totalDays, num, den, phase };
}

function statusOf(target: number, achieved: number, expectedToDate: number, phase: Progress["phase"], t: ProgressThresholds): ProgressStatus {
  if (achieved >= target) return "achieved";
  if (phase === "ended") return "behind";
  if (!(expectedToDate > 0)) return "on_track";
  const pace = achieved / expectedToDate;
  return pace >= t.onTrack ? "on_track" : pace >= t.atRisk ? "at_risk" : "behind";
}

/**
 * Progress of `achieved` against `target` over `period` as of the end of `asOf`.
 *
 * Status: `achieved` once achieved ≥ target (a zero target is achieved); after the period,
 * anything short is `behind`; before the start, or while nothing is expected yet, `on_track`;
 * otherwise by the pace against the thresholds (default ≥ 1 on track, ≥ 0.9 at risk).
 */
export function progress(input: ProgressInput): Progress {
  const { target, achieved, period, asOf, curve, thresholds } = parseOrThrow(progressInputSchema, input, "TARGETS.INVALID_INPUT");
  const e = elapsed(period, asOf, curve);
  const expectedShare = e.num / e.den;
  // Multiply before dividing: 244 × 183 / 366 is exactly 122. The whole period expects exactly
  // the target, whatever floating point makes of a curve's weights.
  const expectedToDate = e.num >= e.den ? target : Math.min(target, (target * e.num) / e.den);
  const ratio = target > 0 ? achieved / target : null;
  const projectedAtEnd = e.phase === "ended" ? achieved : e.num > 0 ? (achieved * e.den) / e.num : null;
  return {
    target,
    achieved,
    ratio,
    percent: ratio === null ? null : toPercent(ratio),
    expectedShare,
    expectedToDate,
    gap: expectedToDate - achieved,
    remaining: Math.max(0, target - achieved),
    pace: expectedToDate > 0 ? achieved / expectedToDate : null,
    status: statusOf(target, achieved, expectedToDate, e.phase, thresholds ?? defaultThresholds),
    projectedAtEnd,
    phase: e.phase,
    elapsedDays: e.elapsedDays,
    totalDays: e.totalDays,
    daysLeft: e.totalDays - e.elapsedDays,
  };
}

export const milestoneInputSchema = z
  .strictObject({
    target: amount(),
    share: z.number({ error: "milestone.share" }).check(z.minimum(0, { error: "milestone.share" }), z.maximum(1, { error: "milestone.share" })),
    by: isoDate,
    achieved: amount(),
    period: periodSchema,
    asOf: isoDate,
    curve: z.optional(monthlyCurveSchema),
    thresholds: z.optional(thresholdsSchema),
  })
  .check(
    z.refine<{ by: string; period: { start: string; end: string } }>((m) => m.period.start <= m.by && m.by <= m.period.end, {
      error: "milestone.by",
      path: ["by"],
    }),
  );

export interface MilestoneInput {
  /** The plan the milestone is a share of, e.g. the annual plan. */
  target: number;
  /** Share of the plan due by `by`, 0…1 (0.5 for "50% of the plan"). */
  share: number;
  /** Last day of the milestone, included ("by 30 June": YYYY-06-30). */
  by: IsoDate;
  achieved: number;
  /** The plan's period; the milestone runs from its start to `by`. */
  period: Period;
  asOf: IsoDate;
  curve?: MonthlyCurve;
  thresholds?: ProgressThresholds;
}

export interface MilestoneProgress extends Progress {
  share: number;
  by: IsoDate;
  /** share × plan in whole people, rounded up (`milestoneRequired`): the milestone's own target. */
  required: number;
  /** achieved ≥ required. */
  reached: boolean;
  /** The milestone date has passed without reaching it. */
  missed: boolean;
  /** achieved ÷ the whole plan; null for a zero plan. */
  ratioOfPlan: number | null;
}

/**
 * "50% of the annual plan by 30 June": progress towards share × plan over [period.start, by];
 * `ratio`, `status`, `expectedToDate` and the projection are about the milestone, not the plan.
 */
export function milestoneProgress(input: MilestoneInput): MilestoneProgress {
  const m = parseOrThrow(milestoneInputSchema, input, "TARGETS.INVALID_INPUT");
  const required = milestoneRequired(m.share, m.target);
  const p = progress({
    target: required,
    achieved: m.achieved,
    period: { start: m.period.start, end: m.by },
    asOf: m.asOf,
    ...(m.curve ? { curve: m.curve } : {}),
    ...(m.thresholds ? { thresholds: m.thresholds } : {}),
  });
  const reached = m.achieved >= required;
  return {
    ...p,
    share: m.share,
    by: m.by,
    required,
    reached,
    missed: !reached && m.asOf > m.by,
    ratioOfPlan: m.target > 0 ? m.achieved / m.target : null,
  };
}
