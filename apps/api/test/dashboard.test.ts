/**
 * The progress dashboard through tRPC over HTTP, on both databases: figures exact against a
 * hand-computed fixture (a plan, enrolments of each kind, attribution to events, the demo's
 * coverage figures), scope, the XLSX report, and areas.coverage's answers on the subtree query.
 */
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agents, areas, campaigns, enrolments, outreachEvents, participants, payments, targets, type Db } from "@ansinh/db";
import type { Scheme } from "@ansinh/domain/eligibility";
import { normaliseName, periodEnd } from "@ansinh/domain/registry";
import { call, drivers, startTestApp, type TestApp } from "./helpers.js";
import { personalIdFor, resetRegistry } from "./registry-list-fixtures.js";

/**
 * On 31/12/2020, voluntary scheme, counting new + returning over 2020:
 *  913 U Minh Thượng: A new 01/03 (31051, active), B returning 01/10 (31051, lapsed since 01/11,
 *  attributed to event 2), C renewal 01/11 (31054, active, not counted), D new 01/01/2021 (after
 *  the date), E new 01/05 cancelled, F new 01/12/2019 (31054, lapsed, before the period);
 *  G household new 15/10 (31051, attributed to event 1).
 *  911 Phú Quốc: H new 01/07 (30874, active).
 *  → 913: 2 achieved of a plan of 4 (50%), active 2, lapsed 2; 31051: 2 of 3; 31054: 0, no plan.
 *  → 91: 3 achieved of 500; 911: 1 of 1 (100%, rank 1), 913 rank 2.
 *  Events in 913's subtree in 2020: 100 + 50 attendances (event 3 is in 911, event 0 in 2019).
 */
