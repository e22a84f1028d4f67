import { and, eq, gte, isNull, lte, or, sql } from "drizzle-orm";
import type { AreaRow } from "@ansinh/domain/areas";
import { coverageDenominator, type CoverageFigures, type CoverageScheme } from "@ansinh/domain/coverage";
import type { Db } from "../client.js";
import { areas } from "../schema/index.js";
import { scopeSql } from "./scope.js";
import { foldedContains, selectRows } from "./sql.js";

export type { CoverageScheme } from "@ansinh/domain/coverage";

const inForceOn = (onDate: string) => and(lte(areas.validFrom, onDate), or(isNull(areas.validTo), gte(areas.validTo, onDate)));

const areaRowColumns = {
  code: areas.code,
  name: areas.name,
  level: areas.level,
  unitType: areas.unitType,
  parentCode: areas.parentCode,
  validFrom: areas.validFrom,
  validTo: areas.validTo,
};

/**
 * Unit versions in force on a date, as the domain's flat rows; with `within`, only the subtrees
 * of those codes (the access scope, filtered in SQL).
 */
export async function areaRowsOn(db: Db, onDate: string, within: readonly string[] | null = null): Promise<AreaRow[]> {
  const where = within === null ? inForceOn(onDate) : and(inForceOn(onDate), sql`${areas.code} in (${scopeSql(onDate, within)})`);
  return db.select(areaRowColumns).from(areas).where(where).orderBy(areas.code);
}

/** Every unit version (all eras), for imports that must compare with what is stored. */
export async function allAreaRows(db: Db): Promise<AreaRow[]> {
  return db.select(areaRowColumns).from(areas).orderBy(areas.code, areas.validFrom);
}

export async function insertAreaRows(db: Db, rows: readonly AreaRow[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const res = await db.insert(areas).values(chunk).onConflictDoNothing().returning({ id: areas.id });
    inserted += res.length;
  }
  return inserted;
}

export async function areaIdOn(db: Db, code: string, onDate: string): Promise<number | undefined> {
  const [row] = await db
    .select({ id: areas.id })
    .from(areas)
    .where(and(eq(areas.code, code), inForceOn(onDate)));
  return row?.id;
}

/**
 * A unit as a person is told where to ask (its latest name, then its parent's): "Xã A, Huyện B".
 * The code alone when it is unknown.
 */
export async function areaLabelOf(db: Db, code: string): Promise<string> {
  const latest = async (c: string) =>
    (
      await db
        .select({ name: areas.name, parentCode: areas.parentCode, level: areas.level })
        .from(areas)
        .where(eq(areas.code, c))
        .orderBy(sql`${areas.validFrom} desc`)
        .limit(1)
    )[0];
  const unit = await latest(code);
  if (!unit) return code;
  const parent = unit.parentCode && unit.level === "commune" ? await latest(unit.parentCode) : undefined;
  return parent ? `${unit.name}, ${parent.name}` : unit.name;
}

export interface AreaCoverageFigures extends CoverageFigures {
  /** Report date of the insured counts used (latest on or before the date). */
  reportedOn: string | null;
  /** Year of the population used (latest year not after the date's year). */
  populationYear: number | null;
}

/**
 * The figures each unit in force on `onDate` reports itself: insured counts summed over insured
 * groups at the latest report date on or before `onDate`, and the population of the latest year
 * not after that date's year; which population is the denominator is the domain's choice
 * (`coverageDenominator`). Units without any figure are absent.
 */
export async function coverageFiguresOn(
  db: Db,
  { onDate, scheme, within = null }: { onDate: string; scheme: CoverageScheme; within?: readonly string[] | null },
): Promise<Map<string, AreaCoverageFigures>> {
  const scoped = within === null ? sql`` : sql`and code in (${scopeSql(onDate, within)})`;
  const rows = await selectRows<{
    code: string;
    insured: number | null;
    total: number | null;
    working_age: number | null;
    reported_on: string | null;
    population_year: number | null;
  }>(
    db,
    sql`
    with a as (
      select id, code from areas
      where valid_from <= ${onDate}::date and (valid_to is null or valid_to >= ${onDate}::date) ${scoped}
    ),
    latest as (
      select distinct on (cf.area_id) cf.area_id, cf.as_of
      from coverage_figures cf join a on a.id = cf.area_id
      where cf.scheme = ${scheme} and cf.as_of <= ${onDate}::date
      order by cf.area_id, cf.as_of desc
    ),
    ins as (
      select cf.area_id, sum(cf.insured_count)::float8 as insured, l.as_of
      from coverage_figures cf join latest l on l.area_id = cf.area_id and l.as_of = cf.as_of
      where cf.scheme = ${scheme}
      group by cf.area_id, l.as_of
    ),
    pop as (
      select distinct on (p.area_id) p.area_id, p.year, p.total, p.working_age
      from populations p join a on a.id = p.area_id
      where p.year <= extract(year from ${onDate}::date)
      order by p.area_id, p.year desc
    )
    select a.code,
           ins.insured,
           pop.total::float8 as total,
           pop.working_age::float8 as working_age,
           to_char(ins.as_of, 'YYYY-MM-DD') as reported_on,
           pop.year as population_year
    from a
    left join ins on ins.area_id = a.id
    left join pop on pop.area_id = a.id
    where ins.area_id is not null or pop.area_id is not null`,
  );
  const out = new Map<string, AreaCoverageFigures>();
  for (const r of rows) {
    out.set(r.code, {
      insured: r.insured == null ? null : Number(r.insured),
      population: coverageDenominator(scheme, {
        total: r.total == null ? null : Number(r.total),
        workingAge: r.working_age == null ? null : Number(r.working_age),
      }),
      reportedOn: r.reported_on,
      populationYear: r.population_year == null ? null : Number(r.population_year),
    });
  }
  return out;
}

