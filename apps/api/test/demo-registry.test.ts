import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, latestFiguresDate, listWorklist, seedDemo, selectRows, type DbHandle } from "@ansinh/db";
import { householdHealthContribution, voluntaryContribution } from "@ansinh/domain/contributions";
import { checkPersonalId } from "@ansinh/domain/identity";
import { worklistWindow } from "@ansinh/domain/registry";
import { generateDemo, generateDemoRegistry } from "../src/services/demo-registry-data.js";
import { seedDemoRegistry } from "../src/services/demo-registry.js";
import { seedDemoUsers } from "../src/services/demo-users.js";

describe("demo registry generator", () => {
  const records = generateDemoRegistry(2020, "2026-10-31");
  it("is deterministic", () => {
    expect(generateDemoRegistry(2020, "2026-10-31")).toEqual(records);
  });
  it("keeps the same payments whatever day it is seeded on (only the outcomes of the items due that day differ)", () => {
    expect(generateDemo(2020, "2026-10-31", "2026-12-08").records).toEqual(records);
    expect(generateDemo(2020, "2026-10-31", "2026-12-08")).toEqual(generateDemo(2020, "2026-10-31", "2026-12-08"));
  });
  it("gives every person a personal ID that agrees with their birth date and gender, unique", () => {
    for (const r of records) {
      const check = checkPersonalId(r.participant.personalId, { birthDate: r.participant.birthDate, gender: r.participant.gender });
      expect(check.valid, `${r.participant.personalId} ${r.participant.birthDate} ${r.participant.gender}`).toBe(true);
    }
    // once each: the 2020 cohort's later payments (`existing`) are the same people paying again
    const people = records.filter((r) => !r.existing);
    expect(new Set(people.map((r) => r.participant.personalId)).size).toBe(people.length);
    expect(records.filter((r) => r.existing).every((r) => people.some((p) => p.participant.personalId === r.participant.personalId))).toBe(true);
    expect(records.filter((r) => r.participant.personalId.startsWith("091")).length / records.length).toBeGreaterThan(0.8);
  });
  it("names people with Vietnamese diacritics, in households of 1 to 6 ranked from 1", () => {
    expect(records.filter((r) => /[ăâđêôơưàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹ]/i.test(r.participant.fullName)).length / records.length).toBeGreaterThan(0.85);
    const households = new Map<string, number[]>();
    for (const r of records.filter((x) => x.scheme === "household_health_insurance")) {
      households.set(r.participant.householdCode!, [...(households.get(r.participant.householdCode!) ?? []), r.householdRank!]);
    }
    for (const ranks of households.values()) {
      expect(ranks.length).toBeGreaterThanOrEqual(1);
      expect(ranks.length).toBeLessThanOrEqual(6);
      expect(ranks).toEqual(ranks.map((_, i) => i + 1));
    }
  });
  it("peaks in the mobilisation month", () => {
    const byMonth = new Map<string, number>();
    for (const r of records.filter((x) => x.receiptDate.startsWith("2020")))
      byMonth.set(r.receiptDate.slice(5, 7), (byMonth.get(r.receiptDate.slice(5, 7)) ?? 0) + 1);
    const top = [...byMonth.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    expect(top).toBe("10");
    expect(byMonth.size).toBe(12);
  });
});

describe("demo registry seeded into a fresh PGlite", () => {
  let h: DbHandle;
  let seconds = 0;
  beforeAll(async () => {
    h = await createDb({ dataDir: "memory://" });
    await seedDemo(h.db);
    await seedDemoUsers(h.db, mkdtempSync(path.join(tmpdir(), "ansinh-demo-")));
    const r = await seedDemoRegistry(h.db, "2026-11-29");
    seconds = r.seconds;
    console.log(`demo registry: ${r.recorded} enrolments in ${r.seconds.toFixed(1)} s`);
  }, 480_000);
  afterAll(async () => h?.close());

  const rows = <T>(q: ReturnType<typeof sql>) => selectRows<T>(h.db, q);

  it("holds 366 new voluntary participants of 2020 in U Minh Thượng, 80 by the Women's Union", async () => {
    const r = await rows<{ agent: string; n: number }>(sql`
      select a.name as agent, count(distinct e.participant_id)::int as n from enrolments e join agents a on a.id = e.agent_id
      join areas c on c.code = e.commune_code and c.valid_from <= e.start_date and (c.valid_to is null or c.valid_to >= e.start_date)
      where e.scheme = 'voluntary_social_insurance' and e.kind = 'new' and e.start_date between '2020-01-01' and '2020-12-31' and c.parent_code = '913'
      group by a.name order by a.name`);
    expect(r).toEqual([
      { agent: "Bưu điện huyện U Minh Thượng", n: 286 },
      { agent: "Hội Liên hiệp Phụ nữ huyện U Minh Thượng", n: 80 },
    ]);
  });

  it("holds 463 household enrolments of 2020, all by the Women's Union", async () => {
    const r = await rows<{ agent: string; n: number }>(sql`
      select a.name as agent, count(*)::int as n from enrolments e join agents a on a.id = e.agent_id
      join payments p on p.enrolment_id = e.id
      where e.scheme = 'household_health_insurance' and p.receipt_date between '2020-01-01' and '2020-12-31' group by a.name`);
    expect(r).toEqual([{ agent: "Hội Liên hiệp Phụ nữ huyện U Minh Thượng", n: 463 }]);
  });

  it("stores valid personal IDs and the domain's amounts", async () => {
    const ps = await rows<{ personal_id: string; birth_date: string; gender: "male" | "female" }>(
      sql`select personal_id, to_char(birth_date, 'YYYY-MM-DD') as birth_date, gender from participants`,
    );
    expect(ps.length).toBeGreaterThanOrEqual(829);
    for (const p of ps) expect(checkPersonalId(p.personal_id, { birthDate: p.birth_date, gender: p.gender }).valid).toBe(true);
    const es = await rows<{
      scheme: string;
      months: number;
      monthly_income: number | null;
      support_groups: string[];
      household_rank: number | null;
      amount: number;
      paid: number;
      receipt_date: string;
    }>(sql`
      select e.scheme, e.months, e.monthly_income::int, e.support_groups, e.household_rank, e.amount::int, p.amount::int as paid, to_char(p.receipt_date, 'YYYY-MM-DD') as receipt_date
      from enrolments e join payments p on p.enrolment_id = e.id`);
    expect(es.length).toBeGreaterThanOrEqual(829);
    for (const e of es) {
      const want =
        e.scheme === "voluntary_social_insurance"
          ? voluntaryContribution({
              paymentDate: e.receipt_date,
              monthlyIncome: e.monthly_income!,
              supportGroups: e.support_groups as never,
              plan: { kind: "periodic", months: e.months as 1 },
            }).totals.net
          : householdHealthContribution({ paymentDate: e.receipt_date, members: [{ rank: e.household_rank! }], months: e.months as 12 }).total;
      expect([e.amount, e.paid]).toEqual([want, want]);
    }
  });

  it("shows both eras: after the reform, part of the 2020 cohort paying again on An Giang's communes", async () => {
    const r = await rows<{ province_code: string; n: number; again: number }>(
      sql`select province_code, count(*)::int as n, count(*) filter (where kind <> 'new')::int as again from enrolments where start_date >= '2025-07-01' group by province_code`,
    );
    expect(r).toHaveLength(1);
    expect(r[0]!.province_code).toBe("91");
    // About a fifth of the 2020 voluntary cohort pays again (returning, then renewing), beside a few new people.
    expect(r[0]!.again).toBeGreaterThan(20);
    expect(r[0]!.n).toBeGreaterThan(r[0]!.again);
    const all = await rows<{ n: number }>(sql`select count(*)::int as n from enrolments`);
    expect(r[0]!.n).toBeLessThan(all[0]!.n / 4);
  });

  it("makes the U Minh Thượng demo collector a collector of the post office", async () => {
    const r = await rows<{ email: string; agent: string }>(
      sql`select u.email, a.name as agent from agent_collectors ac join auth_user u on u.id = ac.user_id join agents a on a.id = ac.agent_id`,
    );
    expect(r).toContainEqual({ email: "thu.uminhthuong@demo.ansinh.vn", agent: "Bưu điện huyện U Minh Thượng" });
    // Each demo collector works for an agent of their own area (Phú Quốc's post office, the 2026 commune's).
    expect(new Set(r.map((x) => x.email)).size).toBe(r.length);
  });

  it("finds the latest report date with figures in an area, though An Giang's units are in force today", async () => {
    expect(await latestFiguresDate(h.db, "2026-11-29", null)).toBe("2020-06-30");
    expect(await latestFiguresDate(h.db, "2026-11-29", ["913"])).toBe("2020-06-30");
    // 31027 was a commune of U Minh Thượng in 2020: figures are on districts, not on it.
    expect(await latestFiguresDate(h.db, "2026-11-29", ["31027"])).toBeNull();
    expect(await latestFiguresDate(h.db, "2020-06-29", null)).toBeNull();
  });

  it("gives the 913 collector a morning's work: the post office's renewals and lapses of 2021–2026 with their outcomes, on the items the registry holds", async () => {
    const outcomes = await rows<{ n: number; years: number; onItem: number; ends: number }>(sql`
      select count(*)::int as n, count(distinct extract(year from o.covered_until))::int as years,
        count(*) filter (where exists (select 1 from payments p where p.participant_id = o.participant_id and p.cover_to = o.covered_until))::int as "onItem",
        (select count(*)::int from participants where eligibility_ended_on is not null) as ends
      from contact_outcomes o`);
    expect(outcomes[0]!.n).toBeGreaterThan(100);
    expect(outcomes[0]!.years).toBeGreaterThanOrEqual(6);
    expect(outcomes[0]!.onItem).toBe(outcomes[0]!.n);
    expect(outcomes[0]!.ends).toBeGreaterThan(0);
    const [agent] = await rows<{ id: number }>(sql`select id from agents where name = 'Bưu điện huyện U Minh Thượng'`);
    const onDate = "2026-11-29";
    const page = await listWorklist(h.db, { communes: null, agentIds: [agent!.id], onDate, ...worklistWindow(onDate), limit: 100 });
    expect(page.rows.length).toBeGreaterThanOrEqual(10);
    expect(page.rows.some((r) => r.status === "lapsed") && page.rows.some((r) => r.status === "due")).toBe(true);
    // Some were reached already; a promise whose day has come is on top.
    expect(page.rows.filter((r) => r.lastOutcome !== null).length).toBeGreaterThanOrEqual(3);
    if (page.rows.some((r) => r.lastOutcome === "promised" && r.promisedOn! <= onDate)) expect(page.rows[0]!.lastOutcome).toBe("promised");
    // Retention has losses explained by outcomes.
    const lost = await rows<{ n: number }>(
      sql`select coalesce(sum(ended90 - renewed90), 0)::int as n from retention_counts where area_code = '913' and grain = 'y' and outcome <> ''`,
    );
    expect(lost[0]!.n).toBeGreaterThan(0);
  });

  it("writes nothing on a second start, quickly", async () => {
    const before = await rows<{ n: number }>(
      sql`select (select count(*) from participants) + (select count(*) from enrolments) + (select count(*) from payments) + (select count(*) from agents) + (select count(*) from facilities) + (select count(*) from areas) as n`,
    );
    const again = await seedDemoRegistry(h.db, "2026-11-29");
    expect(again.recorded).toBe(0);
    expect(again.outcomes).toBe(0);
    const after = await rows<{ n: number }>(
      sql`select (select count(*) from participants) + (select count(*) from enrolments) + (select count(*) from payments) + (select count(*) from agents) + (select count(*) from facilities) + (select count(*) from areas) as n`,
    );
    expect(after).toEqual(before);
    expect(again.seconds).toBeLessThan(seconds);
  });
});
