/**
 * Access scope in SQL: the units in force on a date inside a caller's subtrees, walked with a
 * recursive CTE so that rows outside them are never read.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.js";
import { selectRows } from "./sql.js";

/**
 * The codes of the units in force on `onDate` inside the subtrees of `roots` (the roots
 * included), walked in SQL along the hierarchy of that date. `roots` null means everything.
 */
export function scopeSql(onDate: string, roots: readonly string[] | null): SQL {
  if (roots === null) {
    return sql`select code from areas where valid_from <= ${onDate}::date and (valid_to is null or valid_to >= ${onDate}::date)`;
  }
  const list =
    roots.length === 0
      ? sql`null`
      : sql.join(
          roots.map((r) => sql`${r}`),
          sql`, `,
        );
  return sql`
    with recursive live as (
      select code, parent_code from areas
      where valid_from <= ${onDate}::date and (valid_to is null or valid_to >= ${onDate}::date)
    ), scope(code) as (
      select code from live where code in (${list})
      union
      select live.code from live join scope on live.parent_code = scope.code
    )
    select code from scope`;
}

export async function codesInScope(db: Db, onDate: string, roots: readonly string[] | null): Promise<Set<string>> {
  const rows = await selectRows<{ code: string }>(db, scopeSql(onDate, roots));
  return new Set(rows.map((r) => r.code));
}

/** Codes of `code` and its ancestors in force on `onDate`, root first ([] when not in force). */
export async function ancestryOf(db: Db, code: string, onDate: string): Promise<string[]> {
  const rows = await selectRows<{ code: string; depth: number }>(
    db,
    sql`
    with recursive live as (
      select code, parent_code from areas
      where valid_from <= ${onDate}::date and (valid_to is null or valid_to >= ${onDate}::date)
    ), up(code, parent_code, depth) as (
      select code, parent_code, 0 from live where code = ${code}
      union all
      select live.code, live.parent_code, up.depth + 1 from live join up on live.code = up.parent_code where up.depth < 10
    )
    select code, depth from up order by depth desc`,
  );
  return rows.map((r) => r.code);
}

/**
 * Like codesInScope, but each root's subtree is taken on the last day, not after `onDate`, on
 * which that root was in force: a role on a district dissolved in 2025 still reaches the communes
 * it had (for managing users and their roles, which outlive a reform).
 */
export async function codesInScopeLatest(db: Db, onDate: string, roots: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const root of roots) {
    const [row] = await selectRows<{ d: string | null }>(
      db,
      sql`select to_char(least(${onDate}::date, max(coalesce(valid_to, ${onDate}::date))), 'YYYY-MM-DD') as d
          from areas where code = ${root} and valid_from <= ${onDate}::date`,
    );
    if (!row?.d) continue;
    for (const c of await codesInScope(db, row.d, [root])) out.add(c);
  }
  return out;
}

/** Of `codes`, those that are no area at all (in force or not, on any date). */
export async function unknownAreaCodes(db: Db, codes: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(codes)];
  if (wanted.length === 0) return [];
  const rows = await selectRows<{ code: string }>(
    db,
    sql`select distinct code from areas where code in (${sql.join(
      wanted.map((c) => sql`${c}`),
      sql`, `,
    )})`,
  );
  const known = new Set(rows.map((r) => r.code));
  return wanted.filter((c) => !known.has(c));
}

/** A role's unit: its code and a day on which the code named it (null: the day asked about). */
export interface TerritoryGrant {
  code: string;
  validOn: string | null;
}

/**
 * The codes in force on `onDate` in the territory of any of `grants` (each a unit as it was on a
 * date, carried through the reform mappings: the SQL function `ansinh_territory`, which follows
 * the domain's `territoryOn` and is property-tested against it).
 */
export function territorySql(grants: readonly TerritoryGrant[], onDate: string): SQL {
  if (grants.length === 0) return sql`select null::text as code where false`;
  return sql.join(
    grants.map((g) => sql`select t.unit_code as code from ansinh_territory(${g.code}, ${g.validOn ?? onDate}::date, ${onDate}::date) t`),
    sql` union `,
  );
}

export async function codesInTerritory(db: Db, grants: readonly TerritoryGrant[], onDate: string): Promise<Set<string>> {
  if (grants.length === 0) return new Set();
  const rows = await selectRows<{ code: string }>(db, territorySql(grants, onDate));
  return new Set(rows.map((r) => r.code));
}

/** One era of the hierarchy (between two reforms) and the codes of a scope in it. */
export interface EraCodes {
  /** First day of the era (null: since always). */
  from: string | null;
  /** Last day of the era (null: still current). */
  to: string | null;
  codes: ReadonlySet<string>;
}

/**
 * The days the reforms took effect (from the mappings), ascending: they cut time into eras in
 * which a code names one unit.
 */
