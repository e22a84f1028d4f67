/**
 * Roots of a scope as SQL rows (code, era_from, era_to) for the queries of records that carry
 * their own date: a bare code counts in every era, an `EraRoot` only for records dated in its era.
 */
import { sql, type SQL } from "drizzle-orm";
import type { EraRoot } from "./scope.js";

export type RootArg = string | EraRoot;

/** `(code, from, to), …` for a `values` list (at least one root). */
export function eraRootValues(roots: readonly RootArg[]): SQL {
  return sql.join(
    roots.map((r) => (typeof r === "string" ? sql`(${r}, null::date, null::date)` : sql`(${r.code}, ${r.from}::date, ${r.to}::date)`)),
    sql`, `,
  );
}

/** The condition that the date expression `day` lies in root `r`'s era. */
export function inRootEra(day: string): SQL {
  return sql.raw(`(r.era_from is null or ${day} >= r.era_from) and (r.era_to is null or ${day} <= r.era_to)`);
}
