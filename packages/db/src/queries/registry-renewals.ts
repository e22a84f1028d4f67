/** The renewals list: who is due to renew or lapsed, read from participant_coverage. */
import { sql } from "drizzle-orm";
import type { Db } from "../client.js";
import {
  and,
  boundedCount,
  communeName,
  coverageStateSql,
  day,
  encodeCursor,
  inCommunes,
  keyset,
  list,
  nameSortKey,
  participantSearchSql,
  type RegistryFilter,
  type RegistryScheme,
  type SortDirection,
  type SortKey,
} from "./registry-lists.js";
import type { ListPage } from "./registry-participants.js";
import { selectRows } from "./sql.js";

export const renewalKinds = ["due", "lapsed"] as const;
export type RenewalKind = (typeof renewalKinds)[number];
export const renewalSorts = ["date", "name", "agent", "commune"] as const;
export type RenewalSort = (typeof renewalSorts)[number];

export interface RenewalRow {
  participantId: number;
  fullName: string;
  personalId: string;
  phone: string | null;
  birthDate: string;
  scheme: RegistryScheme;
  status: "due" | "lapsed";
  coveredUntil: string | null;
  daysLeft: number | null;
  since: string | null;
  /** The last enrolment in the scheme: who collects this person. */
  agentId: number | null;
  agentName: string | null;
  collectorName: string | null;
  lastAmount: number | null;
  lastMonths: number | null;
  communeCode: string;
  communeName: string | null;
}

interface RawRenewal {
  participant_id: number;
  full_name: string;
  personal_id: string;
  phone: string | null;
  birth_date: string;
  scheme: RegistryScheme;
  status: "due" | "lapsed";
  covered_until: string | null;
  days_left: number | null;
  since: string | null;
  agent_id: number | null;
  agent_name: string | null;
  collector_name: string | null;
  last_amount: number | null;
  last_months: number | null;
  commune_code: string;
  commune_name: string | null;
  sort_key: string | null;
}

function renewalSortKey(sort: RenewalSort, search: string | undefined): SortKey {
  switch (sort) {
    case "date":
      return { expr: sql`c.covered_until`, type: "date", nullable: false };
    case "name":
      return { expr: nameSortKey(search), type: "text", nullable: false };
    case "agent":
      return { expr: sql`ag.name`, type: "text", nullable: true };
    case "commune":
      return { expr: communeName(sql`p.commune_code`, sql`p.commune_valid_on`), type: "text", nullable: true };
  }
}

/** Bounds that apply to one kind of row only, so the summary's two columns each follow their own. */
export interface RenewalWindows {
  /** Due rows: the last covered day on or after this day (a window by month starting later than today). */
  dueFrom?: string | undefined;
  /** Lapsed rows: lapsed (first uncovered day) on or after this day… */
  lapsedFrom?: string | undefined;
  /** …and on or before this one. */
  lapsedTo?: string | undefined;
}

/**
 * The FROM and WHERE of the renewals: one row per person and scheme whose status is one of
 * `kinds` — the `participant_coverage` segments holding the date, an index range (due: covered
 * segments ending within the window; lapsed: gaps holding the date) — with the agent and collector
 * of their last enrolment in the scheme. Scoped on the person's commune; `agentIds` keeps the
 * people whose last enrolment is through them. `from`/`to` bound the last covered day (due: when
 * cover ends; lapsed: when it ended).
 */
function renewalSource(f: Omit<RegistryFilter, "status"> & RenewalWindows, kinds: readonly RenewalKind[]) {
  const d = day(f.onDate);
  const states = kinds.map((k) => sql`(${coverageStateSql("c", k, f.onDate, f.dueWithinDays)})`);
  const where = and([
    states.length === 1 ? states[0]! : sql`(${sql.join(states, sql` or `)})`,
    sql`p.merged_into_id is null`,
    // Died or joined compulsory insurance (a contact outcome): nobody to renew.
    sql`p.eligibility_ended_on is null`,
    // Both: the segment's copy of the commune is what its index answers.
    inCommunes(sql`c.commune_code`, f.communes),
    inCommunes(sql`p.commune_code`, f.communes, sql`p.commune_valid_on`),
    participantSearchSql(f.search),
    f.scheme ? sql`c.scheme = ${f.scheme}` : null,
    f.agentIds ? sql`le.agent_id in (${list(f.agentIds)})` : null,
    f.from ? sql`c.covered_until >= ${f.from}::date` : null,
    f.to ? sql`c.covered_until <= ${f.to}::date` : null,
    // The due window's start (next month: from its 1st) bounds the due rows only…
    f.dueFrom ? sql`(c.state <> 'covered' or c.covered_until >= ${f.dueFrom}::date)` : null,
    // …and the lapsed period (the first uncovered day) the lapsed rows only.
    f.lapsedFrom ? sql`(c.state <> 'lapsed' or c.covered_until + 1 >= ${f.lapsedFrom}::date)` : null,
    f.lapsedTo ? sql`(c.state <> 'lapsed' or c.covered_until + 1 <= ${f.lapsedTo}::date)` : null,
  ]);
  const base = sql`
    from participant_coverage c
    join participants p on p.id = c.participant_id`;
  const from = sql`${base}
    left join lateral (
      select e.agent_id, e.collector_id, e.amount, e.months from enrolments e
      where e.participant_id = c.participant_id and e.scheme = c.scheme and e.status <> 'cancelled'
      order by e.start_date desc, e.id desc limit 1
    ) le on true
    left join agents ag on ag.id = le.agent_id
    left join auth_user u on u.id = le.collector_id`;
  const status = sql`case when c.state = 'lapsed' then 'lapsed' else 'due' end`;
  const st = sql`c.scheme, ${status} as status, to_char(c.covered_until, 'YYYY-MM-DD') as covered_until,
    case when c.state = 'covered' then c.covered_until - ${d} end as days_left,
    to_char(case when c.state = 'lapsed' then c.covered_until + 1 end, 'YYYY-MM-DD') as since`;
  // A count needs the last enrolment only when it filters on its agent.
  return { from, countFrom: f.agentIds ? from : base, where, st, status };
}

