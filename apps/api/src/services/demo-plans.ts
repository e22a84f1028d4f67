/**
 * The demo's plans and outreach, made of records — targets, campaigns, events and the
 * attribution of the registry's enrolments to them — so that every figure on the dashboard is
 * worked out by the product, not typed in:
 *
 * - Kiên Giang 2020 (the seed article): the mobilisation month ("Tháng vận động triển khai BHXH
 *   toàn dân") with its launch ceremony and the post office's parade; a voluntary plan per district
 *   with U Minh Thượng at 244 (its 366 new participants make 150%), the milestone of 50% of the
 *   plan by 30 June, and the campaign minimum of 50 new voluntary participants per district; the
 *   Women's Union programme in U Minh Thượng: 9 communication sessions, 969 attendances, and the
 *   chapter's 80 voluntary and 463 household enrolments attributed to them.
 * - An Giang 2026 (the post-2025 units): plans for the province allocated to its 102 communes by
 *   population, with illustrative populations and health-insurance figures for the communes.
 *
 * The article gives U Minh Thượng's figures; the other districts' plans, the province totals, the
 * launch ceremony's and the parade's attendances, the sessions' dates and how the 969 attendances
 * split between them, and An Giang's 2025–2026 populations and insured counts are illustrative.
 */
import { and, eq, sql } from "drizzle-orm";
import {
  anGiangCommunes2025,
  appendAudit,
  areaMappings,
  areas,
  campaigns,
  coverageFigures,
  DEMO_VALID_FROM,
  DEMO_VALID_TO,
  demoAgents,
  demoDistricts,
  outreachEvents,
  populations,
  REFORM_VALID_FROM,
  selectRows,
  targets,
  type Db,
} from "@ansinh/db";
import type { Scheme } from "@ansinh/domain/eligibility";
import { allocate } from "@ansinh/domain/targets";
import { prng } from "./demo-registry-data.js";

export const DEMO_PROVINCE = "91";
export const U_MINH_THUONG = "913";

/** The 2020 campaign of the article and the Women's Union programme in U Minh Thượng. */
export const mobilisationMonth = {
  name: "Tháng vận động triển khai BHXH toàn dân năm 2020",
  theme: "Chính sách BHXH – điểm tựa an sinh của người lao động và nhân dân",
  startDate: "2020-10-01",
  endDate: "2020-10-31",
  partners: ["Bưu điện tỉnh Kiên Giang"],
} as const;
export const womensUnionProgramme = {
  name: "Tuyên truyền BHXH tự nguyện, BHYT hộ gia đình cùng Hội LHPN huyện U Minh Thượng năm 2020",
  theme: "BHXH tự nguyện, BHYT hộ gia đình cho cán bộ, hội viên phụ nữ",
  startDate: "2020-01-01",
  endDate: "2020-12-31",
  partners: [demoAgents.womensUnion.name],
} as const;

/** The launch ceremony at the provincial post office and the parade through the streets (attendances illustrative). */
export const launchDay = "2020-10-02";
const launchEvents = [
  { type: "launch_ceremony" as const, title: "Lễ ra quân hưởng ứng Tháng vận động triển khai BHXH toàn dân", attendances: 150 },
  { type: "parade" as const, title: "Nhân viên Bưu điện diễu hành tuyên truyền trên đường phố", attendances: 120 },
];

/** The 9 sessions with the Women's Union (the article: 9 sessions, 969 attendances). Dates and the split are illustrative. */
export const womensUnionSessions: readonly { date: string; attendances: number }[] = [
  { date: "2020-01-09", attendances: 98 },
  { date: "2020-02-13", attendances: 112 },
  { date: "2020-03-12", attendances: 105 },
  { date: "2020-04-09", attendances: 120 },
  { date: "2020-05-14", attendances: 96 },
  { date: "2020-06-11", attendances: 131 },
  { date: "2020-07-09", attendances: 104 },
  { date: "2020-08-13", attendances: 95 },
  { date: "2020-10-08", attendances: 108 },
];

