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
  const list = roots.length === 0 ? sql`null` : sql.join(roots.map((r) => sql`${r}`), sql`, `);
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
    sql`select distinct code from areas where code in (${sql.join(wanted.map((c) => sql`${c}`), sql`, `)})`,
  );
  const known = new Set(rows.map((r) => r.code));
  return wanted.filter((c) => !known.has(c));
}
