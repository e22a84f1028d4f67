/**
 * The progress dashboard's reads: one area on a date, its ancestors, its children and
 * what each child's subtree holds — never the whole tree nor the whole registry. A page costs
 * what it shows: the walks are recursive CTEs over areas(parent_code, valid_from, valid_to) that
 * start at the chosen area (down) or go up from it (the breadcrumb and the scope check), and the
 * registry is read through the subtree's commune codes only.
 *
 * `areaWithChildren` answers in ONE round trip: the area, its path, the caller's read scope
 * checked in the same statement (the area must be one of, or under, the roots on that date; out
 * of scope answers null like a code that does not exist), every unit of its subtree with the
 * coverage figures it reports itself (so the domain's `rollUp` sums numerators and denominators
 * exactly as before), and, when asked, the new-participants targets of the area and its children.
 * `dashboardActivity` answers in one more: per child, the enrolments per start day, the active and
 * lapsed participants on the date, and the outreach funnel of the area.
 */
import { sql, type SQL } from "drizzle-orm";
import type { AreaRow } from "@ansinh/domain/areas";
import { coverageDenominator, type CoverageScheme } from "@ansinh/domain/coverage";
import type { Db } from "../client.js";
import type { RegistryScheme } from "./registry-lists.js";
import { selectRows } from "./sql.js";

const day = (d: string) => sql`${d}::date`;
const inForce = (alias: string, onDate: string) => {
  const a = sql.raw(alias);
  return sql`${a}.valid_from <= ${day(onDate)} and (${a}.valid_to is null or ${a}.valid_to >= ${day(onDate)})`;
};

const json = <T>(v: unknown): T => (typeof v === "string" ? (JSON.parse(v) as T) : (v as T));

/** The CTEs `up` (the area and its ancestors, depth 0 = the area), `ok` (in scope) and `sub` (the subtree, `child` = the child of the area it lies under; null for the area itself). */
function frameCtes(code: string, onDate: string, roots: readonly string[] | null): SQL {
  const scoped =
    roots === null
      ? sql`true`
      : roots.length === 0
        ? sql`false`
        : sql`up.code in (${sql.join(
            roots.map((r) => sql`${r}`),
            sql`, `,
          )})`;
  return sql`
    with recursive up(id, code, name, level, unit_type, parent_code, valid_from, valid_to, depth) as (
      select a.id, a.code, a.name, a.level, a.unit_type, a.parent_code, a.valid_from, a.valid_to, 0
      from areas a where a.code = ${code} and ${inForce("a", onDate)}
      union all
      select a.id, a.code, a.name, a.level, a.unit_type, a.parent_code, a.valid_from, a.valid_to, up.depth + 1
      from areas a join up on a.code = up.parent_code
      where ${inForce("a", onDate)} and up.depth < 10
    ),
    ok as (select exists (select 1 from up where ${scoped}) as ok),
    sub(id, code, name, level, unit_type, parent_code, valid_from, valid_to, child, depth) as (
      select up.id, up.code, up.name, up.level, up.unit_type, up.parent_code, up.valid_from, up.valid_to, null::text, 0
      from up where up.depth = 0 and (select ok from ok)
      union all
      select a.id, a.code, a.name, a.level, a.unit_type, a.parent_code, a.valid_from, a.valid_to, coalesce(sub.child, a.code), sub.depth + 1
      from areas a join sub on a.parent_code = sub.code
      where ${inForce("a", onDate)} and sub.depth < 6
    )`;
}

export interface FrameUnit extends AreaRow {
  /** The child of the chosen area this unit lies under (itself for a child); null for the area. */
  child: string | null;
  /** Coverage figures the unit reports itself (not summed): null when it reports none. */
  insured: number | null;
  population: number | null;
  reportedOn: string | null;
  populationYear: number | null;
}

