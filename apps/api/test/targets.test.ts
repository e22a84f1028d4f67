/**
 * Targets over HTTP on both databases: create and edit with the domain's checks, a stale version
 * answering 409 with the other admin's value (nothing overwritten), allocation (sums, minimums,
 * locks, infeasible, weights by population and last year's result), copy of last year's, the
 * mapped view of a 2020 plan on the 2025 communes, scope, and the audit rows.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaMappings, areas, enrolments, insertAreaRows, participants, populations, selectRows, type Db } from "@ansinh/db";
import { normaliseName } from "@ansinh/domain/registry";
import { call, drivers, startTestApp, type TestApp } from "./helpers.js";

type Data = Record<string, unknown>;
const ok = (r: { status: number; body: { result?: { data: unknown }; error?: unknown } }) => {
  if (r.status !== 200) throw new Error(`expected 200, got ${r.status}: ${JSON.stringify(r.body.error)}`);
  return r.body.result!.data as Data;
};
const codeOf = (r: { body: { error?: { data: { code: string } } } }) => r.body.error?.data.code;

const old = { validFrom: "2020-01-01", validTo: "2025-06-30" };
/** Three pre-2025 communes of U Minh Thượng (913), one of Phú Quốc (911); two 2025 communes of An Giang (91). */
async function seedUnits(db: Db) {
  await insertAreaRows(db, [
    { ...old, code: "31012", name: "Thạnh Yên", level: "commune", unitType: "Xã", parentCode: "913" },
    { ...old, code: "31027", name: "An Minh Bắc", level: "commune", unitType: "Xã", parentCode: "913" },
    { ...old, code: "31054", name: "Vĩnh Hòa", level: "commune", unitType: "Xã", parentCode: "913" },
    { ...old, code: "31078", name: "Dương Đông", level: "commune", unitType: "Thị trấn", parentCode: "911" },
    { code: "91", name: "An Giang", level: "province", unitType: "Tỉnh", parentCode: null, validFrom: "2025-07-01", validTo: null },
    { code: "31012", name: "Vĩnh Hòa (2025)", level: "commune", unitType: "Xã", parentCode: "91", validFrom: "2025-07-01", validTo: null },
    { code: "31027", name: "U Minh Thượng (2025)", level: "commune", unitType: "Xã", parentCode: "91", validFrom: "2025-07-01", validTo: null },
    { code: "31078", name: "Phú Quốc (2025)", level: "commune", unitType: "Đặc khu", parentCode: "91", validFrom: "2025-07-01", validTo: null },
  ]);
  const ids = await selectRows<{ id: number; code: string }>(db, sql`select id, code from areas where level = 'commune' and valid_from = '2020-01-01'`);
  const pop: Record<string, [number, number]> = { "31012": [30_000, 20_000], "31027": [20_000, 12_000], "31054": [20_000, 10_000], "31078": [50_000, 30_000] };
  for (const { id, code } of ids) await db.insert(populations).values({ areaId: id, year: 2021, total: pop[code]![0], workingAge: pop[code]![1] });
  await db.insert(areaMappings).values([
    { oldCode: "31012", oldValidOn: "2025-06-30", newCode: "31012", newValidOn: "2025-07-01" },
    { oldCode: "31054", oldValidOn: "2025-06-30", newCode: "31012", newValidOn: "2025-07-01" },
    { oldCode: "31027", oldValidOn: "2025-06-30", newCode: "31027", newValidOn: "2025-07-01", overlap: "partial" },
    { oldCode: "31027", oldValidOn: "2025-06-30", newCode: "31012", newValidOn: "2025-07-01", overlap: "partial" },
    { oldCode: "31078", oldValidOn: "2025-06-30", newCode: "31078", newValidOn: "2025-07-01" },
  ]);
}

/** Enrolments of 2020 (last year for a 2021 plan): 3 in 31012, 1 in 31027 (and one renewal, not counted). */
async function seedLastYear(db: Db) {
  let n = 0;
  const enrol = async (communeCode: string, kind: "new" | "renewal" | "returning", startDate: string) => {
    const [p] = await db
      .insert(participants)
      .values({
        provinceCode: "91",
        personalId: `0912030${String(++n).padStart(5, "0")}`,
        fullName: `Người thử ${n}`,
        nameKey: normaliseName(`Người thử ${n}`),
        birthDate: "1980-01-01",
        gender: "male",
        ethnicity: "Kinh",
        communeCode,
        communeValidOn: "2020-06-30",
      })
      .returning({ id: participants.id });
    await db.insert(enrolments).values({
      provinceCode: "91",
      participantId: p!.id,
      scheme: "voluntary_social_insurance",
      kind,
      startDate,
      months: 12,
      monthlyIncome: 1_500_000,
      breakdown: { fixture: true },
      ratesEffectiveFrom: "2020-01-01",
      amount: 1,
      communeCode,
      source: "demo",
    });
  };
  for (const d of ["2020-02-01", "2020-05-01", "2020-11-01"]) await enrol("31012", "new", d);
  await enrol("31027", "returning", "2020-03-01");
  await enrol("31027", "renewal", "2020-03-01");
  await enrol("31054", "new", "2019-12-01");
}

