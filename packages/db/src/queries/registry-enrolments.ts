/** The enrolments list: enrolments in scope with their payment and status, keyset pages. */
import { sql, type SQL } from "drizzle-orm";
import { EVIDENCED_GROUPS } from "@ansinh/domain/registry";
import type { Db } from "../client.js";
import {
  and,
  boundedCount,
  communeName,
  coverageStateSql,
  encodeCursor,
  enrolmentConditions,
  inCommunes,
  keyset,
  nameSortKey,
  participantSearchSql,
  type CoverageStatusName,
  type RegistryFilter,
  type RegistryScheme,
  type SortDirection,
  type SortKey,
} from "./registry-lists.js";
import type { ListPage } from "./registry-participants.js";
import { selectRows } from "./sql.js";

export const enrolmentSorts = ["startDate", "name", "amount", "receiptDate", "createdAt"] as const;
export type EnrolmentSort = (typeof enrolmentSorts)[number];

export interface EnrolmentListRow {
  id: number;
  participantId: number;
  fullName: string;
  personalId: string;
  phone: string | null;
  scheme: RegistryScheme;
  kind: "new" | "renewal" | "returning";
  startDate: string;
  months: number;
  monthlyIncome: number | null;
  householdRank: number | null;
  amount: number;
  receiptDate: string | null;
  receiptNumber: string | null;
  coverTo: string | null;
  agentId: number | null;
  agentName: string | null;
  collectorName: string | null;
  communeCode: string;
  communeName: string | null;
  source: "form" | "import" | "demo";
  status: CoverageStatusName;
}

interface RawEnrolment {
  id: number;
  participant_id: number;
  full_name: string;
  personal_id: string;
  phone: string | null;
  scheme: RegistryScheme;
  kind: "new" | "renewal" | "returning";
  start_date: string;
  months: number;
  monthly_income: number | null;
  household_rank: number | null;
  amount: number;
  receipt_date: string | null;
  receipt_number: string | null;
  cover_to: string | null;
  agent_id: number | null;
  agent_name: string | null;
  collector_name: string | null;
  commune_code: string;
  commune_name: string | null;
  source: "form" | "import" | "demo";
  status: CoverageStatusName | null;
  sort_key: string | null;
}

function enrolmentSortKey(sort: EnrolmentSort, search: string | undefined): SortKey {
  switch (sort) {
    case "startDate":
      return { expr: sql`e.start_date`, type: "date", nullable: false };
    case "name":
      return { expr: nameSortKey(search), type: "text", nullable: false };
    case "amount":
      return { expr: sql`e.amount`, type: "bigint", nullable: false };
    case "receiptDate":
      return { expr: sql`pay.receipt_date`, type: "date", nullable: true };
    case "createdAt":
      return { expr: sql`e.created_at`, type: "timestamptz", nullable: false };
  }
}

/**
 * The domain's `claimLacksEvidence` in SQL: a poor / near-poor claim with no evidence.
 * Written out with its constants (the domain's group names, fixed words) so that PostgreSQL can
 * use the partial index `enrolments_claim_without_evidence_idx`, whose predicate is this text.
 */
export function claimWithoutEvidenceSql(alias: string): SQL {
  const groups = EVIDENCED_GROUPS.map((g) => {
    if (!/^[a-z_]+$/.test(g)) throw new Error(`unexpected support group ${g}`);
    return `'${g}'`;
  }).join(",");
  return sql.raw(`(${alias}.support_groups && ARRAY[${groups}]::text[] and (${alias}.support_evidence is null or ${alias}.support_evidence !~ '\\S'))`);
}

