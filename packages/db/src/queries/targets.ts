/**
 * Targets (chỉ tiêu): listing an area's and its children's targets for a period, one
 * target, inserts and version-guarded updates, the figures an allocation is weighed by (the
 * children's population, working-age population and last year's result), and the old→new unit
 * mapping of a reform. A target's area is read on the target's own date (`area_valid_on`): codes
 * are reused across eras, so scope is walked along the hierarchy of that date, in SQL.
 */
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.js";
import { areaMappings, targets } from "../schema/index.js";
import { selectRows } from "./sql.js";

export type TargetRow = typeof targets.$inferSelect;
export type NewTargetRow = typeof targets.$inferInsert;
export type AreaMappingDbRow = typeof areaMappings.$inferSelect;

const codeList = (codes: readonly string[]) =>
  codes.length
    ? sql.join(
        codes.map((c) => sql`${c}`),
        sql`, `,
      )
    : sql`null`;
const live = (alias: string, onDate: SQL) =>
  sql
    .raw(`${alias}.valid_from <= `)
    .append(onDate)
    .append(sql.raw(` and (${alias}.valid_to is null or ${alias}.valid_to >= `))
    .append(onDate)
    .append(sql.raw(")"));

/** Ids of the targets whose area, on the target's own date, lies in the subtree of one of `roots`. */
export function targetIdsWithinSql(roots: readonly string[]): SQL {
  return sql`
    with recursive up(target_id, code, on_date, depth) as (
      select t.id, t.area_code, t.area_valid_on, 0 from targets t
      union all
      select up.target_id, ar.parent_code, up.on_date, up.depth + 1
      from up join areas ar on ar.code = up.code and ${live("ar", sql`up.on_date`)}
      where ar.parent_code is not null and up.depth < 10
    )
    select distinct target_id from up where code in (${codeList(roots)})`;
}

const scopeCondition = (roots: readonly string[] | null): SQL | undefined =>
  roots === null ? undefined : sql`${targets.id} in (${targetIdsWithinSql(roots)})`;

export interface TargetListRow extends TargetRow {
  areaName: string | null;
  updatedByName: string | null;
}

const areaNameSql = sql<string | null>`(select ar.name from areas ar where ar.code = ${targets.areaCode}
  and ar.valid_from <= ${targets.areaValidOn} and (ar.valid_to is null or ar.valid_to >= ${targets.areaValidOn}) limit 1)`;
const updatedByNameSql = sql<string | null>`(select u.name from auth_user u where u.id = ${targets.updatedBy})`;

const withNames = { target: targets, areaName: areaNameSql, updatedByName: updatedByNameSql };
const flatten = (r: { target: TargetRow; areaName: string | null; updatedByName: string | null }): TargetListRow => ({
  ...r.target,
  areaName: r.areaName,
  updatedByName: r.updatedByName,
});

/**
 * The targets of `areaCode` and of its children (units in force on `onDate` whose parent is
 * `areaCode`), whose period overlaps [`from`, `to`], read on `onDate`; only those in the subtrees
 * of `roots` (null: all). Ordered parent first, then by area code, kind and date.
 */
export async function listTargets(
  db: Db,
  opts: { areaCode: string; onDate: string; from: string; to: string; scheme?: string | undefined; roots: readonly string[] | null },
): Promise<TargetListRow[]> {
  const children = sql`select a.code from areas a where a.parent_code = ${opts.areaCode} and ${live("a", sql`${opts.onDate}::date`)}`;
  const conditions = [
    sql`(${targets.areaCode} = ${opts.areaCode} or ${targets.areaCode} in (${children}))`,
    sql`${targets.areaValidOn} <= ${opts.onDate}::date`,
    sql`exists (select 1 from areas a where a.code = ${targets.areaCode} and ${live("a", sql`${opts.onDate}::date`)}
          and ${live("a", sql`${targets.areaValidOn}`)})`,
    sql`${targets.periodStart} <= ${opts.to}::date and ${targets.periodEnd} >= ${opts.from}::date`,
    scopeCondition(opts.roots),
  ];
  if (opts.scheme) conditions.push(eq(targets.scheme, opts.scheme as TargetRow["scheme"]));
  const rows = await db
    .select(withNames)
    .from(targets)
    .where(and(...conditions.filter((c): c is SQL => c !== undefined)))
    .orderBy(
      sql`case when ${targets.areaCode} = ${opts.areaCode} then 0 else 1 end`,
      asc(targets.areaCode),
      asc(targets.scheme),
      asc(targets.measure),
      asc(targets.kind),
      asc(targets.periodStart),
      asc(targets.milestoneBy),
      asc(targets.id),
    );
  return rows.map(flatten);
}

