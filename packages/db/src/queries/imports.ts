/**
 * Imports of agents' lists (docs/rules.md §4b) and the table-backed job queue that runs them.
 * A batch is one file for one agent and scheme; `import_rows` holds what became of each line.
 */
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { agents, areas, enrolments, households, importBatches, importRows, jobs, participants, payments } from "../schema/index.js";
import { boundedCount, encodeCursor, keyset, type ListCursor } from "./registry-lists.js";
import { selectRows } from "./sql.js";

export type ImportBatch = typeof importBatches.$inferSelect;
export type ImportRowRecord = typeof importRows.$inferSelect;
export type Agent = typeof agents.$inferSelect;
export type Job = typeof jobs.$inferSelect;

export async function activeAgents(db: Db): Promise<Agent[]> {
  return db.select().from(agents).where(eq(agents.active, true)).orderBy(asc(agents.name));
}

/** Remembers the column mapping an agent used for a scheme (`agents.import_mapping[scheme]`). */
export async function saveAgentMapping(db: Db, agentId: number, scheme: string, mapping: unknown): Promise<void> {
  await db
    .update(agents)
    .set({ importMapping: sql`coalesce(${agents.importMapping}, '{}'::jsonb) || jsonb_build_object(${scheme}::text, ${JSON.stringify(mapping)}::jsonb)` })
    .where(eq(agents.id, agentId));
}

/** The real (not dry-run) batch of this file for this agent and scheme, if any. */
export async function findBatchByFile(db: Db, agentId: number, scheme: string, fileHash: string): Promise<ImportBatch | undefined> {
  const [b] = await db
    .select()
    .from(importBatches)
    .where(
      and(
        eq(importBatches.agentId, agentId),
        sql`${importBatches.scheme} = ${scheme}`,
        eq(importBatches.fileHash, fileHash),
        sql`${importBatches.status} <> 'dry_run'`,
      ),
    );
  return b;
}

export async function insertBatch(db: Db, values: typeof importBatches.$inferInsert): Promise<ImportBatch> {
  const [b] = await db.insert(importBatches).values(values).returning();
  return b!;
}

export async function batchById(db: Db, id: number): Promise<ImportBatch | undefined> {
  const [b] = await db.select().from(importBatches).where(eq(importBatches.id, id));
  return b;
}

export async function updateBatch(db: Db, id: number, values: Partial<typeof importBatches.$inferInsert>): Promise<void> {
  await db.update(importBatches).set(values).where(eq(importBatches.id, id));
}

/** Adds a committed chunk's counts to its batch (in the chunk's transaction). */
export async function addBatchCounts(db: Db, id: number, c: { processed: number; imported: number; duplicates: number; rejected: number }): Promise<void> {
  await db
    .update(importBatches)
    .set({
      processedRows: sql`${importBatches.processedRows} + ${c.processed}`,
      imported: sql`${importBatches.imported} + ${c.imported}`,
      duplicates: sql`${importBatches.duplicates} + ${c.duplicates}`,
      rejected: sql`${importBatches.rejected} + ${c.rejected}`,
    })
    .where(eq(importBatches.id, id));
}

/** The last line of the batch with an outcome (0 when none): a resumed run starts after it. */
export async function lastImportedLine(db: Db, batchId: number): Promise<number> {
  const [r] = await selectRows<{ line: number | null }>(db, sql`select max(line)::int as line from import_rows where batch_id = ${batchId}`);
  return r?.line ?? 0;
}

export async function insertImportRows(db: Db, rows: (typeof importRows.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(importRows).values(rows);
}

/** One page of a batch's report, in line order; `outcome` filters. */
export async function importRowsPage(db: Db, batchId: number, opts: { outcome?: string | undefined; limit: number; offset: number }) {
  const where = opts.outcome ? and(eq(importRows.batchId, batchId), sql`${importRows.outcome} = ${opts.outcome}`) : eq(importRows.batchId, batchId);
  const [total] = await db.select({ n: count() }).from(importRows).where(where);
  const rows = await db.select().from(importRows).where(where).orderBy(asc(importRows.line)).limit(opts.limit).offset(opts.offset);
  return { total: total?.n ?? 0, rows };
}

/** Every row of a batch's report in line order, a page at a time (for the XLSX download). */
export async function* allImportRows(db: Db, batchId: number, pageSize = 1000): AsyncGenerator<ImportRowRecord> {
  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(importRows)
      .where(and(eq(importRows.batchId, batchId), sql`${importRows.line} > ${after}`))
      .orderBy(asc(importRows.line))
      .limit(pageSize);
    for (const r of rows) yield r;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.line;
  }
}

/**
 * Batches of the given agents, newest first (then the higher id), by keyset through the index
 * `import_batches_created_idx` (`after`: the `nextCursor` of the page before; `offset` is then
 * ignored). The total is exact up to COUNT_CAP, then "more than" (`totalExact` false).
 */
export async function batchesOfAgents(db: Db, agentIds: readonly number[], opts: { limit: number; offset: number; after?: ListCursor | undefined }) {
  if (agentIds.length === 0) return { total: 0, totalExact: true, nextCursor: null, rows: [] };
  const where = inArray(importBatches.agentId, [...agentIds]);
  const key = { expr: sql`${importBatches.createdAt}`, type: "timestamptz", nullable: false } as const;
  const page = keyset(key, [sql`${importBatches.id}`], "desc", opts.after, (c) => [sql`${c.id}::bigint`]);
  const [count, rows] = await Promise.all([
    boundedCount(db, sql`from ${importBatches} where ${where}`),
    db
      .select({ batch: importBatches, agentName: agents.name, sortKey: sql<string>`(${importBatches.createdAt})::text` })
      .from(importBatches)
      .innerJoin(agents, eq(agents.id, importBatches.agentId))
      .where(page.where ? and(where, page.where) : where)
      .orderBy(page.orderBy)
      .limit(opts.limit + 1)
      .offset(opts.after ? 0 : opts.offset),
  ]);
  const more = rows.length > opts.limit;
  const shown = more ? rows.slice(0, opts.limit) : rows;
  const last = shown[shown.length - 1];
  return {
    ...count,
    nextCursor: more && last ? encodeCursor({ key: last.sortKey, id: last.batch.id }) : null,
    rows: shown.map(({ batch, agentName }) => ({ batch, agentName })),
  };
}

