/**
 * Registry test data: communes of U Minh Thượng (913) and Phú Quốc (911) as in 2020 (GSO codes,
 * valid with the demo districts until the 2025 reform), and collection agents. Made-up people
 * only; their personal IDs are valid in form (province 091, century/gender digit, birth year).
 */
import { sql } from "drizzle-orm";
import { insertAreaRows, selectRows, type Db } from "@ansinh/db";

export const COMMUNES = {
  thanhYen: "31012",
  anMinhBac: "31027",
  vinhHoa: "31054",
  duongDong: "31078",
} as const;

export async function seedRegistryFixtures(db: Db): Promise<{ agentId: number; otherAgentId: number }> {
  const span = { validFrom: "2020-01-01", validTo: "2025-06-30", level: "commune" as const };
  await insertAreaRows(db, [
    { ...span, code: COMMUNES.thanhYen, name: "Thạnh Yên", unitType: "Xã", parentCode: "913" },
    { ...span, code: COMMUNES.anMinhBac, name: "An Minh Bắc", unitType: "Xã", parentCode: "913" },
    { ...span, code: COMMUNES.vinhHoa, name: "Vĩnh Hòa", unitType: "Xã", parentCode: "913" },
    { ...span, code: COMMUNES.duongDong, name: "Dương Đông", unitType: "Phường", parentCode: "911" },
  ]);
  const [a] = await selectRows<{ id: number }>(
    db,
    sql`insert into agents (name, kind, province_code, area_code, area_valid_on) values ('Bưu điện huyện U Minh Thượng (thử ghi nhận)', 'post_office', '91', '913', '2020-01-01') returning id`,
  );
  const [b] = await selectRows<{ id: number }>(
    db,
    sql`insert into agents (name, kind, province_code, area_code, area_valid_on) values ('Bưu điện Phú Quốc (thử)', 'post_office', '91', '911', '2020-01-01') returning id`,
  );
  return { agentId: a!.id, otherAgentId: b!.id };
}

/** A made-up voluntary enrolment; override what a test is about. */
export function voluntaryInput(
  agentId: number,
  over: Record<string, unknown> = {},
  person: Record<string, unknown> = {},
  payment: Record<string, unknown> = {},
) {
  return {
    participant: {
      personalId: "091085001234",
      fullName: "Trần Văn Thử",
      birthDate: "1985-04-12",
      gender: "male" as const,
      phone: "0912 000 111",
      communeCode: COMMUNES.thanhYen,
      ...person,
    },
    scheme: "voluntary_social_insurance" as const,
    months: 3,
    monthlyIncome: 1_000_000,
    supportGroups: [] as string[],
    payment: { receiptDate: "2020-03-10", receiptNumber: "BL-0001", ...payment },
    agentId,
    source: "form" as const,
    participantMode: "new" as const,
    ...over,
  };
}

export async function countRows(db: Db): Promise<Record<string, number>> {
  const [r] = await selectRows<Record<string, number>>(
    db,
    sql`select (select count(*)::int from participants) as participants, (select count(*)::int from enrolments) as enrolments,
               (select count(*)::int from payments) as payments, (select count(*)::int from households) as households,
               (select count(*)::int from duplicate_reviews) as reviews`,
  );
  return r!;
}

/**
 * For the permission matrix (access.test.ts): agents with their collectors, a household per
 * area, and pools of duplicate reviews (open, and merged for undo) in U Minh Thượng (913) and
 * Phú Quốc (911); each sample call takes fresh data so that every allowed call can succeed.
 */
const pools: Record<string, { id: number; participantId: number; matchId: number }[]> = {};
const state = { agent913: 0, agent911: 0, serial: 0 };

