/**
 * The background worker: one loop in the API process takes jobs from the `jobs` table (works on
 * PGlite and PostgreSQL) under a lease (`locked_until`). A worker that dies stops renewing its
 * lease, and the job is taken again once the lease runs out; the import resumes where its last
 * committed chunk ended.
 */
import { sql } from "drizzle-orm";
import { batchById, claimJob, extendJobLease, finishJob, jobCancelled, updateBatch, type Db, type Job } from "@ansinh/db";
import { databaseFault } from "../faults.js";
import { safeError } from "../logging.js";
import { bulkApplies, processImportBatchBulk } from "./bulk-import.js";
import { ImportStopped, processImportBatch, type RecordEnrolmentFn } from "./import-enrolments.js";

export const IMPORT_JOB = "import_batch";
/** Tries before a job is given up (a bug in a row, not a killed process, fails it three times). */
export const MAX_ATTEMPTS = 3;

export interface WorkerOptions {
  record: RecordEnrolmentFn | null;
  /** How long a taken job is ours without renewal (default 60 s). */
  leaseMs?: number;
  /** Pause between looks at an empty queue (default 1 s). */
  pollMs?: number;
  log?: { error(obj: unknown, msg: string): void; warn?(obj: unknown, msg: string): void };
  /** True once the process is stopping: a running import stops after its current chunk. */
  stopping?: () => boolean;
  /**
   * Voluntary lists on PostgreSQL take the bulk path (COPY into a staging table, set-based
   * checks, one merge per chunk: `bulk-import.ts`); default true. False: every line through
   * `recordEnrolment` one by one.
   */
  bulk?: boolean;
  /** Lines the bulk path merges per transaction (default `BULK_CHUNK`). */
  bulkChunk?: number;
  /** The bulk path defers the dashboard aggregates to one rebuild at the batch's end (default false). */
  bulkDeferAggregates?: boolean;
}

/** Runs one job to its end (or failure). */
export async function runJob(db: Db, job: Job, options: WorkerOptions): Promise<void> {
  const leaseMs = options.leaseMs ?? 60_000;
  // Cancelled (imports.cancel marks the job): looked at after each chunk, the run then stops there.
  let cancelled = false;
  try {
    if (job.kind !== IMPORT_JOB) throw new Error(`unknown job kind ${job.kind}`);
    const { batchId } = job.payload as { batchId: number };
    const batch = await batchById(db, batchId);
    const bulk = (options.bulk ?? true) && batch !== undefined && bulkApplies(db, batch, { record: options.record });
    await (bulk ? processImportBatchBulk : processImportBatch)(db, batchId, {
      record: options.record,
      ...(bulk && options.bulkChunk ? { chunkSize: options.bulkChunk } : {}),
      ...(bulk && options.bulkDeferAggregates ? { deferAggregates: true } : {}),
      onChunk: async () => {
        await extendJobLease(db, job.id, leaseMs);
        cancelled = await jobCancelled(db, job.id);
      },
      shouldStop: () => cancelled || (options.stopping?.() ?? false),
    });
    await finishJob(db, job.id, "done");
  } catch (e) {
    if (e instanceof ImportStopped && cancelled) {
      // The lines committed so far stay (each exactly once); starting the file again resumes.
      const { batchId } = job.payload as { batchId: number };
      const batch = await batchById(db, batchId).catch(() => undefined);
      if (batch && batch.status !== "dry_run") await updateBatch(db, batchId, { status: "cancelled", finishedAt: new Date() }).catch(() => {});
      else if (batch) await updateBatch(db, batchId, { error: "Đã hủy / Cancelled", finishedAt: new Date() }).catch(() => {});
      return;
    }
    if (e instanceof ImportStopped) {
      // Back in the queue, this attempt not counted: the next start resumes after the last chunk.
      await db
        .execute(sql`update jobs set status = 'queued', attempts = greatest(attempts - 1, 0), locked_until = null, updated_at = now() where id = ${job.id}`)
        .catch(() => {});
      return;
    }
    if (databaseFault(e)) {
      // The database went away (a restart, the network): not the job's fault. Its committed chunks
      // are kept; once the database answers again the job is queued, this attempt not counted,
      // and taken again at once — it resumes after its last committed chunk. Past the lease another
      // process may take it anyway (then the attempt counts).
      options.log?.warn?.({ err: e, jobId: job.id }, "job paused: the database is unavailable");
      const until = Date.now() + leaseMs;
      while (!options.stopping?.() && Date.now() < until) {
        const requeued = await db
          .execute(
            sql`update jobs set status = 'queued', attempts = greatest(attempts - 1, 0), locked_until = null, updated_at = now() where id = ${job.id} and status = 'running'`,
          )
          .then(
            () => true,
            () => false,
          );
        if (requeued) return;
        await new Promise((r) => setTimeout(r, 1000));
      }
      return;
    }
    // Stored with the batch, read by users: never a failed query's parameters.
    const message = String((safeError(e) as { message?: unknown } | null)?.message ?? e).slice(0, 1000);
    options.log?.error({ err: e, jobId: job.id }, "job failed");
    const giveUp = job.attempts >= MAX_ATTEMPTS;
    await finishJob(db, job.id, giveUp ? "failed" : "queued", message).catch(() => {});
    if (giveUp && job.kind === IMPORT_JOB) {
      const { batchId } = job.payload as { batchId: number };
      const batch = await batchById(db, batchId).catch(() => undefined);
      if (batch && batch.status !== "dry_run") await updateBatch(db, batchId, { status: "failed", error: message }).catch(() => {});
      else if (batch) await updateBatch(db, batchId, { error: message, finishedAt: new Date() }).catch(() => {});
    }
  }
}

/** Takes and runs jobs until the queue is empty; true when one ran. */
export async function drainJobs(db: Db, options: WorkerOptions): Promise<boolean> {
  let ran = false;
  for (;;) {
    if (options.stopping?.()) return ran;
    const job = await claimJob(db, options.leaseMs ?? 60_000);
    if (!job) return ran;
    ran = true;
    await runJob(db, job, options);
  }
}

export interface JobWorker {
  /** Looks at the queue now (after a job was queued). */
  wake(): void;
  stop(): Promise<void>;
}

/** Starts the loop; `stop()` lets the job in hand finish its current chunk, then returns (the job is queued again). */
export function startJobWorker(db: Db, options: WorkerOptions): JobWorker {
  const pollMs = options.pollMs ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const withStop: WorkerOptions = { ...options, stopping: () => stopped };
  const tick = () => {
    timer = null;
    if (stopped || running) return;
    running = drainJobs(db, withStop)
      .then(() => undefined)
      .catch((e: unknown) => options.log?.error({ err: e }, "job worker"))
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, pollMs);
      });
  };
  timer = setTimeout(tick, 50);
  return {
    wake() {
      if (stopped || running) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