/** One target, when its area lies in the subtrees of `roots` (null: anywhere). */
export async function getTarget(db: Db, id: number, roots: readonly string[] | null): Promise<TargetListRow | undefined> {
  const [r] = await db
    .select(withNames)
    .from(targets)
    .where(and(eq(targets.id, id), scopeCondition(roots)));
  return r ? flatten(r) : undefined;
}

/** Targets by id (no scope: for the caller that already checked it). */
export async function targetsByIds(db: Db, ids: readonly number[]): Promise<TargetListRow[]> {
  if (ids.length === 0) return [];
  return (
    await db
      .select(withNames)
      .from(targets)
      .where(inArray(targets.id, [...ids]))
      .orderBy(asc(targets.id))
  ).map(flatten);
}

/** The identity of a target (the unique index): the one already stored with it, if any. */
export async function findSameTarget(
  db: Db,
  t: Pick<TargetRow, "areaCode" | "areaValidOn" | "scheme" | "measure" | "kind" | "periodStart" | "periodEnd"> & {
    campaignId?: number | null | undefined;
    milestoneBy?: string | null | undefined;
  },
): Promise<TargetRow | undefined> {
  const [r] = await db
    .select()
    .from(targets)
    .where(
      and(
        eq(targets.areaCode, t.areaCode),
        eq(targets.areaValidOn, t.areaValidOn),
        eq(targets.scheme, t.scheme),
        eq(targets.measure, t.measure),
        eq(targets.kind, t.kind),
        eq(targets.periodStart, t.periodStart),
        eq(targets.periodEnd, t.periodEnd),
        sql`coalesce(${targets.campaignId}, 0) = ${t.campaignId ?? 0}`,
        sql`coalesce(${targets.milestoneBy}, '0001-01-01'::date) = ${t.milestoneBy ?? "0001-01-01"}::date`,
      ),
    );
  return r;
}

/** Inserts a target; undefined when the same target (the unique identity) already exists. */
export async function insertTarget(db: Db, values: NewTargetRow): Promise<TargetRow | undefined> {
  const [r] = await db.insert(targets).values(values).onConflictDoNothing().returning();
  return r;
}

/**
 * Updates a target only if it still has the version the caller read (`where id = ? and version = ?`),
 * raising the version by one; undefined when the version is stale (or the target gone).
 */
