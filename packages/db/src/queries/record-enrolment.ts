/**
 * The registry's write path: the reads `recordEnrolment` decides on and the rows it
 * stores. Every function takes the caller's transaction handle.
 */
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Scheme } from "@ansinh/domain/eligibility";
import type { Db } from "../client.js";
import { agentCollectors, agents, duplicateReviews, enrolments, fundReturns, households, participants, payments } from "../schema/index.js";
import { foldedContains, selectRows } from "./sql.js";

export type StoredParticipant = typeof participants.$inferSelect;
export type StoredHousehold = typeof households.$inferSelect;
export type StoredAgent = typeof agents.$inferSelect;

export async function agentById(db: Db, id: number): Promise<StoredAgent | undefined> {
  const [row] = await db.select().from(agents).where(eq(agents.id, id));
  return row;
}

/** The payment an agent already stored under a receipt number, if any. */
export async function paymentByReceipt(db: Db, agentId: number, receiptNumber: string): Promise<{ id: number; participantId: number } | undefined> {
  const [row] = await db
    .select({ id: payments.id, participantId: payments.participantId })
    .from(payments)
    .where(and(eq(payments.agentId, agentId), eq(payments.receiptNumber, receiptNumber)));
  return row;
}

export interface CommuneOn {
  code: string;
  name: string;
  /** The code of the province it lies in on that date. */
  provinceCode: string;
}

/**
 * The commune with `code` in force on `onDate` and its province on that date (walked up by
 * `parent_code` along that date's hierarchy); undefined when no commune has that code then. Each
 * step reads the parent by its code (the index; a lateral subquery, else the planner hashes the
 * whole areas table at each step): with the ~10,800 real units the former walk over the date's
 * materialised list took ~9 ms, the import's costliest query (once per line); this one ~0.1 ms.
 */
export async function communeOn(db: Db, code: string, onDate: string): Promise<CommuneOn | undefined> {
  const rows = await selectRows<{ code: string; name: string; level: string; depth: number }>(
    db,
    sql`
    with recursive up(code, name, level, parent_code, depth) as (
      select code, name, level, parent_code, 0 from areas
      where code = ${code} and valid_from <= ${onDate}::date and (valid_to is null or valid_to >= ${onDate}::date)
      union all
      select a.code, a.name, a.level, a.parent_code, up.depth + 1
      from up cross join lateral (
        select code, name, level, parent_code from areas a
        where a.code = up.parent_code and a.valid_from <= ${onDate}::date and (a.valid_to is null or a.valid_to >= ${onDate}::date)
        limit 1
      ) a
      where up.depth < 10
    )
    select code, name, level, depth from up order by depth`,
  );
  const own = rows[0];
  const province = rows.find((r) => r.level === "province");
  if (!own || own.level !== "commune" || !province) return undefined;
  return { code: own.code, name: own.name, provinceCode: province.code };
}

export async function participantByPersonalId(db: Db, personalId: string): Promise<StoredParticipant | undefined> {
  const [row] = await db.select().from(participants).where(eq(participants.personalId, personalId));
  return row;
}

export async function participantBySocialInsuranceNumber(db: Db, sin: string): Promise<StoredParticipant | undefined> {
  const [row] = await db.select().from(participants).where(eq(participants.socialInsuranceNumber, sin));
  return row;
}

export async function participantById(db: Db, id: number): Promise<StoredParticipant | undefined> {
  const [row] = await db.select().from(participants).where(eq(participants.id, id));
  return row;
}

/** The last day covered by the participant's payments in `scheme` that start before `before` (null: none). */
export async function previousCoverageEnd(db: Db, participantId: number, scheme: string, before?: string): Promise<string | null> {
  const [row] = await selectRows<{ end: string | null }>(
    db,
    sql`select to_char(max(p.cover_to), 'YYYY-MM-DD') as end
        from payments p join enrolments e on e.id = p.enrolment_id
        where p.participant_id = ${participantId} and e.scheme = ${scheme} and e.status = 'active'
        ${before === undefined ? sql`` : sql`and p.cover_from < ${before}::date`}`,
  );
  return row?.end ?? null;
}

/** Every active paid period of a participant, any scheme (cover from / to). */
export async function paidPeriods(db: Db, participantId: number): Promise<{ scheme: Scheme; from: string; to: string }[]> {
  return selectRows(
    db,
    sql`select e.scheme, to_char(p.cover_from, 'YYYY-MM-DD') as "from", to_char(p.cover_to, 'YYYY-MM-DD') as "to"
        from payments p join enrolments e on e.id = p.enrolment_id
        where p.participant_id = ${participantId} and e.status = 'active'`,
  );
}

