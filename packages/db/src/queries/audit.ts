import { and, desc, eq, gte, ilike, lt, sql, type SQL } from "drizzle-orm";
import { vietnamDayBounds } from "@ansinh/domain/dates";
import type { Db } from "../client.js";
import { auditLog } from "../schema/index.js";
import { containsPattern } from "./sql.js";

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