export async function updateTargetVersioned(
  db: Db,
  id: number,
  version: number,
  set: Partial<Omit<NewTargetRow, "id" | "version" | "createdAt" | "createdBy">>,
): Promise<TargetRow | undefined> {
  const [r] = await db
    .update(targets)
    .set({ ...set, version: sql`${targets.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(targets.id, id), eq(targets.version, version)))
    .returning();
  return r;
}

/** Deletes a target if it still has the version the caller read; its allocated children lose their parent. */
export async function deleteTargetVersioned(db: Db, id: number, version: number): Promise<TargetRow | undefined> {
  const [r] = await db
    .delete(targets)
    .where(and(eq(targets.id, id), eq(targets.version, version)))
    .returning();
  if (r) await db.update(targets).set({ parentId: null }).where(eq(targets.parentId, id));
  return r;
}

export interface ChildFigures {
  code: string;
  name: string;
  level: string;
  /** Population of the child in `year`, or the latest year before it (null: not known). */
  population: number | null;
  /** The year the population figures are of (null: none). */
  populationYear: number | null;
  workingAge: number | null;
  /** Enrolments of the counted kinds in last year's period, in the child's subtree (0 when none). */
  lastYearResult: number;
}

/**
 * The children of `areaCode` in force on `onDate`, with what an allocation is weighed by: their
 * population and working-age population of `year`, or of the latest year before it when `year`'s
 * are not in yet (the populations row of the unit version in force on `onDate`), and last year's result — enrolments of `scheme` and `kinds` starting in
 * [`lastFrom`, `lastTo`] whose commune, on the enrolment's own start date, lies in the child's
 * subtree (commune codes are those of the enrolment's date).
 */
export async function childrenWithFigures(
  db: Db,
  opts: { areaCode: string; onDate: string; year: number; scheme: string; kinds: readonly string[]; lastFrom: string; lastTo: string },
): Promise<ChildFigures[]> {
  return selectRows<ChildFigures>(
    db,
    sql`
    with recursive kids as (
      select a.id, a.code, a.name, a.level from areas a
      where a.parent_code = ${opts.areaCode} and ${live("a", sql`${opts.onDate}::date`)}
    ), up(enrolment_id, code, on_date, depth) as (
      select e.id, e.commune_code, e.start_date, 0 from enrolments e
      where e.scheme = ${opts.scheme} and e.kind in (${codeList(opts.kinds)})
        and e.start_date between ${opts.lastFrom}::date and ${opts.lastTo}::date
      union all
      select up.enrolment_id, ar.parent_code, up.on_date, up.depth + 1
      from up join areas ar on ar.code = up.code and ${live("ar", sql`up.on_date`)}
      where ar.parent_code is not null and up.depth < 10
    ), results as (
      select up.code, count(distinct up.enrolment_id)::int as n from up
      where up.code in (select code from kids)
      group by up.code
    )
    select k.code, k.name, k.level,
      p.total::float8 as population, p.working_age::float8 as "workingAge", p.year as "populationYear",
      coalesce(r.n, 0)::int as "lastYearResult"
    from kids k
    left join lateral (
      select pp.total, pp.working_age, pp.year from populations pp
      where pp.area_id = k.id and pp.year <= ${opts.year} order by pp.year desc limit 1
    ) p on true
    left join results r on r.code = k.code
    order by k.code`,
  ).then((rows) =>
    rows.map((r) => ({
      ...r,
      population: r.population === null ? null : Number(r.population),
      workingAge: r.workingAge === null ? null : Number(r.workingAge),
      lastYearResult: Number(r.lastYearResult),
    })),
  );
}

/** Population per code of the units in force on `onDate` among `codes`, for `year` (absent: unknown). */
export async function populationsOn(db: Db, codes: readonly string[], onDate: string, year: number): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await selectRows<{ code: string; total: number }>(
    db,
    sql`select a.code, p.total::float8 as total from areas a join populations p on p.area_id = a.id and p.year = ${year}
        where a.code in (${codeList(codes)}) and ${live("a", sql`${onDate}::date`)}`,
  );
  return new Map(rows.map((r) => [r.code, Number(r.total)]));
}

/**
 * The mapping rows of one reform (`oldValidOn` → `newValidOn`) whose old unit is `oldCode` or a
 * unit under it on `oldValidOn`, each with the old unit's top-level ancestor below `oldCode`
 * (`viaCode`: the child of `oldCode` the old unit belongs to, or the old unit itself), and the
 * units' names on their dates.
 */
export async function mappingRowsUnder(
  db: Db,
  opts: { oldCode: string; oldValidOn: string; newValidOn: string },
): Promise<{ oldCode: string; oldName: string | null; viaCode: string; newCode: string; newName: string | null; overlap: string }[]> {
  return selectRows(
    db,
    sql`
    with recursive sub(code, via, depth) as (
      select a.code, a.code, 0 from areas a where a.parent_code = ${opts.oldCode} and ${live("a", sql`${opts.oldValidOn}::date`)}
      union all
      select a.code, sub.via, sub.depth + 1 from areas a join sub on a.parent_code = sub.code
      where ${live("a", sql`${opts.oldValidOn}::date`)} and sub.depth < 10
    )
    select m.old_code as "oldCode",
      (select a.name from areas a where a.code = m.old_code and ${live("a", sql`${opts.oldValidOn}::date`)} limit 1) as "oldName",
      sub.via as "viaCode", m.new_code as "newCode",
      (select a.name from areas a where a.code = m.new_code and ${live("a", sql`${opts.newValidOn}::date`)} limit 1) as "newName",
      m.overlap
    from area_mappings m join sub on sub.code = m.old_code
    where m.old_valid_on = ${opts.oldValidOn}::date and m.new_valid_on = ${opts.newValidOn}::date
    order by sub.via, m.old_code, m.new_code`,
  );
}

/** The reforms recorded in area_mappings: their (old, new) dates, newest first. */
export async function mappingEras(db: Db): Promise<{ oldValidOn: string; newValidOn: string }[]> {
  return selectRows(
    db,
    sql`select distinct to_char(old_valid_on, 'YYYY-MM-DD') as "oldValidOn", to_char(new_valid_on, 'YYYY-MM-DD') as "newValidOn"
        from area_mappings order by 2 desc, 1 desc`,
  );
}

/** Stores mapping rows; rows already present are left as they are. Returns how many were added. */
export async function insertAreaMappings(
  db: Db,
  rows: readonly { oldCode: string; oldValidOn: string; newCode: string; newValidOn: string; overlap: "full" | "partial"; note?: string | null }[],
): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const r = await db
      .insert(areaMappings)
      .values([...chunk])
      .onConflictDoNothing()
      .returning({ id: areaMappings.id });
    added += r.length;
  }
  // Active and lapsed participants count on the units that took over their communes:
  // a new mapping moves them, so their coverage is counted again.
  if (added > 0) await db.execute(sql`select ansinh_rebuild_coverage()`);
  return added;
}
