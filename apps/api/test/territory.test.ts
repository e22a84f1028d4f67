/**
 * Roles and records follow their territory across the 2025 reform. The SQL scope
 * (`ansinh_territory`) against the domain's rule (`territoryOn`) on random hierarchies with splits
 * and merges, on both databases; then the demo, as each demo account works today.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaMappings, areas, seedDemo, selectRows, type Db, type DbHandle } from "@ansinh/db";
import { buildAreaWorld, territoryOn, type AreaRow } from "@ansinh/domain/areas";
import { todayInVietnam } from "@ansinh/domain/dates";
import { buildServer } from "../src/index.js";
import { seedDemoPlans } from "../src/services/demo-plans.js";
import { seedDemoRegistry } from "../src/services/demo-registry.js";
import { seedDemoUsers, type DemoCredential } from "../src/services/demo-users.js";
import { communeChecker } from "../src/services/import-enrolments.js";
import { call, cookieOf, drivers, PUBLIC_URL, signIn } from "./helpers.js";

const OLD_FROM = "2020-01-01";
const OLD_TO = "2025-06-30";
const NEW_FROM = "2025-07-01";
const DATES = ["2020-03-01", OLD_TO, NEW_FROM, "2026-12-07"];

const row = (code: string, level: AreaRow["level"], parentCode: string | null, validFrom: string, validTo: string | null): AreaRow => ({
  code,
  name: `Đơn vị ${code}`,
  level,
  unitType: "",
  parentCode,
  validFrom,
  validTo,
});

/** Two eras with codes reused across them, and a many-to-many mapping (splits and merges). */
const worldArb = fc
  .record({
    districts: fc.integer({ min: 1, max: 3 }),
    communesPer: fc.integer({ min: 0, max: 3 }),
    newCommunes: fc.integer({ min: 1, max: 6 }),
    // a reform is known to the database by its mapping rows: at least one
    links: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 16 }),
  })
  .map(({ districts, communesPer, newCommunes, links }) => {
    const rows: AreaRow[] = [row("91", "province", null, OLD_FROM, OLD_TO), row("92", "province", null, OLD_FROM, OLD_TO)];
    const oldLeaves: string[] = [];
    for (let d = 0; d < districts; d++) {
      const dc = `${91 + (d % 2)}${d}`;
      rows.push(row(dc, "district", String(91 + (d % 2)), OLD_FROM, OLD_TO));
      if (communesPer === 0) oldLeaves.push(dc);
      for (let c = 0; c < communesPer; c++) {
        const cc = String(31000 + d * 10 + c);
        rows.push(row(cc, "commune", dc, OLD_FROM, OLD_TO));
        oldLeaves.push(cc);
      }
    }
    rows.push(row("91", "province", null, NEW_FROM, null));
    const newLeaves: string[] = [];
    for (let c = 0; c < newCommunes; c++) {
      const cc = String(31000 + c * 7);
      rows.push(row(cc, "commune", "91", NEW_FROM, null));
      newLeaves.push(cc);
    }
    const mapping = [
      ...new Map(
        links.map(([o, n]) => [
          `${o % oldLeaves.length}:${n % newLeaves.length}`,
          { oldCode: oldLeaves[o % oldLeaves.length]!, newCode: newLeaves[n % newLeaves.length]! },
        ]),
      ).values(),
    ];
    return { rows, mapping };
  });

