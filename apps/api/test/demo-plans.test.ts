import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, dashboardActivityFromRegistry, dashboardFigures, seedDemo, selectRows, type DbHandle } from "@ansinh/db";
import type { Scheme } from "@ansinh/domain/eligibility";
import { funnel } from "@ansinh/domain/outreach";
import { progress } from "@ansinh/domain/targets";
import { anGiangCommunePopulations, seedDemoPlans, womensUnionSessions } from "../src/services/demo-plans.js";
import { seedDemoRegistry } from "../src/services/demo-registry.js";

/** The demo's plans and outreach are records; these are the article's figures worked out from them. */
describe("demo plans and outreach seeded into a fresh PGlite", () => {
  let h: DbHandle;
  let attributed = 0;
  beforeAll(async () => {
    h = await createDb({ dataDir: "memory://" });
    await seedDemo(h.db);
    await seedDemoRegistry(h.db, "2026-11-29");
    attributed = (await seedDemoPlans(h.db)).attributed;
  }, 300_000);
  afterAll(async () => h?.close());

  const rows = <T>(q: ReturnType<typeof sql>) => selectRows<T>(h.db, q);

  it("reproduces U Minh Thượng's funnel: 9 sessions, 969 attendances → 80 voluntary + 463 household", async () => {
    const [events] = await rows<{ sessions: number; attendances: number }>(sql`
      select count(*)::int as sessions, sum(attendances)::int as attendances from outreach_events
      where area_code = '913' and type = 'communication_session' and event_date between '2020-01-01' and '2020-12-31'`);
    expect(events).toEqual({ sessions: 9, attendances: 969 });
    const byScheme = await rows<{ scheme: Scheme; n: number }>(sql`
      select e.scheme, count(*)::int as n from enrolments e join outreach_events ev on ev.id = e.outreach_event_id
      where ev.area_code = '913' group by e.scheme order by e.scheme`);
    expect(byScheme).toEqual([
      { scheme: "household_health_insurance", n: 463 },
      { scheme: "voluntary_social_insurance", n: 80 },
    ]);
    expect(attributed).toBe(543);
    const f = funnel({ attendances: events!.attendances, enrolments: Object.fromEntries(byScheme.map((r) => [r.scheme, r.n])) });
    expect([f.byScheme.voluntary_social_insurance.percent, f.byScheme.household_health_insurance.percent]).toEqual([8.26, 47.78]);
  });

  it("gives the dashboard the same figures from the aggregates the seed rebuilt as from the registry: 366 new, the funnel 969 → 80 + 463", async () => {
    const districts = (await rows<{ code: string }>(sql`select code from areas where parent_code = '91' and valid_to = '2025-06-30' order by code`)).map(
      (r) => r.code,
    );
    const f = await dashboardFigures(h.db, {
      code: "913",
      areas: [],
      onDate: "2020-12-31",
      scheme: "voluntary_social_insurance",
      kinds: ["new", "returning"],
      days: ["2019-12-31", "2020-12-31"],
      seriesFrom: "2020-01-01",
    });
    // A running total with nothing before it is absent (the dashboard reads it as 0).
    const total = (d: string) => f.totals.get("913")?.get(d)?.n ?? 0;
    expect(total("2020-12-31") - total("2019-12-31")).toBe(366);
    expect(f.funnel).toMatchObject({ attendances: 969, enrolments: { voluntary_social_insurance: 80, household_health_insurance: 463 } });
    // Every district of Kiên Giang: the aggregates' covered and lapsed people equal the GROUP BY's.
    const province = await dashboardFigures(h.db, {
      code: "91",
      areas: districts,
      onDate: "2020-12-31",
      scheme: "household_health_insurance",
      kinds: ["new"],
      days: ["2020-12-31"],
      seriesFrom: "2020-01-01",
    });
    const groupBy = await dashboardActivityFromRegistry(h.db, {
      code: "91",
      onDate: "2020-12-31",
      scheme: "household_health_insurance",
      from: "2020-01-01",
      kinds: ["new"],
    });
    for (const d of districts) {
      expect(province.status.get(d) ?? { active: 0, lapsed: 0 }, d).toEqual({
        active: groupBy.byChild.get(d)?.active ?? 0,
        lapsed: groupBy.byChild.get(d)?.lapsed ?? 0,
      });
    }
    // 463 household enrolments in 2020, 405 of them with their card already valid on 31/12 (a card starts 30 days after payment).
    expect(province.status.get("913")!.active).toBe(405);
  });

  it("attributes each enrolment to a session held on or before its receipt, none to the post office's", async () => {
    const bad = await rows<{ n: number }>(sql`
      select count(*)::int as n from enrolments e join outreach_events ev on ev.id = e.outreach_event_id
      join payments p on p.enrolment_id = e.id where p.receipt_date < ev.event_date`);
    expect(bad).toEqual([{ n: 0 }]);
    const agents = await rows<{ name: string }>(sql`
      select distinct a.name from enrolments e join agents a on a.id = e.agent_id where e.outreach_event_id is not null`);
    expect(agents).toEqual([{ name: "Hội Liên hiệp Phụ nữ huyện U Minh Thượng" }]);
    expect(womensUnionSessions.reduce((s, x) => s + x.attendances, 0)).toBe(969);
  });

  it("gives U Minh Thượng a 2020 voluntary plan of 244, which its 366 new participants make 150%", async () => {
    const [plan] = await rows<{ value: number; share: number | null }>(sql`
      select value::float8 as value from targets where area_code = '913' and kind = 'plan' and scheme = 'voluntary_social_insurance' and period_start = '2020-01-01'`);
    expect(plan!.value).toBe(244);
    const [achieved] = await rows<{ n: number }>(sql`
      select count(*)::int as n from enrolments e
      join areas c on c.code = e.commune_code and c.valid_from <= e.start_date and (c.valid_to is null or c.valid_to >= e.start_date)
      where e.scheme = 'voluntary_social_insurance' and e.kind in ('new', 'returning') and c.parent_code = '913'
        and e.start_date between '2020-01-01' and '2020-12-31'`);
    expect(achieved!.n).toBe(366);
    expect(progress({ target: plan!.value, achieved: achieved!.n, period: { start: "2020-01-01", end: "2020-12-31" }, asOf: "2020-12-31" }).percent).toBe(150);
  });

  it("splits each province plan exactly among its children, with a 50% milestone by 30 June and a minimum of 50 per district", async () => {
    const sums = await rows<{ scheme: string; year: string; parent: number; children: number; n: number }>(sql`
      select p.scheme, to_char(p.period_start, 'YYYY') as year, p.value::float8 as parent, sum(c.value)::float8 as children, count(*)::int as n
      from targets p join targets c on c.parent_id = p.id where p.area_code = '91' and p.kind = 'plan'
      group by p.id order by year, p.scheme`);
    expect(sums).toHaveLength(4);
    for (const s of sums) expect(s.children).toBe(s.parent);
    expect(sums.map((s) => s.n)).toEqual([15, 15, 102, 102]);
    const milestones = await rows<{ bad: number; n: number }>(sql`
      select count(*) filter (where m.value <> p.value * 0.5 or m.milestone_by <> '2020-06-30')::int as bad, count(*)::int as n
      from targets m join targets p on p.area_code = m.area_code and p.scheme = m.scheme and p.kind = 'plan' and p.period_start = m.period_start
      where m.kind = 'milestone' and m.period_start = '2020-01-01'`);
    expect(milestones).toEqual([{ bad: 0, n: 32 }]);
    const minimums = await rows<{ value: number; n: number; campaign: string }>(sql`
      select t.value::float8 as value, count(*)::int as n, c.name as campaign from targets t join campaigns c on c.id = t.campaign_id
      where t.kind = 'minimum' group by t.value, c.name`);
    expect(minimums).toEqual([{ value: 50, n: 15, campaign: "Tháng vận động triển khai BHXH toàn dân năm 2020" }]);
  });

  it("holds the launch ceremony and the parade of the mobilisation month", async () => {
    const r = await rows<{ type: string; campaign: string }>(sql`
      select ev.type, c.name as campaign from outreach_events ev join campaigns c on c.id = ev.campaign_id where ev.area_code = '91' order by ev.type`);
    expect(r.map((x) => x.type)).toEqual(["launch_ceremony", "parade"]);
    expect(new Set(r.map((x) => x.campaign))).toEqual(new Set(["Tháng vận động triển khai BHXH toàn dân năm 2020"]));
  });

  it("gives An Giang's 2025 communes populations summing to the province's, and 2026 health figures", async () => {
    const pops = anGiangCommunePopulations();
    expect(pops.size).toBe(102);
    expect([...pops.values()].reduce((a, b) => a + b, 0)).toBe(4_952_000);
    const [cov] = await rows<{ insured: number; population: number }>(sql`
      select sum(cf.insured_count)::float8 as insured, (select sum(p.total)::float8 from populations p join areas a on a.id = p.area_id where a.valid_from = '2025-07-01') as population
      from coverage_figures cf join areas a on a.id = cf.area_id where a.valid_from = '2025-07-01' and cf.as_of = '2026-09-30'`);
    expect(cov!.population).toBe(4_952_000);
    expect(cov!.insured / cov!.population).toBeGreaterThan(0.9);
    expect(cov!.insured / cov!.population).toBeLessThan(0.97);
  });

  it("maps U Minh Thượng's six 2020 communes onto the 2025 communes that took them in", async () => {
    const r = await rows<{ new_code: string; n: number }>(sql`select new_code, count(*)::int as n from area_mappings group by new_code order by new_code`);
    expect(r).toEqual([
      { new_code: "31012", n: 4 },
      { new_code: "31027", n: 2 },
    ]);
  });

  it("changes nothing on a second start", async () => {
    const count = async () =>
      (
        await rows<{ n: number }>(
          sql`select (select count(*) from targets) + (select count(*) from campaigns) + (select count(*) from outreach_events) + (select count(*) from coverage_figures) as n`,
        )
      )[0]!.n;
    const before = await count();
    expect((await seedDemoPlans(h.db)).seeded).toBe(false);
    expect(await count()).toBe(before);
  });

  it("a renamed demo campaign neither breaks the next start's seeding nor seeds again", async () => {
    const [before] = await rows<{ n: number }>(sql`select count(*)::int as n from campaigns`);
    await h.db.execute(sql`update campaigns set name = name || ' (đổi tên)'`);
    expect(await seedDemoPlans(h.db)).toEqual({ seeded: false, attributed: 0 });
    const [after] = await rows<{ n: number }>(sql`select count(*)::int as n from campaigns`);
    expect(after!.n).toBe(before!.n);
    await h.db.execute(sql`update campaigns set name = replace(name, ' (đổi tên)', '')`);
  });
});
