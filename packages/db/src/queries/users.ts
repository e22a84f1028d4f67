import { and, asc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { RoleAssignment } from "@ansinh/domain/access";
import type { Db } from "../client.js";
import { roleAssignments, user } from "../schema/index.js";
import { containsPattern, foldedContains } from "./sql.js";

export async function assignmentsOf(db: Db, userId: string): Promise<RoleAssignment[]> {
  return db
    .select({ role: roleAssignments.role, areaCode: roleAssignments.areaCode, areaValidOn: roleAssignments.areaValidOn })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, userId))
    .orderBy(asc(roleAssignments.id));
}

/** What is read of a user: never the credential. */
const userColumns = {
  id: user.id,
  name: user.name,
  email: user.email,
  disabled: user.disabled,
  phone: user.phone,
  personalId: user.personalId,
  createdAt: user.createdAt,
};

export interface UserRow {
  id: string;
  name: string;
  email: string;
  disabled: boolean;
  phone: string | null;
  personalId: string | null;
  createdAt: Date;
  assignments: RoleAssignment[];
}

/**
 * Users with at least one role on an area in `scope` (null: all users). The filter is in the SQL:
 * nobody outside the caller's areas is read at all.
 */
export async function listUsers(
  db: Db,
  { scope, search, limit, offset }: { scope: Set<string> | null; search?: string | undefined; limit: number; offset: number },
): Promise<{ rows: UserRow[]; total: number }> {
  const conditions: SQL[] = [];
  if (scope !== null) {
    const codes = [...scope];
    conditions.push(
      sql`exists (select 1 from ${roleAssignments} ra where ra.user_id = ${user.id} and ra.area_code in (${
        codes.length
          ? sql.join(
              codes.map((c) => sql`${c}`),
              sql`, `,
            )
          : sql`null`
      }))`,
    );
  }
  if (search) conditions.push(or(foldedContains(user.name, search), ilike(user.email, containsPattern(search)))!);
  const where = conditions.length ? and(...conditions) : undefined;
  const [users, [count]] = await Promise.all([
    db.select(userColumns).from(user).where(where).orderBy(asc(user.name), asc(user.id)).limit(limit).offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(user)
      .where(where),
  ]);
  const ids = users.map((u) => u.id);
  const assignments = ids.length
    ? await db
        .select({ userId: roleAssignments.userId, role: roleAssignments.role, areaCode: roleAssignments.areaCode, areaValidOn: roleAssignments.areaValidOn })
        .from(roleAssignments)
        .where(inArray(roleAssignments.userId, ids))
        .orderBy(asc(roleAssignments.id))
    : [];
  return {
    rows: users.map((u) => ({
      ...u,
      // With the date each role's unit is read on (codes are reused across eras).
      assignments: assignments.filter((a) => a.userId === u.id).map(({ role, areaCode, areaValidOn }) => ({ role, areaCode, areaValidOn })),
    })),
    total: Number(count?.n ?? 0),
  };
}

export async function getUser(db: Db, id: string): Promise<UserRow | undefined> {
  const [u] = await db.select(userColumns).from(user).where(eq(user.id, id));
  if (!u) return undefined;
  return { ...u, assignments: await assignmentsOf(db, id) };
}
