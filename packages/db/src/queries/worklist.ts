/**
 * A collector's worklist: the people whose cover ends from `lapsedFrom` to `dueTo`
 * (the domain's `worklistWindow`), read from participant_coverage like the renewals, with their
 * last enrolment's plan (what a renewal repeats) and the latest contact outcome of the item — the
 * person, the scheme and the day cover ends. A payment moves that day: the item leaves the list,
 * its outcomes stay behind. Ordered by the domain's `worklistSortKey`, mirrored in SQL (a promise
 * whose day has come first, then by end of cover), paged by keyset.
 */
import { sql, type SQL } from "drizzle-orm";
import type { ContactOutcome } from "@ansinh/domain/registry";
import type { Db } from "../client.js";
import {
  and,
  boundedCount,
  communeName,
  day,
  encodeCursor,
  inCommunes,
  keyset,
  list,
  participantSearchSql,
  type CommuneScope,
  type ListCursor,
  type RegistryScheme,
} from "./registry-lists.js";
import type { ListPage } from "./registry-participants.js";
import { selectRows } from "./sql.js";

export interface WorklistFilter {
  communes: CommuneScope;
  /** People whose last enrolment in the scheme is through one of these agents; undefined: any. */
  agentIds?: readonly number[] | undefined;
  /** Only these items (the reminders of a selection). */
  items?: readonly { participantId: number; scheme: RegistryScheme }[] | undefined;
  search?: string | undefined;
  onDate: string;
  lapsedFrom: string;
  dueTo: string;
  limit: number;
  after?: ListCursor | undefined;
}

export interface WorklistRow {
  participantId: number;
  fullName: string;
  personalId: string;
  phone: string | null;
  scheme: RegistryScheme;
  status: "due" | "lapsed";
  coveredUntil: string;
  communeCode: string;
  communeName: string | null;
  householdCode: string | null;
  address: string | null;
  agentId: number | null;
  agentName: string | null;
  /** The last enrolment's plan. */
  lastMonths: number | null;
  lastIncome: number | null;
  supportGroups: string[];
  householdRank: number | null;
  /** Voluntary: months of state support the person already had (the 120-month cap), as the enrolment form counts them. */
  supportedMonthsUsed: number;
  lastOutcome: ContactOutcome | null;
  promisedOn: string | null;
  outcomeNote: string | null;
  outcomeAt: string | null;
  sortKey: string;
}

interface RawRow {
  participant_id: number;
  full_name: string;
  personal_id: string;
  phone: string | null;
  scheme: RegistryScheme;
  status: "due" | "lapsed";
  covered_until: string;
  commune_code: string;
  commune_name: string | null;
  household_code: string | null;
  address: string | null;
  agent_id: number | null;
  agent_name: string | null;
  last_months: number | null;
  last_income: number | null;
  support_groups: string[] | null;
  household_rank: number | null;
  supported_months_used: number | null;
  last_outcome: ContactOutcome | null;
  promised_on: string | null;
  outcome_note: string | null;
  outcome_at: string | null;
  sort_key: string;
}

/** The domain's worklistSortKey in SQL, on the segment `c` and the latest outcome `lo`. */
function sortKeySql(onDate: string): SQL {
  return sql`(case when lo.outcome = 'promised' and lo.promised_on <= ${day(onDate)}
    then '0' || to_char(lo.promised_on, 'YYYY-MM-DD') else '1' || to_char(c.covered_until, 'YYYY-MM-DD') end) collate "C"`;
}

