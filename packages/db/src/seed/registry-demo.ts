import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../client.js";
import { insertAreaRows } from "../queries/areas.js";
import { insertFacilities } from "../queries/facilities.js";
import { agentCollectors, agents, user } from "../schema/index.js";
import { DEMO_VALID_FROM, DEMO_VALID_TO } from "./demo.js";
import { anGiangCommunes2025, anGiangProvince2025, uMinhThuongCommunes2020 } from "./registry-demo-units.js";

/** The reform's first day: An Giang (91) with its communes, no districts. */
export const REFORM_VALID_FROM = "2025-07-01";

/**
 * The demo's initial health-care facilities: a handful in U Minh Thượng and the provincial
 * hospital. The institutions are the public ones of the district; their 5-digit codes here are
 * illustrative (province 91 + a facility number), not the agency's list, which is imported with
 * `pnpm ansinh import-facilities`. Kiên Giang's facilities passed to the new An Giang (still 91)
 * on 2025-07-01: one version per era.
 */
export const demoFacilities: { code: string; name: string }[] = [
  { code: "91001", name: "Bệnh viện Đa khoa tỉnh Kiên Giang" },
  { code: "91013", name: "Trung tâm Y tế huyện U Minh Thượng" },
  { code: "91131", name: "Trạm Y tế xã Thạnh Yên" },
  { code: "91132", name: "Trạm Y tế xã Thạnh Yên A" },
  { code: "91133", name: "Trạm Y tế xã An Minh Bắc" },
  { code: "91134", name: "Trạm Y tế xã Vĩnh Hòa" },
  { code: "91135", name: "Trạm Y tế xã Hoà Chánh" },
  { code: "91136", name: "Trạm Y tế xã Minh Thuận" },
];

/** The demo's collection agents: U Minh Thượng's Women's Union chapter and post office and Phú Quốc's post office (2020), and a commune post office after the reform. */
export const demoAgents = {
  womensUnion: { name: "Hội Liên hiệp Phụ nữ huyện U Minh Thượng", kind: "partner", provinceCode: "91", areaCode: "913", areaValidOn: DEMO_VALID_FROM },
  postOffice: { name: "Bưu điện huyện U Minh Thượng", kind: "post_office", provinceCode: "91", areaCode: "913", areaValidOn: DEMO_VALID_FROM },
  communePostOffice2026: {
    name: "Bưu điện văn hoá xã U Minh Thượng",
    kind: "post_office",
    provinceCode: "91",
    areaCode: "31027",
    areaValidOn: REFORM_VALID_FROM,
  },
  phuQuocPostOffice: { name: "Bưu điện huyện Phú Quốc", kind: "post_office", provinceCode: "91", areaCode: "911", areaValidOn: DEMO_VALID_FROM },
} as const;
export type DemoAgentKey = keyof typeof demoAgents;

/** The demo account that collects for the district post office (see the API's demo users). */
export const DEMO_POST_OFFICE_COLLECTOR_EMAIL = "thu.uminhthuong@demo.ansinh.vn";

/** Each demo collector account and the agent it collects for (a collector works for an agent). */
export const DEMO_COLLECTORS: Record<string, DemoAgentKey> = {
  [DEMO_POST_OFFICE_COLLECTOR_EMAIL]: "postOffice",
  "thu.phuquoc@demo.ansinh.vn": "phuQuocPostOffice",
  "thu.xa.uminhthuong@demo.ansinh.vn": "communePostOffice2026",
};

/**
 * The reference data behind the demo registry, each step idempotent: U Minh Thượng's communes
 * (2020 era), An Giang and its communes (from 2025-07-01), the demo facilities and agents, and
 * the post office's collector when that demo account exists. Returns the agents' ids.
 */
export async function seedRegistryReference(db: Db): Promise<Record<DemoAgentKey, number>> {
  await insertAreaRows(db, [
    ...uMinhThuongCommunes2020.map(([code, name, unitType]) => ({
      code,
      name,
      unitType,
      level: "commune" as const,
      parentCode: "913",
      validFrom: DEMO_VALID_FROM,
      validTo: DEMO_VALID_TO,
    })),
    { ...anGiangProvince2025, level: "province" as const, parentCode: null, validFrom: REFORM_VALID_FROM, validTo: null },
    ...anGiangCommunes2025.map(([code, name, unitType]) => ({
      code,
      name,
      unitType,
      level: "commune" as const,
      parentCode: anGiangProvince2025.code,
      validFrom: REFORM_VALID_FROM,
      validTo: null,
    })),
  ]);
  await insertFacilities(db, [
    ...demoFacilities.map((f) => ({ ...f, provinceCode: "91", validFrom: DEMO_VALID_FROM, validTo: DEMO_VALID_TO })),
    ...demoFacilities.map((f) => ({ ...f, provinceCode: "91", validFrom: REFORM_VALID_FROM, validTo: null })),
  ]);
  await db.insert(agents).values(Object.values(demoAgents)).onConflictDoNothing();
  const rows = await db
    .select({ id: agents.id, name: agents.name })
    .from(agents)
    .where(
      and(
        eq(agents.provinceCode, "91"),
        inArray(
          agents.name,
          Object.values(demoAgents).map((a) => a.name),
        ),
      ),
    );
  const ids = Object.fromEntries((Object.keys(demoAgents) as DemoAgentKey[]).map((k) => [k, rows.find((r) => r.name === demoAgents[k].name)!.id])) as Record<
    DemoAgentKey,
    number
  >;
  for (const [email, agent] of Object.entries(DEMO_COLLECTORS)) {
    const [collector] = await db.select({ id: user.id }).from(user).where(eq(user.email, email));
    if (collector) await db.insert(agentCollectors).values({ agentId: ids[agent], userId: collector.id }).onConflictDoNothing();
  }
  return ids;
}
