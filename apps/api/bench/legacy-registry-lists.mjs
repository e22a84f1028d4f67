// The registry lists as they were before keyset pages (registry-lists.ts at the base of the branch,
// transpiled): the "old" side of bench/lists.mjs, run in the same process on the same data.
/**
 * The registry's read side: participants, enrolments and renewals as lists —
 * area-scoped in SQL, server-paginated, sortable — and one participant in detail.
 *
 * Coverage status (active / due / lapsed / not started) is the domain's `coverageStatus`
 * computed in SQL, so a list can filter and page on it: the periods a person's payments cover
 * in one scheme are joined into runs of covered days (a period starting on or before the day
 * after the previous run ends continues it), then the run holding the date decides. The
 * property test `registry-status.test.ts` (apps/api) checks this SQL against the domain.
 */
import { sql } from "drizzle-orm";
import { containsPattern, selectRows } from "@ansinh/db";
import { checkPhone, normaliseName } from "@ansinh/domain/registry";

export const coverageStatusNames = ["active", "due", "lapsed", "not_started"];
const day = (d) => sql`${d}::date`;
/**
 * One row per scheme the person `participantId` (an SQL expression) is enrolled in (cancelled
 * enrolments left out): `scheme, status, covered_until, days_left, since, next_from`, dates as
 * `YYYY-MM-DD` text. Its own aliases all start `cs_`, so the caller's (`e.participant_id`) are
 * never shadowed inside it.
 */
export function schemeStatusSql(participantId, onDate, dueWithinDays) {
  const d = day(onDate);
  return sql`
    select cs_s.scheme,
      case when cs_st.cur_to is not null then (case when cs_st.cur_to - ${d} <= ${dueWithinDays}::int then 'due' else 'active' end)
           when cs_st.last_to is not null then 'lapsed' else 'not_started' end as status,
      to_char(coalesce(cs_st.cur_to, cs_st.last_to), 'YYYY-MM-DD') as covered_until,
      (cs_st.cur_to - ${d}) as days_left,
      to_char(case when cs_st.cur_to is null then cs_st.last_to + 1 end, 'YYYY-MM-DD') as since,
      to_char(cs_st.next_from, 'YYYY-MM-DD') as next_from
    from (select distinct cs_e0.scheme from enrolments cs_e0 where cs_e0.participant_id = ${participantId} and cs_e0.status <> 'cancelled') cs_s
    left join (
      select cs_runs.scheme,
        max(cs_runs.run_to) filter (where cs_runs.run_from <= ${d} and ${d} <= cs_runs.run_to) as cur_to,
        max(cs_runs.run_to) filter (where cs_runs.run_to < ${d}) as last_to,
        min(cs_runs.run_from) filter (where cs_runs.run_from > ${d}) as next_from
      from (
        select cs_b.scheme, cs_b.grp, min(cs_b.cover_from) as run_from, max(cs_b.cover_to) as run_to
        from (
          select cs_a.scheme, cs_a.cover_from, cs_a.cover_to,
            sum(cs_a.brk) over (partition by cs_a.scheme order by cs_a.cover_from, cs_a.cover_to rows unbounded preceding) as grp
          from (
            select cs_e.scheme, cs_pay.cover_from, cs_pay.cover_to,
              case when max(cs_pay.cover_to) over (partition by cs_e.scheme order by cs_pay.cover_from, cs_pay.cover_to
                                                 rows between unbounded preceding and 1 preceding) >= cs_pay.cover_from - 1
                   then 0 else 1 end as brk
            from payments cs_pay join enrolments cs_e on cs_e.id = cs_pay.enrolment_id
            where cs_pay.participant_id = ${participantId} and cs_e.status <> 'cancelled'
          ) cs_a
        ) cs_b
        group by cs_b.scheme, cs_b.grp
      ) cs_runs
      group by cs_runs.scheme
    ) cs_st on cs_st.scheme = cs_s.scheme`;
}
const toStatus = (r) => ({
  scheme: r.scheme,
  status: r.status,
  coveredUntil: r.covered_until,
  daysLeft: r.days_left === null ? null : Number(r.days_left),
  since: r.since,
  nextFrom: r.next_from,
});
/** Each scheme's status of one person on `onDate` (see schemeStatusSql). */
export async function schemeStatusesOf(db, participantId, onDate, dueWithinDays) {
  const rows = await selectRows(db, sql`select * from (${schemeStatusSql(sql`${participantId}::bigint`, onDate, dueWithinDays)}) x order by scheme`);
  return rows.map(toStatus);
}
const list = (values) =>
  values.length
    ? sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )
    : sql`null`;
