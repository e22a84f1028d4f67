/**
 * The registry's read side: participants, enrolments and renewals as lists —
 * area-scoped in SQL, sortable, paged by keyset — and one participant in detail. This file holds
 * what the lists share; each list is in its own file (registry-participants.ts,
 * registry-enrolments.ts, registry-renewals.ts, registry-participant.ts).
 *
 * Coverage status (active / due / lapsed / not started) is the domain's `coverageStatus`, kept
 * per participant and scheme in `participant_coverage` by the same statement-level triggers as the
 * dashboard's aggregates (migration 0009): one row per segment of time, so the status on a date is
 * one index probe and a status filter an index range. The property test
 * `registry-status.test.ts` (apps/api) checks it against the domain.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Scheme } from "@ansinh/domain/eligibility";
import { checkPhone, normaliseName } from "@ansinh/domain/registry";
import type { Db } from "../client.js";
import type { EraCodes } from "./scope.js";
import { containsPattern, selectRows } from "./sql.js";

export const coverageStatusNames = ["active", "due", "lapsed", "not_started"] as const;
export type CoverageStatusName = (typeof coverageStatusNames)[number];
export type RegistryScheme = Scheme;

/** One scheme's status of a person on a date, as the domain's `coverageStatus` says it. */
export interface SchemeStatus {
  scheme: RegistryScheme;
  status: CoverageStatusName;
  /** active / due: the last day of the run holding the date; lapsed: the last covered day. */
  coveredUntil: string | null;
  /** active / due: days from the date to `coveredUntil`. */
  daysLeft: number | null;
  /** lapsed: the first uncovered day. */
  since: string | null;
  /** not started / lapsed: the first day of an already paid later period. */
  nextFrom: string | null;
}

export const day = (d: string) => sql`${d}::date`;

/**
 * The condition on a `participant_coverage` row `alias` that it holds `onDate` and says `status`
 * there: `due` is a covered segment ending within the window — a date range on `seg_to`.
 */
export function coverageStateSql(alias: string, status: CoverageStatusName, onDate: string, dueWithinDays: number): SQL {
  const c = sql.raw(alias);
  const d = day(onDate);
  const holds = sql`${c}.seg_to >= ${d} and ${c}.seg_from <= ${d}`;
  if (status === "due") return sql`${c}.state = 'covered' and ${c}.seg_to between ${d} and ${d} + ${dueWithinDays}::int and ${c}.seg_from <= ${d}`;
  if (status === "active") return sql`${c}.state = 'covered' and ${c}.seg_to > ${d} + ${dueWithinDays}::int and ${c}.seg_from <= ${d}`;
  return sql`${c}.state = ${status} and ${holds}`;
}

/** The status columns of a `participant_coverage` row `alias` holding `onDate` (see schemeStatusSql). */
export function coverageColumnsSql(alias: string, onDate: string, dueWithinDays: number): SQL {
  const c = sql.raw(alias);
  const d = day(onDate);
  return sql`${c}.scheme,
      case when ${c}.state = 'covered' then (case when ${c}.covered_until - ${d} <= ${dueWithinDays}::int then 'due' else 'active' end) else ${c}.state end as status,
      to_char(${c}.covered_until, 'YYYY-MM-DD') as covered_until,
      case when ${c}.state = 'covered' then ${c}.covered_until - ${d} end as days_left,
      to_char(case when ${c}.state = 'lapsed' then ${c}.covered_until + 1 end, 'YYYY-MM-DD') as since,
      to_char(case when ${c}.state <> 'covered' then ${c}.next_from end, 'YYYY-MM-DD') as next_from`;
}

/**
 * One row per scheme the person `participantId` (an SQL expression) is enrolled in (cancelled
 * enrolments left out): `scheme, status, covered_until, days_left, since, next_from`, dates as
 * `YYYY-MM-DD` text — read from the person's `participant_coverage` segment holding the date.
 * Its own alias is `cs_c`, so the caller's are never shadowed inside it.
 */
export function schemeStatusSql(participantId: SQL, onDate: string, dueWithinDays: number): SQL {
  const d = day(onDate);
  return sql`select ${coverageColumnsSql("cs_c", onDate, dueWithinDays)}
    from participant_coverage cs_c where cs_c.participant_id = ${participantId} and cs_c.seg_to >= ${d} and cs_c.seg_from <= ${d}`;
}

export interface RawStatus {
  scheme: RegistryScheme;
  status: CoverageStatusName;
  covered_until: string | null;
  days_left: number | null;
  since: string | null;
  next_from: string | null;
}

export const toStatus = (r: RawStatus): SchemeStatus => ({
  scheme: r.scheme,
  status: r.status,
  coveredUntil: r.covered_until,
  daysLeft: r.days_left === null ? null : Number(r.days_left),
  since: r.since,
  nextFrom: r.next_from,
});

/** Each scheme's status of one person on `onDate` (see schemeStatusSql). */
export async function schemeStatusesOf(db: Db, participantId: number, onDate: string, dueWithinDays: number): Promise<SchemeStatus[]> {
  const rows = await selectRows<RawStatus>(db, sql`select * from (${schemeStatusSql(sql`${participantId}::bigint`, onDate, dueWithinDays)}) x order by scheme`);
  return rows.map(toStatus);
}