export interface FrameTarget {
  id: number;
  areaCode: string;
  kind: "plan" | "minimum" | "milestone";
  periodStart: string;
  periodEnd: string;
  value: number;
  share: number | null;
  milestoneBy: string | null;
  countsKinds: string[];
  campaignId: number | null;
  version: number;
}

export interface AreaFrame {
  /** The ancestors of the area, root first (the breadcrumb), without the area itself. */
  path: { code: string; name: string; level: string; unitType: string | null }[];
  /** The area (first) and every unit of its subtree in force on the date. */
  units: FrameUnit[];
  /** new_participants targets of the area and its children in `targetsOf.scheme` (when asked). */
  targets: FrameTarget[];
}

/**
 * The area `code` in force on `onDate` with its ancestors and its subtree with each unit's own
 * coverage figures of `coverageScheme`, in one statement; null when the area is not in force on
 * the date or not inside `roots` (null roots: everywhere). With `targetsOf`, also the
 * new-participants targets of the area and of its children whose period starts by `onDate` and
 * ends after `targetsOf.since` (their unit version being the one in force on `onDate`).
 */
export async function areaWithChildren(
  db: Db,
  {
    code,
    onDate,
    roots,
    coverageScheme,
    targetsOf,
  }: {
    code: string;
    onDate: string;
    roots: readonly string[] | null;
    coverageScheme: CoverageScheme;
    targetsOf?: { scheme: RegistryScheme; since: string };
  },
): Promise<AreaFrame | null> {
  const targetsSql = targetsOf
    ? sql`(select coalesce(json_agg(json_build_object(
          'id', t.id, 'areaCode', t.area_code, 'kind', t.kind,
          'periodStart', to_char(t.period_start, 'YYYY-MM-DD'), 'periodEnd', to_char(t.period_end, 'YYYY-MM-DD'),
          'value', t.value::float8, 'share', t.share::float8, 'milestoneBy', to_char(t.milestone_by, 'YYYY-MM-DD'),
          'countsKinds', t.counts_kinds, 'campaignId', t.campaign_id, 'version', t.version) order by t.area_code, t.period_start, t.id), '[]'::json)
        from targets t join sub s on s.code = t.area_code and s.depth <= 1
        where t.scheme = ${targetsOf.scheme} and t.measure = 'new_participants'
          and t.period_start <= ${day(onDate)} and t.period_end >= ${day(targetsOf.since)}
          and s.valid_from <= t.area_valid_on and (s.valid_to is null or s.valid_to >= t.area_valid_on))`
    : sql`'[]'::json`;
  const [row] = await selectRows<{ path: unknown; units: unknown; targets: unknown }>(
    db,
    sql`${frameCtes(code, onDate, roots)},
    -- Per unit, its latest report by the date and its latest population: index lookups on
    -- (area_id, as_of, …) and (area_id, year), never a scan of the figures of the whole country.
    fig as (
      select sub.*, ins.insured, ins.as_of, pop.year, pop.total, pop.working_age
      from sub
      left join lateral (
        select sum(cf.insured_count)::float8 as insured, cf.as_of
        from coverage_figures cf
        where cf.area_id = sub.id and cf.scheme = ${coverageScheme}
          and cf.as_of = (select max(x.as_of) from coverage_figures x where x.area_id = sub.id and x.scheme = ${coverageScheme} and x.as_of <= ${day(onDate)})
        group by cf.as_of
      ) ins on true
      left join lateral (
        select p.year, p.total, p.working_age from populations p
        where p.area_id = sub.id and p.year <= extract(year from ${day(onDate)})
        order by p.year desc limit 1
      ) pop on true
    )
    select
      (select coalesce(json_agg(json_build_object('code', up.code, 'name', up.name, 'level', up.level, 'unitType', up.unit_type) order by up.depth desc), '[]'::json)
         from up where up.depth > 0 and (select ok from ok)) as path,
      (select coalesce(json_agg(json_build_object(
          'code', sub.code, 'name', sub.name, 'level', sub.level, 'unitType', sub.unit_type, 'parentCode', sub.parent_code,
          'validFrom', to_char(sub.valid_from, 'YYYY-MM-DD'), 'validTo', to_char(sub.valid_to, 'YYYY-MM-DD'),
          'child', sub.child, 'insured', sub.insured, 'total', sub.total::float8, 'workingAge', sub.working_age::float8,
          'reportedOn', to_char(sub.as_of, 'YYYY-MM-DD'), 'populationYear', sub.year) order by sub.depth, sub.code), '[]'::json)
         from fig sub) as units,
      ${targetsSql} as targets`,
  );
  const units = json<(Omit<FrameUnit, "population"> & { total: number | null; workingAge: number | null })[]>(row?.units ?? "[]");
  if (units.length === 0) return null;
  return {
    path: json<AreaFrame["path"]>(row!.path),
    units: units.map(({ total, workingAge, ...u }) => ({
      ...u,
      level: u.level,
      insured: u.insured == null ? null : Number(u.insured),
      population: coverageDenominator(coverageScheme, {
        total: total == null ? null : Number(total),
        workingAge: workingAge == null ? null : Number(workingAge),
      }),
      populationYear: u.populationYear == null ? null : Number(u.populationYear),
    })),
    targets: json<FrameTarget[]>(row!.targets).map((t) => ({ ...t, value: Number(t.value), share: t.share == null ? null : Number(t.share) })),
  };
}

