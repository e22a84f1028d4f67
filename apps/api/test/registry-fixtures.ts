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
    sql`insert into agents (name, kind, province_code, area_code, area_valid_on) values ('Bưu điện huyện U Minh Thượng (thử)', 'post_office', '91', '913', '2020-01-01') returning id`,
  );
  const [b] = await selectRows<{ id: number }>(
    db,
    sql`insert into agents (name, kind, province_code, area_code, area_valid_on) values ('Bưu điện Phú Quốc (thử)', 'post_office', '91', '911', '2020-01-01') returning id`,
  );
  return { agentId: a!.id, otherAgentId: b!.id };
}

/** A made-up voluntary enrolment; override what a test is about. */
export function voluntaryInput(agentId: number, over: Record<string, unknown> = {}, person: Record<string, unknown> = {}, payment: Record<string, unknown> = {}) {
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