export async function prepareRegistryAccess(db: Db, ids: { collector: string; otherCollector: string }): Promise<void> {
  const { agentId, otherAgentId } = await seedRegistryFixtures(db);
  state.agent913 = agentId;
  state.agent911 = otherAgentId;
  await db.execute(sql`insert into agent_collectors (agent_id, user_id) values (${agentId}, ${ids.collector}), (${otherAgentId}, ${ids.otherCollector})`);
  for (const [area, commune] of [
    ["913", COMMUNES.thanhYen],
    ["911", COMMUNES.duongDong],
  ] as const) {
    await db.execute(
      sql`insert into households (province_code, code, commune_code, commune_valid_on) values ('91', ${`ACC-${area}`}, ${commune}, '2021-01-01')`,
    );
    for (const kind of ["merge", "undo", "dismiss"]) {
      const rows = await selectRows<{ id: number; participant_id: number; match_id: number }>(
        db,
        sql`with people as (
              insert into participants (province_code, personal_id, full_name, name_key, birth_date, gender, commune_code, commune_valid_on)
              select '91', ${`0910${area}${kind.length}`} || lpad(g::text, 4, '0'), 'Người Thử ' || g, 'nguoi thu ' || g, '1990-01-01', 'male', ${commune}, '2021-01-01'
              from generate_series(1, 20) g
              returning id, personal_id
            ), numbered as (select id, row_number() over (order by id) as n from people)
            insert into duplicate_reviews (province_code, participant_id, match_id, score, reasons)
            select '91', b.id, a.id, 70, '[]'::jsonb from numbered a join numbered b on b.n = a.n + 1 where a.n % 2 = 1
            returning id, participant_id, match_id`,
      );
      if (kind === "undo") {
        for (const r of rows) {
          await db.execute(sql`update participants set merged_into_id = ${r.match_id} where id = ${r.participant_id}`);
          const record = { keptId: Number(r.match_id), mergedId: Number(r.participant_id), enrolmentIds: [], paymentIds: [], mergedVersion: 1 };
          await db.execute(sql`update duplicate_reviews set status = 'merged', merge_record = ${JSON.stringify(record)}::jsonb where id = ${r.id}`);
        }
      }
      pools[`${kind}${area}`] = rows.map((r) => ({ id: Number(r.id), participantId: Number(r.participant_id), matchId: Number(r.match_id) }));
    }
  }
}

const take = (pool: string) => pools[pool]!.shift() ?? { id: 1, participantId: 1, matchId: 1 };
const takeMerged = (pool: string) => {
  const r = take(pool);
  return { id: r.id, mergedId: r.participantId };
};
const next = () => String(++state.serial).padStart(5, "0");

function formSample(area: "913" | "911") {
  const n = next();
  return {
    participant: {
      personalId: `0910850${n}`,
      fullName: "Người Thử Quyền",
      birthDate: "1985-01-01",
      gender: "male",
      communeCode: area === "913" ? COMMUNES.thanhYen : COMMUNES.duongDong,
    },
    months: 1,
    monthlyIncome: 1_500_000,
    payment: { receiptDate: "2021-04-01", receiptNumber: `ACC-${n}` },
    agentId: area === "913" ? state.agent913 : state.agent911,
  };
}

function householdSample(area: "913" | "911", code: string | null) {
  const n = next();
  return {
    householdCode: code ?? `ACC-H-${n}`,
    communeCode: area === "913" ? COMMUNES.thanhYen : COMMUNES.duongDong,
    facilityCode: "91001",
    months: 12,
    receiptDate: "2021-04-01",
    agentId: area === "913" ? state.agent913 : state.agent911,
    members: [{ personalId: `0910860${n}`, fullName: "Thành Viên Thử", birthDate: "1986-01-01", gender: "male", receiptNumber: `ACC-H-${n}` }],
  };
}

/** Sample inputs of the registry write procedures for the permission matrix. */
export const registryAccessSamples: Record<string, { inScope: () => unknown; outOfScope: (() => unknown) | null }> = {
  "enrolments.agentChoices": { inScope: () => ({}), outOfScope: null },
  // Scoped by filtering: out of scope answers an empty list (enrolments.test.ts).
  "enrolments.communes": { inScope: () => ({ text: "Thạnh", onDate: "2021-04-01" }), outOfScope: null },
  "enrolments.checkParticipant": {
    inScope: () => ({ scheme: "voluntary_social_insurance", personalId: "091085001234", birthDate: "1985-04-12", gender: "male" }),
    outOfScope: null,
  },
  "enrolments.quote": {
    inScope: () => ({ scheme: "voluntary_social_insurance", receiptDate: "2021-04-01", monthlyIncome: 1_500_000, months: 3 }),
    outOfScope: null,
  },
  "enrolments.create": { inScope: () => formSample("913"), outOfScope: () => formSample("911") },
  "enrolments.createHousehold": { inScope: () => householdSample("913", null), outOfScope: () => householdSample("911", null) },
  "enrolments.addMembers": { inScope: () => householdSample("913", "ACC-913"), outOfScope: () => householdSample("911", "ACC-911") },
  "duplicates.list": { inScope: () => ({}), outOfScope: null },
  "duplicates.merge": { inScope: () => take("merge913"), outOfScope: () => take("merge911") },
  "duplicates.undoMerge": { inScope: () => takeMerged("undo913"), outOfScope: () => takeMerged("undo911") },
  "duplicates.dismiss": { inScope: () => take("dismiss913"), outOfScope: () => take("dismiss911") },
};
