/** One participant in detail, and the options of the lists' filters. */
import { sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { and, communeName, inCommunes, type CommuneScope, type RegistryScheme } from "./registry-lists.js";
import { selectRows } from "./sql.js";

export interface ParticipantDetail {
  id: number;
  provinceCode: string;
  fullName: string;
  personalId: string;
  socialInsuranceNumber: string | null;
  birthDate: string;
  gender: "male" | "female";
  ethnicity: string | null;
  phone: string | null;
  communeCode: string;
  communeValidOn: string;
  communeName: string | null;
  relationship: string | null;
  household: { id: number; code: string; address: string | null; headParticipantId: number | null } | null;
  members: {
    id: number;
    fullName: string;
    personalId: string;
    socialInsuranceNumber: string | null;
    birthDate: string;
    relationship: string | null;
    communeCode: string;
  }[];
  enrolments: {
    id: number;
    scheme: RegistryScheme;
    kind: "new" | "renewal" | "returning";
    startDate: string;
    months: number;
    monthlyIncome: number | null;
    householdRank: number | null;
    /** The state-support groups a voluntary enrolment was priced with (empty: none). */
    supportGroups: string[];
    facilityCode: string | null;
    facilityName: string | null;
    amount: number;
    provinceCode: string;
    agentName: string | null;
    collectorName: string | null;
    status: "active" | "cancelled";
    source: "form" | "import" | "demo";
  }[];
  payments: {
    id: number;
    enrolmentId: number;
    scheme: RegistryScheme;
    coverFrom: string;
    coverTo: string;
    months: number;
    amount: number;
    receiptDate: string;
    receiptNumber: string;
    agentName: string | null;
  }[];
}

/** One participant (not merged away) whose commune is in `communes`, or undefined. */
export async function getParticipant(db: Db, id: number, communes: CommuneScope): Promise<ParticipantDetail | undefined> {
  const [p] = await selectRows<{
    id: number;
    province_code: string;
    full_name: string;
    personal_id: string;
    social_insurance_number: string | null;
    birth_date: string;
    gender: "male" | "female";
    ethnicity: string | null;
    phone: string | null;
    commune_code: string;
    commune_valid_on: string;
    commune_name: string | null;
    relationship: string | null;
    household_id: number | null;
    household_code: string | null;
    household_address: string | null;
    head_participant_id: number | null;
  }>(
    db,
    sql`select p.id::int as id, p.province_code, p.full_name, p.personal_id, p.social_insurance_number, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date,
          p.gender, p.ethnicity, p.phone, p.commune_code, to_char(p.commune_valid_on, 'YYYY-MM-DD') as commune_valid_on,
          ${communeName(sql`p.commune_code`, sql`p.commune_valid_on`)} as commune_name, p.relationship,
          h.id::int as household_id, h.code as household_code, h.address as household_address, h.head_participant_id::int as head_participant_id
        from participants p left join households h on h.id = p.household_id
        where p.id = ${id} and p.merged_into_id is null and ${and([inCommunes(sql`p.commune_code`, communes, sql`p.commune_valid_on`)])}`,
  );
  if (!p) return undefined;
  const [members, enrolments, payments] = await Promise.all([
    p.household_id === null
      ? Promise.resolve([])
      : selectRows<{
          id: number;
          full_name: string;
          personal_id: string;
          social_insurance_number: string | null;
          birth_date: string;
          relationship: string | null;
          commune_code: string;
        }>(
          db,
          sql`select m.id::int as id, m.full_name, m.personal_id, m.social_insurance_number, to_char(m.birth_date, 'YYYY-MM-DD') as birth_date, m.relationship, m.commune_code
              from participants m where m.household_id = ${p.household_id} and m.merged_into_id is null
              order by m.household_joined_on nulls last, m.id`,
        ),
    selectRows<{
      id: number;
      scheme: RegistryScheme;
      kind: "new" | "renewal" | "returning";
      start_date: string;
      months: number;
      monthly_income: number | null;
      household_rank: number | null;
      support_groups: string[] | null;
      facility_code: string | null;
      facility_name: string | null;
      amount: number;
      province_code: string;
      agent_name: string | null;
      collector_name: string | null;
      status: "active" | "cancelled";
      source: "form" | "import" | "demo";
    }>(
      db,
      sql`select e.id::int as id, e.scheme, e.kind, to_char(e.start_date, 'YYYY-MM-DD') as start_date, e.months::int as months,
            e.monthly_income::float8 as monthly_income, e.household_rank::int as household_rank, e.support_groups, e.facility_code,
            (select f.name from facilities f where f.code = e.facility_code and f.valid_from <= e.start_date
               and (f.valid_to is null or f.valid_to >= e.start_date) order by f.valid_from desc limit 1) as facility_name,
            e.amount::float8 as amount, e.province_code, ag.name as agent_name, u.name as collector_name, e.status, e.source
          from enrolments e left join agents ag on ag.id = e.agent_id left join auth_user u on u.id = e.collector_id
          where e.participant_id = ${id} order by e.start_date desc, e.id desc`,
    ),
    selectRows<{
      id: number;
      enrolment_id: number;
      scheme: RegistryScheme;
      cover_from: string;
      cover_to: string;
      months: number;
      amount: number;
      receipt_date: string;
      receipt_number: string;
      agent_name: string | null;
    }>(
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
            code: p.household_code!,
            address: p.household_address,
            headParticipantId: p.head_participant_id === null ? null : Number(p.head_participant_id),
          },
    members: members.map((m) => ({
      id: Number(m.id),
      fullName: m.full_name,
      personalId: m.personal_id,
      socialInsuranceNumber: m.social_insurance_number,
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
      supportGroups: e.support_groups ?? [],
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
export async function agentIdsOfCollector(db: Db, userId: string): Promise<number[]> {
  const rows = await selectRows<{ id: number }>(db, sql`select agent_id::int as id from agent_collectors where user_id = ${userId} order by agent_id`);
  return rows.map((r) => Number(r.id));
}

/** Agents whose area is in `areas` (null: all), for the filters of the lists. */
export async function agentOptions(db: Db, areas: CommuneScope): Promise<{ id: number; name: string; kind: string; areaCode: string }[]> {
  const rows = await selectRows<{ id: number; name: string; kind: string; area_code: string }>(
    db,
    sql`select id::int as id, name, kind, area_code from agents where active and ${and([inCommunes(sql`area_code`, areas, sql`area_valid_on`)])} order by name, id limit 500`,
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, kind: r.kind, areaCode: r.area_code }));
}