export const PLAN_2020 = { start: "2020-01-01", end: "2020-12-31" } as const;
/** The article's plan for U Minh Thượng: 366 / 244 = 150%. */
export const U_MINH_THUONG_VOLUNTARY_PLAN = 244;
/** Illustrative: the province's 2020 voluntary plan, and its household plan with U Minh Thượng's share. */
const provinceVoluntaryPlan2020 = 6_300;
const provinceHouseholdPlan2020 = 9_000;
const uMinhThuongHouseholdPlan2020 = 420;
export const CAMPAIGN_MINIMUM_PER_DISTRICT = 50;
export const MILESTONE = { share: 0.5, by: "2020-06-30" } as const;

export const PLAN_2026 = { start: "2026-01-01", end: "2026-12-31" } as const;
const provinceVoluntaryPlan2026 = 3_060;
const provinceHouseholdPlan2026 = 5_100;
/** Illustrative 2025 population of the new An Giang (≈ 4.95 million), spread over its communes. */
const anGiangPopulation2025 = 4_952_000;
export const AN_GIANG_FIGURES_DATES = ["2025-12-31", "2026-09-30"] as const;

/** The 2020 communes of U Minh Thượng and the 2025 communes that took them in (the shared mapping-2024-to-2025.csv). */
export const uMinhThuongMapping: readonly [string, string][] = [
  ["31012", "31012"],
  ["31015", "31012"],
  ["31027", "31027"],
  ["31054", "31012"],
  ["31057", "31012"],
  ["31066", "31027"],
];

export interface DemoPlansResult {
  seeded: boolean;
  attributed: number;
}

type TargetRow = typeof targets.$inferInsert;

/**
 * Seeds the demo's plans and outreach once (after the registry); a second call changes nothing.
 * "Once" is known by the seed's own audit row (written in the seed's transaction), not by a name
 * a user may change: a renamed demo campaign never makes the next start seed again.
 */
export async function seedDemoPlans(db: Db): Promise<DemoPlansResult> {
  const [seededBefore] = await selectRows<{ one: number }>(db, sql`select 1 as one from audit_log where action = 'seed' and entity = 'demo_plans' limit 1`);
  const [existing] = seededBefore ? [seededBefore] : await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.name, mobilisationMonth.name));
  if (existing) return { seeded: false, attributed: 0 };
  return db.transaction(async (tx) => {
    await tx
      .insert(areaMappings)
      .values(
        uMinhThuongMapping.map(([oldCode, newCode]) => ({
          oldCode,
          oldValidOn: DEMO_VALID_TO,
          newCode,
          newValidOn: REFORM_VALID_FROM,
          overlap: "full" as const,
        })),
      )
      .onConflictDoNothing();
    // the 2020 people still paying count on the 2025 communes that took over theirs
    await tx.execute(sql`select ansinh_rebuild_coverage()`);

    const [month] = await tx
      .insert(campaigns)
      .values({
        ...mobilisationMonth,
        partners: [...mobilisationMonth.partners],
        provinceCode: DEMO_PROVINCE,
        areaCodes: [DEMO_PROVINCE],
        areasValidOn: mobilisationMonth.startDate,
      })
      .returning({ id: campaigns.id });
    await tx.insert(outreachEvents).values(
      launchEvents.map((e) => ({
        ...e,
        campaignId: month!.id,
        provinceCode: DEMO_PROVINCE,
        eventDate: launchDay,
        areaCode: DEMO_PROVINCE,
        organiser: "BHXH tỉnh Kiên Giang",
        partner: "Bưu điện tỉnh Kiên Giang",
      })),
    );
    const [programme] = await tx
      .insert(campaigns)
      .values({
        ...womensUnionProgramme,
        partners: [...womensUnionProgramme.partners],
        provinceCode: DEMO_PROVINCE,
        areaCodes: [U_MINH_THUONG],
        areasValidOn: womensUnionProgramme.startDate,
      })
      .returning({ id: campaigns.id });
    const sessions = await tx
      .insert(outreachEvents)
      .values(
        womensUnionSessions.map((s, i) => ({
          campaignId: programme!.id,
          provinceCode: DEMO_PROVINCE,
          type: "communication_session" as const,
          title: `Buổi tuyên truyền chính sách BHXH, BHYT số ${i + 1}`,
          eventDate: s.date,
          areaCode: U_MINH_THUONG,
          organiser: "BHXH huyện U Minh Thượng",
          partner: demoAgents.womensUnion.name,
          attendances: s.attendances,
        })),
      )
      .returning({ id: outreachEvents.id, eventDate: outreachEvents.eventDate });

    // Each of the chapter's 2020 enrolments goes to the latest session on or before its receipt.
    const attributed = await selectRows<{ n: number }>(
      tx,
      sql`with wu as (
            select e.id, min(p.receipt_date) as signed
            from enrolments e
            join agents a on a.id = e.agent_id and a.name = ${demoAgents.womensUnion.name} and a.province_code = ${DEMO_PROVINCE}
            join payments p on p.enrolment_id = e.id
            where e.outreach_event_id is null
            group by e.id
            having min(p.receipt_date) between '2020-01-01' and '2020-12-31'
          ),
          pick as (
            select wu.id, (select ev.id from outreach_events ev
                           where ev.campaign_id = ${programme!.id} and ev.event_date <= wu.signed
                           order by ev.event_date desc limit 1) as event_id
            from wu
          ),
          upd as (
            update enrolments e set outreach_event_id = pick.event_id, campaign_id = ${programme!.id}
            from pick where e.id = pick.id and pick.event_id is not null
            returning 1
          )
          select count(*)::int as n from upd`,
    );

    await seedTargets2020(tx, month!.id);
    await seedAnGiang2026(tx);
    const n = attributed[0]?.n ?? 0;
    await appendAudit(tx, {
      actorId: null,
      actorEmail: null,
      action: "seed",
      entity: "demo_plans",
      entityId: "Kiên Giang 2020, An Giang 2026",
      before: null,
      after: { campaigns: 2, events: sessions.length + launchEvents.length, attributed: n },
    });
    return { seeded: true, attributed: n };
  });
}

