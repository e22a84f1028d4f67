/**
 * The progress dashboard: the page a provincial office opens every morning. One area
 * on an as-of date and a scheme: KPI cards, the children ranked by progress, the cumulative series,
 * coverage by child and the outreach funnel. Loads the area, its path, its subtree's figures and
 * targets (one statement, scope-checked inside) and the registry's figures per child from the
 * incremental aggregates (one more; never a scan of the registry, see @ansinh/db dashboardFigures);
 * every figure is the domain's (`progress`, `milestoneProgress`, `rankAreas`, `rollUp`,
 * `coverageAgainstTarget`, `funnel`, `cumulativeSeries`).
 */
import { z } from "zod";
import {
  areaWithChildren,
  dashboardFigures,
  firstRootOn,
  nearestAreaDate,
  retentionAggregates,
  rootUnitsOn,
  type Db,
  type FrameTarget,
  type RetentionCounts,
} from "@ansinh/db";
import { areaCodeSchema, type AreaNode } from "@ansinh/domain/areas";
import { coverageAgainstTarget, healthCoverageGoal, rollUp } from "@ansinh/domain/coverage";
import { addDays, isoDateSchema } from "@ansinh/domain/dates";
import { funnel } from "@ansinh/domain/outreach";
import { contactOutcomes, retentionFigure } from "@ansinh/domain/registry";
import {
  countBetween,
  cumulativeSeries,
  dashboardStatus,
  milestoneFigures,
  milestoneProgress,
  progress,
  rankAreas,
  type DashboardStatus,
  type Period,
  type Progress,
} from "@ansinh/domain/targets";
import { apiError } from "../errors.js";
import { frameTree, visiblePath } from "../services/area-frame.js";
import { protectedProcedure, router } from "../trpc.js";

export const dashboardSchemes = ["voluntary_social_insurance", "household_health_insurance"] as const;
export type DashboardScheme = (typeof dashboardSchemes)[number];

export const summaryInput = z.object({
  code: areaCodeSchema,
  onDate: isoDateSchema,
  scheme: z.enum(dashboardSchemes),
});

/** Retention of a period: a calendar year (`month` absent) or one month of it. */
export const retentionInput = z.object({
  code: areaCodeSchema,
  onDate: isoDateSchema,
  scheme: z.enum(dashboardSchemes),
  year: z.number().int().min(2000).max(2100),
  month: z.number().int().min(1).max(12).optional(),
});

const notFound = (code: string, onDate: string) =>
  apiError("AREAS.NOT_FOUND", `Không có địa bàn mã ${code} vào ngày ${onDate}`, `No area with code ${code} on ${onDate}`, ["code"]);

const minDate = (a: string, b: string) => (a < b ? a : b);
const maxDate = (a: string, b: string) => (a > b ? a : b);

/** The target of `kind` for `areaCode` whose period holds `onDate` (else the latest started), latest start first. */
function pick(targets: readonly FrameTarget[], areaCode: string, kind: FrameTarget["kind"], onDate: string, within?: Period): FrameTarget | null {
  const mine = targets
    .filter((t) => t.areaCode === areaCode && t.kind === kind)
    .filter((t) => !within || (t.periodStart <= within.end && t.periodEnd >= within.start))
    .sort((a, b) => (a.periodStart < b.periodStart ? 1 : a.periodStart > b.periodStart ? -1 : a.id - b.id));
  return mine.find((t) => t.periodStart <= onDate && onDate <= t.periodEnd) ?? mine[0] ?? null;
}

export interface ProgressFigures {
  target: number;
  achieved: number;
  percent: number | null;
  expectedToDate: number;
  remaining: number;
  projectedAtEnd: number | null;
  status: DashboardStatus;
  period: Period;
}

const figuresOf = (p: Progress, period: Period): ProgressFigures => ({
  target: p.target,
  achieved: p.achieved,
  percent: p.percent,
  expectedToDate: Math.round(p.expectedToDate * 100) / 100,
  remaining: p.remaining,
  projectedAtEnd: p.projectedAtEnd === null ? null : Math.round(p.projectedAtEnd),
  status: dashboardStatus(p),
  period,
});

