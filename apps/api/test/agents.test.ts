import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrolments, insertAreaRows, participants, payments, selectRows } from "@ansinh/db";
import type { Scheme } from "@ansinh/domain/eligibility";
import { importFacilities } from "../src/services/import-facilities.js";
import { call, drivers, startTestApp, type TestApp } from "./helpers.js";

interface AgentView {
  id: number;
  name: string;
  kind: string;
  provinceCode: string;
  areaCode: string;
  active: boolean;
  version: number;
  collectors: number;
}
const data = <T>(r: { body: { result?: { data: unknown } } }) => r.body.result!.data as T;
const codeOf = (r: { body: { error?: { data: { code: string } } } }) => r.body.error?.data.code;

describe.each(drivers)("agents on $name", ({ open }) => {
  let t: TestApp;
  let umt: AgentView;
  let pq: AgentView;
  const auditCount = async (action: string) =>
    (await selectRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from audit_log where entity = 'agent' and action = ${action}`))[0]!.n;

  beforeAll(async () => {
    t = await startTestApp(open);
  });
  afterAll(async () => t?.close());

  it("creates agents on an area in force on their date, with the province of that date, audited", async () => {
    const r = await call(
      t.app,
      "agents.create",
      { name: "Bưu điện huyện U Minh Thượng", kind: "post_office", areaCode: "913", areaValidOn: "2020-06-30" },
      { cookie: t.cookies.manager, mutation: true },
    );
    expect(r.status).toBe(200);
    umt = data<AgentView>(r);
    expect(umt).toMatchObject({ provinceCode: "91", areaCode: "913", active: true, version: 1, collectors: 0 });
    const r2 = await call(
      t.app,
      "agents.create",
      { name: "Bưu điện Phú Quốc", kind: "post_office", areaCode: "911", areaValidOn: "2020-06-30" },
      { cookie: t.cookies.admin, mutation: true },
    );
    pq = data<AgentView>(r2);
    expect(await auditCount("create")).toBe(2);
  });

  it("refuses an area the caller does not manage, an unknown one, and a taken name", async () => {
    const out = await call(
      t.app,
      "agents.create",
      { name: "X", kind: "partner", areaCode: "911", areaValidOn: "2020-06-30" },
      { cookie: t.cookies.manager, mutation: true },
    );
    expect(out.status).toBe(403);
    const unknown = await call(
      t.app,
      "agents.create",
      { name: "X", kind: "partner", areaCode: "913", areaValidOn: "2026-01-01" },
      { cookie: t.cookies.admin, mutation: true },
    );
    expect([unknown.status, codeOf(unknown)]).toEqual([400, "AGENT.UNKNOWN_AREA"]);
    const taken = await call(
      t.app,
      "agents.create",
      { name: "Bưu điện huyện U Minh Thượng", kind: "partner", areaCode: "913", areaValidOn: "2020-06-30" },
      { cookie: t.cookies.admin, mutation: true },
    );
    expect([taken.status, codeOf(taken)]).toEqual([409, "AGENT.NAME_TAKEN"]);
    const viewer = await call(
      t.app,
      "agents.create",
      { name: "Y", kind: "partner", areaCode: "913", areaValidOn: "2020-06-30" },
      { cookie: t.cookies.viewer, mutation: true },
    );
    expect(viewer.status).toBe(403);
    expect(await auditCount("create")).toBe(2);
  });

  it("lists only the agents in the caller's areas, paginated, searched without diacritics", async () => {
    const asManager = data<{ total: number; rows: AgentView[] }>(await call(t.app, "agents.list", {}, { cookie: t.cookies.manager }));
    expect(asManager.rows.map((a) => a.id)).toEqual([umt.id]);
    const asAdmin = data<{ total: number; rows: AgentView[] }>(await call(t.app, "agents.list", { limit: 1, offset: 1 }, { cookie: t.cookies.admin }));
    expect(asAdmin.total).toBe(2);
    expect(asAdmin.rows).toHaveLength(1);
    const found = data<{ rows: AgentView[] }>(await call(t.app, "agents.list", { search: "buu dien huyen u minh" }, { cookie: t.cookies.admin }));
    expect(found.rows.map((a) => a.id)).toEqual([umt.id]);
    const other = data<{ rows: AgentView[] }>(await call(t.app, "agents.list", {}, { cookie: t.cookies.otherCollector }));
    expect(other.rows.map((a) => a.id)).toEqual([pq.id]);
    expect((await call(t.app, "agents.get", { id: pq.id }, { cookie: t.cookies.manager })).status).toBe(404);
  });

  it("updates with the version read; a stale version is a conflict and changes nothing", async () => {
    const ok = await call(
      t.app,
      "agents.update",
      { id: umt.id, version: 1, name: "Bưu điện huyện U Minh Thượng (BĐ)" },
      { cookie: t.cookies.manager, mutation: true },
    );
    expect(data<AgentView>(ok)).toMatchObject({ version: 2, name: "Bưu điện huyện U Minh Thượng (BĐ)" });
    const stale = await call(t.app, "agents.update", { id: umt.id, version: 1, name: "Other" }, { cookie: t.cookies.admin, mutation: true });
    expect([stale.status, codeOf(stale)]).toEqual([409, "AGENT.CONFLICT"]);
    const same = await call(t.app, "agents.update", { id: umt.id, version: 2 }, { cookie: t.cookies.manager, mutation: true });
    expect(data<AgentView>(same).version).toBe(2);
    const got = data<AgentView>(await call(t.app, "agents.get", { id: umt.id }, { cookie: t.cookies.viewer }));
    expect(got.name).toBe("Bưu điện huyện U Minh Thượng (BĐ)");
    const moved = await call(
      t.app,
      "agents.update",
      { id: umt.id, version: 2, areaCode: "911", areaValidOn: "2020-06-30" },
      { cookie: t.cookies.manager, mutation: true },
    );
    expect(moved.status).toBe(403);
    expect(await auditCount("update")).toBe(2);
  });

  it("adds as collectors only users with the collector role over the agent's area", async () => {
    const add = await call(t.app, "agents.addCollector", { agentId: umt.id, userId: t.ids.collector }, { cookie: t.cookies.manager, mutation: true });
    expect(data<{ userId: string }[]>(add).map((c) => c.userId)).toEqual([t.ids.collector]);
    for (const who of ["otherCollector", "manager", "viewer"] as const) {
      const r = await call(t.app, "agents.addCollector", { agentId: umt.id, userId: t.ids[who] }, { cookie: t.cookies.admin, mutation: true });
      expect([who, r.status, codeOf(r)]).toEqual([who, 400, "AGENT.NOT_A_COLLECTOR"]);
    }
    const cands = data<{ userId: string }[]>(await call(t.app, "agents.candidates", { id: umt.id }, { cookie: t.cookies.manager }));
    expect(cands.map((c) => c.userId)).toEqual([t.ids.collector]);
    const got = data<{ collectorList: { userId: string }[]; collectors: number }>(
      await call(t.app, "agents.get", { id: umt.id }, { cookie: t.cookies.collector }),
    );
    expect(got.collectors).toBe(1);
    const rm = await call(t.app, "agents.removeCollector", { agentId: umt.id, userId: t.ids.collector }, { cookie: t.cookies.manager, mutation: true });
    expect(data<unknown[]>(rm)).toEqual([]);
    await call(t.app, "agents.addCollector", { agentId: umt.id, userId: t.ids.collector }, { cookie: t.cookies.manager, mutation: true });
    expect(await auditCount("add_collector")).toBe(2);
    expect(await auditCount("remove_collector")).toBe(1);
  });

  it("counts what each agent and collector brought in over a period, by scheme and kind", async () => {
    const db = t.handle.db;
    const person = async (n: number) =>
      (
        await db
          .insert(participants)
          .values({
            provinceCode: "91",
            personalId: `0911900000${String(n).padStart(2, "0")}`,
            fullName: `Người thử ${n}`,
            nameKey: `nguoi thu ${n}`,
            birthDate: "1990-01-01",
            gender: "male",
            communeCode: "913",
            communeValidOn: "2020-06-30",
          })
          .returning({ id: participants.id })
      )[0]!.id;
    const enrol = async (pid: number, agentId: number, scheme: Scheme, kind: "new" | "renewal", collectorId: string | null, pays: [string, number][]) => {
      const [e] = await db
        .insert(enrolments)
        .values({
          provinceCode: "91",
          participantId: pid,
          scheme,
          kind,
          startDate: "2020-03-01",
          months: 3,
          breakdown: {},
          ratesEffectiveFrom: "2018-01-01",
          amount: pays[0]![1],
          communeCode: "913",
          agentId,
          collectorId,
          source: "demo",
        })
        .returning({ id: enrolments.id });
      for (const [i, [receiptDate, amount]] of pays.entries()) {
        await db.insert(payments).values({
          provinceCode: "91",
          enrolmentId: e!.id,
          participantId: pid,
          coverFrom: "2020-03-01",
          months: 3,
          coverTo: "2020-05-31",
          amount,
          receiptDate,
          receiptNumber: `T-${e!.id}-${i}`,
          agentId,
        });
      }
    };
    await enrol(await person(1), umt.id, "voluntary_social_insurance", "new", t.ids.collector, [
      ["2020-02-10", 500_000],
      ["2020-05-10", 500_000],
    ]);
    await enrol(await person(2), umt.id, "voluntary_social_insurance", "renewal", null, [["2020-03-01", 300_000]]);
    await enrol(await person(3), umt.id, "household_health_insurance", "new", t.ids.collector, [["2021-01-05", 800_000]]);
    await enrol(await person(4), pq.id, "voluntary_social_insurance", "new", null, [["2020-04-01", 700_000]]);
    const r = await call(t.app, "agents.performance", { agentId: umt.id, period: { from: "2020-01-01", to: "2020-12-31" } }, { cookie: t.cookies.viewer });
    expect(data<{ rows: unknown[] }>(r).rows).toEqual([
      expect.objectContaining({
        agentId: umt.id,
        collectorId: t.ids.collector,
        scheme: "voluntary_social_insurance",
        kind: "new",
        enrolments: 1,
        amount: 1_000_000,
      }),
      expect.objectContaining({ agentId: umt.id, collectorId: null, scheme: "voluntary_social_insurance", kind: "renewal", enrolments: 1, amount: 300_000 }),
    ]);
    const mine = data<{ rows: { agentId: number }[] }>(
      await call(t.app, "agents.performance", { period: { from: "2020-01-01", to: "2021-12-31" } }, { cookie: t.cookies.manager }),
    );
    expect(new Set(mine.rows.map((x) => x.agentId))).toEqual(new Set([umt.id]));
    const all = data<{ rows: { agentId: number; amount: number }[] }>(
      await call(t.app, "agents.performance", { period: { from: "2020-01-01", to: "2021-12-31" } }, { cookie: t.cookies.admin }),
    );
    expect(all.rows.reduce((s, x) => s + x.amount, 0)).toBe(2_800_000);
    const back = await call(t.app, "agents.performance", { period: { from: "2020-12-31", to: "2020-01-01" } }, { cookie: t.cookies.admin });
    expect(back.status).toBe(400);
    expect(
      (await call(t.app, "agents.performance", { agentId: pq.id, period: { from: "2020-01-01", to: "2020-12-31" } }, { cookie: t.cookies.manager })).status,
    ).toBe(404);
  });

  it("deactivates, harmlessly twice, audited", async () => {
    const r = await call(t.app, "agents.deactivate", { id: umt.id }, { cookie: t.cookies.manager, mutation: true });
    expect(data<AgentView>(r)).toMatchObject({ active: false });
    const again = await call(t.app, "agents.deactivate", { id: umt.id }, { cookie: t.cookies.manager, mutation: true });
    expect(data<AgentView>(again).version).toBe(data<AgentView>(r).version);
    const active = data<{ rows: AgentView[] }>(await call(t.app, "agents.list", { active: true }, { cookie: t.cookies.admin }));
    expect(active.rows.map((a) => a.id)).toEqual([pq.id]);
    expect(await auditCount("deactivate")).toBe(2);
  });
});

const FACILITIES = `code,name,province_code
91001,Bệnh viện Đa khoa tỉnh Kiên Giang,91
91013,Trung tâm Y tế huyện U Minh Thượng,91
9101,Short code,91
99001,Unknown province prefix,91
91014,,91
91013,Again,91
89001,Bệnh viện An Giang,91
`;

describe.each(drivers)("facilities on $name", ({ open }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(open);
  });
  afterAll(async () => t?.close());

  it("imports good rows, reports each bad one by line, and changes nothing the second time", async () => {
    // An Giang (89) as it stood in 2020, so that a facility of 89 filed under 91 is caught.
    await insertAreaRows(t.handle.db, [
      { code: "89", name: "An Giang", level: "province", unitType: "Tỉnh", parentCode: null, validFrom: "2020-01-01", validTo: "2025-06-30" },
    ]);
    const report = await importFacilities(t.handle.db, FACILITIES, { validFrom: "2020-01-01", validTo: null }, "f.csv");
    expect(report).toMatchObject({ read: 7, inserted: 2, unchanged: 0 });
    expect(report.rejected.map((r) => r.line)).toEqual([4, 5, 6, 7, 8]);
    expect(report.rejected[4]!.en).toMatch(/belongs to province 89/);
    const again = await importFacilities(t.handle.db, FACILITIES, { validFrom: "2020-01-01", validTo: null }, "f.csv");
    expect(again).toMatchObject({ inserted: 0, unchanged: 2 });
    const audits = await selectRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from audit_log where entity = 'facilities'`);
    expect(audits[0]!.n).toBe(1);
  });

  it("refuses a file that is not a facility list, whole", async () => {
    await expect(importFacilities(t.handle.db, "code,name,level\n91,Kiên Giang,province\n", { validFrom: "2020-01-01", validTo: null })).rejects.toThrow(
      /province_code/,
    );
    await expect(importFacilities(t.handle.db, 'code,name,province_code\n"91001,x\n', { validFrom: "2020-01-01", validTo: null })).rejects.toThrow(/CSV/);
  });

  it("searches by code prefix and by name without diacritics, on a date", async () => {
    const byName = await call(t.app, "facilities.search", { text: "u minh thuong", onDate: "2020-06-30" }, { cookie: t.cookies.collector });
    expect(data<{ code: string }[]>(byName).map((f) => f.code)).toEqual(["91013"]);
    const byCode = await call(t.app, "facilities.search", { text: "910", onDate: "2020-06-30" }, { cookie: t.cookies.viewer });
    expect(data<{ code: string }[]>(byCode).map((f) => f.code)).toEqual(["91001", "91013"]);
    const before = await call(t.app, "facilities.search", { text: "910", onDate: "2019-12-31" }, { cookie: t.cookies.viewer });
    expect(data<unknown[]>(before)).toEqual([]);
    expect((await call(t.app, "facilities.search", { text: "910" })).status).toBe(401);
  });
});