export interface ChildActivity {
  /** Enrolments of the counted kinds per start day, [day, count], ascending. */
  daily: [string, number][];
  /** Amount charged for those enrolments from `from` to the date, VND. */
  amount: number;
  /** Participants covered on the date (active or due to renew). */
  active: number;
  /** Participants who were covered before the date and are not on it. */
  lapsed: number;
}

export interface AreaActivity {
  /** Keyed by child code; the area's own code for units directly in the area (a commune itself). */
  byChild: Map<string, ChildActivity>;
  /** The outreach funnel of the whole area over [from, onDate]. */
  funnel: { events: number; attendances: number; enrolments: Record<RegistryScheme, number> };
}

/**
 * The plain GROUP BY over the registry that the incremental figures replace (`dashboardFigures`):
 * kept as the baseline of `pnpm bench` and of the test that checks both give the same figures.
 * What the registry holds for each child of `code` (its subtree on `onDate`): the enrolments of
 * `scheme` and of `kinds` starting in [from, onDate] per start day (codes are reused across eras:
 * a unit version counts the records under its code dated after the previous version with that
 * code ended, so records made on the pre-2025 units are not counted on the 2025 units), the participants active and lapsed on `onDate` in `scheme` (the
 * domain's coverageStatus: covered on the date = some payment of a non-cancelled enrolment covers
 * it, since runs of joined periods are made of covered days; lapsed = covered before, not on it;
 * each person counted where their latest enrolment in the scheme is — on a date after a reform, on
 * the unit that took over that commune's territory), and the outreach events in
 * the subtree over [from, onDate] with the enrolments attributed to them, per scheme.
 * Not scope-checked: call it after `areaWithChildren` has answered.
 */
