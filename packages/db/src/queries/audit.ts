import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { vietnamDayBounds } from "@ansinh/domain/dates";
import type { Db } from "../client.js";
import { auditLog, user } from "../schema/index.js";
import { COUNT_CAP, encodeCursor, type ListCursor } from "./registry-lists.js";
import { containsPattern, foldedContains } from "./sql.js";

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

export interface AuditFilter {
  entity?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  /** Name or email of the user the entry is about (entries on users and sessions). */
  subject?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
  /** Keyset: the page after this entry (the `nextCursor` of the page before); `offset` is then ignored. */
  after?: ListCursor | undefined;
}

/**
 * The trail, newest first (by id: the order entries were written), one page by keyset on the
 * primary key — or on `audit_log_entity_order_idx` when an entity is asked for — so page 1,000
 * costs what page 1 does; the total is exact up to COUNT_CAP, then "more than" (`totalExact`
 * false). Each entry comes with the names of who acted and of the user it
 * is about (for entries on users, and on sessions through their user), so screens show names.
 */
export async function listAudit(db: Db, filter: AuditFilter) {
  const actor = alias(user, "actor");
  const subject = alias(user, "subject");
  const conditions: SQL[] = [];
  if (filter.entity) conditions.push(eq(auditLog.entity, filter.entity));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.actor) conditions.push(or(ilike(auditLog.actorEmail, containsPattern(filter.actor)), foldedContains(actor.name, filter.actor))!);
  if (filter.subject) conditions.push(or(ilike(subject.email, containsPattern(filter.subject)), foldedContains(subject.name, filter.subject))!);
  if (filter.from) conditions.push(gte(auditLog.at, vietnamDayBounds(filter.from).start));
  if (filter.to) conditions.push(lt(auditLog.at, vietnamDayBounds(filter.to).end));
  const filtered = conditions.length ? and(...conditions) : undefined;
  const where = filter.after ? and(filtered, lt(auditLog.id, filter.after.id)) : filtered;
  // Entries on a user name it by entityId; sign-ins and sign-outs (on sessions) by their actor.
  const subjectId = sql`case when ${auditLog.entity} = 'user' then ${auditLog.entityId} when ${auditLog.entity} = 'session' then ${auditLog.actorId} end`;
  // What other entries are about, by name: an enrolment's participant (never the collector who
  // recorded it), a household's code, an agent, a campaign, an event, an import's file.
  const id = sql`case when ${auditLog.entityId} ~ '^[0-9]{1,18}$' then ${auditLog.entityId}::bigint end`;
  const otherName = sql<string | null>`case ${auditLog.entity}
      when 'enrolment' then (select p.full_name from participants p
        where p.id = case when ${auditLog.after}->>'participantId' ~ '^[0-9]{1,18}$' then (${auditLog.after}->>'participantId')::bigint end)
      when 'household' then coalesce(${auditLog.after}->>'code', (select h.code from households h where h.id = ${id}))
      when 'agent' then (select a.name from agents a where a.id = ${id})
      when 'campaign' then (select c.name from campaigns c where c.id = ${id})
      when 'outreach_event' then (select nullif(e.title, '') from outreach_events e where e.id = ${id})
      when 'import_batch' then (select b.file_name from import_batches b where b.id = ${id})
    end`;
  const base = () =>
    db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        actorId: auditLog.actorId,
        actorEmail: auditLog.actorEmail,
        actorName: actor.name,
        action: auditLog.action,
        entity: auditLog.entity,
        entityId: auditLog.entityId,
        subjectName: sql<string | null>`coalesce(${subject.name}, ${otherName})`,
        subjectEmail: subject.email,
        before: auditLog.before,
        after: auditLog.after,
      })
      .from(auditLog)
      .leftJoin(actor, eq(actor.id, auditLog.actorId))
      .leftJoin(subject, sql`${subject.id} = ${subjectId}`)
      .where(where);
  const [rows, [count]] = await Promise.all([
    base()
      .orderBy(desc(auditLog.id))
      .limit(filter.limit + 1)
      .offset(filter.after ? 0 : filter.offset),
    // Counted up to COUNT_CAP + 1 rows only: a trail of millions is "more than COUNT_CAP".
    db.select({ n: sql<number>`count(*)::int` }).from(
      db
        .select({ one: sql`1`.as("one") })
        .from(auditLog)
        .leftJoin(actor, eq(actor.id, auditLog.actorId))
        .leftJoin(subject, sql`${subject.id} = ${subjectId}`)
        .where(filtered)
        .limit(COUNT_CAP + 1)
        .as("x"),
    ),
  ]);
  const more = rows.length > filter.limit;
  const shown = more ? rows.slice(0, filter.limit) : rows;
  const last = shown[shown.length - 1];
  const n = Number(count?.n ?? 0);
  return {
    rows: shown,
    total: Math.min(n, COUNT_CAP),
    totalExact: n <= COUNT_CAP,
    nextCursor: more && last ? encodeCursor({ key: null, id: last.id }) : null,
  };
}