function base(row: Omit<TargetRow, "provinceCode">): TargetRow {
  return { provinceCode: DEMO_PROVINCE, ...row };
}

/** A plan for the province, its allocation to the children (with locked values), and the milestone of each. */
async function planWithAllocation(
  tx: Db,
  o: {
    scheme: Scheme;
    province: { code: string; validOn: string };
    total: number;
    children: { code: string; weight: number; locked?: number }[];
    period: { start: string; end: string };
    basis: "population";
    milestone: { share: number; by: string } | null;
  },
): Promise<Map<string, number>> {
  const common = {
    scheme: o.scheme,
    measure: "new_participants" as const,
    periodStart: o.period.start,
    periodEnd: o.period.end,
    areaValidOn: o.province.validOn,
  };
  const [parent] = await tx
    .insert(targets)
    .values(base({ ...common, areaCode: o.province.code, kind: "plan", value: o.total }))
    .returning({ id: targets.id });
  const parts = allocate({
    total: o.total,
    children: o.children.map((c) => ({ key: c.code, weight: c.weight, ...(c.locked !== undefined ? { locked: c.locked } : {}) })),
  });
  const values = new Map(parts.map((p) => [p.key, p.value]));
  await tx.insert(targets).values(
    parts.map((p) =>
      base({
        ...common,
        areaCode: p.key,
        kind: "plan",
        value: p.value,
        parentId: parent!.id,
        allocation: { basis: p.basis === "weight" ? o.basis : p.basis, weight: o.children.find((c) => c.code === p.key)!.weight, from: o.total },
      }),
    ),
  );
  if (o.milestone) {
    const m = o.milestone;
    await tx
      .insert(targets)
      .values(
        [[o.province.code, o.total] as const, ...parts.map((p) => [p.key, p.value] as const)].map(([code, plan]) =>
          base({ ...common, areaCode: code, kind: "milestone", value: Number((m.share * plan).toFixed(2)), share: m.share, milestoneBy: m.by }),
        ),
      );
  }
  return values;
}