export async function dashboardActivityFromRegistry(
  db: Db,
  { code, onDate, scheme, from, kinds }: { code: string; onDate: string; scheme: RegistryScheme; from: string; kinds: readonly string[] },
): Promise<AreaActivity> {
  const kindList =
    kinds.length === 0
      ? sql`null`
      : sql.join(
          kinds.map((k) => sql`${k}`),
          sql`, `,
        );
  const [row] = await selectRows<{ daily: unknown; status: unknown; funnel: unknown }>(
    db,
    sql`${frameCtes(code, onDate, null)},
    -- Codes are reused across eras: a unit version holds the records under its code dated after
    -- the previous version with that code ended (records older than a unit's first version, as
    -- when a list starts later than the registry, stay with that first version).
    cell as (
      select sub.id, sub.code, coalesce(sub.child, sub.code) as child,
        coalesce((select max(v.valid_to) + 1 from areas v where v.code = sub.code and v.valid_from < sub.valid_from), '-infinity'::date) as since
      from sub
    ),
    en as (
      select e.id, e.participant_id, e.start_date, e.kind, e.amount, e.commune_code, c.child
      from enrolments e join cell c on c.code = e.commune_code and e.start_date >= c.since
      where e.scheme = ${scheme} and e.status <> 'cancelled' and e.start_date <= ${day(onDate)}
    ),
    -- each person counted where their latest enrolment in the scheme (started by the date) is:
    -- candidates have an enrolment on a unit of the subtree, or on an older unit mapped into it
    cand as (
      select distinct e.participant_id from enrolments e
      where e.scheme = ${scheme} and e.status <> 'cancelled' and e.start_date <= ${day(onDate)}
        and (e.commune_code in (select code from cell)
          or e.commune_code in (select m.old_code from area_mappings m join cell c on c.code = m.new_code where m.new_valid_on <= ${day(onDate)}))
    ),
    latest as (
      select distinct on (e.participant_id) e.participant_id, e.commune_code, e.start_date
      from enrolments e join cand on cand.participant_id = e.participant_id
      where e.scheme = ${scheme} and e.status <> 'cancelled' and e.start_date <= ${day(onDate)}
      order by e.participant_id, e.start_date desc, e.id desc
    ),
    -- on a date after a reform, a person whose latest enrolment was made on an older unit counts
    -- on the unit that took over its territory (its home, ansinh_homes: the domain's homeOn)
    person as (
      select l.participant_id, c.child from latest l
      cross join lateral (select h.home_code, h.home_day from ansinh_homes(l.commune_code, l.start_date, ${day(onDate)}) h order by h.home_day desc limit 1) h
      join cell c on c.code = h.home_code and h.home_day >= c.since
    ),
    cov as (
      select person.child,
        bool_or(p.cover_from <= ${day(onDate)} and p.cover_to >= ${day(onDate)}) as covered,
        bool_or(p.cover_to < ${day(onDate)}) as before
      from person
      join payments p on p.participant_id = person.participant_id
      join enrolments e on e.id = p.enrolment_id and e.scheme = ${scheme} and e.status <> 'cancelled'
      group by person.participant_id, person.child
    ),
    ev as (
      select o.id, o.attendances from outreach_events o join cell c on c.code = o.area_code and o.event_date >= c.since
      where o.event_date >= ${day(from)} and o.event_date <= ${day(onDate)}
    )
    select
      (select coalesce(json_agg(json_build_object('child', d.child, 'day', d.day, 'n', d.n, 'amount', d.amount) order by d.child, d.day), '[]'::json)
         from (select child, to_char(start_date, 'YYYY-MM-DD') as day, count(*)::int as n, sum(amount)::float8 as amount from en
               where start_date >= ${day(from)} and kind in (${kindList}) group by child, start_date) d) as daily,
      (select coalesce(json_agg(json_build_object('child', s.child, 'active', s.active, 'lapsed', s.lapsed)), '[]'::json)
         from (select child, count(*) filter (where covered)::int as active,
                      count(*) filter (where not covered and before)::int as lapsed
               from cov group by child) s) as status,
      (select json_build_object(
          'events', (select count(*)::int from ev),
          'attendances', (select coalesce(sum(attendances), 0)::int from ev),
          'voluntary', (select count(*)::int from enrolments e join ev on ev.id = e.outreach_event_id
                        where e.scheme = 'voluntary_social_insurance' and e.status <> 'cancelled'),
          'household', (select count(*)::int from enrolments e join ev on ev.id = e.outreach_event_id
                        where e.scheme = 'household_health_insurance' and e.status <> 'cancelled'))) as funnel`,
  );
  const byChild = new Map<string, ChildActivity>();
  const of = (c: string) => {
    let a = byChild.get(c);
    if (!a) byChild.set(c, (a = { daily: [], amount: 0, active: 0, lapsed: 0 }));
    return a;
  };
  for (const d of json<{ child: string; day: string; n: number; amount: number }[]>(row?.daily ?? "[]")) {
    const a = of(d.child);
    a.daily.push([d.day, Number(d.n)]);
    a.amount += Number(d.amount ?? 0);
  }
  for (const s of json<{ child: string; active: number; lapsed: number }[]>(row?.status ?? "[]")) {
    Object.assign(of(s.child), { active: Number(s.active), lapsed: Number(s.lapsed) });
  }
  const f = json<{ events: number; attendances: number; voluntary: number; household: number }>(row?.funnel ?? "{}");
  return {
    byChild,
    funnel: {
      events: Number(f.events ?? 0),
      attendances: Number(f.attendances ?? 0),
      enrolments: { voluntary_social_insurance: Number(f.voluntary ?? 0), household_health_insurance: Number(f.household ?? 0) },
    },
  };
}