const plan2021 = {
  areaCode: "913",
  scheme: "voluntary_social_insurance",
  measure: "new_participants",
  kind: "plan",
  periodStart: "2021-01-01",
  periodEnd: "2021-12-31",
  value: 244,
};

describe.each(drivers)("targets on $name", ({ open }) => {
  let t: TestApp;
  let planId = 0;
  beforeAll(async () => {
    t = await startTestApp(open);
    await seedUnits(t.handle.db);
    await seedLastYear(t.handle.db);
  });
  afterAll(async () => t?.close());
  const as = (who: keyof TestApp["cookies"]) => ({ cookie: t.cookies[who] });
  const m = (who: keyof TestApp["cookies"]) => ({ cookie: t.cookies[who], mutation: true });

  it("creates a plan; the domain's rules answer 400 on their fields", async () => {
    const created = ok(await call(t.app, "targets.create", plan2021, m("manager")));
    expect(created).toMatchObject({
      areaCode: "913",
      areaName: "U Minh Thượng",
      value: 244,
      version: 1,
      provinceCode: "91",
      countsKinds: ["new", "returning"],
    });
    planId = created.id as number;
    const dup = await call(t.app, "targets.create", plan2021, m("manager"));
    expect([dup.status, codeOf(dup)]).toEqual([400, "TARGETS.DUPLICATE"]);
    const bad = await call(t.app, "targets.create", { ...plan2021, scheme: "health_insurance", value: 1.5 }, m("manager"));
    expect(bad.status).toBe(400);
    expect((bad.body.error as unknown as { data: { issues: { path: string[] }[] } }).data.issues.map((i) => i.path.join("."))).toEqual(["scheme", "value"]);
    const ms = await call(t.app, "targets.create", { ...plan2021, kind: "milestone", value: 122, share: 0.5, milestoneBy: "2022-06-30" }, m("manager"));
    expect([ms.status, codeOf(ms)]).toEqual([400, "TARGETS.INVALID_INPUT"]);
    ok(await call(t.app, "targets.create", { ...plan2021, kind: "milestone", value: 122, share: 0.5, milestoneBy: "2021-06-30" }, m("manager")));
  });

  it("lists a milestone in whole people against the plan in force, and warns when the children's plans do not add up to it", async () => {
    const plan = { ...plan2021, periodStart: "2023-01-01", periodEnd: "2023-12-31", value: 797 };
    const created = ok(await call(t.app, "targets.create", plan, m("manager")));
    // Stored when the milestone was made: 398.5 (half of 797); it is shown as 399 people.
    ok(await call(t.app, "targets.create", { ...plan, kind: "milestone", value: 398.5, share: 0.5, milestoneBy: "2023-06-30" }, m("manager")));
    for (const [areaCode, value] of [
      ["31012", 400],
      ["31027", 200],
      ["31054", 200],
    ] as const)
      ok(await call(t.app, "targets.create", { ...plan, areaCode, value }, m("manager")));
    type Listed = {
      rows: { kind: string; areaCode: string; value: number; milestone: { required: number; share: number; planValue: number | null } | null }[];
      sumChecks: { targetId: number; plan: number; childrenSum: number; difference: number; children: number }[];
    };
    const list = async () => ok(await call(t.app, "targets.list", { areaCode: "913", year: 2023 }, as("manager"))) as unknown as Listed;
    let l = await list();
    expect(l.rows.find((r) => r.kind === "milestone")!.milestone).toEqual({ share: 0.5, required: 399, planValue: 797 });
    expect(l.sumChecks).toEqual([
      { targetId: created.id, plan: 797, childrenSum: 800, difference: 3, children: 3, scheme: "voluntary_social_insurance", measure: "new_participants" },
    ]);
    // The plan changes: the milestone follows it (not the 398.5 stored), and the sums now agree.
    ok(await call(t.app, "targets.update", { id: created.id, version: created.version, value: 800 }, m("manager")));
    l = await list();
    expect(l.rows.find((r) => r.kind === "milestone")!.milestone).toMatchObject({ required: 400, planValue: 800 });
    expect(l.sumChecks).toEqual([]);
  });

  it("keeps others out: a viewer may read but not write, another district sees nothing", async () => {
    expect(ok(await call(t.app, "targets.get", { id: planId }, as("viewer")))).toMatchObject({ id: planId, mayManage: false });
    const w = await call(t.app, "targets.update", { id: planId, version: 1, value: 1 }, m("viewer"));
    expect(w.status).toBe(403);
    const seen = await call(t.app, "targets.get", { id: planId }, as("otherCollector"));
    expect(seen.status).toBe(404);
    const list = await call(t.app, "targets.list", { areaCode: "913", year: 2021 }, as("otherCollector"));
    expect(list.status).toBe(404);
    const foreign = await call(t.app, "targets.create", { ...plan2021, areaCode: "911" }, m("manager"));
    expect(foreign.status).toBe(404);
    const listed = ok(await call(t.app, "targets.list", { areaCode: "91", year: 2021 }, as("admin")));
    expect((listed.rows as { areaCode: string }[]).map((r) => r.areaCode)).toContain("913");
    const byManager = ok(await call(t.app, "targets.list", { areaCode: "913", year: 2021 }, as("manager")));
    expect(byManager.mayManage).toBe(true);
    expect((byManager.rows as { kind: string }[]).map((r) => r.kind).sort()).toEqual(["milestone", "plan"]);
  });

  it("a second admin editing a stale version gets a 409 naming the saved value; nothing is overwritten", async () => {
    const first = ok(await call(t.app, "targets.update", { id: planId, version: 1, value: 250 }, m("manager")));
    expect(first).toMatchObject({ value: 250, version: 2, updatedByName: "Test manager" });
    const stale = await call(t.app, "targets.update", { id: planId, version: 1, value: 300 }, m("areaAdmin"));
    expect([stale.status, codeOf(stale)]).toEqual([409, "TARGETS.CONFLICT"]);
    const issue = (stale.body.error as unknown as { data: { issues: { path: string[]; vi: string; en: string }[] } }).data.issues[0]!;
    expect(issue.path).toEqual(["version"]);
    expect(issue.en).toMatch(/Test manager.*saved this target at \d\d:\d\d \d\d\/\d\d\/\d{4}: its value is now 250/);
    expect(issue.vi).toContain("giá trị hiện là 250");
    expect(ok(await call(t.app, "targets.get", { id: planId }, as("admin")))).toMatchObject({ value: 250, version: 2 });
    // Reload and reapply: the current version goes through.
    expect(ok(await call(t.app, "targets.update", { id: planId, version: 2, value: 300 }, m("areaAdmin")))).toMatchObject({ value: 300, version: 3 });
    const audit = await selectRows<{ action: string; before: { value: number } | null; after: { value: number } }>(
      t.handle.db,
      sql`select action, before, after from audit_log where entity = 'target' and entity_id = ${String(planId)} order by id`,
    );
    expect(audit.map((a) => [a.action, a.before?.value ?? null, a.after.value])).toEqual([
      ["create", null, 244],
      ["update", 244, 250],
      ["update", 250, 300],
    ]);
    const badEdit = await call(t.app, "targets.update", { id: planId, version: 3, periodEnd: "2020-12-31" }, m("manager"));
    expect([badEdit.status, codeOf(badEdit)]).toEqual([400, "TARGETS.INVALID_INPUT"]);
  });

  it("allocates a plan by population: the values sum to the parent; minimums and locks are honoured", async () => {
    const pv = ok(await call(t.app, "targets.allocatePreview", { parentId: planId, basis: "population" }, as("manager")));
    const rows = pv.rows as { code: string; value: number; basis: string; population: number; weight: number }[];
    expect(rows.map((r) => [r.code, r.population, r.value, r.basis])).toEqual([
      ["31012", 30_000, 128, "weight"],
      ["31027", 20_000, 86, "weight"],
      ["31054", 20_000, 86, "weight"],
    ]);
    expect(pv.sum).toBe(300);
    const withRules = ok(
      await call(
        t.app,
        "targets.allocatePreview",
        {
          parentId: planId,
          basis: "population",
          children: [
            { code: "31054", min: 140 },
            { code: "31012", locked: 50 },
          ],
        },
        as("manager"),
      ),
    );
    expect((withRules.rows as { code: string; value: number; basis: string }[]).map((r) => [r.code, r.value, r.basis])).toEqual([
      ["31012", 50, "locked"],
      ["31027", 110, "weight"],
      ["31054", 140, "minimum"],
    ]);
    const infeasible = await call(
      t.app,
      "targets.allocatePreview",
      {
        parentId: planId,
        basis: "equal",
        children: [
          { code: "31012", locked: 200 },
          { code: "31027", min: 101 },
        ],
      },
      as("manager"),
    );
    expect([infeasible.status, codeOf(infeasible)]).toEqual([400, "TARGETS.ALLOCATION_INFEASIBLE"]);
    expect((infeasible.body.error as unknown as { data: { issues: { en: string }[] } }).data.issues[0]!.en).toContain("The minimums (101) exceed what is left");
    const notChild = await call(t.app, "targets.allocatePreview", { parentId: planId, basis: "equal", children: [{ code: "31078", min: 1 }] }, as("manager"));
    expect([notChild.status, codeOf(notChild)]).toEqual([400, "TARGETS.UNKNOWN_AREA"]);
  });

  it("weighs by last year's result: counted kinds in last year's period, in each child's subtree", async () => {
    const pv = ok(await call(t.app, "targets.allocatePreview", { parentId: planId, basis: "last_year_result" }, as("manager")));
    expect(pv.lastYear).toEqual({ from: "2020-01-01", to: "2020-12-31" });
    expect((pv.rows as { code: string; lastYearResult: number; value: number }[]).map((r) => [r.code, r.lastYearResult, r.value])).toEqual([
      ["31012", 3, 225],
      ["31027", 1, 75],
      ["31054", 0, 0],
    ]);
  });

  it("saves an allocation in one transaction, with parent and basis; a stale child version changes nothing", async () => {
    const children = [
      { code: "31054", min: 140 },
      { code: "31012", locked: 50 },
    ];
    const saved = ok(await call(t.app, "targets.allocateSave", { parentId: planId, parentVersion: 3, basis: "population", children }, m("manager")));
    expect(saved.sum).toBe(300);
    const kids = saved.rows as { id: number; areaCode: string; value: number; parentId: number; allocation: { basis: string; by: string }; version: number }[];
    expect(kids.map((k) => [k.areaCode, k.value, k.parentId, k.allocation.basis, k.allocation.by])).toEqual([
      ["31012", 50, planId, "population", "locked"],
      ["31027", 110, planId, "population", "weight"],
      ["31054", 140, planId, "population", "minimum"],
    ]);
    const [{ n }] = (await selectRows<{ n: number }>(
      t.handle.db,
      sql`select count(*)::int as n from audit_log where action = 'allocate' and entity_id = ${String(planId)}`,
    )) as [{ n: number }];
    expect(n).toBe(1);
    // Again by equal shares, but one child was edited meanwhile by someone else.
    ok(await call(t.app, "targets.update", { id: kids[1]!.id, version: 1, value: 151 }, m("areaAdmin")));
    const stale = await call(
      t.app,
      "targets.allocateSave",
      { parentId: planId, parentVersion: 3, basis: "equal", children: kids.map((k) => ({ code: k.areaCode, version: k.version })) },
      m("manager"),
    );
    expect([stale.status, codeOf(stale)]).toEqual([409, "TARGETS.CONFLICT"]);
    const after = ok(await call(t.app, "targets.list", { areaCode: "913", year: 2021 }, as("manager")));
    const values = (after.rows as { areaCode: string; kind: string; value: number }[]).filter((r) => r.kind === "plan").map((r) => [r.areaCode, r.value]);
    expect(values).toEqual([
      ["913", 300],
      ["31012", 50],
      ["31027", 151],
      ["31054", 140],
    ]);
    const staleParent = await call(t.app, "targets.allocateSave", { parentId: planId, parentVersion: 2, basis: "equal" }, m("manager"));
    expect([staleParent.status, codeOf(staleParent)]).toEqual([409, "TARGETS.CONFLICT"]);
    const equal = ok(await call(t.app, "targets.allocateSave", { parentId: planId, parentVersion: 3, basis: "equal" }, m("manager")));
    expect((equal.rows as { value: number }[]).map((r) => r.value)).toEqual([100, 100, 100]);
  });

  it("copies last year's targets to the next year: preview, then save, skipping those already there", async () => {
    const pv = ok(await call(t.app, "targets.copyFromLastYear", { areaCode: "913", year: 2022 }, m("manager")));
    const rows = pv.rows as {
      from: { areaCode: string; kind: string };
      to: { periodStart: string; periodEnd: string; milestoneBy: string | null; value: number };
      status: string;
    }[];
    expect(pv.saved).toBe(false);
    expect(rows.length).toBe(5);
    const ms = rows.find((r) => r.from.kind === "milestone")!;
    expect(ms.to).toMatchObject({ periodStart: "2022-01-01", periodEnd: "2022-12-31", milestoneBy: "2022-06-30", value: 122 });
    expect(ok(await call(t.app, "targets.list", { areaCode: "913", year: 2022 }, as("manager"))).rows).toEqual([]);
    ok(await call(t.app, "targets.create", { ...plan2021, periodStart: "2022-01-01", periodEnd: "2022-12-31", value: 400 }, m("manager")));
    const saved = ok(await call(t.app, "targets.copyFromLastYear", { areaCode: "913", year: 2022, save: true }, m("manager")));
    expect(saved.created).toBe(4);
    expect((saved.rows as { status: string }[]).filter((r) => r.status === "exists").length).toBe(1);
    const listed = ok(await call(t.app, "targets.list", { areaCode: "913", year: 2022 }, as("manager")));
    expect((listed.rows as { areaCode: string; kind: string; value: number }[]).find((r) => r.areaCode === "913" && r.kind === "plan")!.value).toBe(400);
    const again = ok(await call(t.app, "targets.copyFromLastYear", { areaCode: "913", year: 2022, save: true }, m("manager")));
    expect(again.created).toBe(0);
    const forbidden = await call(t.app, "targets.copyFromLastYear", { areaCode: "913", year: 2022 }, m("viewer"));
    expect(forbidden.status).toBe(403);
  });

  it("shows a 2020 district plan on the 2025 communes through the mapping, with the mapping used", async () => {
    const p2020 = ok(await call(t.app, "targets.create", { ...plan2021, periodStart: "2020-01-01", periodEnd: "2020-12-31", value: 90 }, m("manager")));
    await call(t.app, "targets.allocateSave", { parentId: p2020.id, parentVersion: 1, basis: "equal" }, m("manager"));
    const mapped = ok(await call(t.app, "targets.mapped", { areaCode: "913", year: 2020, scheme: "voluntary_social_insurance" }, as("manager")));
    expect(mapped.era).toEqual({ oldValidOn: "2025-06-30", newValidOn: "2025-07-01" });
    // 31012 (30) and 31054 (30) go whole into the new 31012; 31027 (30) is split, one link each.
    expect(mapped.figures).toEqual([
      { code: "31012", name: "Vĩnh Hòa (2025)", value: 75 },
      { code: "31027", name: "U Minh Thượng (2025)", value: 15 },
    ]);
    expect(mapped.total).toBe(90);
    expect(mapped.splitSources).toEqual(["31027"]);
    expect((mapped.mapping as { oldCode: string; newCode: string; overlap: string }[]).map((r) => `${r.oldCode}>${r.newCode}:${r.overlap}`)).toEqual([
      "31012>31012:full",
      "31027>31012:partial",
      "31027>31027:partial",
      "31054>31012:full",
    ]);
    // A province's plan per district maps through the districts' communes.
    await call(t.app, "targets.create", { ...plan2021, areaCode: "91", periodStart: "2020-01-01", periodEnd: "2020-12-31", value: 1000 }, m("admin"));
    const province = ok(await call(t.app, "targets.mapped", { areaCode: "91", year: 2020, scheme: "voluntary_social_insurance" }, as("admin")));
    expect(province.figures).toEqual([
      { code: "31012", name: "Vĩnh Hòa (2025)", value: 68 },
      { code: "31027", name: "U Minh Thượng (2025)", value: 22 },
    ]);
    expect(province.splitSources).toEqual(["913"]);
    const equal = ok(await call(t.app, "targets.mapped", { areaCode: "91", year: 2020, scheme: "voluntary_social_insurance", split: "equal" }, as("admin")));
    expect((equal.figures as { value: number }[]).map((f) => f.value)).toEqual([45, 45]);
    const outside = await call(t.app, "targets.mapped", { areaCode: "911", year: 2020, scheme: "voluntary_social_insurance" }, as("manager"));
    expect(outside.status).toBe(404);
  });

  it("removes a target with its version; its children keep their values", async () => {
    const before = ok(await call(t.app, "targets.get", { id: planId }, as("manager")));
    const stale = await call(t.app, "targets.remove", { id: planId, version: 1 }, m("manager"));
    expect(stale.status).toBe(409);
    ok(await call(t.app, "targets.remove", { id: planId, version: before.version }, m("manager")));
    expect((await call(t.app, "targets.get", { id: planId }, as("manager"))).status).toBe(404);
    const rows = await selectRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from targets where parent_id = ${planId}`);
    expect(rows[0]!.n).toBe(0);
    const audit = await selectRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from audit_log where entity = 'target' and action = 'delete'`);
    expect(audit[0]!.n).toBe(1);
    void areas;
  });
});