/** What the lists share: the caller's scope and the filters of the screen. */
export interface RegistryFilter {
  /** Commune codes the rows may be in (the caller's scope ∩ the area filter); null: everywhere. */
  communes: CommuneScope;
  /** Name (diacritics and case ignored), personal ID, social-insurance number or phone. */
  search?: string | undefined;
  scheme?: RegistryScheme | undefined;
  status?: CoverageStatusName | undefined;
  /** Enrolments through any of these agents. */
  agentIds?: readonly number[] | undefined;
  /** An enrolment starting, or a payment received, in this period (both ends included). */
  from?: string | undefined;
  to?: string | undefined;
  /** The date statuses are taken on (today in Vietnam) and the renewal window. */
  onDate: string;
  dueWithinDays: number;
  limit: number;
  /** Rows to skip (the first page: 0); ignored with `after`. */
  offset: number;
  /** Keyset: the page after this row (a `nextCursor` of the page before). */
  after?: ListCursor | undefined;
}

export const list = (values: readonly (string | number)[]) =>
  values.length
    ? sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )
    : sql`null`;

/** Commune codes, or per era the codes of that era's units (see scope.ts `territoryByEra`); null: everywhere. */
export type CommuneScope = ReadonlySet<string> | readonly EraCodes[] | null;

/**
 * The communes condition on a column; `on`: the row's date, which says the era its code is read in
 * (codes are reused across the 2025 reform). Without `on`, any era's codes (an index's first cut;
 * pair it with an exact condition on the same row).
 */
export function inCommunes(column: SQL, communes: CommuneScope, on?: SQL): SQL | null {
  if (communes === null) return null;
  if (!Array.isArray(communes)) return sql`${column} in (${list([...(communes as ReadonlySet<string>)])})`;
  const eras = communes as readonly EraCodes[];
  if (!on) return sql`${column} in (${list([...new Set(eras.flatMap((e) => [...e.codes]))])})`;
  const parts = eras
    .filter((e) => e.codes.size > 0)
    .map(
      (e) =>
        sql`(${column} in (${list([...e.codes])})${e.from ? sql` and ${on} >= ${e.from}::date` : sql``}${e.to ? sql` and ${on} <= ${e.to}::date` : sql``})`,
    );
  return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
}

/**
 * The search condition on a participant `p`: a 12-digit personal ID, a 10-digit social-insurance
 * number or a phone number match exactly (never a prefix: a masked number cannot be guessed
 * digit by digit); anything else is a name, compared on `name_key` with the domain's
 * normaliseName ("nguyen van a" finds "Nguyễn Văn A", "đ" = "d").
 */
export function participantSearchSql(search: string | undefined): SQL | null {
  const text = search?.trim();
  if (!text) return null;
  const compact = text.replace(/[\s.\-()/]/g, "");
  const ors: SQL[] = [];
  if (/^\d{12}$/.test(compact)) ors.push(sql`p.personal_id = ${compact}`);
  if (/^\d{10}$/.test(compact)) ors.push(sql`p.social_insurance_number = ${compact}`);
  if (/^\+?\d{9,13}$/.test(compact)) {
    const phone = checkPhone(compact);
    if (phone.ok) ors.push(sql`p.phone = ${phone.phone}`);
  }
  if (ors.length) return sql`(${sql.join(ors, sql` or `)})`;
  if (/^\+?\d+$/.test(compact)) return sql`false`;
  const key = normaliseName(text);
  if (key === "") return sql`false`;
  return sql`p.name_key like ${containsPattern(key)}`;
}

/** Whether `search` is a search by name (not by a number): see participantSearchSql. */
function isNameSearch(search: string | undefined): boolean {
  const text = search?.trim();
  return Boolean(text) && !/^\+?\d+$/.test(text!.replace(/[\s.\-()/]/g, "")) && normaliseName(text!) !== "";
}

/**
 * The name sort key of `p`. With a name search it is `lower(p.name_key)` — the same order, the key
 * being lower case already — so that no index gives that order: the planner then finds the matches
 * through the trigram index and sorts them. Given `p.name_key`, it walked the name index in order
 * and filtered, expecting the 20 rows of a page early; for a common name that sorts late (say
 * "nguyen thi lan") that read most of a million rows: seconds instead of milliseconds.
 */
export function nameSortKey(search: string | undefined): SQL {
  return isNameSearch(search) ? sql`lower(p.name_key)` : sql`p.name_key`;
}

/** Conditions on an enrolment `alias`: scheme, agents, period. */
export function enrolmentConditions(alias: string, f: RegistryFilter): SQL[] {
  const e = sql.raw(alias);
  const out: SQL[] = [sql`${e}.status <> 'cancelled'`];
  if (f.scheme) out.push(sql`${e}.scheme = ${f.scheme}`);
  if (f.agentIds) out.push(sql`${e}.agent_id in (${list(f.agentIds)})`);
  if (f.from || f.to) {
    const inPeriod = (col: SQL) => sql.join([...(f.from ? [sql`${col} >= ${day(f.from)}`] : []), ...(f.to ? [sql`${col} <= ${day(f.to)}`] : [])], sql` and `);
    out.push(
      sql`(${inPeriod(sql`${e}.start_date`)} or exists (select 1 from payments pp where pp.enrolment_id = ${e}.id and ${inPeriod(sql`pp.receipt_date`)}))`,
    );
  }
  return out;
}