/** The name of a province as it was on a date (the office a person's record belongs to). */
export async function provinceNameOn(db: Db, code: string, onDate: string): Promise<string> {
  const [row] = await selectRows<{ name: string }>(
    db,
    sql`select name from areas where code = ${code} and level = 'province' order by (valid_from <= ${onDate}::date and (valid_to is null or valid_to >= ${onDate}::date)) desc, valid_from desc limit 1`,
  );
  return row?.name ?? code;
}

/** The fund's average monthly return of a year (null: not set yet). */
export async function fundReturnOf(db: Db, year: number): Promise<number | null> {
  const [row] = await db.select({ rate: fundReturns.monthlyRate }).from(fundReturns).where(eq(fundReturns.year, year));
  return row ? Number(row.rate) : null;
}

export interface FundReturnRow {
  year: number;
  monthlyRate: number;
  source: string;
  setBy: string | null;
  setAt: Date;
}

export async function listFundReturns(db: Db): Promise<FundReturnRow[]> {
  const rows = await db
    .select()
    .from(fundReturns)
    .orderBy(sql`${fundReturns.year} desc`);
  return rows.map((r) => ({ ...r, monthlyRate: Number(r.monthlyRate) }));
}

/** Sets (or corrects) a year's return. */
export async function setFundReturn(db: Db, row: { year: number; monthlyRate: number; source: string; setBy: string | null }): Promise<void> {
  await db
    .insert(fundReturns)
    .values(row)
    .onConflictDoUpdate({ target: fundReturns.year, set: { monthlyRate: row.monthlyRate, source: row.source, setBy: row.setBy, setAt: sql`now()` } });
}

/** Months of state support the participant already had in voluntary social insurance (from the stored breakdowns). */
export async function supportedMonthsUsed(db: Db, participantId: number): Promise<number> {
  const [row] = await selectRows<{ n: number | null }>(
    db,
    sql`select coalesce(sum((breakdown->>'supportedMonths')::int), 0)::int as n from enrolments
        where participant_id = ${participantId} and scheme = 'voluntary_social_insurance' and status = 'active'`,
  );
  return row?.n ?? 0;
}

export async function householdByCode(db: Db, code: string): Promise<StoredHousehold | undefined> {
  const [row] = await db.select().from(households).where(eq(households.code, code));
  return row;
}

export async function householdById(db: Db, id: number): Promise<StoredHousehold | undefined> {
  const [row] = await db.select().from(households).where(eq(households.id, id));
  return row;
}

/** Each member's first household-health receipt date in `year` (the join order that ranks them). */
export async function householdJoinsInYear(db: Db, householdId: number, year: number): Promise<{ participantId: number; joinedOn: string }[]> {
  const rows = await selectRows<{ participant_id: string | number; joined_on: string }>(
    db,
    sql`select e.participant_id, to_char(min(p.receipt_date), 'YYYY-MM-DD') as joined_on
        from enrolments e join payments p on p.enrolment_id = e.id
        where e.household_id = ${householdId} and e.scheme = 'household_health_insurance' and e.status = 'active'
          and p.receipt_date >= ${`${year}-01-01`}::date and p.receipt_date <= ${`${year}-12-31`}::date
        group by e.participant_id
        order by min(p.receipt_date), min(e.id)`,
  );
  return rows.map((r) => ({ participantId: Number(r.participant_id), joinedOn: r.joined_on }));
}

export async function insertHousehold(db: Db, values: typeof households.$inferInsert): Promise<StoredHousehold> {
  const [row] = await db.insert(households).values(values).returning();
  return row!;
}

export async function setHouseholdHead(db: Db, householdId: number, participantId: number): Promise<void> {
  await db
    .update(households)
    .set({ headParticipantId: participantId })
    .where(and(eq(households.id, householdId), isNull(households.headParticipantId)));
}

export async function insertParticipant(db: Db, values: typeof participants.$inferInsert): Promise<StoredParticipant> {
  const [row] = await db.insert(participants).values(values).returning();
  return row!;
}

/** Puts an existing participant in a household (when an agent's list names one for them). */
export async function setParticipantHousehold(
  db: Db,
  participantId: number,
  householdId: number,
  relationship: string | null,
  joinedOn: string,
): Promise<void> {
  await db
    .update(participants)
    .set({
      householdId,
      householdJoinedOn: joinedOn,
      ...(relationship === null ? {} : { relationship }),
      updatedAt: new Date(),
      version: sql`${participants.version} + 1`,
    })
    .where(eq(participants.id, participantId));
}

export async function insertEnrolment(db: Db, values: typeof enrolments.$inferInsert): Promise<number> {
  const [row] = await db.insert(enrolments).values(values).returning({ id: enrolments.id });
  return row!.id;
}