function source(f: WorklistFilter): { from: SQL; where: SQL } {
  const d = day(f.onDate);
  const from = sql`from participant_coverage c
    join participants p on p.id = c.participant_id
    left join lateral (
      select e.agent_id, e.months, e.monthly_income, e.support_groups, e.household_rank from enrolments e
      where e.participant_id = c.participant_id and e.scheme = c.scheme and e.status <> 'cancelled'
      order by e.start_date desc, e.id desc limit 1
    ) le on true
    left join lateral (
      select o.outcome, o.promised_on, o.note, o.recorded_at from contact_outcomes o
      where o.participant_id = c.participant_id and o.scheme = c.scheme and o.covered_until = c.covered_until
      order by o.recorded_at desc, o.id desc limit 1
    ) lo on true`;
  const where = and([
    sql`c.seg_from <= ${d} and c.seg_to >= ${d}`,
    sql`((c.state = 'covered' and c.covered_until between ${d} and ${day(f.dueTo)}) or (c.state = 'lapsed' and c.covered_until between ${day(f.lapsedFrom)} and ${d}))`,
    sql`p.merged_into_id is null and p.eligibility_ended_on is null`,
    inCommunes(sql`c.commune_code`, f.communes),
    inCommunes(sql`p.commune_code`, f.communes, sql`p.commune_valid_on`),
    participantSearchSql(f.search),
    f.agentIds ? sql`le.agent_id in (${list(f.agentIds)})` : null,
    f.items
      ? f.items.length
        ? sql`(c.participant_id, c.scheme) in (${sql.join(
            f.items.map((i) => sql`(${i.participantId}::bigint, ${i.scheme}::text)`),
            sql`, `,
          )})`
        : sql`false`
      : null,
  ]);
  return { from, where };
}

export async function listWorklist(db: Db, f: WorklistFilter): Promise<ListPage<WorklistRow>> {
  const { from, where } = source(f);
  const key = { expr: sortKeySql(f.onDate), type: "text" as const, nullable: false };
  const page = keyset(key, [sql`p.id`, sql`c.scheme`], "asc", f.after, (cur) => [sql`${cur.id}::bigint`, sql`${cur.scheme ?? ""}::text`]);
  const [all, count] = await Promise.all([
    selectRows<RawRow>(
      db,
      sql`select p.id::int as participant_id, p.full_name, p.personal_id, p.phone, c.scheme,
            case when c.state = 'lapsed' then 'lapsed' else 'due' end as status,
            to_char(c.covered_until, 'YYYY-MM-DD') as covered_until,
            p.commune_code, ${communeName(sql`p.commune_code`, sql`p.commune_valid_on`)} as commune_name,
            h.code as household_code, h.address,
            le.agent_id, ag.name as agent_name, le.months::int as last_months, le.monthly_income::float8 as last_income,
            le.support_groups, le.household_rank::int as household_rank,
            -- the months of support already used, as supportedMonthsUsed (record-enrolment) counts them: only for the page's rows
            case when c.scheme = 'voluntary_social_insurance' then (
              select coalesce(sum((su.breakdown->>'supportedMonths')::int), 0) from enrolments su
              where su.participant_id = c.participant_id and su.scheme = 'voluntary_social_insurance' and su.status = 'active'
            ) end::int as supported_months_used,
            lo.outcome as last_outcome, to_char(lo.promised_on, 'YYYY-MM-DD') as promised_on, lo.note as outcome_note,
            to_char(lo.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as outcome_at,
            ${key.expr} as sort_key
          ${from}
          left join households h on h.id = p.household_id
          left join agents ag on ag.id = le.agent_id
          where ${and([where, page.where])}
          order by ${page.orderBy}
          limit ${f.limit + 1}`,
    ),
    boundedCount(db, sql`${from} where ${where}`),
  ]);
  const more = all.length > f.limit;
  const rows = more ? all.slice(0, f.limit) : all;
  const last = rows[rows.length - 1];
  return {
    ...count,
    nextCursor: more && last ? encodeCursor({ key: last.sort_key, id: Number(last.participant_id), scheme: last.scheme }) : null,
    rows: rows.map((r) => ({
      participantId: Number(r.participant_id),
      fullName: r.full_name,
      personalId: r.personal_id,
      phone: r.phone,
      scheme: r.scheme,
      status: r.status,
      coveredUntil: r.covered_until,
      communeCode: r.commune_code,
      communeName: r.commune_name,
      householdCode: r.household_code,
      address: r.address,
      agentId: r.agent_id === null ? null : Number(r.agent_id),
      agentName: r.agent_name,
      lastMonths: r.last_months === null ? null : Number(r.last_months),
      lastIncome: r.last_income === null ? null : Number(r.last_income),
      supportGroups: r.support_groups ?? [],
      householdRank: r.household_rank === null ? null : Number(r.household_rank),
      supportedMonthsUsed: r.supported_months_used === null ? 0 : Number(r.supported_months_used),
      lastOutcome: r.last_outcome,
      promisedOn: r.promised_on,
      outcomeNote: r.outcome_note,
      outcomeAt: r.outcome_at,
      sortKey: r.sort_key,
    })),
  };
}

