/** Initial health-care facilities (nơi đăng ký KCB ban đầu): a reference list per province, effective-dated like units. */
import { and, asc, eq, gte, isNull, like, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.js";
import { facilities } from "../schema/index.js";
import { foldedContains } from "./sql.js";

export type FacilityRow = typeof facilities.$inferSelect;
export type NewFacilityRow = typeof facilities.$inferInsert;

const inForceOn = (onDate: string) => and(lte(facilities.validFrom, onDate), or(isNull(facilities.validTo), gte(facilities.validTo, onDate)));

/** Facilities in force on a date, optionally of one province, whose code starts with or name contains `text`. */
export async function searchFacilities(
  db: Db,
  opts: { onDate: string; text?: string | undefined; provinceCode?: string | undefined; limit: number },
): Promise<FacilityRow[]> {
  const conditions: (SQL | undefined)[] = [inForceOn(opts.onDate)];
  if (opts.provinceCode) conditions.push(eq(facilities.provinceCode, opts.provinceCode));
  if (opts.text) {
    const t = opts.text.trim();
    conditions.push(/^\d+$/.test(t) ? like(facilities.code, `${t}%`) : foldedContains(facilities.name, t));
  }
  return db
    .select()
    .from(facilities)
    .where(and(...conditions))
    .orderBy(asc(facilities.code))
    .limit(opts.limit);
}

/** Every stored version of the facilities with these codes (to compare an import with). */
export async function facilityVersions(db: Db): Promise<FacilityRow[]> {
  return db.select().from(facilities).orderBy(asc(facilities.code), asc(facilities.validFrom));
}

/** Inserts facility versions; an existing (code, valid_from) is left as it is. Returns how many were added. */
export async function insertFacilities(db: Db, rows: readonly NewFacilityRow[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const res = await db
      .insert(facilities)
      .values(rows.slice(i, i + 1000))
      .onConflictDoNothing()
      .returning({ id: facilities.id });
    inserted += res.length;
  }
  return inserted;
}

/** Whether a facility code is in force on a date (for the forms and the import). */
export async function facilityInForce(db: Db, code: string, onDate: string): Promise<boolean> {
  const [r] = await db
    .select({ n: sql<number>`1` })
    .from(facilities)
    .where(and(eq(facilities.code, code), inForceOn(onDate)))
    .limit(1);
  return r !== undefined;
}