async function seedDashboardFixtures(db: Db) {
  await resetRegistry(db);
  await db.execute(sql`truncate targets restart identity cascade`);
  await db
    .insert(areas)
    .values(
      [
        ["31051", "Thạnh Yên", "913"],
        ["31054", "An Minh Bắc", "913"],
        ["30874", "Dương Tơ", "911"],
      ].map(([code, name, parentCode]) => ({
        code: code!,
        name: name!,
        level: "commune" as const,
        unitType: "Xã",
        parentCode: parentCode!,
        validFrom: "2020-01-01",
        validTo: "2025-06-30",
      })),
    )
    .onConflictDoNothing();
  const [agent] = await db
    .insert(agents)
    .values({ name: "Bưu điện thử", kind: "post_office", provinceCode: "91", areaCode: "91", areaValidOn: "2020-06-30" })
    .returning({ id: agents.id });
  const [campaign] = await db
    .insert(campaigns)
    .values({ name: "Tháng vận động (thử)", provinceCode: "91", startDate: "2020-10-01", endDate: "2020-10-31", areaCodes: ["91"], areasValidOn: "2020-10-01" })
    .returning({ id: campaigns.id });
  const event = async (areaCode: string, eventDate: string, attendances: number) =>
    (
      await db
        .insert(outreachEvents)
        .values({
          campaignId: campaign!.id,
          provinceCode: "91",
          type: "communication_session",
          title: "Buổi tuyên truyền (thử)",
          eventDate,
          areaCode,
          attendances,
        })
        .returning({ id: outreachEvents.id })
    )[0]!.id;
  await event("913", "2019-11-01", 999);
  const e1 = await event("913", "2020-10-01", 100);
  const e2 = await event("31051", "2020-10-05", 50);
  await event("911", "2020-10-07", 30);

  let serial = 500;
  let receipt = 0;
  const enrol = async (
    commune: string,
    scheme: Scheme,
    kind: "new" | "renewal" | "returning",
    from: string,
    months: number,
    extra: { cancelled?: boolean; eventId?: number; amount?: number } = {},
  ) => {
    const name = `Người thử ${serial}`;
    const [p] = await db
      .insert(participants)
      .values({
        provinceCode: "91",
        personalId: personalIdFor("1980-01-01", "female", ++serial),
        fullName: name,
        nameKey: normaliseName(name),
        birthDate: "1980-01-01",
        gender: "female",
        communeCode: commune,
        communeValidOn: "2020-06-30",
      })
      .returning({ id: participants.id });
    const amount = extra.amount ?? 1_000_000;
    const [e] = await db
      .insert(enrolments)
      .values({
        provinceCode: "91",
        participantId: p!.id,
        scheme,
        kind,
        startDate: from,
        months,
        monthlyIncome: scheme === "voluntary_social_insurance" ? 1_500_000 : null,
        householdRank: scheme === "household_health_insurance" ? 1 : null,
        breakdown: { fixture: true },
        ratesEffectiveFrom: "2020-01-01",
        amount,
        communeCode: commune,
        agentId: agent!.id,
        campaignId: extra.eventId ? campaign!.id : null,
        outreachEventId: extra.eventId ?? null,
        status: extra.cancelled ? "cancelled" : "active",
        source: "demo",
      })
      .returning({ id: enrolments.id });
    await db.insert(payments).values({
      provinceCode: "91",
      enrolmentId: e!.id,
      participantId: p!.id,
      coverFrom: from,
      months,
      coverTo: periodEnd({ from, months }),
      amount,
      receiptDate: from,
      receiptNumber: `DB${String(++receipt).padStart(6, "0")}`,
      agentId: agent!.id,
    });
  };
  const V = "voluntary_social_insurance" as const;
  await enrol("31051", V, "new", "2020-03-01", 12, { amount: 2_000_000 }); // A
  await enrol("31051", V, "returning", "2020-10-01", 1, { eventId: e2, amount: 300_000 }); // B
  await enrol("31054", V, "renewal", "2020-11-01", 3); // C
  await enrol("31054", V, "new", "2021-01-01", 12); // D
  await enrol("31051", V, "new", "2020-05-01", 12, { cancelled: true }); // E
  await enrol("31054", V, "new", "2019-12-01", 1); // F
  await enrol("31051", "household_health_insurance", "new", "2020-10-15", 12, { eventId: e1 }); // G
  await enrol("30874", V, "new", "2020-07-01", 12, { amount: 1_500_000 }); // H

  const target = (areaCode: string, kind: "plan" | "minimum" | "milestone", value: number, extra: Partial<typeof targets.$inferInsert> = {}) => ({
    provinceCode: "91",
    areaCode,
    areaValidOn: "2020-01-01",
    scheme: V,
    measure: "new_participants" as const,
    kind,
    periodStart: "2020-01-01",
    periodEnd: "2020-12-31",
    value,
    ...extra,
  });
  await db.insert(targets).values([
    target("91", "plan", 500),
    target("913", "plan", 4),
    target("911", "plan", 1),
    target("31051", "plan", 3),
    target("913", "minimum", 1, { periodStart: "2020-10-01", periodEnd: "2020-10-31", campaignId: campaign!.id }),
    target("913", "milestone", 2, { share: 0.5, milestoneBy: "2020-06-30" }),
    // another scheme and another measure: not this dashboard's
    target("913", "plan", 999, { scheme: "household_health_insurance" }),
    target("913", "plan", 98, { measure: "coverage_percent" }),
  ]);
}

interface Child {
  code: string;
  name: string;
  rank: number | null;
  achieved: number;
  amount: number;
  active: number;
  lapsed: number;
  hasChildren: boolean;
  progress: { target: number; percent: number | null; status: string; expectedToDate: number } | null;
  minimum: { target: number; achieved: number; status: string } | null;
  milestone: { required: number; achieved: number; reached: boolean; missed: boolean } | null;
  coverage: { known: boolean; percent: number | null; insured: number | null; population: number | null };
}
interface Summary {
  area: { code: string; name: string };
  path: { code: string; name: string }[];
  plan: { source: string; period: { start: string; end: string }; value: number | null };
  kpis: {
    newEnrolments: { achieved: number; target: number | null; percent: number | null; status: string | null };
    expectedToDate: number | null;
    active: number;
    lapsed: number;
    amount: number;
    healthCoverage: { percent: number | null; goal: { percent: number } | null; reached: boolean | null };
  };
  children: Child[];
  series: { step: string; points: { date: string; achieved: number | null; expected: number }[] };
  funnel: {
    events: number;
    attendances: number;
    voluntary: { enrolments: number; percent: number | null };
    household: { enrolments: number; percent: number | null };
  };
}