/** The summary itself (see `dashboardRouter.summary`): two statements and the domain's figures. */
async function summaryOf(db: Db, input: z.infer<typeof summaryInput>, roots: string[] | null) {
  const { code, onDate, scheme } = input;
  const frame = await areaWithChildren(db, {
    code,
    onDate,
    roots,
    coverageScheme: "health_insurance",
    targetsOf: { scheme, since: addDays(onDate, -366) },
  });
  if (!frame) throw notFound(code, onDate);
  const { tree, figures } = frameTree(frame, onDate);
  const node = tree.byCode.get(code)!;
  const children = node.children;

  // The plan and its period.
  const ownPlan = pick(frame.targets, code, "plan", onDate);
  const yearPeriod: Period = { start: `${onDate.slice(0, 4)}-01-01`, end: `${onDate.slice(0, 4)}-12-31` };
  const childPlans = new Map<string, FrameTarget>();
  for (const c of children) {
    const t = pick(frame.targets, c.code, "plan", onDate, ownPlan ? { start: ownPlan.periodStart, end: ownPlan.periodEnd } : undefined);
    if (t) childPlans.set(c.code, t);
  }
  const someChildPlan = [...childPlans.values()][0];
  const period: Period = ownPlan
    ? { start: ownPlan.periodStart, end: ownPlan.periodEnd }
    : someChildPlan
      ? { start: someChildPlan.periodStart, end: someChildPlan.periodEnd }
      : yearPeriod;
  const planSource: "own" | "children" | "none" = ownPlan ? "own" : childPlans.size > 0 ? "children" : "none";
  const planValue = ownPlan ? ownPlan.value : childPlans.size > 0 ? [...childPlans.values()].reduce((s, t) => s + t.value, 0) : null;
  const kinds = ownPlan?.countsKinds ?? someChildPlan?.countsKinds ?? ["new", "returning"];

  const upTo = minDate(onDate, period.end);
  // The windows each figure counts over: the period, each child's minimum and milestone. The
  // registry's figures come from the incremental aggregates as running totals on the days
  // that bound the windows (count in [a, b] = total(b) − total(a − 1)).
  const windows = new Map<string, { minimum: Period | null; milestoneBy: string | null; ms: FrameTarget | null; min: FrameTarget | null }>();
  const days = new Set([addDays(period.start, -1), upTo, onDate]);
  for (const c of children) {
    const min = pick(frame.targets, c.code, "minimum", onDate, period);
    const minPeriod = min ? { start: maxDate(min.periodStart, period.start), end: min.periodEnd } : null;
    const minimum = min && minPeriod && minPeriod.start <= minPeriod.end ? minPeriod : null;
    if (minimum) days.add(addDays(minimum.start, -1)).add(minDate(onDate, minimum.end));
    const ms = pick(frame.targets, c.code, "milestone", onDate, period);
    const milestoneBy = ms && ms.milestoneBy && ms.milestoneBy >= period.start && ms.milestoneBy <= period.end ? ms.milestoneBy : null;
    if (milestoneBy) days.add(minDate(onDate, milestoneBy));
    windows.set(c.code, { minimum, milestoneBy, ms, min });
  }
  const registry = await dashboardFigures(db, { code, areas: children.map((c) => c.code), onDate, scheme, kinds, days: [...days], seriesFrom: period.start });
  const total = (area: string, d: string) => registry.totals.get(area)?.get(d) ?? { n: 0, amount: 0 };
  const between = (area: string, from: string, to: string) => (from > to ? 0 : total(area, to).n - total(area, addDays(from, -1)).n);
  const amountOf = (area: string) => total(area, onDate).amount - total(area, addDays(period.start, -1)).amount;
  const statusOf = (area: string) => registry.status.get(area) ?? { active: 0, lapsed: 0 };
  const areaDaily = registry.daily;
  const achieved = countBetween(areaDaily, period.start, upTo);
  const areaProgress = planValue === null ? null : progress({ target: planValue, achieved, period, asOf: onDate });

  // Coverage (health insurance, all insured groups) of the area and of each child.
  const rolled = rollUp({ roots: [node] }, figures);
  // The goal of the plan period's year (the label sits under that period), not of a listed earlier year.
  const goal = healthCoverageGoal(Number(period.start.slice(0, 4)));
  const coverageOf = (c: AreaNode) => {
    const r = rolled.get(c.code)!;
    return {
      known: r.known,
      insured: r.insured,
      population: r.population,
      percent: r.percent,
      missing: r.missing,
      reportedOn: figures.get(c.code)?.reportedOn ?? null,
    };
  };
  const areaCoverage = rolled.get(code)!;
  const againstGoal = goal && areaCoverage.known ? coverageAgainstTarget(areaCoverage, goal.percent) : null;

  // Children: progress against their plans, minimum and milestone, ranked.
  const hasChildren = new Set(frame.units.map((u) => u.parentCode).filter((p): p is string => p !== null));
  const rows = children.map((c) => {
    const got = between(c.code, period.start, upTo);
    const plan = childPlans.get(c.code) ?? null;
    const p = plan ? progress({ target: plan.value, achieved: got, period, asOf: onDate }) : null;
    const { minimum: minPeriod, min, ms, milestoneBy } = windows.get(c.code)!;
    const minimum =
      min && minPeriod
        ? figuresOf(
            progress({ target: min.value, achieved: between(c.code, minPeriod.start, minDate(onDate, minPeriod.end)), period: minPeriod, asOf: onDate }),
            minPeriod,
          )
        : null;
    let milestone: (ProgressFigures & { share: number; by: string; required: number; reached: boolean; missed: boolean }) | null = null;
    if (ms && milestoneBy) {
      const { share, base } = milestoneFigures({ share: ms.share, value: ms.value }, plan?.value ?? null);
      const m = milestoneProgress({
        target: base,
        share,
        by: milestoneBy,
        achieved: between(c.code, period.start, minDate(onDate, milestoneBy)),
        period,
        asOf: onDate,
      });
      milestone = {
        ...figuresOf(m, { start: period.start, end: milestoneBy }),
        share: m.share,
        by: m.by,
        required: m.required,
        reached: m.reached,
        missed: m.missed,
      };
    }
    const a = { amount: amountOf(c.code), ...statusOf(c.code) };
    return {
      code: c.code,
      name: c.name,
      level: c.level,
      unitType: c.unitType,
      hasChildren: hasChildren.has(c.code),
      progress: p ? figuresOf(p, period) : null,
      achieved: got,
      amount: a.amount,
      minimum,
      milestone,
      active: a.active,
      lapsed: a.lapsed,
      coverage: coverageOf(c),
    };
  });
  const ranked = rankAreas(rows, (r) => (r.progress && r.progress.target > 0 ? r.achieved / r.progress.target : null)).map((r) => ({
    rank: r.rank,
    ...r.item,
  }));

  const totals = { ...statusOf(code), amount: amountOf(code) };
  const f = funnel({ attendances: registry.funnel.attendances, enrolments: registry.funnel.enrolments });
  return {
    onDate,
    scheme,
    area: { code: node.code, name: node.name, level: node.level, unitType: node.unitType },
    path: visiblePath(frame.path, roots).map((p) => ({ code: p.code, name: p.name, level: p.level, unitType: p.unitType })),
    plan: {
      source: planSource,
      period,
      value: planValue,
      countsKinds: kinds,
      targetId: ownPlan?.id ?? null,
    },
    kpis: {
      newEnrolments: { achieved, target: planValue, percent: areaProgress?.percent ?? null, status: areaProgress ? dashboardStatus(areaProgress) : null },
      expectedToDate: areaProgress ? Math.round(areaProgress.expectedToDate * 100) / 100 : null,
      projectedAtEnd: areaProgress?.projectedAtEnd == null ? null : Math.round(areaProgress.projectedAtEnd),
      active: totals.active,
      lapsed: totals.lapsed,
      amount: totals.amount,
      healthCoverage: {
        ...coverageOf(node),
        goal: goal ? { year: goal.forYear, setFor: goal.year, percent: goal.percent, source: goal.source } : null,
        reached: againstGoal?.reached ?? null,
        gapPoints: againstGoal?.gapPoints ?? null,
        insuredNeeded: againstGoal?.insuredNeeded ?? null,
      },
    },
    children: ranked,
    series: cumulativeSeries({ daily: areaDaily, target: planValue ?? 0, period, asOf: onDate }),
    funnel: {
      period: { start: period.start, end: upTo },
      events: registry.funnel.events,
      attendances: f.attendances,
      voluntary: f.byScheme.voluntary_social_insurance,
      household: f.byScheme.household_health_insurance,
      total: f.total,
    },
  };
}