async function seedTargets2020(tx: Db, campaignId: number): Promise<void> {
  const province = { code: DEMO_PROVINCE, validOn: DEMO_VALID_FROM };
  const children = (uMinhThuong: number) =>
    demoDistricts.map((d) => ({ code: d.code, weight: d.population, ...(d.code === U_MINH_THUONG ? { locked: uMinhThuong } : {}) }));
  await planWithAllocation(tx, {
    scheme: "voluntary_social_insurance",
    province,
    total: provinceVoluntaryPlan2020,
    children: children(U_MINH_THUONG_VOLUNTARY_PLAN),
    period: PLAN_2020,
    basis: "population",
    milestone: MILESTONE,
  });
  await planWithAllocation(tx, {
    scheme: "household_health_insurance",
    province,
    total: provinceHouseholdPlan2020,
    children: children(uMinhThuongHouseholdPlan2020),
    period: PLAN_2020,
    basis: "population",
    milestone: MILESTONE,
  });
  // "At least 50 new voluntary participants per district during and after the launch."
  await tx.insert(targets).values(
    demoDistricts.map((d) =>
      base({
        areaCode: d.code,
        areaValidOn: DEMO_VALID_FROM,
        scheme: "voluntary_social_insurance",
        measure: "new_participants",
        kind: "minimum",
        periodStart: launchDay,
        periodEnd: PLAN_2020.end,
        value: CAMPAIGN_MINIMUM_PER_DISTRICT,
        campaignId,
      }),
    ),
  );
}

/** Illustrative populations for An Giang's communes (deterministic), summing to the province's. */
export function anGiangCommunePopulations(): Map<string, number> {
  const rnd = prng(2025);
  const weights = anGiangCommunes2025.map(([, , unitType]) => (unitType === "Phường" ? 1.6 : unitType === "Đặc khu" ? 1.2 : 1) * (0.6 + rnd() * 0.8));
  const parts = allocate({
    total: anGiangPopulation2025,
    children: anGiangCommunes2025.map(([code], i) => ({ key: code, weight: Math.round(weights[i]! * 1000) })),
  });
  return new Map(parts.map((p) => [p.key, p.value]));
}

const insuredGroups2026: [string, number][] = [
  ["employees", 170],
  ["pensioners_and_allowances", 70],
  ["poor_near_poor_ethnic", 200],
  ["children_under_6", 110],
  ["students", 140],
  ["household", 270],
  ["other", 40],
];

async function seedAnGiang2026(tx: Db): Promise<void> {
  const pops = anGiangCommunePopulations();
  const ids = new Map(
    (
      await tx
        .select({ id: areas.id, code: areas.code })
        .from(areas)
        .where(and(eq(areas.validFrom, REFORM_VALID_FROM)))
    ).map((r) => [r.code, r.id]),
  );
  const rnd = prng(2026);
  const popRows: (typeof populations.$inferInsert)[] = [];
  const figureRows: (typeof coverageFigures.$inferInsert)[] = [];
  for (const [code, total] of pops) {
    const areaId = ids.get(code);
    if (areaId === undefined) continue;
    popRows.push({ areaId, year: 2025, total, workingAge: Math.round(total * 0.66) });
    // Health-insurance coverage 90–96%, a little higher at the later report.
    const permille = 900 + Math.floor(rnd() * 55);
    AN_GIANG_FIGURES_DATES.forEach((asOf, k) => {
      const insured = Math.round((total * (permille + k * 6)) / 1000);
      let left = insured;
      insuredGroups2026.forEach(([insuredGroup, share], i) => {
        const count = i === insuredGroups2026.length - 1 ? left : Math.round((insured * share) / 1000);
        left -= count;
        figureRows.push({ areaId, asOf, scheme: "health_insurance", insuredGroup, insuredCount: count });
      });
    });
  }
  await tx.insert(populations).values(popRows).onConflictDoNothing();
  for (let i = 0; i < figureRows.length; i += 500)
    await tx
      .insert(coverageFigures)
      .values(figureRows.slice(i, i + 500))
      .onConflictDoNothing();

  const province = { code: DEMO_PROVINCE, validOn: PLAN_2026.start };
  const communes = [...pops].map(([code, population]) => ({ code, weight: population }));
  await planWithAllocation(tx, {
    scheme: "voluntary_social_insurance",
    province,
    total: provinceVoluntaryPlan2026,
    children: communes,
    period: PLAN_2026,
    basis: "population",
    milestone: { share: 0.5, by: "2026-06-30" },
  });
  await planWithAllocation(tx, {
    scheme: "household_health_insurance",
    province,
    total: provinceHouseholdPlan2026,
    children: communes,
    period: PLAN_2026,
    basis: "population",
    milestone: { share: 0.5, by: "2026-06-30" },
  });
}
