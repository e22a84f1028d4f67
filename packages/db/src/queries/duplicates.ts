/**
 * The duplicate review queue: likely duplicates opened by `recordEnrolment`, merged or dismissed
 * by an admin; a merge records what it moved so it can be undone exactly.
 */
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.js";
import { duplicateReviews, enrolments, participants, payments } from "../schema/index.js";
import { boundedCount, encodeCursor, keyset, type ListCursor } from "./registry-lists.js";
import { selectRows } from "./sql.js";

export const duplicateReviewStatusList = ["open", "merged", "dismissed"] as const;
export type DuplicateReviewStatus = (typeof duplicateReviewStatusList)[number];

export interface DuplicatePerson {
  id: number;
  fullName: string;
  birthDate: string;
  gender: string;
  personalId: string;
  phone: string | null;
  communeCode: string;
  mergedIntoId: number | null;
  enrolments: number;
}

export interface DuplicateReviewRow {
  id: number;
  status: DuplicateReviewStatus;
  score: number;
  reasons: { code: string; score: number; vi: string; en: string }[];
  createdAt: string;
  decidedAt: string | null;
  participant: DuplicatePerson;
  match: DuplicatePerson;
}

/** `column in (codes)`, or true for the whole country (null). */
function inCodes(column: SQL, codes: ReadonlySet<string> | null): SQL {
  if (codes === null) return sql`true`;
  if (codes.size === 0) return sql`false`;
  return sql`${column} in (${sql.join(
    [...codes].map((c) => sql`${c}`),
    sql`, `,
  )})`;
}

const person = (alias: string) =>
  sql.raw(`json_build_object(
  'id', ${alias}.id, 'fullName', ${alias}.full_name, 'birthDate', to_char(${alias}.birth_date, 'YYYY-MM-DD'), 'gender', ${alias}.gender,
  'personalId', ${alias}.personal_id, 'phone', ${alias}.phone, 'communeCode', ${alias}.commune_code, 'mergedIntoId', ${alias}.merged_into_id,
  'enrolments', (select count(*) from enrolments e where e.participant_id = ${alias}.id))`);

/**
 * The queue's order, highest score first, then oldest first, as one ascending key (`-score`)
 * and the id: keyset pages through the index `duplicate_reviews_queue_idx` (status, -score, id).
 */
const queueKey = { expr: sql`(-r.score)::bigint`, type: "bigint", nullable: false } as const;

/**
 * One page of reviews with a record in `communes` (null: everywhere), highest score first, then
 * oldest first, by keyset (`after`: the `nextCursor` of the page before; `offset` is then
 * ignored). The caller shows a record outside its scope only as "a person in <area>". The total
 * is exact up to COUNT_CAP, then "more than" (`totalExact` false).
 */
export async function listDuplicateReviews(
  db: Db,
  filter: { communes: ReadonlySet<string> | null; status: DuplicateReviewStatus; limit: number; offset: number; after?: ListCursor | undefined },
): Promise<{ total: number; totalExact: boolean; nextCursor: string | null; rows: DuplicateReviewRow[] }> {
  const where = sql`r.status = ${filter.status} and (${inCodes(sql`p.commune_code`, filter.communes)} or ${inCodes(sql`m.commune_code`, filter.communes)})`;
  const page = keyset(queueKey, [sql`r.id`], "asc", filter.after, (c) => [sql`${c.id}::bigint`]);
  const from = sql`from duplicate_reviews r join participants p on p.id = r.participant_id join participants m on m.id = r.match_id`;
  const [count, rows] = await Promise.all([
    boundedCount(db, sql`${from} where ${where}`),
    selectRows<{
      id: string | number;
      status: DuplicateReviewStatus;
      score: number;
      reasons: DuplicateReviewRow["reasons"];
      created_at: string;
      decided_at: string | null;
      participant: DuplicatePerson;
      match: DuplicatePerson;
      sort_key: string;
    }>(
      db,
      sql`select r.id, r.status, r.score, r.reasons, to_char(r.created_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD"T"HH24:MI') as created_at,
                 to_char(r.decided_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD"T"HH24:MI') as decided_at,
                 ${person("p")} as participant, ${person("m")} as match, (${queueKey.expr})::text as sort_key
          ${from}
          where ${where}${page.where ? sql` and ${page.where}` : sql``}
          order by ${page.orderBy}
          limit ${filter.limit + 1} offset ${filter.after ? 0 : filter.offset}`,
    ),
  ]);
  const more = rows.length > filter.limit;
  const shown = more ? rows.slice(0, filter.limit) : rows;
  const last = shown[shown.length - 1];
  return {
    ...count,
    nextCursor: more && last ? encodeCursor({ key: last.sort_key, id: Number(last.id) }) : null,
    rows: shown.map((r) => ({
      id: Number(r.id),
      status: r.status,
      score: r.score,
      reasons: r.reasons,
      createdAt: r.created_at,
      decidedAt: r.decided_at,
      participant: {
        ...r.participant,
        id: Number(r.participant.id),
        mergedIntoId: r.participant.mergedIntoId === null ? null : Number(r.participant.mergedIntoId),
        enrolments: Number(r.participant.enrolments),
      },
      match: {
        ...r.match,
        id: Number(r.match.id),
        mergedIntoId: r.match.mergedIntoId === null ? null : Number(r.match.mergedIntoId),
        enrolments: Number(r.match.enrolments),
      },
    })),
  };
}