export async function insertPayment(db: Db, values: typeof payments.$inferInsert): Promise<number> {
  const [row] = await db.insert(payments).values(values).returning({ id: payments.id });
  return row!.id;
}

/**
 * Participants (not merged away) sharing a likely-duplicate key with a candidate: the same
 * name key, birth date and commune, or the same phone and birth date. Uses the two indexes.
 */
export async function duplicateCandidates(
  db: Db,
  keys: { nameKey: string; birthDate: string; communeCode: string; phone: string | null; excludeId?: number },
): Promise<StoredParticipant[]> {
  const byName = and(eq(participants.nameKey, keys.nameKey), eq(participants.birthDate, keys.birthDate), eq(participants.communeCode, keys.communeCode));
  const byPhone = keys.phone === null ? undefined : and(eq(participants.phone, keys.phone), eq(participants.birthDate, keys.birthDate));
  const rows = await db
    .select()
    .from(participants)
    .where(and(byPhone ? or(byName, byPhone) : byName, isNull(participants.mergedIntoId)))
    .limit(50);
  return rows.filter((r) => r.id !== keys.excludeId);
}

/** Opens a review for each likely match (a pair already under review is left as it is); returns the new reviews' ids. */
export async function openDuplicateReviews(
  db: Db,
  rows: { provinceCode: string; participantId: number; matchId: number; score: number; reasons: unknown }[],
): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insert(duplicateReviews).values(rows).onConflictDoNothing().returning({ id: duplicateReviews.id });
  return inserted.map((r) => r.id);
}

export interface AgentChoice {
  id: number;
  name: string;
  kind: string;
  areaCode: string;
  provinceCode: string;
}

/** The active agents a collector works for (agent_collectors). */
export async function agentsOfCollector(db: Db, userId: string): Promise<AgentChoice[]> {
  return db
    .select({ id: agents.id, name: agents.name, kind: agents.kind, areaCode: agents.areaCode, provinceCode: agents.provinceCode })
    .from(agents)
    .innerJoin(agentCollectors, eq(agentCollectors.agentId, agents.id))
    .where(and(eq(agentCollectors.userId, userId), eq(agents.active, true)))
    .orderBy(agents.name);
}

/** The active agents bound to one of `areaCodes` (null: every agent). */
export async function agentsInAreas(db: Db, areaCodes: ReadonlySet<string> | null): Promise<AgentChoice[]> {
  if (areaCodes !== null && areaCodes.size === 0) return [];
  const where = areaCodes === null ? eq(agents.active, true) : and(eq(agents.active, true), inArray(agents.areaCode, [...areaCodes]));
  return db
    .select({ id: agents.id, name: agents.name, kind: agents.kind, areaCode: agents.areaCode, provinceCode: agents.provinceCode })
    .from(agents)
    .where(where)
    .orderBy(agents.name)
    .limit(500);
}

export interface CommuneHit {
  code: string;
  name: string;
  level: string;
  unitType: string;
  parentName: string | null;
  validFrom: string;
  validTo: string | null;
}

/**
 * Communes in force on `onDate` whose name contains `text` (ignoring case and diacritics) or
 * whose code starts with it, within `within` (the caller's scope on that date; null: anywhere),
 * at most `limit`: where a person may be enrolled on that date.
 */
export async function searchCommunesOn(
  db: Db,
  { text, onDate, within, limit }: { text: string; onDate: string; within: ReadonlySet<string> | null; limit: number },
): Promise<CommuneHit[]> {
  if (within !== null && within.size === 0) return [];
  const scoped =
    within === null
      ? sql``
      : sql`and a.code in (${sql.join(
          [...within].map((c) => sql`${c}`),
          sql`, `,
        )})`;
  const byCode = /^\d+$/.test(text) ? sql`or a.code like ${`${text}%`}` : sql``;
  return selectRows<CommuneHit>(
    db,
    sql`
    select a.code, a.name, a.level, a.unit_type as "unitType", p.name as "parentName",
           to_char(a.valid_from, 'YYYY-MM-DD') as "validFrom", to_char(a.valid_to, 'YYYY-MM-DD') as "validTo"
    from areas a
    left join areas p on p.code = a.parent_code and p.valid_from <= ${onDate}::date and (p.valid_to is null or p.valid_to >= ${onDate}::date)
    where a.level = 'commune' and a.valid_from <= ${onDate}::date and (a.valid_to is null or a.valid_to >= ${onDate}::date)
      and (${foldedContains(sql`a.name`, text)} ${byCode}) ${scoped}
    order by a.name, a.code
    limit ${limit}`,
  );
}