/** The retention figures of an area (see `dashboardRouter.retention`): one scope-checked frame and one read of the aggregate. */
async function retentionOf(db: Db, input: z.infer<typeof retentionInput>, roots: string[] | null) {
  const { code, onDate, scheme, year, month } = input;
  const frame = await areaWithChildren(db, { code, onDate, roots, coverageScheme: "health_insurance" });
  if (!frame) throw notFound(code, onDate);
  const { tree } = frameTree(frame, onDate);
  const node = tree.byCode.get(code)!;
  const grain = month === undefined ? ("y" as const) : ("m" as const);
  const from = `${year}-${String(month ?? 1).padStart(2, "0")}-01`;
  const to =
    month === undefined ? `${year}-12-31` : addDays(`${month === 12 ? year + 1 : year}-${String(month === 12 ? 1 : month + 1).padStart(2, "0")}-01`, -1);
  const agg = await retentionAggregates(db, { code, areas: node.children.map((c) => c.code), onDate, scheme, grain, bucket: from });
  const zero: RetentionCounts = { ended30: 0, renewed30: 0, ended90: 0, renewed90: 0 };
  const figures = (r: RetentionCounts) => ({ within30: retentionFigure(30, r.ended30, r.renewed30), within90: retentionFigure(90, r.ended90, r.renewed90) });
  const share90 = (r: { figures: ReturnType<typeof figures> }) => r.figures.within90.share;
  const rank = <T extends { figures: ReturnType<typeof figures> }>(rows: T[]) => rankAreas(rows, share90).map((r) => ({ rank: r.rank, ...r.item }));
  const known = new Set<string>(contactOutcomes);
  return {
    onDate,
    scheme,
    period: { start: from, end: to, grain },
    area: { code: node.code, name: node.name, level: node.level, unitType: node.unitType },
    total: figures(agg.byArea.get(code) ?? zero),
    children: rank(
      node.children.map((c) => ({ code: c.code, name: c.name, level: c.level, unitType: c.unitType, figures: figures(agg.byArea.get(c.code) ?? zero) })),
    ),
    agents: rank(agg.byAgent.map((a) => ({ agentId: a.agentId, name: a.agentName, figures: figures(a) }))),
    collectors: rank(agg.byCollector.map((c) => ({ collectorId: c.collectorId, name: c.collectorName, figures: figures(c) }))),
    // The losses (ended, not renewed within 90 days) by the latest outcome recorded on the item.
    losses: agg.byOutcome
      .map((o) => ({
        outcome: o.outcome !== null && known.has(o.outcome) ? (o.outcome as (typeof contactOutcomes)[number]) : null,
        lost: o.ended90 - o.renewed90,
      }))
      .filter((o) => o.lost > 0)
      .sort((a, b) => b.lost - a.lost || String(a.outcome).localeCompare(String(b.outcome))),
  };
}