export type StoredDuplicateReview = typeof duplicateReviews.$inferSelect;

/** The review with the communes of both records (for the scope check), locked for the decision. */
export async function duplicateReviewForUpdate(
  db: Db,
  id: number,
): Promise<
  | (StoredDuplicateReview & { participantCommune: string; matchCommune: string; participantMergedInto: number | null; matchMergedInto: number | null })
  | undefined
> {
  const [r] = await db.select().from(duplicateReviews).where(eq(duplicateReviews.id, id)).for("update");
  if (!r) return undefined;
  // Both records locked, in id order (every merge and undo takes them the same way: no deadlock),
  // and read after the lock: a record merged away by a merge that just committed is seen so.
  const people = await db
    .select({ id: participants.id, communeCode: participants.communeCode, mergedIntoId: participants.mergedIntoId })
    .from(participants)
    .where(inArray(participants.id, [r.participantId, r.matchId]))
    .orderBy(participants.id)
    .for("update");
  const p = people.find((x) => x.id === r.participantId)!;
  const m = people.find((x) => x.id === r.matchId)!;
  return { ...r, participantCommune: p.communeCode, matchCommune: m.communeCode, participantMergedInto: p.mergedIntoId, matchMergedInto: m.mergedIntoId };
}

/** What a merge moved, to undo it exactly. */
export interface MergeRecord {
  keptId: number;
  mergedId: number;
  enrolmentIds: number[];
  paymentIds: number[];
  /** The merged record's version before the merge. */
  mergedVersion: number;
}

/** Moves the enrolments and payments of `mergedId` to `keptId` and marks `mergedId` merged into it. */
export async function mergeParticipants(db: Db, keptId: number, mergedId: number): Promise<MergeRecord> {
  const [before] = await db.select({ version: participants.version }).from(participants).where(eq(participants.id, mergedId));
  const movedEnrolments = await db
    .update(enrolments)
    .set({ participantId: keptId })
    .where(eq(enrolments.participantId, mergedId))
    .returning({ id: enrolments.id });
  const movedPayments = await db.update(payments).set({ participantId: keptId }).where(eq(payments.participantId, mergedId)).returning({ id: payments.id });
  await db
    .update(participants)
    .set({ mergedIntoId: keptId, updatedAt: new Date(), version: sql`${participants.version} + 1` })
    .where(eq(participants.id, mergedId));
  return {
    keptId,
    mergedId,
    enrolmentIds: movedEnrolments.map((r) => r.id).sort((a, b) => a - b),
    paymentIds: movedPayments.map((r) => r.id).sort((a, b) => a - b),
    mergedVersion: before?.version ?? 1,
  };
}

/**
 * Puts back exactly what `record` moved. Returns false (and changes nothing) when the records
 * changed since: one of the moved rows no longer belongs to the kept record, or the merged
 * record is no longer merged into it.
 */
export async function undoMerge(db: Db, record: MergeRecord): Promise<boolean> {
  const [merged] = await db.select({ mergedIntoId: participants.mergedIntoId }).from(participants).where(eq(participants.id, record.mergedId)).for("update");
  if (!merged || merged.mergedIntoId !== record.keptId) return false;
  if (record.enrolmentIds.length > 0) {
    const still = await db
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(and(inArray(enrolments.id, record.enrolmentIds), eq(enrolments.participantId, record.keptId)));
    if (still.length !== record.enrolmentIds.length) return false;
    await db.update(enrolments).set({ participantId: record.mergedId }).where(inArray(enrolments.id, record.enrolmentIds));
  }
  if (record.paymentIds.length > 0) {
    await db
      .update(payments)
      .set({ participantId: record.mergedId })
      .where(and(inArray(payments.id, record.paymentIds), eq(payments.participantId, record.keptId)));
  }
  await db
    .update(participants)
    .set({ mergedIntoId: null, updatedAt: new Date(), version: sql`${participants.version} + 1` })
    .where(eq(participants.id, record.mergedId));
  return true;
}

export async function setDuplicateReviewDecision(
  db: Db,
  id: number,
  decision: { status: DuplicateReviewStatus; mergeRecord: MergeRecord | null; decidedBy: string | null },
): Promise<void> {
  await db
    .update(duplicateReviews)
    .set({
      status: decision.status,
      mergeRecord: decision.mergeRecord,
      decidedBy: decision.decidedBy,
      decidedAt: decision.status === "open" ? null : new Date(),
    })
    .where(eq(duplicateReviews.id, id));
}