export const and = (conds: (SQL | null)[]) => {
  const c = conds.filter((x): x is SQL => x !== null);
  return c.length ? sql.join(c, sql` and `) : sql`true`;
};

export const communeName = (code: SQL, on: SQL) =>
  sql`(select a.name from areas a where a.code = ${code} and a.valid_from <= ${on} and (a.valid_to is null or a.valid_to >= ${on}) order by a.valid_from desc limit 1)`;

export type SortDirection = "asc" | "desc";

// ---------------------------------------------------------------------------------------------
// Keyset pages: a page starts after the last row of the page before, found through the
// index of the sort key, so page 1,000 costs what page 1 does and a row inserted meanwhile is
// neither lost nor shown twice. The cursor is opaque to clients: the sort key as text, the ids.

/** Where a page starts: the sort key of the last row shown (as text; null: none) and its ids. */
export interface ListCursor {
  key: string | null;
  id: number;
  /** Renewals: one row per person and scheme. */
  scheme?: string | undefined;
}

export function encodeCursor(c: ListCursor): string {
  return Buffer.from(JSON.stringify(c.scheme === undefined ? [c.key, c.id] : [c.key, c.id, c.scheme])).toString("base64url");
}

/** The cursor a client sent back, or null when it is not one of ours. */
export function parseCursor(text: string): ListCursor | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(v) || v.length < 2 || v.length > 3) return null;
    const [key, id, scheme] = v as unknown[];
    if (!(key === null || (typeof key === "string" && key.length <= 500))) return null;
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 1) return null;
    if (scheme !== undefined && scheme !== "voluntary_social_insurance" && scheme !== "household_health_insurance") return null;
    return { key, id, ...(scheme === undefined ? {} : { scheme }) };
  } catch {
    return null;
  }
}

/** A sort key: its SQL, its type (to read the cursor's text back) and whether it can be null. */
export interface SortKey {
  expr: SQL;
  type: "text" | "date" | "timestamptz" | "bigint";
  nullable: boolean;
}

const zeroOf: Record<SortKey["type"], string> = { text: "", date: "-infinity", timestamptz: "-infinity", bigint: "0" };

/**
 * ORDER BY and the keyset condition of a sort: the key (nulls last, in both directions), then the
 * tie-breakers `ties` (ids, unique together). Descending is the ascending order reversed except
 * for the nulls, which stay last.
 */
export function keyset(key: SortKey, ties: SQL[], direction: SortDirection, after: ListCursor | undefined, tieValues: (c: ListCursor) => SQL[]) {
  const dir = direction === "desc" ? sql`desc` : sql`asc`;
  const cmp = direction === "desc" ? sql`<` : sql`>`;
  const type = sql.raw(key.type);
  const tiesOrder = sql.join(
    ties.map((t) => sql`${t} ${dir}`),
    sql`, `,
  );
  if (!key.nullable) {
    const orderBy = sql`${key.expr} ${dir}, ${tiesOrder}`;
    if (!after) return { orderBy, where: null };
    const where = sql`(${sql.join([key.expr, ...ties], sql`, `)}) ${cmp} (${sql.join([sql`${after.key}::${type}`, ...tieValues(after)], sql`, `)})`;
    return { orderBy, where };
  }
  const zero = sql`${zeroOf[key.type]}::${type}`;
  const k = sql`coalesce(${key.expr}, ${zero})`;
  const orderBy = sql`(${key.expr} is null), ${k} ${dir}, ${tiesOrder}`;
  if (!after) return { orderBy, where: null };
  const isNull = after.key === null;
  const ck = isNull ? zero : sql`${after.key}::${type}`;
  const rest = sql`(${sql.join([k, ...ties], sql`, `)}) ${cmp} (${sql.join([ck, ...tieValues(after)], sql`, `)})`;
  // Rows with a key come before the rows without one.
  const where = isNull ? sql`(${key.expr} is null and ${rest})` : sql`(${key.expr} is null or ${rest})`;
  return { orderBy, where };
}

/**
 * At most this many rows are counted for a list's total: beyond it the list says "more than
 * COUNT_CAP" (`totalExact` false), so a count never costs more than reading that many rows.
 */
export const COUNT_CAP = 1000;

/** `count(*)` of a FROM … WHERE …, stopping at COUNT_CAP + 1. */
export async function boundedCount(db: Db, fromWhere: SQL): Promise<{ total: number; totalExact: boolean }> {
  const [row] = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from (select 1 ${fromWhere} limit ${COUNT_CAP + 1}) x`);
  const n = Number(row?.n ?? 0);
  return n > COUNT_CAP ? { total: COUNT_CAP, totalExact: false } : { total: n, totalExact: true };
}