/** The communes condition on a column. */
function inCommunes(column, communes) {
  if (communes === null) return null;
  return sql`${column} in (${list([...communes])})`;
}
/**
 * The search condition on a participant `p`: a 12-digit personal ID, a 10-digit social-insurance
 * number or a phone number match exactly (never a prefix: a masked number cannot be guessed
 * digit by digit); anything else is a name, compared on `name_key` with the domain's
 * normaliseName ("nguyen van a" finds "Nguyễn Văn A", "đ" = "d").
 */
export function participantSearchSql(search) {
  const text = search?.trim();
  if (!text) return null;
  const compact = text.replace(/[\s.\-()/]/g, "");
  const ors = [];
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
function isNameSearch(search) {
  const text = search?.trim();
  return Boolean(text) && !/^\+?\d+$/.test(text.replace(/[\s.\-()/]/g, "")) && normaliseName(text) !== "";
}
/**
 * The name sort key of `p`. With a name search it is `lower(p.name_key)` — the same order, the key
 * being lower case already — so that no index gives that order: the planner then finds the matches
 * through the trigram index and sorts them. Given `p.name_key`, it walked the name index in order
 * and filtered, expecting the 20 rows of a page early; for a common name that sorts late (say
 * "nguyen thi lan") that read most of a million rows: seconds instead of milliseconds.
 */
function nameSortKey(search) {
  return isNameSearch(search) ? sql`lower(p.name_key)` : sql`p.name_key`;
}
/** Conditions on an enrolment `alias`: scheme, agents, period. */
function enrolmentConditions(alias, f) {
  const e = sql.raw(alias);
  const out = [sql`${e}.status <> 'cancelled'`];
  if (f.scheme) out.push(sql`${e}.scheme = ${f.scheme}`);
  if (f.agentIds) out.push(sql`${e}.agent_id in (${list(f.agentIds)})`);
  if (f.from || f.to) {
    const inPeriod = (col) => sql.join([...(f.from ? [sql`${col} >= ${day(f.from)}`] : []), ...(f.to ? [sql`${col} <= ${day(f.to)}`] : [])], sql` and `);
    out.push(
      sql`(${inPeriod(sql`${e}.start_date`)} or exists (select 1 from payments pp where pp.enrolment_id = ${e}.id and ${inPeriod(sql`pp.receipt_date`)}))`,
    );
  }
  return out;
}
/**
 * A condition every person with `status` on `onDate` meets, cheap to test on the index of
 * payments (participant_id, cover_to): it narrows the rows the exact status is computed for.
 * (due: a period ends within the window; active: one ends after it; lapsed: one ended before the
 * date; not started: no period has begun by the date.)
 */
function statusCandidateSql(participantId, status, onDate, dueWithinDays, scheme) {
  const d = day(onDate);
  const w = sql`${dueWithinDays}::int`;
  const q = (cond) =>
    sql`exists (select 1 from payments q join enrolments qe on qe.id = q.enrolment_id where q.participant_id = ${participantId} and qe.status <> 'cancelled'${scheme ? sql` and qe.scheme = ${scheme}` : sql``} and ${cond})`;
  if (status === "due") return q(sql`q.cover_to between ${d} and ${d} + ${w}`);
  if (status === "active") return q(sql`q.cover_to > ${d} + ${w}`);
  if (status === "lapsed") return q(sql`q.cover_to < ${d}`);
  // Not started in one scheme says nothing about another: only with the scheme known.
  return scheme ? sql`not ${q(sql`q.cover_from <= ${d}`)}` : null;
}
const and = (conds) => {
  const c = conds.filter((x) => x !== null);
  return c.length ? sql.join(c, sql` and `) : sql`true`;
};
const communeName = (code, on) =>
  sql`(select a.name from areas a where a.code = ${code} and a.valid_from <= ${on} and (a.valid_to is null or a.valid_to >= ${on}) order by a.valid_from desc limit 1)`;
// ---------------------------------------------------------------------------------------------
// Participants
export const participantSorts = ["name", "birthDate", "commune", "createdAt"];
function participantWhere(f) {
  const enrolled = enrolmentConditions("e", f);
  const needsEnrolment = Boolean(f.scheme || f.agentIds || f.from || f.to);
  return and([
    sql`p.merged_into_id is null`,
    inCommunes(sql`p.commune_code`, f.communes),
    participantSearchSql(f.search),
    needsEnrolment ? sql`exists (select 1 from enrolments e where e.participant_id = p.id and ${and(enrolled)})` : null,
    f.status ? statusCandidateSql(sql`p.id`, f.status, f.onDate, f.dueWithinDays, f.scheme ? sql`${f.scheme}` : null) : null,
    f.status
      ? sql`exists (select 1 from (${schemeStatusSql(sql`p.id`, f.onDate, f.dueWithinDays)}) s where s.status = ${f.status}${f.scheme ? sql` and s.scheme = ${f.scheme}` : sql``})`
      : null,
  ]);
}
const participantOrder = {
  name: sql`p.name_key`,
  birthDate: sql`p.birth_date`,
  commune: sql`commune_name`,
  createdAt: sql`p.created_at`,
};
/** A page of participants in scope, with each scheme's status on `onDate`. */
export async function listParticipants(db, f) {
  const where = participantWhere(f);
  const dir = f.direction === "desc" ? sql`desc` : sql`asc`;
  const [rows, [count]] = await Promise.all([
    selectRows(
      db,
      sql`select p.id::int as id, p.full_name, p.personal_id, p.social_insurance_number, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date,
            p.gender, p.phone, p.commune_code, ${communeName(sql`p.commune_code`, sql`p.commune_valid_on`)} as commune_name,
            h.code as household_code,
            (select coalesce(json_agg(s order by s.scheme), '[]'::json) from (${schemeStatusSql(sql`p.id`, f.onDate, f.dueWithinDays)}) s) as statuses
          from participants p left join households h on h.id = p.household_id
          where ${where}
          order by ${f.sort === "name" ? nameSortKey(f.search) : participantOrder[f.sort]} ${dir} nulls last, p.id ${dir}
          limit ${f.limit} offset ${f.offset}`,
    ),
    selectRows(db, sql`select count(*)::int as n from participants p where ${where}`),
  ]);
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map((r) => ({
      id: Number(r.id),
      fullName: r.full_name,
      personalId: r.personal_id,
      socialInsuranceNumber: r.social_insurance_number,
      birthDate: r.birth_date,
      gender: r.gender,
      phone: r.phone,
      communeCode: r.commune_code,
      communeName: r.commune_name,
      householdCode: r.household_code,
      statuses: (typeof r.statuses === "string" ? JSON.parse(r.statuses) : r.statuses).map(toStatus),
    })),
  };
}
// ---------------------------------------------------------------------------------------------
// Enrolments
export const enrolmentSorts = ["startDate", "name", "amount", "receiptDate", "createdAt"];
const enrolmentOrder = {
  startDate: sql`e.start_date`,
  name: sql`p.name_key`,
  amount: sql`e.amount`,
  receiptDate: sql`receipt_date`,
  createdAt: sql`e.created_at`,
};
function enrolmentWhere(f) {
  return and([
    inCommunes(sql`e.commune_code`, f.communes),
    participantSearchSql(f.search),
    ...enrolmentConditions("e", f),
    f.status ? statusCandidateSql(sql`e.participant_id`, f.status, f.onDate, f.dueWithinDays, sql`e.scheme`) : null,
    f.status
      ? sql`exists (select 1 from (${schemeStatusSql(sql`e.participant_id`, f.onDate, f.dueWithinDays)}) s where s.status = ${f.status} and s.scheme = e.scheme)`
      : null,
  ]);
}
/** A page of enrolments in scope (their commune), each with its payment and the person's status in its scheme. */
export async function listEnrolments(db, f) {
  const where = enrolmentWhere(f);
  const dir = f.direction === "desc" ? sql`desc` : sql`asc`;
  const [rows, [count]] = await Promise.all([
    selectRows(
      db,
      sql`select e.id::int as id, e.participant_id::int as participant_id, p.full_name, p.personal_id, p.phone, e.scheme, e.kind,
            to_char(e.start_date, 'YYYY-MM-DD') as start_date, e.months::int as months, e.monthly_income::float8 as monthly_income,
            e.household_rank::int as household_rank, e.amount::float8 as amount,
            to_char(pay.receipt_date, 'YYYY-MM-DD') as receipt_date, pay.receipt_number, to_char(pay.cover_to, 'YYYY-MM-DD') as cover_to,
            e.agent_id, ag.name as agent_name, u.name as collector_name,
            e.commune_code, ${communeName(sql`e.commune_code`, sql`e.start_date`)} as commune_name, e.source,
            (select s.status from (${schemeStatusSql(sql`e.participant_id`, f.onDate, f.dueWithinDays)}) s where s.scheme = e.scheme) as status
          from enrolments e
          join participants p on p.id = e.participant_id
          left join agents ag on ag.id = e.agent_id
          left join auth_user u on u.id = e.collector_id
          left join lateral (select * from payments p1 where p1.enrolment_id = e.id order by p1.receipt_date desc, p1.id desc limit 1) pay on true
          where ${where}
          order by ${f.sort === "name" ? nameSortKey(f.search) : enrolmentOrder[f.sort]} ${dir} nulls last, e.id ${dir}
          limit ${f.limit} offset ${f.offset}`,
    ),
    selectRows(db, sql`select count(*)::int as n from enrolments e join participants p on p.id = e.participant_id where ${where}`),
  ]);
  return {
    total: Number(count?.n ?? 0),
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
// ---------------------------------------------------------------------------------------------
// Renewals
export const renewalKinds = ["due", "lapsed"];
export const renewalSorts = ["date", "name", "agent", "commune"];
const renewalOrder = {
  date: sql`st.covered_until`,
  name: sql`p.name_key`,
  agent: sql`ag.name`,
  commune: sql`commune_name`,
};
/**
 * Who is due to renew (coverage ending within `dueWithinDays` of `onDate`) or lapsed, one row per
 * person and scheme, with the agent and collector of their last enrolment in the scheme. Scoped
 * on the person's commune; `agentIds` keeps the people whose last enrolment is through them.
 * `from`/`to` bound the last covered day (due: when cover ends; lapsed: when it ended).
 */
/** The FROM and WHERE of the renewals: one row per person and scheme whose status is one of `kinds`. */
function renewalSource(f, kinds) {
  const d = day(f.onDate);
  // A necessary condition the index on payments(participant_id, cover_to) answers fast.
  const due = sql`exists (select 1 from payments q where q.participant_id = p.id and q.cover_to between ${d} and ${d} + ${f.dueWithinDays}::int)`;
  const lapsed = sql`exists (select 1 from payments q where q.participant_id = p.id and q.cover_to < ${d})`;
  const candidate = kinds.length === 2 ? sql`(${due} or ${lapsed})` : kinds[0] === "due" ? due : lapsed;
  const where = and([
    sql`p.merged_into_id is null`,
    inCommunes(sql`p.commune_code`, f.communes),
    participantSearchSql(f.search),
    candidate,
    sql`st.status in (${list(kinds)})`,
    f.scheme ? sql`st.scheme = ${f.scheme}` : null,
    f.agentIds ? sql`le.agent_id in (${list(f.agentIds)})` : null,
    f.from ? sql`st.covered_until >= ${f.from}` : null,
    f.to ? sql`st.covered_until <= ${f.to}` : null,
  ]);
  const from = sql`
    from participants p
    cross join lateral (${schemeStatusSql(sql`p.id`, f.onDate, f.dueWithinDays)}) st
    left join lateral (
      select e.agent_id, e.collector_id, e.amount, e.months from enrolments e
      where e.participant_id = p.id and e.scheme = st.scheme and e.status <> 'cancelled'
      order by e.start_date desc, e.id desc limit 1
    ) le on true
    left join agents ag on ag.id = le.agent_id
    left join auth_user u on u.id = le.collector_id`;
  return { from, where };
}
export async function listRenewals(db, f) {
  const { from, where } = renewalSource(f, [f.kind]);
  const dir = f.direction === "desc" ? sql`desc` : sql`asc`;
  const [rows, [count]] = await Promise.all([
    selectRows(
      db,
      sql`select p.id::int as participant_id, p.full_name, p.personal_id, p.phone, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date,
            st.scheme, st.status, st.covered_until, st.days_left, st.since,
            le.agent_id, ag.name as agent_name, u.name as collector_name, le.amount::float8 as last_amount, le.months::int as last_months,
            p.commune_code, ${communeName(sql`p.commune_code`, sql`p.commune_valid_on`)} as commune_name
          ${from}
          where ${where}
          order by ${f.sort === "name" ? nameSortKey(f.search) : renewalOrder[f.sort]} ${dir} nulls last, p.id ${dir}, st.scheme
          limit ${f.limit} offset ${f.offset}`,
    ),
    selectRows(db, sql`select count(*)::int as n ${from} where ${where}`),
  ]);
  return {
    total: Number(count?.n ?? 0),
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
/** One participant (not merged away) whose commune is in `communes`, or undefined. */
export async function getParticipant(db, id, communes) {
  const [p] = await selectRows(
    db,
    sql`select p.id::int as id, p.province_code, p.full_name, p.personal_id, p.social_insurance_number, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date,
          p.gender, p.ethnicity, p.phone, p.commune_code, to_char(p.commune_valid_on, 'YYYY-MM-DD') as commune_valid_on,
          ${communeName(sql`p.commune_code`, sql`p.commune_valid_on`)} as commune_name, p.relationship,
          h.id::int as household_id, h.code as household_code, h.address as household_address, h.head_participant_id::int as head_participant_id
        from participants p left join households h on h.id = p.household_id
        where p.id = ${id} and p.merged_into_id is null and ${and([inCommunes(sql`p.commune_code`, communes)])}`,
  );
  if (!p) return undefined;
  const [members, enrolments, payments] = await Promise.all([
    p.household_id === null
      ? Promise.resolve([])
      : selectRows(
          db,
          sql`select m.id::int as id, m.full_name, m.personal_id, to_char(m.birth_date, 'YYYY-MM-DD') as birth_date, m.relationship, m.commune_code
              from participants m where m.household_id = ${p.household_id} and m.merged_into_id is null
              order by m.household_joined_on nulls last, m.id`,
        ),
    selectRows(
      db,
      sql`select e.id::int as id, e.scheme, e.kind, to_char(e.start_date, 'YYYY-MM-DD') as start_date, e.months::int as months,
            e.monthly_income::float8 as monthly_income, e.household_rank::int as household_rank, e.facility_code,
            (select f.name from facilities f where f.code = e.facility_code and f.valid_from <= e.start_date
               and (f.valid_to is null or f.valid_to >= e.start_date) order by f.valid_from desc limit 1) as facility_name,
            e.amount::float8 as amount, e.province_code, ag.name as agent_name, u.name as collector_name, e.status, e.source
          from enrolments e left join agents ag on ag.id = e.agent_id left join auth_user u on u.id = e.collector_id
          where e.participant_id = ${id} order by e.start_date desc, e.id desc`,
    ),
    selectRows(
      db,
      sql`select pay.id::int as id, pay.enrolment_id::int as enrolment_id, e.scheme, to_char(pay.cover_from, 'YYYY-MM-DD') as cover_from,
            to_char(pay.cover_to, 'YYYY-MM-DD') as cover_to, pay.months::int as months, pay.amount::float8 as amount,
            to_char(pay.receipt_date, 'YYYY-MM-DD') as receipt_date, pay.receipt_number, ag.name as agent_name
          from payments pay join enrolments e on e.id = pay.enrolment_id left join agents ag on ag.id = pay.agent_id
          where pay.participant_id = ${id} order by pay.cover_from desc, pay.id desc`,
    ),
  ]);
  return {
    id: Number(p.id),
    provinceCode: p.province_code,
    fullName: p.full_name,
    personalId: p.personal_id,
    socialInsuranceNumber: p.social_insurance_number,
    birthDate: p.birth_date,
    gender: p.gender,
    ethnicity: p.ethnicity,
    phone: p.phone,
    communeCode: p.commune_code,
    communeValidOn: p.commune_valid_on,
    communeName: p.commune_name,
    relationship: p.relationship,
    household:
      p.household_id === null
        ? null
        : {
            id: Number(p.household_id),
            code: p.household_code,
            address: p.household_address,
            headParticipantId: p.head_participant_id === null ? null : Number(p.head_participant_id),
          },
    members: members.map((m) => ({
      id: Number(m.id),
      fullName: m.full_name,
      personalId: m.personal_id,
      birthDate: m.birth_date,
      relationship: m.relationship,
      communeCode: m.commune_code,
    })),
    enrolments: enrolments.map((e) => ({
      id: Number(e.id),
      scheme: e.scheme,
      kind: e.kind,
      startDate: e.start_date,
      months: Number(e.months),
      monthlyIncome: e.monthly_income === null ? null : Number(e.monthly_income),
      householdRank: e.household_rank === null ? null : Number(e.household_rank),
      facilityCode: e.facility_code,
      facilityName: e.facility_name,
      amount: Number(e.amount),
      provinceCode: e.province_code,
      agentName: e.agent_name,
      collectorName: e.collector_name,
      status: e.status,
      source: e.source,
    })),
    payments: payments.map((x) => ({
      id: Number(x.id),
      enrolmentId: Number(x.enrolment_id),
      scheme: x.scheme,
      coverFrom: x.cover_from,
      coverTo: x.cover_to,
      months: Number(x.months),
      amount: Number(x.amount),
      receiptDate: x.receipt_date,
      receiptNumber: x.receipt_number,
      agentName: x.agent_name,
    })),
  };
}
/** The agents a collector works for. */
export async function agentIdsOfCollector(db, userId) {
  const rows = await selectRows(db, sql`select agent_id::int as id from agent_collectors where user_id = ${userId} order by agent_id`);
  return rows.map((r) => Number(r.id));
}
/** Agents whose area is in `areas` (null: all), for the filters of the lists. */
export async function agentOptions(db, areas) {
  const rows = await selectRows(
    db,
    sql`select id::int as id, name, kind, area_code from agents where active and ${and([inCommunes(sql`area_code`, areas)])} order by name, id limit 500`,
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, kind: r.kind, areaCode: r.area_code }));
}
/** How many are due and lapsed per agent (of their last enrolment) and commune, for the same filters (at most 500 groups). */
export async function countRenewals(db, f) {
  const { from, where } = renewalSource({ ...f, limit: 0, offset: 0 }, ["due", "lapsed"]);
  const rows = await selectRows(
    db,
    sql`select le.agent_id, ag.name as agent_name, p.commune_code,
          ${communeName(sql`p.commune_code`, sql`max(p.commune_valid_on)`)} as commune_name,
          count(*) filter (where st.status = 'due')::int as due, count(*) filter (where st.status = 'lapsed')::int as lapsed
        ${from}
        where ${where}
        group by le.agent_id, ag.name, p.commune_code
        order by ag.name nulls last, commune_name nulls last, p.commune_code
        limit 500`,
  );
  return rows.map((r) => ({
    agentId: r.agent_id === null ? null : Number(r.agent_id),
    agentName: r.agent_name,
    communeCode: r.commune_code,
    communeName: r.commune_name,
    due: Number(r.due),
    lapsed: Number(r.lapsed),
  }));
}