for (const driver of drivers) {
  describe(`the SQL territory is the domain's (${driver.name})`, () => {
    let h: DbHandle;
    beforeAll(async () => {
      h = await driver.open();
    }, 120_000);
    afterAll(async () => h?.close());

    it("ansinh_territory(unit, its date, a date) = territoryOn for every unit and date, before, on and after the reform", async () => {
      const db = h.db as Db;
      await fc.assert(
        fc.asyncProperty(worldArb, async ({ rows, mapping }) => {
          await db.execute(sql`delete from area_mappings`);
          await db.execute(sql`delete from areas`);
          await db.insert(areas).values(rows.map((r) => ({ ...r })));
          if (mapping.length > 0) await db.insert(areaMappings).values(mapping.map((m) => ({ ...m, oldValidOn: OLD_TO, newValidOn: NEW_FROM })));
          const world = buildAreaWorld(rows, [{ oldValidOn: OLD_TO, newValidOn: NEW_FROM, rows: mapping }]);
          for (const r of rows) {
            for (const granted of [r.validFrom, r.validTo ?? "2026-01-01"]) {
              const sqlByDate = new Map<string, string>();
              const rowsByDate = await selectRows<{ d: string; codes: string | null }>(
                db,
                sql`select to_char(x.d, 'YYYY-MM-DD') as d, (select string_agg(t.unit_code, ',' order by t.unit_code collate "C") from ansinh_territory(${r.code}, ${granted}::date, x.d) t) as codes
                    from (select unnest(array[${sql.join(
                      DATES.map((d) => sql`${d}`),
                      sql`, `,
                    )}]::date[]) as d) x`,
              );
              for (const x of rowsByDate) sqlByDate.set(x.d, x.codes ?? "");
              for (const d of DATES) {
                expect(sqlByDate.get(d), `${r.code}@${granted} on ${d}`).toBe(territoryOn(world, { code: r.code, validOn: granted }, d).join(","));
              }
            }
          }
        }),
        { numRuns: 12 },
      );
    }, 600_000);
  });

  describe(`the demo's roles work today across the reform (${driver.name})`, () => {
    let h: DbHandle;
    let app: Awaited<ReturnType<typeof buildServer>>;
    let creds: DemoCredential[];
    const cookies = new Map<string, string>();
    const today = todayInVietnam();
    beforeAll(async () => {
      h = await driver.open();
      await seedDemo(h.db);
      creds = await seedDemoUsers(h.db, mkdtempSync(path.join(tmpdir(), "ansinh-territory-")));
      await seedDemoRegistry(h.db, today);
      await seedDemoPlans(h.db);
      app = await buildServer({ handle: h, logLevel: "silent", publicUrl: PUBLIC_URL, signInPerMinute: 1000, figuresCache: null });
      for (const c of creds) {
        const res = await signIn(app, c.email, c.password);
        expect(res.statusCode).toBe(200);
        cookies.set(c.email, cookieOf(res));
      }
    }, 600_000);
    afterAll(async () => {
      await app?.close();
      await h?.close();
    });

    const as = (email: string) => ({ cookie: cookies.get(email)! });
    const data = <T>(r: Awaited<ReturnType<typeof call>>) => {
      expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(200);
      return r.body.result!.data as T;
    };

    it("the Kiên Giang viewer sees all the people of the 2020 registry on the list, and the records made since on the communes that took over", async () => {
      const [old] = await selectRows<{ n: number }>(
        h.db,
        sql`select count(*)::int as n from participants where merged_into_id is null and commune_valid_on <= ${OLD_TO}::date`,
      );
      const [since] = await selectRows<{ n: number }>(
        h.db,
        sql`select count(*)::int as n from participants where merged_into_id is null and commune_valid_on >= ${NEW_FROM}::date and commune_code in (select m.new_code from area_mappings m)`,
      );
      const page = data<{ total: number }>(await call(app, "participants.list", { limit: 10 }, as("xem.kiengiang@demo.ansinh.vn")));
      const all = data<{ total: number }>(await call(app, "participants.list", { limit: 10 }, as("admin@demo.ansinh.vn")));
      const manager = data<{ total: number }>(await call(app, "participants.list", { limit: 10 }, as("quanly.uminhthuong@demo.ansinh.vn")));
      console.log(
        `participants: 2020 registry ${old!.n}, since on the successor communes ${since!.n}; viewer ${page.total}, manager ${manager.total}, admin ${all.total}`,
      );
      expect(old!.n).toBeGreaterThan(800);
      expect(page.total).toBe(old!.n + since!.n);
      expect(manager.total).toBe(page.total);
    });

    it("the U Minh Thượng collector records a receipt dated today on a commune that took over the district", async () => {
      const communes = data<{ code: string }[]>(await call(app, "enrolments.communes", { text: "310", onDate: today }, as("thu.uminhthuong@demo.ansinh.vn")));
      expect(communes.map((c) => c.code).sort()).toEqual(["31012", "31027"]);
      const [agent] = await selectRows<{ id: number }>(
        h.db,
        sql`select ac.agent_id::int as id from agent_collectors ac join auth_user u on u.id = ac.user_id where u.email = 'thu.uminhthuong@demo.ansinh.vn' order by 1 limit 1`,
      );
      const r = await call(
        app,
        "enrolments.create",
        {
          participant: {
            personalId: "091088120457",
            fullName: "Trần Văn Thử",
            birthDate: "1988-01-20",
            gender: "male",
            phone: "0987 654 329",
            communeCode: "31012",
          },
          months: 6,
          monthlyIncome: 1_500_000,
          supportGroups: ["near_poor"],
          payment: { receiptDate: today, receiptNumber: "UMT-TODAY-1" },
          agentId: agent!.id,
        },
        { ...as("thu.uminhthuong@demo.ansinh.vn"), mutation: true },
      );
      expect(data<{ outcome: string }>(r).outcome).toBe("recorded");
    });

    it("the U Minh Thượng manager plans today on a commune that took over the district; a collector elsewhere does not see the plan", async () => {
      const year = Number(today.slice(0, 4));
      const manager = as("quanly.uminhthuong@demo.ansinh.vn");
      const target = {
        areaCode: "31027",
        scheme: "voluntary_social_insurance",
        measure: "active_participants",
        kind: "plan",
        periodStart: `${year}-01-01`,
        periodEnd: `${year}-12-31`,
        value: 120,
      };
      const created = data<{ id: number }>(await call(app, "targets.create", target, { ...manager, mutation: true }));
      const list = data<{ mayManage: boolean; rows: { id: number; areaCode: string; measure: string; value: number }[] }>(
        await call(app, "targets.list", { areaCode: "31027", year }, manager),
      );
      expect(list.mayManage).toBe(true);
      // The demo's plan of the commune and the new one, both on the list.
      expect(new Set(list.rows.filter((r) => r.areaCode === "31027").map((r) => r.measure))).toEqual(new Set(["active_participants", "new_participants"]));
      const mine = list.rows.find((r) => r.id === created.id)!;
      expect(mine).toMatchObject({ value: 120 });
      expect(data<{ mayManage: boolean }>(await call(app, "targets.get", { id: mine.id }, manager)).mayManage).toBe(true);
      // The Phú Quốc collector's territory is elsewhere: the plan is not found for them.
      expect((await call(app, "targets.get", { id: mine.id }, as("thu.phuquoc@demo.ansinh.vn"))).status).toBe(404);
    });

    it("the U Minh Thượng manager opens an agent today on a commune that took over the district, then finds it, with the district's 2020 agents", async () => {
      const manager = as("quanly.uminhthuong@demo.ansinh.vn");
      const created = data<{ id: number }>(
        await call(app, "agents.create", { name: "Đại lý xã Vĩnh Hòa (thử)", kind: "commune_agent", areaCode: "31012" }, { ...manager, mutation: true }),
      );
      const list = data<{ rows: { id: number; areaCode: string; areaValidOn: string }[] }>(await call(app, "agents.list", { limit: 100 }, manager));
      expect(list.rows.map((a) => a.id)).toContain(created.id);
      expect(list.rows.some((a) => a.areaCode === "913" && a.areaValidOn < NEW_FROM)).toBe(true);
      expect((await call(app, "agents.get", { id: created.id }, manager)).status).toBe(200);
      expect((await call(app, "agents.get", { id: created.id }, as("thu.phuquoc@demo.ansinh.vn"))).status).toBe(404);
    });

    it("the U Minh Thượng roles read their 2020 campaign's funnel today, and today's events on the communes that took over; elsewhere it is refused", async () => {
      const manager = as("quanly.uminhthuong@demo.ansinh.vn");
      const campaigns = data<{ rows: { id: number; areasValidOn: string; areaCodes: string[] }[] }>(
        await call(app, "campaigns.list", { limit: 50 }, manager),
      ).rows;
      const old = campaigns.find((c) => c.areaCodes.includes("913") && c.areasValidOn < NEW_FROM)!;
      expect(old).toBeDefined();
      for (const who of ["quanly.uminhthuong@demo.ansinh.vn", "thu.uminhthuong@demo.ansinh.vn"]) {
        const f = data<{ events: number; total: { attendances: number }; byArea: { areaCode: string | null } }>(
          await call(app, "campaigns.funnel", { campaignId: old.id }, as(who)),
        );
        expect(f.events).toBeGreaterThan(0);
        expect(f.total.attendances).toBeGreaterThan(0);
        expect(f.byArea.areaCode).toBe(old.areaCodes[0]);
      }
      // Another district's collector: the campaign is not theirs (not found, as on the list).
      expect((await call(app, "campaigns.funnel", { campaignId: old.id }, as("thu.phuquoc@demo.ansinh.vn"))).status).toBe(404);

      // Today: an event on a commune that took over the district is in the district's funnel of
      // the period, which opens on the first unit of its territory that day.
      const event = data<{ id: number }>(
        await call(app, "campaigns.createEvent", { type: "consultation", eventDate: today, areaCode: "31012", attendances: 7 }, { ...manager, mutation: true }),
      );
      const period = { from: today, to: today };
      const f = data<{ byEvent: { key: string; attendances: number }[]; byArea: { areaCode: string | null; rows: { key: string }[] } }>(
        await call(app, "campaigns.funnel", { period }, manager),
      );
      expect(f.byEvent).toContainEqual(expect.objectContaining({ key: String(event.id), attendances: 7 }));
      expect(f.byArea.areaCode).toBe("31012");
      // Phú Quốc's collector reads the same period without it.
      const other = data<{ byEvent: { key: string }[] }>(await call(app, "campaigns.funnel", { period }, as("thu.phuquoc@demo.ansinh.vn")));
      expect(other.byEvent.map((e) => e.key)).not.toContain(String(event.id));
    });

    it("an agent of the 2020 district imports lines paid today on the communes that took over it, not elsewhere", async () => {
      const [agent] = await selectRows<{ areaCode: string; areaValidOn: string }>(
        h.db,
        sql`select area_code as "areaCode", to_char(area_valid_on, 'YYYY-MM-DD') as "areaValidOn" from agents where name = 'Bưu điện huyện U Minh Thượng'`,
      );
      expect(agent).toMatchObject({ areaCode: "913" });
      const [elsewhere] = await selectRows<{ code: string }>(
        h.db,
        sql`select code from areas where level = 'commune' and valid_to is null and code not in ('31012', '31027') order by code limit 1`,
      );
      const status = await communeChecker(h.db, agent!);
      expect([status("31012", today), status("31027", today), status(elsewhere!.code, today)]).toEqual(["ok", "ok", "out_of_scope"]);
      // In its own era, its own communes as before (walked up on the receipt date).
      expect([status("31015", "2020-06-06"), status("31012", "2020-06-06")]).toEqual(["ok", "ok"]);
    });

    it("/staff says which roles' units have ended and what took over; only an admin over the person may reassign", async () => {
      type Row = { email: string; mayManage: boolean; ended: { role: string; areaCode: string; endedOn: string | null; successors: { code: string }[] }[] };
      const rows = async (who: string) => data<{ rows: Row[] }>(await call(app, "staff.list", { search: "demo.ansinh.vn", limit: 50 }, as(who))).rows;
      const byAdmin = new Map((await rows("admin@demo.ansinh.vn")).map((r) => [r.email, r]));
      expect(byAdmin.get("quanly.uminhthuong@demo.ansinh.vn")).toMatchObject({
        mayManage: true,
        ended: [{ role: "manager", areaCode: "913", endedOn: OLD_TO, successors: [{ code: "31012" }, { code: "31027" }] }],
      });
      // A role granted on a 2025 commune has not ended; Kiên Giang (91) ended although code 91 is in force today (An Giang).
      expect(byAdmin.get("thu.xa.uminhthuong@demo.ansinh.vn")!.ended).toEqual([]);
      expect(byAdmin.get("xem.kiengiang@demo.ansinh.vn")!.ended).toMatchObject([{ areaCode: "91", endedOn: OLD_TO }]);
      expect(byAdmin.get("admin@demo.ansinh.vn")!.ended).toEqual([]);
      // The district manager reads the same words about the district's collector, without the reassignment.
      const collector = (await rows("quanly.uminhthuong@demo.ansinh.vn")).find((r) => r.email === "thu.uminhthuong@demo.ansinh.vn")!;
      expect(collector).toMatchObject({ mayManage: false, ended: [{ areaCode: "913", endedOn: OLD_TO }] });
    });

    it("a code reused across eras grants only its own era: the Kiên Giang viewer (91 in 2020) sees today's events and agents on Kiên Giang's territory, not the rest of today's An Giang (91)", async () => {
      const admin = { ...as("admin@demo.ansinh.vn"), mutation: true };
      const viewer = as("xem.kiengiang@demo.ansinh.vn");
      // 30292 (Bình Đức) was An Giang's before the reform; 31012 took over part of U Minh Thượng, Kiên Giang.
      const elsewhere = data<{ id: number }>(
        await call(app, "campaigns.createEvent", { type: "consultation", eventDate: today, areaCode: "30292", attendances: 5 }, admin),
      );
      const inTerritory = data<{ id: number }>(
        await call(app, "campaigns.createEvent", { type: "consultation", eventDate: today, areaCode: "31012", attendances: 6 }, admin),
      );
      const eventIds = async (who: { cookie: string }) =>
        data<{ rows: { id: number }[] }>(await call(app, "campaigns.events", { period: { from: today, to: today }, limit: 100 }, who)).rows.map((e) => e.id);
      expect(await eventIds(as("admin@demo.ansinh.vn"))).toEqual(expect.arrayContaining([elsewhere.id, inTerritory.id]));
      const seen = await eventIds(viewer);
      expect(seen).toContain(inTerritory.id);
      expect(seen).not.toContain(elsewhere.id);
      const funnel = data<{ byEvent: { key: string }[] }>(await call(app, "campaigns.funnel", { period: { from: today, to: today } }, viewer));
      expect(funnel.byEvent.map((e) => e.key)).toContain(String(inTerritory.id));
      expect(funnel.byEvent.map((e) => e.key)).not.toContain(String(elsewhere.id));

      const agent = data<{ id: number }>(
        await call(app, "agents.create", { name: "Bưu điện Bình Đức (thử)", kind: "post_office", areaCode: "30292", areaValidOn: today }, admin),
      );
      const agentIds = data<{ rows: { id: number }[] }>(await call(app, "agents.list", { search: "Bình Đức (thử)", limit: 50 }, viewer)).rows.map((a) => a.id);
      expect(agentIds).not.toContain(agent.id);
      expect((await call(app, "agents.get", { id: agent.id }, viewer)).status).toBe(404);
      // The viewer's 2020 agents are still theirs.
      expect(data<{ rows: unknown[] }>(await call(app, "agents.list", { search: "U Minh Thượng", limit: 50 }, viewer)).rows.length).toBeGreaterThan(0);
    });

    it("roles saved again as they were keep the unit they were granted on (91 stays Kiên Giang, not today's An Giang)", async () => {
      const admin = as("admin@demo.ansinh.vn");
      type U = { id: string; email: string; assignments: { role: string; areaCode: string | null; areaValidOn: string | null }[] };
      const find = async () =>
        data<{ rows: U[] }>(await call(app, "users.list", { search: "xem.kiengiang", limit: 10 }, admin)).rows.find(
          (u) => u.email === "xem.kiengiang@demo.ansinh.vn",
        )!;
      const before = await find();
      expect(before.assignments).toMatchObject([{ role: "viewer", areaCode: "91", areaValidOn: expect.stringMatching(/^20(1|2)/) }]);
      // The client sends what the form holds (role and code); the day is the server's.
      const saved = await call(app, "users.setRoles", { id: before.id, assignments: [{ role: "viewer", areaCode: "91" }] }, { ...admin, mutation: true });
      expect(saved.status, JSON.stringify(saved.body).slice(0, 300)).toBe(200);
      expect((await find()).assignments).toEqual(before.assignments);
      const ended = data<{ areaCode: string; endedOn: string | null }[]>(await call(app, "users.endedRoles", { id: before.id }, admin));
      expect(ended).toMatchObject([{ areaCode: "91", endedOn: OLD_TO }]);
    });

    it("each role's list and export agree; the dashboard opens on today's units of its territory (counts logged for the report)", async () => {
      const report: Record<string, unknown> = {};
      for (const c of creds) {
        const list = data<{ total: number }>(await call(app, "participants.list", { limit: 10 }, as(c.email)));
        const res = await app.inject({
          method: "GET",
          url: `/trpc/export/participants?input=${encodeURIComponent("{}")}&lang=vi`,
          headers: { cookie: cookies.get(c.email)! },
        });
        expect(res.statusCode).toBe(200);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
        const ids = wb.worksheets[0]!.getColumn(2).values.filter((v) => typeof v === "string" && /^\d{3}[\d*]{7}\d{2}$/.test(v));
        const opened = data<{ code: string; onDate: string; reason: string; units: string[] } | null>(
          await call(app, "dashboard.defaultArea", { onDate: today }, as(c.email)),
        );
        let active = 0;
        let lapsed = 0;
        for (const code of opened?.units ?? []) {
          for (const scheme of ["voluntary_social_insurance", "household_health_insurance"]) {
            const s = data<{ kpis: { active: number; lapsed: number } }>(
              await call(app, "dashboard.summary", { code, onDate: opened!.onDate, scheme }, as(c.email)),
            );
            active += s.kpis.active;
            lapsed += s.kpis.lapsed;
          }
        }
        report[c.email] = {
          list: list.total,
          export: ids.length,
          dashboard: { onDate: opened?.onDate, opened: opened?.units, reason: opened?.reason, active, lapsed },
        };
      }
      console.log(`territory counts on ${today}: ${JSON.stringify(report, null, 1)}`);
      for (const r of Object.values(report) as { list: number; export: number }[]) expect(r.export).toBe(r.list);
      for (const who of ["thu.uminhthuong@demo.ansinh.vn", "quanly.uminhthuong@demo.ansinh.vn"]) {
        expect((report[who] as { dashboard: { reason: string; onDate: string; opened: string[] } }).dashboard).toMatchObject({
          reason: "successors",
          onDate: today,
          opened: ["31012", "31027"],
        });
      }
    });
  });
}