/**
 * The caller's first read root in force on `onDate` (by code; everything: the first province),
 * with its name; null when none is.
 */
export async function firstRootOn(db: Db, onDate: string, roots: readonly string[] | null): Promise<{ code: string; name: string } | null> {
  return (await rootUnitsOn(db, onDate, roots, 1))[0] ?? null;
}

/** The units of `roots` in force on `onDate` (null: the provinces), largest first, with their names then (at most `limit`). */
export async function rootUnitsOn(db: Db, onDate: string, roots: readonly string[] | null, limit = 50): Promise<{ code: string; name: string }[]> {
  const only =
    roots === null
      ? sql`a.level in ('province', 'country')`
      : roots.length === 0
        ? sql`false`
        : sql`a.code in (${sql.join(
            roots.map((r) => sql`${r}`),
            sql`, `,
          )})`;
  return selectRows<{ code: string; name: string }>(
    db,
    sql`select a.code, a.name from areas a where ${only} and ${inForce("a", onDate)} order by length(a.code), a.code limit ${limit}`,
  );
}

/** Running totals of an area up to and including a day: enrolments (of the counted kinds) and their amounts. */
export interface RunningTotal {
  n: number;
  amount: number;
}

export interface DashboardFigures {
  /** Per area code asked (the area and its children), per day asked: the running total up to it. */
  totals: Map<string, Map<string, RunningTotal>>;
  /** Per area code asked: participants covered (active or due) and lapsed on `onDate`. */
  status: Map<string, { active: number; lapsed: number }>;
  /** The area's own enrolments per start day over [seriesFrom, onDate], ascending. */
  daily: [string, number][];
  /** The outreach funnel of the whole area over [seriesFrom, onDate]. */
  funnel: AreaActivity["funnel"];
}

/**
 * The rows of an aggregate table (as `c`) that sum to the running total of area `q.code` (era ≥
 * `q.since`) up to the day `x` included, i.e. the buckets before `e` = `x` + 1: the years before
 * `e`'s year, the months of that year before `e`'s month, the days of that month before `e` —
 * three range scans of the primary key (area, scheme, grain, bucket, …); for a month's last day
 * the day range is empty, for a year's last day only the years are read.
 */
function runningRows(table: "enrolment_counts" | "coverage_counts", columns: SQL, scheme: string, x: SQL, extra: SQL = sql`true`): SQL {
  const t = sql.raw(table);
  const e = sql`(${x}::date + 1)`;
  const year = sql`date_trunc('year', ${e}::timestamp)::date`;
  const month = sql`date_trunc('month', ${e}::timestamp)::date`;
  const where = (grain: string, range: SQL) =>
    sql`select ${columns} from ${t} c where c.area_code = q.code and c.scheme = ${scheme} and c.grain = ${grain} and ${range} and c.era_since >= q.since and c.era_since < q.until and ${extra}`;
  return sql`(${where("y", sql`c.bucket < ${year}`)}
    union all ${where("m", sql`c.bucket >= ${year} and c.bucket < ${month}`)}
    union all ${where("d", sql`c.bucket >= ${month} and c.bucket < ${e}`)})`;
}