/** One person's item in a scheme on `onDate` (whatever the window), with the agent of their last enrolment. */
export interface WorklistItem {
  participantId: number;
  provinceCode: string;
  communeCode: string;
  communeValidOn: string;
  scheme: RegistryScheme;
  state: "covered" | "lapsed";
  coveredUntil: string;
  agentId: number | null;
  eligibilityEndedOn: string | null;
}

export async function worklistItemOf(db: Db, participantId: number, scheme: RegistryScheme, onDate: string): Promise<WorklistItem | null> {
  const d = day(onDate);
  const [r] = await selectRows<{
    participant_id: number;
    province_code: string;
    commune_code: string;
    commune_valid_on: string;
    scheme: RegistryScheme;
    state: "covered" | "lapsed";
    covered_until: string;
    agent_id: number | null;
    eligibility_ended_on: string | null;
  }>(
    db,
    sql`select p.id::int as participant_id, p.province_code, p.commune_code, to_char(p.commune_valid_on, 'YYYY-MM-DD') as commune_valid_on,
          c.scheme, c.state, to_char(c.covered_until, 'YYYY-MM-DD') as covered_until, le.agent_id,
          to_char(p.eligibility_ended_on, 'YYYY-MM-DD') as eligibility_ended_on
        from participant_coverage c join participants p on p.id = c.participant_id
        left join lateral (
          select e.agent_id from enrolments e
          where e.participant_id = c.participant_id and e.scheme = c.scheme and e.status <> 'cancelled'
          order by e.start_date desc, e.id desc limit 1
        ) le on true
        where c.participant_id = ${participantId} and c.scheme = ${scheme} and c.seg_from <= ${d} and c.seg_to >= ${d}
          and c.state in ('covered', 'lapsed') and p.merged_into_id is null`,
  );
  if (!r) return null;
  return {
    participantId: Number(r.participant_id),
    provinceCode: r.province_code,
    communeCode: r.commune_code,
    communeValidOn: r.commune_valid_on,
    scheme: r.scheme,
    state: r.state,
    coveredUntil: r.covered_until,
    agentId: r.agent_id === null ? null : Number(r.agent_id),
    eligibilityEndedOn: r.eligibility_ended_on,
  };
}

export interface NewContactOutcome {
  provinceCode: string;
  participantId: number;
  scheme: RegistryScheme;
  coveredUntil: string;
  outcome: ContactOutcome;
  promisedOn: string | null;
  note: string | null;
  agentId: number | null;
  recordedBy: string | null;
}

/** Stores an outcome; one that ends eligibility marks the person (the first such day stays). */
export async function insertContactOutcome(
  db: Db,
  o: NewContactOutcome,
  endsEligibility: boolean,
  onDate: string,
): Promise<{ id: number; recordedAt: string }> {
  const [row] = await selectRows<{ id: number; recorded_at: string }>(
    db,
    sql`insert into contact_outcomes (province_code, participant_id, scheme, covered_until, outcome, promised_on, note, agent_id, recorded_by)
        values (${o.provinceCode}, ${o.participantId}, ${o.scheme}, ${o.coveredUntil}::date, ${o.outcome}, ${o.promisedOn}::date, ${o.note}, ${o.agentId}, ${o.recordedBy})
        returning id::int as id, to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as recorded_at`,
  );
  if (endsEligibility)
    await db.execute(
      sql`update participants set eligibility_ended_on = ${day(onDate)}, eligibility_ended_by = ${o.outcome}, updated_at = now(), version = version + 1
          where id = ${o.participantId} and eligibility_ended_on is null`,
    );
  return { id: Number(row!.id), recordedAt: row!.recorded_at };
}

