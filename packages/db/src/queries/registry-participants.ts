/** The participants list: people in scope, each scheme's status, keyset pages. */
import { sql, type SQL } from "drizzle-orm";
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
  schemeStatusSql,
  toStatus,
  type RawStatus,
  type RegistryFilter,
  type SchemeStatus,
  type SortDirection,
  type SortKey,
} from "./registry-lists.js";
import { selectRows } from "./sql.js";

export const participantSorts = ["name", "birthDate", "commune", "createdAt"] as const;
export type ParticipantSort = (typeof participantSorts)[number];

export interface ParticipantListRow {
  id: number;
  fullName: string;
  personalId: string;
  socialInsuranceNumber: string | null;
  birthDate: string;
  gender: "male" | "female";
  phone: string | null;
  communeCode: string;
  communeName: string | null;
  householdCode: string | null;
  statuses: SchemeStatus[];
}

interface RawParticipant {
  id: number;
  full_name: string;
  personal_id: string;
  social_insurance_number: string | null;
  birth_date: string;
  gender: "male" | "female";
  phone: string | null;
  commune_code: string;
  commune_name: string | null;
  household_code: string | null;
  statuses: RawStatus[] | string;
  sort_key: string | null;
}

function participantWhere(f: RegistryFilter): SQL {
  const enrolled = enrolmentConditions("e", f);
  const needsEnrolment = Boolean(f.scheme || f.agentIds || f.from || f.to);
  return and([
    sql`p.merged_into_id is null`,
    inCommunes(sql`p.commune_code`, f.communes, sql`p.commune_valid_on`),
    participantSearchSql(f.search),
    needsEnrolment ? sql`exists (select 1 from enrolments e where e.participant_id = p.id and ${and(enrolled)})` : null,
    f.status
      ? sql`exists (select 1 from participant_coverage c where c.participant_id = p.id and ${and([
          inCommunes(sql`c.commune_code`, f.communes),
          coverageStateSql("c", f.status, f.onDate, f.dueWithinDays),
          f.scheme ? sql`c.scheme = ${f.scheme}` : null,
        ])})`
      : null,
  ]);
}

function participantSortKey(sort: ParticipantSort, search: string | undefined): SortKey {
  switch (sort) {
    case "name":
      return { expr: nameSortKey(search), type: "text", nullable: false };
    case "birthDate":
      return { expr: sql`p.birth_date`, type: "date", nullable: false };
    case "commune":
      return { expr: communeName(sql`p.commune_code`, sql`p.commune_valid_on`), type: "text", nullable: true };
    case "createdAt":
      return { expr: sql`p.created_at`, type: "timestamptz", nullable: false };
  }
}

export interface ListPage<Row> {
  rows: Row[];
  /** Exact up to COUNT_CAP; beyond, COUNT_CAP and `totalExact` false ("more than"). */
  total: number;
  totalExact: boolean;
  /** The cursor of the next page (pass it as `after`), or null on the last page. */
  nextCursor: string | null;
}

/** A page of participants in scope, with each scheme's status on `onDate`. */
export async function listParticipants(db: Db, f: RegistryFilter & { sort: ParticipantSort; direction: SortDirection }): Promise<ListPage<ParticipantListRow>> {
  const where = participantWhere(f);
  const key = participantSortKey(f.sort, f.search);
  const page = keyset(key, [sql`p.id`], f.direction, f.after, (c) => [sql`${c.id}::bigint`]);
  const [rows, count] = await Promise.all([
    // The page is found on participants alone; its rows then get their household, commune name
    // and statuses (not every candidate before the sort).
    selectRows<RawParticipant>(
      db,
      sql`select p.id::int as id, p.full_name, p.personal_id, p.social_insurance_number, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date,
            p.gender, p.phone, p.commune_code, ${communeName(sql`p.commune_code`, sql`p.commune_valid_on`)} as commune_name,
            h.code as household_code,
            (select coalesce(json_agg(s order by s.scheme), '[]'::json) from (${schemeStatusSql(sql`p.id`, f.onDate, f.dueWithinDays)}) s) as statuses,
            x.sort_key
          from (
            select p.id, (${key.expr})::text as sort_key, row_number() over (order by ${page.orderBy}) as n
            from participants p
            where ${and([where, page.where])}
            order by ${page.orderBy}
            limit ${f.limit + 1} offset ${f.after ? 0 : f.offset}
          ) x
          join participants p on p.id = x.id
          left join households h on h.id = p.household_id
          order by x.n`,
    ),
    boundedCount(db, sql`from participants p where ${where}`),
  ]);
  const more = rows.length > f.limit;
  const shown = more ? rows.slice(0, f.limit) : rows;
  const last = shown[shown.length - 1];
  return {
    ...count,
    nextCursor: more && last ? encodeCursor({ key: last.sort_key, id: Number(last.id) }) : null,
    rows: shown.map((r) => ({
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
      statuses: (typeof r.statuses === "string" ? (JSON.parse(r.statuses) as RawStatus[]) : r.statuses).map(toStatus),
    })),
  };
}