/**
 * The dashboard's registry figures from the incremental aggregates (migration 0006; see
 * schema/aggregates.ts) — never from the registry: for each of `areas` (codes in force on
 * `onDate`: the area and its children), the running totals of enrolments of `scheme` and `kinds`
 * at each of `days`, and the participants covered and lapsed on `onDate`; the area's own daily
 * enrolments over [seriesFrom, onDate]; and the outreach funnel of the area's subtree. Each unit
 * version counts the records of its era (codes are reused across eras). A few dozen index rows
 * per area and day, whatever the registry holds. Not scope-checked: call it after
 * `areaWithChildren` has answered.
 */
export async function dashboardFigures(
  db: Db,
  {
    code,
    areas,
    onDate,
    scheme,
    kinds,
    days,
    seriesFrom,
  }: { code: string; areas: readonly string[]; onDate: string; scheme: RegistryScheme; kinds: readonly string[]; days: readonly string[]; seriesFrom: string },
): Promise<DashboardFigures> {
  const kindList =
    kinds.length === 0
      ? sql`null`
      : sql.join(
          kinds.map((k) => sql`${k}`),
          sql`, `,
        );
  const codes = [...new Set([code, ...areas])];
  const codeList = sql.join(
    codes.map((c) => sql`${c}`),
    sql`, `,
  );
  const dayList = [...new Set(days)];
  const dayValues =
    dayList.length === 0
      ? sql`select null::date as d where false`
      : sql`select unnest(array[${sql.join(
          dayList.map((d) => sql`${d}`),
          sql`, `,
        )}]::date[]) as d`;
  const [row] = await selectRows<{ totals: unknown; status: unknown; daily: unknown; funnel: unknown }>(
    db,
    sql`with recursive cell as (
      select a.code, coalesce((select max(v.valid_to) + 1 from areas v where v.code = a.code and v.valid_from < a.valid_from), '-infinity'::date) as since,
        coalesce(a.valid_to + 1, 'infinity'::date) as until
      from areas a where a.code in (${codeList}) and ${inForce("a", onDate)}
    ),
    x as (${dayValues}),
    own as (select since from cell where code = ${code}),
    sub(code, valid_from, depth) as (
      select a.code, a.valid_from, 0 from areas a where a.code = ${code} and ${inForce("a", onDate)}
      union all
      select a.code, a.valid_from, sub.depth + 1 from areas a join sub on a.parent_code = sub.code
      where ${inForce("a", onDate)} and sub.depth < 6
    ),
    subcell as (
      select sub.code, coalesce((select max(v.valid_to) + 1 from areas v where v.code = sub.code and v.valid_from < sub.valid_from), '-infinity'::date) as since
      from sub
    ),
    ev as (
      select o.id, o.attendances from outreach_events o join subcell s on s.code = o.area_code and o.event_date >= s.since
      where o.event_date >= ${day(seriesFrom)} and o.event_date <= ${day(onDate)}
    )
    select
      (select coalesce(json_agg(json_build_object('code', t.code, 'day', t.day, 'n', t.n, 'amount', t.amount)), '[]'::json) from (
         select q.code, to_char(x.d, 'YYYY-MM-DD') as day, coalesce(sum(c.n), 0)::float8 as n, coalesce(sum(c.amount), 0)::float8 as amount
         from cell q cross join x
         cross join lateral ${runningRows("enrolment_counts", sql`c.n, c.amount`, scheme, sql`x.d`, sql`c.kind in (${kindList})`)} c
         group by q.code, x.d) t) as totals,
      (select coalesce(json_agg(json_build_object('code', t.code, 'active', t.active, 'lapsed', t.lapsed)), '[]'::json) from (
         select q.code, coalesce(sum(c.active), 0)::float8 as active, coalesce(sum(c.lapsed), 0)::float8 as lapsed
         from cell q cross join lateral ${runningRows("coverage_counts", sql`c.active, c.lapsed`, scheme, day(onDate))} c
         group by q.code) t) as status,
      (select coalesce(json_agg(json_build_object('day', t.day, 'n', t.n) order by t.day), '[]'::json) from (
         select to_char(c.bucket, 'YYYY-MM-DD') as day, sum(c.n)::float8 as n
         from enrolment_counts c, own
         where c.area_code = ${code} and c.scheme = ${scheme} and c.grain = 'd' and c.era_since >= own.since
           and c.kind in (${kindList}) and c.bucket >= ${day(seriesFrom)} and c.bucket <= ${day(onDate)}
         group by c.bucket having sum(c.n) <> 0) t) as daily,
      (select json_build_object(
          'events', (select count(*)::int from ev),
          'attendances', (select coalesce(sum(attendances), 0)::int from ev),
          'voluntary', (select coalesce(sum(n), 0)::float8 from event_enrolment_counts k join ev on ev.id = k.event_id where k.scheme = 'voluntary_social_insurance'),
          'household', (select coalesce(sum(n), 0)::float8 from event_enrolment_counts k join ev on ev.id = k.event_id where k.scheme = 'household_health_insurance'))) as funnel`,
  );
  const totals = new Map<string, Map<string, RunningTotal>>();
  for (const t of json<{ code: string; day: string; n: number; amount: number }[]>(row?.totals ?? "[]")) {
    let m = totals.get(t.code);
    if (!m) totals.set(t.code, (m = new Map()));
    m.set(t.day, { n: Number(t.n), amount: Number(t.amount) });
  }
  const status = new Map<string, { active: number; lapsed: number }>();
  for (const s of json<{ code: string; active: number; lapsed: number }[]>(row?.status ?? "[]")) {
    status.set(s.code, { active: Number(s.active), lapsed: Number(s.lapsed) });
  }
  const f = json<{ events: number; attendances: number; voluntary: number; household: number }>(row?.funnel ?? "{}");
  return {
    totals,
    status,
    daily: json<{ day: string; n: number }[]>(row?.daily ?? "[]").map((d) => [d.day, Number(d.n)]),
    funnel: {
      events: Number(f.events ?? 0),
      attendances: Number(f.attendances ?? 0),
      enrolments: { voluntary_social_insurance: Number(f.voluntary ?? 0), household_health_insurance: Number(f.household ?? 0) },
    },
  };
}

