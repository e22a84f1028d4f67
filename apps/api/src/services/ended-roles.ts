/**
 * Roles whose unit has ended: a role is held on a unit as it was on a date; when that
 * unit is no longer in force on a day, the role still covers its territory there — the units
 * that took it over (the reform mapping). Said in words to the user, and offered to admins as a
 * one-step reassignment onto those units (users.setRoles, audited).
 */
import { sql } from "drizzle-orm";
import { scopeRootsOn, selectRows, type Db } from "@ansinh/db";
import type { RoleAssignment } from "@ansinh/domain/access";

export interface EndedRole {
  role: RoleAssignment["role"];
  areaCode: string;
  areaName: string | null;
  /** The last day the unit was in force. */
  endedOn: string | null;
  /** The units in force on the day that took over its territory (empty: none known). */
  successors: { code: string; name: string }[];
  /** The roles that would replace it: the same role on each successor. */
  proposed: RoleAssignment[];
}

/** The roles of `assignments` whose unit is not in force on `onDate`, with their successors then. */
export async function endedRolesOf(db: Db, assignments: readonly RoleAssignment[], onDate: string): Promise<EndedRole[]> {
  const out: EndedRole[] = [];
  for (const a of assignments) {
    if (a.areaCode === null) continue;
    const validOn = a.areaValidOn ?? onDate;
    const [unit] = await selectRows<{ live: boolean; same: boolean | string | null; name: string | null; ended: string | null }>(
      db,
      sql`select bool_or(valid_from <= ${onDate}::date and (valid_to is null or valid_to >= ${onDate}::date)) as live,
            bool_or(valid_from <= least(${onDate}::date, ${validOn}::date) and (valid_to is null or valid_to >= greatest(${onDate}::date, ${validOn}::date))) as same,
            (array_agg(name order by valid_from desc) filter (where valid_from <= ${a.areaValidOn ?? onDate}::date))[1] as name,
            to_char(max(valid_to) filter (where valid_to < ${onDate}::date), 'YYYY-MM-DD') as ended
          from areas where code = ${a.areaCode}`,
    );
    // One version of the unit in force on both days: the role's own unit, nothing ended (the
    // common case, answered without walking the mapping: /staff asks it for a page of people).
    if (unit?.same === true || unit?.same === "t") continue;
    // A code in force on the day names the unit of the role only when the role is of that era.
    const roots = await scopeRootsOn(db, [{ code: a.areaCode, validOn: a.areaValidOn ?? null }], onDate);
    if (unit?.live && roots.includes(a.areaCode)) continue;
    const names = roots.length
      ? await selectRows<{ code: string; name: string }>(
          db,
          sql`select code, name from areas where code in (${sql.join(
            roots.map((r) => sql`${r}`),
            sql`, `,
          )})
              and valid_from <= ${onDate}::date and (valid_to is null or valid_to >= ${onDate}::date) order by code`,
        )
      : [];
    out.push({
      role: a.role,
      areaCode: a.areaCode,
      areaName: unit?.name ?? null,
      endedOn: unit?.ended ?? null,
      successors: names,
      proposed: names.map((n) => ({ role: a.role, areaCode: n.code })),
    });
  }
  return out;
}