export const dashboardRouter = router({
  /**
   * Progress of an area and its children on a date, for one scheme. The plan is the area's
   * new-participants plan whose period holds the date (else the sum of its children's plans);
   * without one, the calendar year of the date with no target.
   */
  summary: protectedProcedure
    .meta({ access: "read" })
    .input(summaryInput)
    .query(async ({ ctx, input }) => {
      // The caller's territory on the date (roles follow their units across the reform).
      const roots = await ctx.access.rootsOn("read", input.onDate);
      // The same question from the same scope gets the same answer until the figures change.
      const key = JSON.stringify(["dashboard.summary", input.code, input.onDate, input.scheme, roots === null ? null : [...roots].sort()]);
      return ctx.answers ? ctx.answers.get(key, () => summaryOf(ctx.readDb, input, roots)) : summaryOf(ctx.readDb, input, roots);
    }),

  /**
   * Retention (the domain's definition, docs/worklist.md) of the area and its children
   * for a calendar year or a month: of the people whose cover ended in it, the share who renewed
   * within 30 and 90 days, ranked, per agent and per collector, and the losses by the latest
   * contact outcome — read from the incremental aggregate, scoped like the summary.
   */
  retention: protectedProcedure
    .meta({ access: "read" })
    .input(retentionInput)
    .query(async ({ ctx, input }) => {
      const roots = await ctx.access.rootsOn("read", input.onDate);
      const key = JSON.stringify([
        "dashboard.retention",
        input.code,
        input.onDate,
        input.scheme,
        input.year,
        input.month ?? null,
        roots === null ? null : [...roots].sort(),
      ]);
      return ctx.answers ? ctx.answers.get(key, () => retentionOf(ctx.readDb, input, roots)) : retentionOf(ctx.readDb, input, roots);
    }),

  /**
   * Where the landing page opens: the caller's first area in force on `onDate`, or, when none
   * is, on the nearest date when one is (null: the caller has no area at all).
   */
  defaultArea: protectedProcedure
    .meta({ access: "read" })
    .input(z.object({ onDate: isoDateSchema }))
    .query(async ({ ctx, input }) => {
      const own = ctx.access.rootsFor("read");
      const roots = await ctx.access.rootsOn("read", input.onDate);
      // Why here: the caller's own unit on the date, or, when it ended in a reform, the units that
      // took over its territory (`successors`); else the nearest date one of its units is in force.
      const ended = own !== null && roots !== null && !roots.some((r) => own.includes(r));
      // `units`: the codes of the units the first screen stands for; `unitNames`: theirs on the date.
      const here = await firstRootOn(ctx.readDb, input.onDate, roots);
      if (here) {
        const units = ended ? await rootUnitsOn(ctx.readDb, input.onDate, roots) : [here];
        return {
          ...here,
          onDate: input.onDate,
          reason: ended ? ("successors" as const) : ("own" as const),
          units: roots ?? [here.code],
          unitNames: units.map((u) => u.name),
        };
      }
      const near = await nearestAreaDate(ctx.readDb, input.onDate, own);
      const there = near ? await firstRootOn(ctx.readDb, near, own) : null;
      return there ? { ...there, onDate: near!, reason: "nearest" as const, units: [there.code], unitNames: [there.name] } : null;
    }),
});