/**
 * The date nearest to `onDate` on which some unit is in force (the last day of an earlier era or
 * the first day of a later one), so an empty view can offer a way to data; null when none. With
 * `roots` (a caller's areas), only those units count: a district manager is sent to a date when
 * the district exists.
 */
export async function nearestAreaDate(db: Db, onDate: string, roots: readonly string[] | null = null): Promise<string | null> {
  const only =
    roots === null
      ? sql``
      : roots.length === 0
        ? sql`where false`
        : sql`where code in (${sql.join(
            roots.map((r) => sql`${r}`),
            sql`, `,
          )})`;
  const [row] = await selectRows<{ before: string | null; after: string | null }>(
    db,
    sql`select to_char(max(valid_to) filter (where valid_to < ${onDate}::date), 'YYYY-MM-DD') as before,
               to_char(min(valid_from) filter (where valid_from > ${onDate}::date), 'YYYY-MM-DD') as after
        from areas ${only}`,
  );
  if (!row || (row.before == null && row.after == null)) return null;
  if (row.before == null) return row.after;
  if (row.after == null) return row.before;
  const gap = (d: string) => Math.abs(Date.parse(d) - Date.parse(onDate));
  return gap(row.before) <= gap(row.after) ? row.before : row.after;
}

export interface AreaSearchHit {
  code: string;
  name: string;
  level: string;
  unitType: string;
  parentName: string | null;
  validFrom: string;
  validTo: string | null;
}

/**
 * Units whose name contains `text` or whose code starts with it, in any era (roles outlive a
 * reform), the latest version of each code, at most `limit`; with `within`, only those codes
 * (the caller's scope). For choosing an area by name instead of typing a code.
 */
export async function searchAreas(
  db: Db,
  { text, within, limit }: { text: string; within: ReadonlySet<string> | null; limit: number },
): Promise<AreaSearchHit[]> {
  if (within !== null && within.size === 0) return [];
  const scoped =
    within === null
      ? sql``
      : sql`and a.code in (${sql.join(
          [...within].map((c) => sql`${c}`),
          sql`, `,
        )})`;
  const digits = /^\d+$/.test(text) ? text : null;
  const byCode = digits === null ? sql`` : sql`or a.code like ${`${digits}%`}`;
  return selectRows<AreaSearchHit>(
    db,
    sql`
    select * from (
      select distinct on (a.code) a.code, a.name, a.level, a.unit_type as "unitType",
             p.name as "parentName",
             to_char(a.valid_from, 'YYYY-MM-DD') as "validFrom", to_char(a.valid_to, 'YYYY-MM-DD') as "validTo"
      from areas a
      left join areas p on p.code = a.parent_code and p.valid_from <= a.valid_from and (p.valid_to is null or p.valid_to >= a.valid_from)
      where (${foldedContains(sql`a.name`, text)} ${byCode}) ${scoped}
      order by a.code, a.valid_from desc
    ) hits
    order by length(code), name
    limit ${limit}`,
  );
}

/**
 * The latest report date, on or before `onDate`, of coverage figures on a unit in the subtrees of
 * `roots` as they stood on that report date (null: everywhere), or null when there is none: where
 * the first screen opens when the caller's areas have no figures today (the units of a new era
 * exist before anyone reports on them).
 */
export async function latestFiguresDate(db: Db, onDate: string, roots: readonly string[] | null = null): Promise<string | null> {
  const dates = await selectRows<{ d: string }>(
    db,
    sql`select distinct to_char(as_of, 'YYYY-MM-DD') as d from coverage_figures where as_of <= ${onDate}::date order by d desc limit 50`,
  );
  for (const { d } of dates) {
    const [hit] = await selectRows<{ one: number }>(
      db,
      sql`select 1 as one from coverage_figures cf join areas a on a.id = cf.area_id
          where cf.as_of = ${d}::date ${roots === null ? sql`` : sql`and a.code in (${scopeSql(d, roots)})`} limit 1`,
    );
    if (hit) return d;
  }
  return null;
}

/**
 * Units in force on `onDate` (any level) whose name contains `text` (ignoring case and diacritics:
 * "thanh yen" finds Thạnh Yên) or whose code starts with it, within `within` (null: anywhere), at
 * most `limit`, each with its name and parent as of that date: a code is read in the era of the
 * record it is for (91 was Kiên Giang until 2025-06-30, is An Giang since).
 */
export async function searchAreasOn(
  db: Db,
  { text, onDate, within, limit }: { text: string; onDate: string; within: ReadonlySet<string> | null; limit: number },
): Promise<AreaSearchHit[]> {
  if (within !== null && within.size === 0) return [];
  const scoped =
    within === null
      ? sql``
      : sql`and a.code in (${sql.join(
          [...within].map((c) => sql`${c}`),
          sql`, `,
        )})`;
  const byCode = /^\d+$/.test(text) ? sql`or a.code like ${`${text}%`}` : sql``;
  return selectRows<AreaSearchHit>(
    db,
    sql`
    select a.code, a.name, a.level, a.unit_type as "unitType", p.name as "parentName",
           to_char(a.valid_from, 'YYYY-MM-DD') as "validFrom", to_char(a.valid_to, 'YYYY-MM-DD') as "validTo"
    from areas a
    left join areas p on p.code = a.parent_code and p.valid_from <= ${onDate}::date and (p.valid_to is null or p.valid_to >= ${onDate}::date)
    where a.valid_from <= ${onDate}::date and (a.valid_to is null or a.valid_to >= ${onDate}::date)
      and (${foldedContains(sql`a.name`, text)} ${byCode}) ${scoped}
    order by length(a.code), a.name, a.code
    limit ${limit}`,
  );
}