describe.each(drivers)("dashboard API on $name", ({ open }) => {
  let t: TestApp;
  const summary = async (input: unknown, who: keyof TestApp["cookies"] = "admin") => {
    const r = await call(t.app, "dashboard.summary", input, { cookie: t.cookies[who] });
    return { status: r.status, data: r.body.result?.data as Summary | undefined, error: r.body.error };
  };
  beforeAll(async () => {
    t = await startTestApp(open);
    await seedDashboardFixtures(t.handle.db as Db);
  });
  afterAll(async () => t?.close());

  it("gives U Minh Thượng's figures on 31/12/2020, exact", async () => {
    const { status, data } = await summary({ code: "913", onDate: "2020-12-31", scheme: "voluntary_social_insurance" });
    expect(status).toBe(200);
    const s = data!;
    expect(s.area).toMatchObject({ code: "913", name: "U Minh Thượng" });
    expect(s.path).toEqual([{ code: "91", name: "Kiên Giang", level: "province", unitType: "Tỉnh" }]);
    expect(s.plan).toMatchObject({ source: "own", value: 4, period: { start: "2020-01-01", end: "2020-12-31" } });
    expect(s.kpis.newEnrolments).toEqual({ achieved: 2, target: 4, percent: 50, status: "behind" });
    expect(s.kpis.expectedToDate).toBe(4);
    expect([s.kpis.active, s.kpis.lapsed, s.kpis.amount]).toEqual([2, 2, 2_300_000]);
    // the demo's report: 61,600 insured of 70,000 → 88%, against 2020's 90.7% goal
    expect(s.kpis.healthCoverage).toMatchObject({ percent: 88, goal: { percent: 90.7 }, reached: false });
    const [thanhYen, anMinh] = s.children;
    expect(thanhYen).toMatchObject({
      code: "31051",
      rank: 1,
      achieved: 2,
      active: 1,
      lapsed: 1,
      hasChildren: false,
      progress: { target: 3, percent: 66.67, status: "behind" },
    });
    expect(anMinh).toMatchObject({ code: "31054", rank: null, achieved: 0, active: 1, lapsed: 1, progress: null, minimum: null });
    // the communes report no figures of their own: unknown, not 0%
    expect(thanhYen!.coverage).toMatchObject({ known: false, percent: null });
    expect(s.funnel).toMatchObject({ events: 2, attendances: 150, voluntary: { enrolments: 1, percent: 0.67 }, household: { enrolments: 1, percent: 0.67 } });
    expect(s.series.step).toBe("month");
    expect(s.series.points.find((p) => p.date === "2020-02-29")).toMatchObject({ achieved: 0 });
    expect(s.series.points.find((p) => p.date === "2020-03-31")).toMatchObject({ achieved: 1 });
    expect(s.series.points.at(-1)).toEqual({ date: "2020-12-31", achieved: 2, expected: 4 });
  });

  it("ranks Kiên Giang's districts, with minimum and milestone per district", async () => {
    const { data } = await summary({ code: "91", onDate: "2020-12-31", scheme: "voluntary_social_insurance" });
    const s = data!;
    expect(s.path).toEqual([]);
    expect(s.kpis.newEnrolments).toMatchObject({ achieved: 3, target: 500, percent: 0.6 });
    expect(s.children).toHaveLength(15);
    expect(s.children.slice(0, 2).map((c) => [c.code, c.rank, c.progress?.percent, c.progress?.status])).toEqual([
      ["911", 1, 100, "achieved"],
      ["913", 2, 50, "behind"],
    ]);
    const umt = s.children.find((c) => c.code === "913")!;
    expect(umt.minimum).toMatchObject({ target: 1, achieved: 1, status: "achieved" });
    expect(umt.milestone).toMatchObject({ required: 2, achieved: 1, reached: false, missed: true });
    expect(umt.hasChildren).toBe(true);
    expect(umt.coverage).toMatchObject({ known: true, percent: 88, insured: 61_600, population: 70_000 });
    expect(s.children.slice(2).every((c) => c.rank === null && c.progress === null)).toBe(true);
    // coverage rolled up by summing numerators and denominators
    const covered = s.children.filter((c) => c.coverage.known);
    const insured = covered.reduce((n, c) => n + c.coverage.insured!, 0);
    const population = covered.reduce((n, c) => n + c.coverage.population!, 0);
    expect(s.kpis.healthCoverage.percent).toBe(Math.round((insured / population) * 10_000) / 100);
    expect(s.funnel).toMatchObject({ events: 3, attendances: 180 });
  });

  it("counts the household scheme on its own", async () => {
    const { data } = await summary({ code: "913", onDate: "2020-12-31", scheme: "household_health_insurance" });
    expect(data!.plan).toMatchObject({ source: "own", value: 999 });
    expect(data!.kpis.newEnrolments).toMatchObject({ achieved: 1, target: 999 });
    expect([data!.kpis.active, data!.kpis.lapsed]).toEqual([1, 0]);
  });

  it("sees the date: on 30/06/2020 only A counts, and nothing is lapsed yet but F", async () => {
    const { data } = await summary({ code: "913", onDate: "2020-06-30", scheme: "voluntary_social_insurance" });
    expect(data!.kpis.newEnrolments.achieved).toBe(1);
    expect(data!.kpis.expectedToDate).toBe(Math.round(((4 * 182) / 366) * 100) / 100);
    expect([data!.kpis.active, data!.kpis.lapsed]).toEqual([1, 1]);
    expect(data!.funnel.attendances).toBe(0);
  });

  it("keeps a scoped caller inside its areas: out of scope is not found", async () => {
    const mine = await summary({ code: "913", onDate: "2020-12-31", scheme: "voluntary_social_insurance" }, "manager");
    expect(mine.status).toBe(200);
    expect(mine.data!.path).toEqual([]);
    const below = await summary({ code: "31051", onDate: "2020-12-31", scheme: "voluntary_social_insurance" }, "viewer");
    expect(below.status).toBe(200);
    expect(below.data!.path.map((p) => p.code)).toEqual(["913"]);
    for (const code of ["911", "91", "30874"]) {
      const other = await summary({ code, onDate: "2020-12-31", scheme: "voluntary_social_insurance" }, "manager");
      expect(other.status).toBe(404);
      expect(other.error!.data.code).toBe("AREAS.NOT_FOUND");
    }
    const unknown = await summary({ code: "913", onDate: "2026-01-01", scheme: "voluntary_social_insurance" });
    expect(unknown.status).toBe(404);
  });

  it("refuses bad input with a 400", async () => {
    for (const input of [
      { code: "913", onDate: "2020-12-31", scheme: "health_insurance" },
      { code: "9x", onDate: "2020-12-31", scheme: "voluntary_social_insurance" },
      { code: "913" },
    ]) {
      const r = await summary(input);
      expect(r.status).toBe(400);
    }
  });

  it("opens on the caller's first area, or on the nearest date when it is in force", async () => {
    const admin = await call(t.app, "dashboard.defaultArea", { onDate: "2020-12-31" }, { cookie: t.cookies.admin });
    expect(admin.body.result!.data).toMatchObject({ code: "91", name: "Kiên Giang", onDate: "2020-12-31", reason: "own" });
    const later = await call(t.app, "dashboard.defaultArea", { onDate: "2026-01-01" }, { cookie: t.cookies.manager });
    // no mapping in these fixtures: the district's territory does not reach 2026, so its last day
    expect(later.body.result!.data).toMatchObject({ code: "913", name: "U Minh Thượng", onDate: "2025-06-30", reason: "nearest" });
  });

  it("downloads the progress report as a formatted XLSX", async () => {
    const input = { code: "913", onDate: "2020-12-31", scheme: "voluntary_social_insurance" };
    const res = await t.app.inject({
      method: "GET",
      url: `/trpc/export/progress-report?input=${encodeURIComponent(JSON.stringify(input))}`,
      headers: { cookie: t.cookies.admin, origin: "http://127.0.0.1:3000" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["content-disposition"]).toContain("bao-cao-tien-do-913-2020-12-31.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(String(sheet.getCell("A1").value)).toContain("BHXH TỰ NGUYỆN");
    expect(sheet.getRow(4).values).toEqual(expect.arrayContaining(["Địa bàn", "Kế hoạch giao", "Đã đạt", "Tỷ lệ hoàn thành", "Số tiền thu (đồng)"]));
    expect([sheet.getCell("B5").value, sheet.getCell("D5").value, sheet.getCell("E5").value, sheet.getCell("F5").value]).toEqual(["Thạnh Yên", 3, 2, 0.6667]);
    expect(sheet.getCell("F5").numFmt).toBe("0.00%");
    expect(sheet.getCell("L5").value).toBe(2_300_000);
    expect(sheet.getCell("L5").numFmt).toBe("#,##0");
    // the totals row
    expect([sheet.getCell("B7").value, sheet.getCell("D7").value, sheet.getCell("E7").value, sheet.getCell("F7").value, sheet.getCell("M7").value]).toEqual([
      "Tổng cộng",
      4,
      2,
      0.5,
      0.88,
    ]);
    expect(sheet.getCell("B7").font?.bold).toBe(true);
    const outside = await t.app.inject({
      method: "GET",
      url: `/trpc/export/progress-report?input=${encodeURIComponent(JSON.stringify({ ...input, code: "911" }))}`,
      headers: { cookie: t.cookies.manager, origin: "http://127.0.0.1:3000" },
    });
    expect(outside.statusCode).toBe(404);
    const bad = await t.app.inject({ method: "GET", url: `/trpc/export/progress-report?input=%7Bnope`, headers: { cookie: t.cookies.admin } });
    expect(bad.statusCode).toBe(400);
  });

  it("answers areas.coverage on the subtree exactly as before", async () => {
    const r = await call(t.app, "areas.coverage", { code: "913", onDate: "2020-12-31" }, { cookie: t.cookies.admin });
    expect(r.body.result!.data).toMatchObject({
      path: [{ code: "91", name: "Kiên Giang" }],
      area: { code: "913", coverage: { known: true, percent: 88, insured: 61_600, population: 70_000, missing: 0 }, reportedOn: expect.any(String) },
      children: [
        { code: "31051", coverage: { known: false, missing: 1 }, reportedOn: null },
        { code: "31054", coverage: { known: false, missing: 1 }, reportedOn: null },
      ],
    });
    const scoped = await call(t.app, "areas.coverage", { code: "31051", onDate: "2020-12-31" }, { cookie: t.cookies.manager });
    expect(scoped.body.result!.data).toMatchObject({ path: [{ code: "913", name: "U Minh Thượng" }], children: [] });
    const outside = await call(t.app, "areas.coverage", { code: "30874", onDate: "2020-12-31" }, { cookie: t.cookies.manager });
    expect(outside.status).toBe(404);
  });

  it("counts a record in the unit version in force on its date: 2020 records under code 31051 are not the 2025 commune 31051's", async () => {
    const db = t.handle.db as Db;
    await db
      .insert(areas)
      .values([
        { code: "91", name: "An Giang", level: "province" as const, unitType: "Tỉnh", parentCode: null, validFrom: "2025-07-01", validTo: null },
        { code: "31051", name: "Xã mới (thử)", level: "commune" as const, unitType: "Xã", parentCode: "91", validFrom: "2025-07-01", validTo: null },
      ])
      .onConflictDoNothing();
    const { status, data } = await summary({ code: "91", onDate: "2026-06-30", scheme: "voluntary_social_insurance" });
    expect(status).toBe(200);
    const child = data!.children.find((c) => c.code === "31051");
    expect(child).toMatchObject({ achieved: 0, active: 0, lapsed: 0 });
    expect(data!.kpis).toMatchObject({ active: 0, lapsed: 0 });
    expect(data!.funnel).toMatchObject({ events: 0, attendances: 0 });
  });
});