function enrolmentWhere(f: RegistryFilter & { withoutEvidence?: boolean | undefined }): SQL {
  return and([
    f.withoutEvidence ? claimWithoutEvidenceSql("e") : null,
    inCommunes(sql`e.commune_code`, f.communes, sql`e.start_date`),
    participantSearchSql(f.search),
    ...enrolmentConditions("e", f),
    f.status
      ? sql`exists (select 1 from participant_coverage c where c.participant_id = e.participant_id and c.scheme = e.scheme and ${coverageStateSql("c", f.status, f.onDate, f.dueWithinDays)})`
      : null,
  ]);
}

/** A page of enrolments in scope (their commune), each with its payment and the person's status in its scheme. */
export async function listEnrolments(
  db: Db,
  f: RegistryFilter & { sort: EnrolmentSort; direction: SortDirection; withoutEvidence?: boolean | undefined },
): Promise<ListPage<EnrolmentListRow>> {
  const where = enrolmentWhere(f);
  const key = enrolmentSortKey(f.sort, f.search);
  const page = keyset(key, [sql`e.id`], f.direction, f.after, (c) => [sql`${c.id}::bigint`]);
  const d = sql`${f.onDate}::date`;
  const [all, count] = await Promise.all([
    selectRows<RawEnrolment>(
      db,
      sql`select e.id::int as id, e.participant_id::int as participant_id, p.full_name, p.personal_id, p.phone, e.scheme, e.kind,
            to_char(e.start_date, 'YYYY-MM-DD') as start_date, e.months::int as months, e.monthly_income::float8 as monthly_income,
            e.household_rank::int as household_rank, e.amount::float8 as amount,
            to_char(pay.receipt_date, 'YYYY-MM-DD') as receipt_date, pay.receipt_number, to_char(pay.cover_to, 'YYYY-MM-DD') as cover_to,
            e.agent_id, ag.name as agent_name, u.name as collector_name,
            e.commune_code, ${communeName(sql`e.commune_code`, sql`e.start_date`)} as commune_name, e.source,
            (select case when c.state = 'covered' then (case when c.covered_until - ${d} <= ${f.dueWithinDays}::int then 'due' else 'active' end) else c.state end
               from participant_coverage c where c.participant_id = e.participant_id and c.scheme = e.scheme and c.seg_to >= ${d} and c.seg_from <= ${d}) as status,
            (${key.expr})::text as sort_key
          from enrolments e
          join participants p on p.id = e.participant_id
          left join agents ag on ag.id = e.agent_id
          left join auth_user u on u.id = e.collector_id
          left join lateral (select * from payments p1 where p1.enrolment_id = e.id order by p1.receipt_date desc, p1.id desc limit 1) pay on true
          where ${and([where, page.where])}
          order by ${page.orderBy}
          limit ${f.limit + 1} offset ${f.after ? 0 : f.offset}`,
    ),
    boundedCount(db, sql`from enrolments e join participants p on p.id = e.participant_id where ${where}`),
  ]);
  const more = all.length > f.limit;
  const rows = more ? all.slice(0, f.limit) : all;
  const last = rows[rows.length - 1];
  return {
    ...count,
    nextCursor: more && last ? encodeCursor({ key: last.sort_key, id: Number(last.id) }) : null,
    rows: rows.map((r) => ({
      id: Number(r.id),
      participantId: Number(r.participant_id),
      fullName: r.full_name,
      personalId: r.personal_id,
      phone: r.phone,
      scheme: r.scheme,
      kind: r.kind,
      startDate: r.start_date,
      months: Number(r.months),
      monthlyIncome: r.monthly_income === null ? null : Number(r.monthly_income),
      householdRank: r.household_rank === null ? null : Number(r.household_rank),
      amount: Number(r.amount),
      receiptDate: r.receipt_date,
      receiptNumber: r.receipt_number,
      coverTo: r.cover_to,
      agentId: r.agent_id === null ? null : Number(r.agent_id),
      agentName: r.agent_name,
      collectorName: r.collector_name,
      communeCode: r.commune_code,
      communeName: r.commune_name,
      source: r.source,
      status: r.status ?? "not_started",
    })),
  };
}