/** Recomputes every aggregate from the registry (after a bulk load with `ansinh.defer_aggregates`, or a change of the unit lists). */
export async function rebuildAggregates(db: Db): Promise<void> {
  await db.execute(sql`select ansinh_rebuild_aggregates()`);
}

/** One group's retention counts: per window, the people whose cover ended and those of them who renewed. */
export interface RetentionCounts {
  ended30: number;
  renewed30: number;
  ended90: number;
  renewed90: number;
}

export interface RetentionAggregates {
  /** Per area code asked (the area and its children). */
  byArea: Map<string, RetentionCounts>;
  /** The area's, per agent of the payment whose cover ended (null: none). */
  byAgent: (RetentionCounts & { agentId: number | null; agentName: string | null })[];
  /** The area's, per collector of that payment's enrolment (null: none). */
  byCollector: (RetentionCounts & { collectorId: string | null; collectorName: string | null })[];
  /** The area's, per latest contact outcome on the item (null: none recorded). */
  byOutcome: (RetentionCounts & { outcome: string | null })[];
}

/**
 * Retention from its incremental aggregate (`retention_counts`, migration 0015) — never from the
 * registry: for the period `grain` (`y` a calendar year, `m` a month) starting on `bucket`, the
 * counts of each of `areas` (codes in force on `onDate`; each unit version counts the records of
 * its era, and after a reform those of the units it took over), and of `code` per agent, collector
 * and outcome. Not scope-checked: call it after `areaWithChildren` has answered.
 */