export interface RetentionRow {
  agentId: number | null;
  agentName: string | null;
  /** Per window (30, 90 days): people whose cover ended in the period, and those of them who renewed. */
  ended30: number;
  renewed30: number;
  ended90: number;
  renewed90: number;
}

/**
 * The domain's `retention` in SQL, per agent (of the payment whose cover ended): for each person
 * and scheme in scope, E = the latest `cover_to` of their payments in `[from, to]`; renewed
 * within N days when another payment covers beyond E and was received by E + N; people whose
 * eligibility ended by E + N left out of that window. Computed on demand from the payments (not
 * kept as an aggregate yet).
 */
export async function retentionByAgent(
  db: Db,
  f: { communes: CommuneScope; agentIds?: readonly number[] | undefined; from: string; to: string },
): Promise<RetentionRow[]> {
  const live = sql`e.status <> 'cancelled'`;
  const rows = await selectRows<{ agent_id: number | null; agent_name: string | null; ended30: number; renewed30: number; ended90: number; renewed90: number }>(
    db,
    sql`with ends as (
          select pm.participant_id, e.scheme, max(pm.cover_to) as e_day
          from payments pm join enrolments e on e.id = pm.enrolment_id and ${live}
          join participants p on p.id = pm.participant_id
          where pm.cover_to between ${day(f.from)} and ${day(f.to)} and p.merged_into_id is null
            and ${and([inCommunes(sql`p.commune_code`, f.communes, sql`p.commune_valid_on`)])}
          group by pm.participant_id, e.scheme
        ), judged as (
          select en.e_day, p.eligibility_ended_on as gone,
            (select pm.agent_id from payments pm join enrolments e on e.id = pm.enrolment_id and ${live}
              where pm.participant_id = en.participant_id and e.scheme = en.scheme and pm.cover_to = en.e_day order by pm.id desc limit 1) as agent_id,
            exists (select 1 from payments pm join enrolments e on e.id = pm.enrolment_id and ${live}
              where pm.participant_id = en.participant_id and e.scheme = en.scheme and pm.cover_to > en.e_day and pm.receipt_date <= en.e_day + 30) as r30,
            exists (select 1 from payments pm join enrolments e on e.id = pm.enrolment_id and ${live}
              where pm.participant_id = en.participant_id and e.scheme = en.scheme and pm.cover_to > en.e_day and pm.receipt_date <= en.e_day + 90) as r90
          from ends en join participants p on p.id = en.participant_id
        )
        select j.agent_id, ag.name as agent_name,
          count(*) filter (where j.gone is null or j.gone > j.e_day + 30)::int as ended30,
          count(*) filter (where j.r30 and (j.gone is null or j.gone > j.e_day + 30))::int as renewed30,
          count(*) filter (where j.gone is null or j.gone > j.e_day + 90)::int as ended90,
          count(*) filter (where j.r90 and (j.gone is null or j.gone > j.e_day + 90))::int as renewed90
        from judged j left join agents ag on ag.id = j.agent_id
        ${f.agentIds ? sql`where j.agent_id in (${list(f.agentIds)})` : sql``}
        group by j.agent_id, ag.name
        order by ag.name nulls last, j.agent_id`,
  );
  return rows.map((r) => ({
    agentId: r.agent_id === null ? null : Number(r.agent_id),
    agentName: r.agent_name,
    ended30: Number(r.ended30),
    renewed30: Number(r.renewed30),
    ended90: Number(r.ended90),
    renewed90: Number(r.renewed90),
  }));
}