/** The receipt numbers of `numbers` this agent already has a payment for. */
export async function existingReceipts(db: Db, agentId: number, numbers: readonly string[]): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const rows = await db
    .select({ n: payments.receiptNumber })
    .from(payments)
    .where(and(eq(payments.agentId, agentId), inArray(payments.receiptNumber, [...new Set(numbers)])));
  return new Set(rows.map((r) => r.n));
}

/** Every area row with its validity: the commune checks of an import walk them in memory. */
export async function areaValidityRows(db: Db) {
  return db.select({ code: areas.code, parentCode: areas.parentCode, level: areas.level, validFrom: areas.validFrom, validTo: areas.validTo }).from(areas);
}

/**
 * An agent's batch for the agency (docs/rules.md §4b): its enrolments with a receipt date in
 * [from, to], with the participant and the payment, in receipt order, a page at a time.
 */
export async function* agentBatchRows(db: Db, agentId: number, scheme: string, from: string, to: string, pageSize = 1000) {
  let afterId = 0;
  for (;;) {
    const rows = await db
      .select({ payment: payments, enrolment: enrolments, participant: participants, householdCode: households.code })
      .from(payments)
      .innerJoin(enrolments, eq(enrolments.id, payments.enrolmentId))
      .innerJoin(participants, eq(participants.id, payments.participantId))
      .leftJoin(households, eq(households.id, enrolments.householdId))
      .where(
        and(
          eq(payments.agentId, agentId),
          sql`${enrolments.scheme} = ${scheme}`,
          sql`${payments.receiptDate} between ${from}::date and ${to}::date`,
          sql`${payments.id} > ${afterId}`,
          sql`${enrolments.status} = 'active'`,
        ),
      )
      .orderBy(asc(payments.id))
      .limit(pageSize);
    for (const r of rows) yield r;
    if (rows.length < pageSize) return;
    afterId = rows[rows.length - 1]!.payment.id;
  }
}

// --- the job queue --------------------------------------------------------------------------

export async function enqueueJob(db: Db, kind: string, payload: unknown): Promise<Job> {
  const [j] = await db.insert(jobs).values({ kind, payload }).returning();
  return j!;
}

/**
 * Takes the oldest job that is queued, or running with an expired lease (its worker died), and
 * leases it for `leaseMs`. Two workers never take the same job (row lock, skip locked).
 */
export async function claimJob(db: Db, leaseMs: number, kinds?: readonly string[]): Promise<Job | undefined> {
  const kindFilter = kinds?.length
    ? sql`and kind in (${sql.join(
        kinds.map((k) => sql`${k}`),
        sql`, `,
      )})`
    : sql``;
  const rows = await selectRows<{ id: number }>(
    db,
    sql`update jobs set status = 'running', attempts = attempts + 1,
          locked_until = now() + (${leaseMs}::int * interval '1 millisecond'), updated_at = now()
        where id = (
          select id from jobs
          where (status = 'queued' or (status = 'running' and locked_until < now())) ${kindFilter}
          order by id limit 1 for update skip locked
        )
        returning id`,
  );
  if (!rows[0]) return undefined;
  const [j] = await db
    .select()
    .from(jobs)
    .where(eq(jobs.id, Number(rows[0].id)));
  return j;
}

/** Keeps a job's lease while its worker is alive. */
export async function extendJobLease(db: Db, id: number, leaseMs: number): Promise<void> {
  await db.execute(
    sql`update jobs set locked_until = now() + (${leaseMs}::int * interval '1 millisecond'), updated_at = now() where id = ${id} and status = 'running'`,
  );
}

export async function finishJob(db: Db, id: number, status: "done" | "failed" | "queued", error: string | null = null): Promise<void> {
  await db
    .update(jobs)
    .set({ status, error, lockedUntil: null, updatedAt: sql`now()` })
    .where(eq(jobs.id, id));
}

/** Cancels the waiting or running jobs of a batch (a running one stops at its next chunk); how many. */
export async function cancelBatchJobs(db: Db, batchId: number): Promise<number> {
  const rows = await selectRows<{ id: number }>(
    db,
    sql`update jobs set status = 'cancelled', locked_until = null, updated_at = now()
        where kind = 'import_batch' and (payload->>'batchId')::bigint = ${batchId} and status in ('queued', 'running') returning id`,
  );
  return rows.length;
}

/** Whether a job was cancelled meanwhile (the worker looks after each chunk). */
export async function jobCancelled(db: Db, id: number): Promise<boolean> {
  const [j] = await db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, id));
  return j?.status === "cancelled";
}

export async function jobById(db: Db, id: number): Promise<Job | undefined> {
  const [j] = await db.select().from(jobs).where(eq(jobs.id, id));
  return j;
}

/** Marks the queued jobs of a batch done (a batch run to its end by the command line). */
export async function finishBatchJobs(db: Db, batchId: number): Promise<void> {
  await db.execute(
    sql`update jobs set status = 'done', locked_until = null, updated_at = now() where kind = 'import_batch' and (payload->>'batchId')::bigint = ${batchId} and status = 'queued'`,
  );
}