export async function retentionAggregates(
  db: Db,
  {
    code,
    areas,
    onDate,
    scheme,
    grain,
    bucket,
  }: { code: string; areas: readonly string[]; onDate: string; scheme: RegistryScheme; grain: "y" | "m"; bucket: string },
): Promise<RetentionAggregates> {
  const codes = [...new Set([code, ...areas])];
  const codeList = sql.join(
    codes.map((c) => sql`${c}`),
    sql`, `,
  );
  const sums = sql`coalesce(sum(r.ended30), 0)::float8 as ended30, coalesce(sum(r.renewed30), 0)::float8 as renewed30,
    coalesce(sum(r.ended90), 0)::float8 as ended90, coalesce(sum(r.renewed90), 0)::float8 as renewed90`;
  const [row] = await selectRows<{ areas: unknown; agents: unknown; collectors: unknown; outcomes: unknown }>(
    db,
    sql`with cell as (
      select a.code, coalesce((select max(v.valid_to) + 1 from areas v where v.code = a.code and v.valid_from < a.valid_from), '-infinity'::date) as since,
        coalesce(a.valid_to + 1, 'infinity'::date) as until
      from areas a where a.code in (${codeList}) and ${inForce("a", onDate)}
    ),
    r as (
      select q.code, r.agent_id, r.collector_id, r.outcome, r.ended30, r.renewed30, r.ended90, r.renewed90
      from cell q join retention_counts r on r.area_code = q.code and r.scheme = ${scheme} and r.grain = ${grain} and r.bucket = ${day(bucket)}
        and r.era_since >= q.since and r.era_since < q.until
    )
    select
      (select coalesce(json_agg(t), '[]'::json) from (select r.code, ${sums} from r group by r.code) t) as areas,
      (select coalesce(json_agg(t), '[]'::json) from (
         select nullif(r.agent_id, 0) as "agentId", ag.name as "agentName", ${sums}
         from r left join agents ag on ag.id = r.agent_id where r.code = ${code} group by r.agent_id, ag.name) t) as agents,
      (select coalesce(json_agg(t), '[]'::json) from (
         select nullif(r.collector_id, '') as "collectorId", u.name as "collectorName", ${sums}
         from r left join auth_user u on u.id = r.collector_id where r.code = ${code} group by r.collector_id, u.name) t) as collectors,
      (select coalesce(json_agg(t), '[]'::json) from (
         select nullif(r.outcome, '') as outcome, ${sums} from r where r.code = ${code} group by r.outcome) t) as outcomes`,
  );
  const counts = (x: RetentionCounts): RetentionCounts => ({
    ended30: Number(x.ended30),
    renewed30: Number(x.renewed30),
    ended90: Number(x.ended90),
    renewed90: Number(x.renewed90),
  });
  const nonEmpty = (x: RetentionCounts) => x.ended30 !== 0 || x.ended90 !== 0;
  return {
    byArea: new Map(json<(RetentionCounts & { code: string })[]>(row?.areas ?? "[]").map((a) => [a.code, counts(a)])),
    byAgent: json<(RetentionCounts & { agentId: number | null; agentName: string | null })[]>(row?.agents ?? "[]")
      .map((a) => ({ agentId: a.agentId === null ? null : Number(a.agentId), agentName: a.agentName, ...counts(a) }))
      .filter(nonEmpty),
    byCollector: json<(RetentionCounts & { collectorId: string | null; collectorName: string | null })[]>(row?.collectors ?? "[]")
      .map((c) => ({ collectorId: c.collectorId, collectorName: c.collectorName, ...counts(c) }))
      .filter(nonEmpty),
    byOutcome: json<(RetentionCounts & { outcome: string | null })[]>(row?.outcomes ?? "[]")
      .map((o) => ({ outcome: o.outcome, ...counts(o) }))
      .filter(nonEmpty),
  };
}
