import { and, asc, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { vietnamDayBounds } from "@ansinh/domain/dates";
import type { RoleAssignment } from "@ansinh/domain/access";
import type { Db } from "../client.js";
import { auditLog, roleAssignments, user } from "../schema/index.js";
import { selectRows } from "./sql.js";

export async function assignmentsOf(db: Db, userId: string): Promise<RoleAssignment[]> {
  return db
    .select({ role: roleAssignments.role, areaCode: roleAssignments.areaCode })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, userId))
    .orderBy(asc(roleAssignments.id));
}

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
 * A LIKE pattern matching `text` anywhere, with `%`, `_` and the escape character itself taken
 * literally (PostgreSQL's default LIKE escape is the backslash).
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
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
      sql`exists (select 1 from ${roleAssignments} ra where ra.user_id = ${user.id} and ra.area_code in (${codes.length ? sql.join(codes.map((c) => sql`${c}`), sql`, `) : sql`null`}))`,
    );
  }
  if (search) conditions.push(or(ilike(user.name, containsPattern(search)), ilike(user.email, containsPattern(search)))!);
  const where = conditions.length ? and(...conditions) : undefined;
  const [users, [count]] = await Promise.all([
    db
      .select(userColumns)
      .from(user)
      .where(where)
      .orderBy(asc(user.name), asc(user.id))
      .limit(limit)
      .offset(offset),
    db.select({ n: sql<number>`count(*)::int` }).from(user).where(where),
  ]);
  const ids = users.map((u) => u.id);
  const assignments = ids.length
    ? await db
        .select({ userId: roleAssignments.userId, role: roleAssignments.role, areaCode: roleAssignments.areaCode })
        .from(roleAssignments)
        .where(inArray(roleAssignments.userId, ids))
        .orderBy(asc(roleAssignments.id))
    : [];
  return {
    rows: users.map((u) => ({
      ...u,
      assignments: assignments.filter((a) => a.userId === u.id).map(({ role, areaCode }) => ({ role, areaCode })),
    })),
    total: Number(count?.n ?? 0),
  };
}

export async function getUser(db: Db, id: string): Promise<UserRow | undefined> {
  const [u] = await db
    .select(userColumns)
    .from(user)
    .where(eq(user.id, id));
  if (!u) return undefined;
  return { ...u, assignments: await assignmentsOf(db, id) };
}

export interface AuditEntry {
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  requestId?: string | null;
}

/** Appends one audit row; call it inside the mutation's transaction. */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    ...entry,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: entry.requestId ?? null,
  });
}

export async function listAudit(
  db: Db,
  filter: { entity?: string | undefined; actor?: string | undefined; from?: string | undefined; to?: string | undefined; limit: number; offset: number },
) {
  const conditions: SQL[] = [];
  if (filter.entity) conditions.push(eq(auditLog.entity, filter.entity));
  if (filter.actor) conditions.push(ilike(auditLog.actorEmail, containsPattern(filter.actor)));
  if (filter.from) conditions.push(gte(auditLog.at, vietnamDayBounds(filter.from).start));
  if (filter.to) conditions.push(lt(auditLog.at, vietnamDayBounds(filter.to).end));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [count]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(filter.limit).offset(filter.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
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
