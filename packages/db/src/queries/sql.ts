import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { diacriticFolding, normaliseName } from "@ansinh/domain/registry";
import type { Db } from "../client.js";

/** Raw SQL rows from either driver (postgres.js answers an array, PGlite `{ rows }`). */
export async function selectRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A round trip to the database, for health checks. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

/**
 * Empties every table (tests own their database; never called by the product). The audit
 * trail refuses TRUNCATE by trigger, so its owner switches that trigger off for this one statement.
 */
export async function resetDatabase(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger audit_log_no_truncate`);
    await tx.execute(
      sql`truncate areas, populations, coverage_figures, auth_user, auth_session, auth_account, auth_verification, role_assignments, audit_log, facilities, agents, agent_collectors, households, participants, campaigns, outreach_events, enrolments, payments, duplicate_reviews, import_batches, import_rows, jobs, targets, area_mappings, figure_import_batches, figure_import_rows, enrolment_counts, coverage_counts, coverage_changes, event_enrolment_counts, rate_limits, import_staging, fund_returns restart identity cascade`,
    );
    await tx.execute(sql`alter table audit_log enable trigger audit_log_no_truncate`);
  });
}

/**
 * A LIKE pattern matching `text` anywhere, with `%`, `_` and the escape character itself taken
 * literally (PostgreSQL's default LIKE escape is the backslash).
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `column` contains `text`, ignoring case and Vietnamese diacritics ("nguyen van a" finds
 * "Nguyễn Văn A", "đ" = "d"): the column is folded in SQL with the domain's own table
 * (diacriticFolding) and the text with normaliseName, so both sides follow one rule.
 */
export function foldedContains(column: SQL | AnyColumn, text: string): SQL {
  const key = normaliseName(text);
  // Nothing but punctuation left ("%", "_"): no name contains "nothing" in a useful way.
  if (key === "") return sql`false`;
  return sql`lower(translate(${column}, ${diacriticFolding.from}, ${diacriticFolding.to})) like ${containsPattern(key)}`;
}
