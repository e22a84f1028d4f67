/**
 * The dashboard's answer cache (./src/answer-cache.ts) on both databases: a repeated question is
 * answered from memory; a write anywhere (here: straight into the tables, as another process or
 * a script would) empties it through the database's `ansinh_figures` notification, and a mutation
 * of this process empties it before its answer; the caller's scope is part of the key; with the
 * LISTEN connection down, nothing is served from it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agents, areas, enrolments, participants, payments, type Db } from "@ansinh/db";
import { normaliseName, periodEnd } from "@ansinh/domain/registry";
import { AnswerCache } from "../src/answer-cache.js";
import { call, drivers, startTestApp, type TestApp } from "./helpers.js";
import { personalIdFor, resetRegistry } from "./registry-list-fixtures.js";

const question = { code: "913", onDate: "2020-12-31", scheme: "voluntary_social_insurance" };

describe.each(drivers)("dashboard answer cache on $name", ({ open }) => {
  let t: TestApp;
  const cache = new AnswerCache();
  let serial = 0;
  let agentId = 0;
  let commune = "";
  const achieved = async (who: keyof TestApp["cookies"] = "admin") => {
    const r = await call(t.app, "dashboard.summary", question, { cookie: t.cookies[who] });
    expect(r.status).toBe(200);
    return (r.body.result!.data as { kpis: { newEnrolments: { achieved: number } } }).kpis.newEnrolments.achieved;
  };
  /** One new voluntary participant in U Minh Thượng in 2020, written straight into the tables. */
  const enrolOne = async () => {
    const db = t.handle.db as Db;
    const name = `Người thử bộ nhớ ${++serial}`;
    const [p] = await db
      .insert(participants)
      .values({
        provinceCode: "91",
        personalId: personalIdFor("1985-01-01", "male", 700 + serial),
        fullName: name,
        nameKey: normaliseName(name),
        birthDate: "1985-01-01",
        gender: "male",
        communeCode: commune,
        communeValidOn: "2020-06-30",
      })
      .returning({ id: participants.id });
    const [e] = await db
      .insert(enrolments)
      .values({
        provinceCode: "91",
        participantId: p!.id,
        scheme: "voluntary_social_insurance",
        kind: "new",
        startDate: "2020-06-01",
        months: 12,
        monthlyIncome: 1_500_000,
        breakdown: { fixture: true },
        ratesEffectiveFrom: "2020-01-01",
        amount: 1,
        communeCode: commune,
        agentId,
        source: "demo",
      })
      .returning({ id: enrolments.id });
    await db.insert(payments).values({
      provinceCode: "91",
      enrolmentId: e!.id,
      participantId: p!.id,
      coverFrom: "2020-06-01",
      months: 12,
      coverTo: periodEnd({ from: "2020-06-01", months: 12 }),
      amount: 1,
      receiptDate: "2020-06-01",
      receiptNumber: `CACHE${serial}`,
      agentId,
    });
  };
  /** Asks until the answer changes (the notification travels over a connection): at most 3 s. */
  const until = async (want: number) => {
    const t0 = Date.now();
    let got = await achieved();
    while (got !== want && Date.now() - t0 < 3000) {
      await new Promise((r) => setTimeout(r, 20));
      got = await achieved();
    }
    return got;
  };

  beforeAll(async () => {
    t = await startTestApp(open, { server: { figuresCache: cache } });
    const db = t.handle.db as Db;
    await resetRegistry(db);
    const [a] = await db
      .insert(agents)
      .values({ name: "Bưu điện bộ nhớ (thử)", kind: "post_office", provinceCode: "91", areaCode: "91", areaValidOn: "2020-06-30" })
      .returning({ id: agents.id });
    agentId = a!.id;
    await db
      .insert(areas)
      .values({ code: "31051", name: "Thạnh Yên", level: "commune", unitType: "Xã", parentCode: "913", validFrom: "2020-01-01", validTo: "2025-06-30" })
      .onConflictDoNothing();
    commune = "31051";
    for (let i = 0; i < 200 && !cache.active; i++) await new Promise((r) => setTimeout(r, 10));
  });
  afterAll(async () => t?.close());

  it("answers a repeated question from memory, and forgets when the registry changes elsewhere", async () => {
    expect(cache.active).toBe(true);
    const before = await achieved();
    const hits = cache.stats.hits;
    expect(await achieved()).toBe(before);
    expect(cache.stats.hits).toBe(hits + 1);
    const clears = cache.stats.clears;
    await enrolOne();
    expect(await until(before + 1)).toBe(before + 1);
    expect(cache.stats.clears).toBeGreaterThan(clears);
  });

  it("keys each answer by the caller's scope, and forgets at once after a mutation of this process", async () => {
    const admin = await achieved("admin");
    const viewer = await achieved("viewer");
    expect(viewer).toBe(admin);
    const misses = cache.stats.misses;
    await achieved("viewer");
    expect(cache.stats.misses).toBe(misses);
    const r = await call(
      t.app,
      "targets.create",
      {
        areaCode: "913",
        scheme: "voluntary_social_insurance",
        measure: "new_participants",
        kind: "plan",
        periodStart: "2020-01-01",
        periodEnd: "2020-12-31",
        value: 12345,
      },
      { cookie: t.cookies.admin, mutation: true },
    );
    expect(r.status).toBe(200);
    // No waiting: the process that saved the plan has already forgotten the old answer.
    const s = await call(t.app, "dashboard.summary", question, { cookie: t.cookies.admin });
    expect((s.body.result!.data as { plan: { value: number } }).plan.value).toBe(12345);
  });

  it("serves nothing from memory while the LISTEN connection is down", async () => {
    cache.setActive(false);
    const hits = cache.stats.hits;
    await achieved();
    await achieved();
    expect(cache.stats.hits).toBe(hits);
    cache.setActive(true);
  });
});