export async function listRenewals(
  db: Db,
  f: Omit<RegistryFilter, "status"> & RenewalWindows & { kind: RenewalKind; sort: RenewalSort; direction: SortDirection },
): Promise<ListPage<RenewalRow>> {
  const { from, countFrom, where, st } = renewalSource(f, [f.kind]);
  const key = renewalSortKey(f.sort, f.search);
  const page = keyset(key, [sql`p.id`, sql`c.scheme`], f.direction, f.after, (cur) => [sql`${cur.id}::bigint`, sql`${cur.scheme ?? ""}::text`]);
  // The page is found on the segments and people alone (the last enrolment only when it filters or
  // sorts); its 50 rows then get their last enrolment, agent and collector — not every candidate.
  const outer = keyset({ ...key, expr: sql`x.sk` }, [sql`x.participant_id`, sql`x.scheme`], f.direction, undefined, () => []);
  const [all, count] = await Promise.all([
    selectRows<RawRenewal>(
      db,
      sql`select x.participant_id, x.full_name, x.personal_id, x.phone, x.birth_date, x.scheme, x.status, x.covered_until, x.days_left, x.since,
            le.agent_id, ag.name as agent_name, u.name as collector_name, le.amount::float8 as last_amount, le.months::int as last_months,
            x.commune_code, ${communeName(sql`x.commune_code`, sql`x.commune_valid_on`)} as commune_name, x.sort_key
          from (
            select p.id::int as participant_id, p.full_name, p.personal_id, p.phone, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date,
              ${st}, p.commune_code, p.commune_valid_on, (${key.expr}) as sk, (${key.expr})::text as sort_key
            ${f.agentIds || f.sort === "agent" ? from : countFrom}
            where ${and([where, page.where])}
            order by ${page.orderBy}
            limit ${f.limit + 1} offset ${f.after ? 0 : f.offset}
          ) x
          left join lateral (
            select e.agent_id, e.collector_id, e.amount, e.months from enrolments e
            where e.participant_id = x.participant_id and e.scheme = x.scheme and e.status <> 'cancelled'
            order by e.start_date desc, e.id desc limit 1
          ) le on true
          left join agents ag on ag.id = le.agent_id
          left join auth_user u on u.id = le.collector_id
          order by ${outer.orderBy}`,
    ),
    boundedCount(db, sql`${countFrom} where ${where}`),
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
      birthDate: r.birth_date,
      scheme: r.scheme,
      status: r.status,
      coveredUntil: r.covered_until,
      daysLeft: r.days_left === null ? null : Number(r.days_left),
      since: r.since,
      agentId: r.agent_id === null ? null : Number(r.agent_id),
      agentName: r.agent_name,
      collectorName: r.collector_name,
      lastAmount: r.last_amount === null ? null : Number(r.last_amount),
      lastMonths: r.last_months === null ? null : Number(r.last_months),
      communeCode: r.commune_code,
      communeName: r.commune_name,
    })),
  };
}

export interface RenewalCount {
  agentId: number | null;
  agentName: string | null;
  communeCode: string;
  communeName: string | null;
  /** A day the commune's code names this unit (codes are reused across eras): the filter for this line. */
  communeValidOn: string;
  due: number;
  lapsed: number;
}

/**
 * How many are due and lapsed per agent (of their last enrolment) and commune, for the same
 * filters (at most 500 groups). A commune is a unit, not a bare code: a code reused by the 2025
 * reform names two units, two lines, each with a day that names it (the filter for its line).
 */
export async function countRenewals(db: Db, f: Omit<RegistryFilter, "status" | "limit" | "offset"> & RenewalWindows): Promise<RenewalCount[]> {
  const { from, where, status } = renewalSource({ ...f, limit: 0, offset: 0 }, ["due", "lapsed"]);
  const unitFrom = sql`(select max(u.valid_from) from areas u where u.code = p.commune_code and u.valid_from <= p.commune_valid_on)`;
  const rows = await selectRows<{
    agent_id: number | null;
    agent_name: string | null;
    commune_code: string;
    commune_name: string | null;
    commune_valid_on: string;
    due: number;
    lapsed: number;
  }>(
    db,
    sql`select le.agent_id, ag.name as agent_name, p.commune_code,
          ${communeName(sql`p.commune_code`, sql`max(p.commune_valid_on)`)} as commune_name,
          to_char(max(p.commune_valid_on), 'YYYY-MM-DD') as commune_valid_on,
          count(*) filter (where ${status} = 'due')::int as due, count(*) filter (where ${status} = 'lapsed')::int as lapsed
        ${from}
        where ${where}
        group by le.agent_id, ag.name, p.commune_code, ${unitFrom}
        order by ag.name nulls last, commune_name nulls last, p.commune_code, commune_valid_on
        limit 500`,
  );
  return rows.map((r) => ({
    agentId: r.agent_id === null ? null : Number(r.agent_id),
    agentName: r.agent_name,
    communeCode: r.commune_code,
    communeName: r.commune_name,
    communeValidOn: r.commune_valid_on,
    due: Number(r.due),
    lapsed: Number(r.lapsed),
  }));
}
