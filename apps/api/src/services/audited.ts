import { appendAudit, type Db } from "@ansinh/db";
import type { Context, SessionUser } from "../trpc.js";

export interface Change<T> {
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  result: T;
}

/**
 * Runs a mutation and appends its audit row in the same transaction: both land or neither does.
 */
export async function audited<T>(ctx: Pick<Context, "db" | "requestId"> & { user: SessionUser | null }, work: (tx: Db) => Promise<Change<T>>): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const change = await work(tx);
    await appendAudit(tx, {
      actorId: ctx.user?.id ?? null,
      actorEmail: ctx.user?.email ?? null,
      action: change.action,
      entity: change.entity,
      entityId: change.entityId,
      before: change.before,
      after: change.after,
      requestId: ctx.requestId,
    });
    return change.result;
  });
}