export async function reformDays(db: Db): Promise<string[]> {
  const rows = await selectRows<{ d: string }>(db, sql`select distinct to_char(new_valid_on, 'YYYY-MM-DD') as d from area_mappings order by 1`);
  return rows.map((r) => r.d);
}

const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * The territory of `grants` in every era, for records dated in any of them: a record (commune
 * code, date) is in scope when its code is among those of its date's era. A grant is read on its
 * own date in its own era, and in the other eras on `onDate` when it falls in them, else on the
 * era's last day (its first for an era after `onDate`).
 */
export async function territoryByEra(db: Db, grants: readonly TerritoryGrant[], onDate: string): Promise<EraCodes[]> {
  const days = await reformDays(db);
  const out: EraCodes[] = [];
  for (let i = 0; i <= days.length; i++) {
    const from = i === 0 ? null : days[i - 1]!;
    const to = i === days.length ? null : dayBefore(days[i]!);
    const inEra = (d: string) => (from === null || from <= d) && (to === null || d <= to);
    const readOn = inEra(onDate) ? onDate : to !== null && to < onDate ? to : from!;
    // A role's own era is read on its own date: its unit as granted (a district that ended keeps
    // its communes for the records made on them), the other eras through the mapping.
    const parts = grants.map((g) => {
      const on = g.validOn !== null && inEra(g.validOn) ? g.validOn : readOn;
      return sql`select t.unit_code as code from ansinh_territory(${g.code}, ${g.validOn ?? on}::date, ${on}::date) t`;
    });
    const rows = parts.length === 0 ? [] : await selectRows<{ code: string }>(db, sql.join(parts, sql` union `));
    out.push({ from, to, codes: new Set(rows.map((r) => r.code)) });
  }
  return out;
}

/**
 * A root of a scope for records that carry their own date (agents, campaigns, events): a unit
 * code that counts only for records dated in [from, to] (null: unbounded) — the era in which the
 * code names the unit meant. Codes are reused across eras: 91 is Kiên Giang until 30/06/2025 and
 * An Giang after, so a root 91 granted in 2020 must not match a 2026 record of An Giang.
 */
export interface EraRoot {
  code: string;
  from: string | null;
  to: string | null;
}

/**
 * The roots of `grants` in every era: in a grant's own era its own unit (a district that ended
 * keeps the records made on it), in each other era the top units of its territory there (read on
 * `onDate` when it falls in that era, else on the era's last day, or its first for a later era).
 */
export async function rootsByEra(db: Db, grants: readonly TerritoryGrant[], onDate: string): Promise<EraRoot[]> {
  const days = await reformDays(db);
  const out = new Map<string, EraRoot>();
  for (let i = 0; i <= days.length; i++) {
    const from = i === 0 ? null : days[i - 1]!;
    const to = i === days.length ? null : dayBefore(days[i]!);
    const inEra = (d: string) => (from === null || from <= d) && (to === null || d <= to);
    const readOn = inEra(onDate) ? onDate : to !== null && to < onDate ? to : from!;
    for (const g of grants) {
      const codes = inEra(g.validOn ?? onDate) ? [g.code] : await scopeRootsOn(db, [g], readOn);
      for (const code of codes) out.set(`${code}@${from}`, { code, from, to });
    }
  }
  return [...out.values()];
}

/** The top units of the territory of `grants` on `onDate` (those whose parent is not in it), by code. */
export async function scopeRootsOn(db: Db, grants: readonly TerritoryGrant[], onDate: string): Promise<string[]> {
  if (grants.length === 0) return [];
  const rows = await selectRows<{ code: string }>(
    db,
    sql`with s as (${territorySql(grants, onDate)})
        select a.code from areas a join s on s.code = a.code
        where a.valid_from <= ${onDate}::date and (a.valid_to is null or a.valid_to >= ${onDate}::date)
          and (a.parent_code is null or a.parent_code not in (select code from s))
        order by length(a.code), a.code`,
  );
  return rows.map((r) => r.code);
}

/**
 * A day on which `code` names a unit, as seen from `onDate`: `onDate` when it is in force then,
 * else the last day of its last version before it, else its first day (null: no such code). The
 * unit a bare code means (an area filter, a role given without a date).
 */
export async function unitDayOf(db: Db, code: string, onDate: string): Promise<string | null> {
  const [row] = await selectRows<{ d: string | null }>(
    db,
    sql`select to_char(case when bool_or(valid_from <= ${onDate}::date and (valid_to is null or valid_to >= ${onDate}::date)) then ${onDate}::date
                  else coalesce(max(valid_to) filter (where valid_to < ${onDate}::date), min(valid_from)) end, 'YYYY-MM-DD') as d
        from areas where code = ${code}`,
  );
  return row?.d ?? null;
}
