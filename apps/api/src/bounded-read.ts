/**
 * "Reads cannot load the database": a list's queries run bounded.
 *
 * On PostgreSQL each bounded read is one READ ONLY transaction on the read pool whose first
 * statement sets, for that transaction only (`set_config(…, true)`, i.e. SET LOCAL):
 *
 * - `statement_timeout`: READ_STATEMENT_TIMEOUT_MS, and never more than a second past the request's
 *   deadline (REQUEST_TIMEOUT_MS). A statement over it is stopped by the database (SQLSTATE 57014), answered
 *   503 `DATABASE.QUERY_TIMEOUT` in the API's error shape (./trpc.ts, ./faults.ts);
 * - `application_name`: a tag of its own, so that when the client goes away before its answer
 *   (the request's signal, ./request-ops.ts) the statement is cancelled by that tag
 *   (`pg_cancel_backend` over a connection of its own: the pool may be all taken), never by a
 *   backend id that could already serve someone else.
 *
 * Both revert at the transaction's end, so nothing leaks onto the pooled connection: the read pool
 * is the main pool when DATABASE_READ_URL is not set, and the writes and imports that take the same
 * connection next run without a statement timeout.
 *
 * PGlite (embedded, one process, one connection) has neither a statement timeout nor a way to
 * cancel a running statement: a read there runs as before; the request's deadline
 * (REQUEST_TIMEOUT_MS) still answers 503 SERVER.BUSY on time, while the statement finishes.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@ansinh/db";
import type { Context } from "./trpc.js";

/** Runs a list's queries on `ctx.readDb`, bounded as above; `fn` gets where to read. */
export async function boundedRead<T>(ctx: Pick<Context, "readDb" | "reads" | "ops">, fn: (db: Db) => Promise<T>): Promise<T> {
  const reads = ctx.reads;
  if (!reads || reads.kind !== "postgres") return fn(ctx.readDb);
  const ops = ctx.ops;
  const left = ops ? ops.deadlineAt - Date.now() : Number.POSITIVE_INFINITY;
  // A second past the deadline at most: the deadline answers first (503 SERVER.BUSY), then the
  // statement stops.
  const timeoutMs = Math.max(1, Math.floor(Math.min(reads.statementTimeoutMs, left + 1000)));
  if (ops) ops.readTimeoutMs = timeoutMs;
  const tag = `ansinh-read-${randomUUID()}`;
  const signal = ops?.signal ?? null;
  let inside = false;
  const cancel = () => {
    if (!inside) return;
    // On a connection of its own to the read database (the pool may be all taken); a tag that no
    // longer exists (the transaction ended) matches nothing.
    reads.cancelTagged?.(tag).catch(() => {});
  };
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    return await ctx.readDb.transaction(
      async (tx) => {
        await tx.execute(sql`select set_config('statement_timeout', ${String(timeoutMs)}, true), set_config('application_name', ${tag}, true)`);
        inside = true;
        // The client went away while this read waited for a connection: as if cancelled (57014).
        if (signal?.aborted) throw Object.assign(new Error("the client went away before the list was read"), { code: "57014" });
        return fn(tx);
      },
      { accessMode: "read only" },
    );
  } finally {
    inside = false;
    signal?.removeEventListener("abort", cancel);
  }
}
