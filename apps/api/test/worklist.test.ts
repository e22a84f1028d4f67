/**
 * The collector's worklist on PGlite and PostgreSQL: scoped to the caller's agents and
 * area, masked for roles without read_personal, ordered by the domain (a promise that has come
 * goes first), closed by a payment, outcomes that end eligibility taking the person off the
 * lists, validation answered as 4xx with {code, path, vi, en}, and the reminders' CSV.
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agents, enrolments, participants, payments, selectRows } from "@ansinh/db";
import { addDays, formatDisplayDate } from "@ansinh/domain/dates";
import { compareWorklistItems, normaliseName, periodEnd, reminderText, renewalAmountDue, retention, type RetentionPerson } from "@ansinh/domain/registry";
import { call, drivers, startTestApp, type AccountName, type TestApp } from "./helpers.js";
import { personalIdFor, seedRegistryFixtures, type RegistryFixtures } from "./registry-list-fixtures.js";

interface Row {
  participantId: number;
  fullName: string;
  phone: string | null;
  personalId: string;
  masked: boolean;
  scheme: string;
  status: "due" | "lapsed";
  coveredUntil: string;
  agentName: string | null;
  amountDue: number | null;
  lastOutcome: string | null;
  promisedOn: string | null;
}
interface Page {
  onDate: string;
  total: number;
  nextCursor: string | null;
  rows: Row[];
}
interface ErrorData {
  code: string;
  httpStatus: number;
  issues: { path: (string | number)[]; vi: string; en: string }[];
}

describe.each(drivers)("worklist on $name", ({ open }) => {
  let t: TestApp;
  let f: RegistryFixtures;
  /** A person of 913 due through another agent than the test collector's. */
  let other: { id: number };
  beforeAll(async () => {
    t = await startTestApp(open);
    f = await seedRegistryFixtures(t.handle.db, { uminh: t.ids.collector, phuquoc: t.ids.otherCollector });
    const db = t.handle.db;
    const [agent] = await db
      .insert(agents)
      .values({ name: "Đại lý xã An Minh Bắc (thử)", kind: "commune_agent", provinceCode: "91", areaCode: "913", areaValidOn: "2020-06-30" })
      .returning({ id: agents.id });
    const [p] = await db
      .insert(participants)
      .values({
        provinceCode: "91",
        personalId: personalIdFor("1980-02-02", "female", 900),
        fullName: "Hồ Thị Thu",
        nameKey: normaliseName("Hồ Thị Thu"),
        birthDate: "1980-02-02",
        gender: "female",
        phone: "0912000900",
        communeCode: "31054",
        communeValidOn: "2020-06-30",
      })
      .returning({ id: participants.id });
    other = { id: p!.id };
    await pay(p!.id, addDays(f.today, -160), 6, agent!.id);
  }, 60_000);
  afterAll(async () => t?.close());

  /** An enrolment and its payment for `months` from `from` (the statement triggers keep coverage). */
  async function pay(participantId: number, from: string, months: number, agentId: number) {
    const db = t.handle.db;
    const [e] = await db
      .insert(enrolments)
      .values({
        provinceCode: "91",
        participantId,
        scheme: "voluntary_social_insurance",
        kind: "renewal",
        startDate: from,
        months,
        monthlyIncome: 1_500_000,
        breakdown: { test: true },
        ratesEffectiveFrom: "2024-07-01",
        amount: 264_000 * months,
        communeCode: "31054",
        agentId,
        source: "demo",
      })
      .returning({ id: enrolments.id });
    await db.insert(payments).values({
      provinceCode: "91",
      enrolmentId: e!.id,
      participantId,
      coverFrom: from,
      months,
      coverTo: periodEnd({ from, months }),
      amount: 264_000 * months,
      receiptDate: f.today,
      receiptNumber: `WL${participantId}-${from}`,
      agentId,
    });
  }

  const list = async (who: AccountName, input: unknown = {}) => {
    const r = await call(t.app, "worklist.list", input, { cookie: t.cookies[who] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.result!.data as Page;
  };
  const record = (who: AccountName, input: unknown) => call(t.app, "worklist.recordOutcome", input, { cookie: t.cookies[who], mutation: true });
  const key = (r: Row) => `${r.fullName} ${r.scheme}`;

  it("shows a collector their agent's people due this month and next or lapsed lately, in the domain's order", async () => {
    const page = await list("collector");
    expect(page.rows.map(key).sort()).toEqual(
      ["Nguyễn Văn An household_health_insurance", "Trần Văn Bình voluntary_social_insurance", "Đặng Thị Đào voluntary_social_insurance"].sort(),
    );
    const sorted = [...page.rows].sort((a, b) => compareWorklistItems(a, b, page.onDate) || a.participantId - b.participantId);
    expect(page.rows.map(key)).toEqual(sorted.map(key));
    expect(page.rows.find((r) => r.fullName === "Đặng Thị Đào")!.status).toBe("lapsed");
    // The other collector's agent (Phú Quốc) has nobody due: Hoa is covered for months, Lan lapsed too long ago.
    expect((await list("otherCollector")).rows).toEqual([]);
  });

  it("shows a manager everyone of the area, a collector only their agent's", async () => {
    const manager = (await list("manager")).rows;
    expect(manager.map((r) => r.participantId)).toContain(other.id);
    expect(manager.find((r) => r.participantId === other.id)!.agentName).toBe("Đại lý xã An Minh Bắc (thử)");
    expect((await list("collector")).rows.map((r) => r.fullName)).not.toContain("Hồ Thị Thu");
    expect((await list("manager", { agentId: f.agents.uminh })).rows.map((r) => r.fullName)).not.toContain("Hồ Thị Thu");
  });

  it("masks phones and IDs for a viewer, not for the collector", async () => {
    const viewer = await list("viewer");
    expect(viewer.rows.length).toBeGreaterThan(0);
    for (const r of viewer.rows) {
      expect(r.masked).toBe(true);
      if (r.phone) expect(r.phone).toMatch(/\*/);
      expect(r.personalId).toMatch(/\*/);
    }
    const mine = (await list("collector")).rows.find((r) => r.fullName === "Trần Văn Bình")!;
    expect(mine).toMatchObject({ masked: false, phone: "0345678003" });
  });

  it("prices the renewal of the same plan on today's rates", async () => {
    const page = await list("collector");
    const an = page.rows.find((r) => r.fullName === "Nguyễn Văn An")!;
    expect(an.amountDue).toBe(renewalAmountDue({ scheme: "household_health_insurance", months: 12, householdRank: 1 }, page.onDate, null)!.amount);
    const binh = page.rows.find((r) => r.fullName === "Trần Văn Bình")!;
    expect(binh.amountDue).toBe(renewalAmountDue({ scheme: "voluntary_social_insurance", months: 3, monthlyIncome: 1_500_000 }, page.onDate, null)!.amount);
    expect(binh.amountDue).toBeGreaterThan(0);
  });

  it("prices a voluntary renewal with the state-support months already used (the 120-month cap)", async () => {
    const db = t.handle.db;
    const [p] = await db
      .insert(participants)
      .values({
        provinceCode: "91",
        personalId: personalIdFor("1975-03-03", "male", 901),
        fullName: "Lý Văn Hậu",
        nameKey: normaliseName("Lý Văn Hậu"),
        birthDate: "1975-03-03",
        gender: "male",
        communeCode: "31054",
        communeValidOn: "2020-06-30",
      })
      .returning({ id: participants.id });
    // Ten years of support behind him but 5 months (as the enrolment form stores it), then a year due within weeks.
    await db.insert(enrolments).values({
      provinceCode: "91",
      participantId: p!.id,
      scheme: "voluntary_social_insurance",
      kind: "new",
      startDate: "2021-01-01",
      months: 12,
      monthlyIncome: 1_500_000,
      breakdown: { supportedMonths: 115 },
      ratesEffectiveFrom: "2019-07-01",
      amount: 1,
      communeCode: "31054",
      agentId: f.agents.uminh,
      source: "demo",
    });
    await pay(p!.id, addDays(f.today, -340), 12, f.agents.uminh);
    const page = await list("collector", { search: "Lý Văn Hậu" });
    const hau = page.rows.find((r) => r.participantId === p!.id)!;
    // The earlier enrolment's 115 months and none for the test payment's own breakdown.
    const plan = { scheme: "voluntary_social_insurance" as const, months: 12, monthlyIncome: 1_500_000 };
    expect(hau.amountDue).toBe(renewalAmountDue({ ...plan, supportedMonthsUsed: 115 }, page.onDate, null)!.amount);
    expect(hau.amountDue).toBeGreaterThan(renewalAmountDue({ ...plan, supportedMonthsUsed: 0 }, page.onDate, null)!.amount);
  });

  it("refuses mistakes with 4xx and {code, path, vi, en}, and what is out of scope as not found", async () => {
    const binh = f.people.binh.id;
    const noDate = await record("collector", { participantId: binh, scheme: "voluntary_social_insurance", outcome: "promised" });
    expect(noDate.status).toBe(400);
    const d1 = noDate.body.error!.data as unknown as ErrorData;
    expect(d1.code).toBe("INPUT.INVALID");
    expect(d1.issues).toContainEqual({ path: ["promisedOn"], vi: "Cần ngày hẹn đóng", en: "The promised date is needed" });
    const past = await record("collector", {
      participantId: binh,
      scheme: "voluntary_social_insurance",
      outcome: "promised",
      promisedOn: addDays(f.today, -1),
    });
    expect(past.status).toBe(400);
    expect((past.body.error!.data as unknown as ErrorData).code).toBe("REGISTRY.INVALID_DATE");
    expect((past.body.error!.data as unknown as ErrorData).issues[0]!.path).toEqual(["promisedOn"]);
    const wrong = await record("collector", { participantId: binh, scheme: "voluntary_social_insurance", outcome: "sold" });
    expect(wrong.status).toBe(400);
    // Phú Quốc's Hoa, asked by 913's collector: not found; a viewer may not write.
    expect((await record("collector", { participantId: f.people.hoa.id, scheme: "voluntary_social_insurance", outcome: "moved" })).status).toBe(404);
    expect((await record("viewer", { participantId: binh, scheme: "voluntary_social_insurance", outcome: "moved" })).status).toBe(403);
  });

  it("brings a person whose promised day has come to the top; a later promise changes nothing", async () => {
    const before = (await list("collector")).rows.map(key);
    const last = (await list("collector")).rows.at(-1)!;
    const later = await record("collector", {
      participantId: last.participantId,
      scheme: last.scheme,
      outcome: "promised",
      promisedOn: addDays(f.today, 3),
      note: "Hẹn tuần sau",
    });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    const afterLater = (await list("collector")).rows;
    expect(afterLater.map(key)).toEqual(before);
    expect(afterLater.at(-1)).toMatchObject({ lastOutcome: "promised", promisedOn: addDays(f.today, 3) });
    const today = await record("collector", { participantId: last.participantId, scheme: last.scheme, outcome: "promised", promisedOn: f.today });
    expect(today.status).toBe(200);
    const afterToday = (await list("collector")).rows;
    expect(key(afterToday[0]!)).toBe(key(last));
    expect(afterToday.slice(1).map(key)).toEqual(before.slice(0, -1));
    // Audited, in the same transaction as the outcome.
    const [audit] = await selectRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from audit_log where entity = 'contact_outcome'`);
    expect(Number(audit!.n)).toBeGreaterThanOrEqual(2);
  });

  it("pages by keyset in the same order", async () => {
    const all = (await list("manager")).rows.map(key);
    const first = await list("manager", { limit: 2 });
    expect(first.nextCursor).not.toBeNull();
    const second = await list("manager", { limit: 50, after: first.nextCursor });
    expect([...first.rows, ...second.rows].map(key)).toEqual(all);
  });

  it("closes the item when a payment is recorded for the person", async () => {
    const binh = f.people.binh.id;
    expect((await list("collector")).rows.map((r) => r.participantId)).toContain(binh);
    const [cover] = await selectRows<{ covered_until: string }>(
      t.handle.db,
      sql`select to_char(max(cover_to), 'YYYY-MM-DD') as covered_until from payments where participant_id = ${binh}`,
    );
    await pay(binh, addDays(cover!.covered_until, 1), 12, f.agents.uminh);
    expect((await list("collector")).rows.map((r) => r.participantId)).not.toContain(binh);
  });

  it("takes a person who died off the worklist and the renewals", async () => {
    const dao = f.people.dao.id;
    const lapsedBefore = (await call(t.app, "renewals.list", { kind: "lapsed" }, { cookie: t.cookies.manager })).body.result!.data as {
      rows: { participantId: number }[];
    };
    expect(lapsedBefore.rows.map((r) => r.participantId)).toContain(dao);
    const r = await record("collector", { participantId: dao, scheme: "voluntary_social_insurance", outcome: "died", note: "Gia đình báo tin" });
    expect(r.status).toBe(200);
    expect((await list("collector")).rows.map((x) => x.participantId)).not.toContain(dao);
    const lapsedAfter = (await call(t.app, "renewals.list", { kind: "lapsed" }, { cookie: t.cookies.manager })).body.result!.data as {
      rows: { participantId: number }[];
    };
    expect(lapsedAfter.rows.map((x) => x.participantId)).not.toContain(dao);
    const [p] = await selectRows<{ on: string; by: string }>(
      t.handle.db,
      sql`select to_char(eligibility_ended_on, 'YYYY-MM-DD') as on, eligibility_ended_by as by from participants where id = ${dao}`,
    );
    expect(p).toEqual({ on: f.today, by: "died" });
  });

  it("shows on the dashboard's retention the outcome behind a loss; an eligibility ended long after the end keeps the loss in the denominator", async () => {
    const db = t.handle.db;
    // Cover ended 2024-06-30 (the 2020 units are in force then), never renewed.
    const [p] = await db
      .insert(participants)
      .values({
        provinceCode: "91",
        personalId: personalIdFor("1950-04-04", "male", 902),
        fullName: "Võ Văn Khải",
        nameKey: normaliseName("Võ Văn Khải"),
        birthDate: "1950-04-04",
        gender: "male",
        communeCode: "31054",
        communeValidOn: "2020-06-30",
      })
      .returning({ id: participants.id });
    await pay(p!.id, "2024-01-01", 6, f.agents.uminh);
    const input = { code: "913", onDate: "2024-12-31", scheme: "voluntary_social_insurance", year: 2024 };
    type R = {
      total: { within30: { ended: number }; within90: { ended: number; renewed: number } };
      losses: { outcome: string | null; lost: number }[];
      agents: { agentId: number | null }[];
    };
    const read = async () => {
      const res = await call(t.app, "dashboard.retention", input, { cookie: t.cookies.manager });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.result!.data as R;
    };
    const lost = (r: R, o: string | null) => r.losses.find((l) => l.outcome === o)?.lost ?? 0;
    const before = await read();
    expect(before.total.within90.ended).toBeGreaterThanOrEqual(1);
    expect(before.agents.map((a) => a.agentId)).toContain(f.agents.uminh);
    // Reported dead today, years after E + 90: still a loss of 2024 (RULES: only an end by E + N leaves the window), now explained.
    const r = await record("collector", { participantId: p!.id, scheme: "voluntary_social_insurance", outcome: "died" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = await read();
    expect(after.total).toEqual(before.total);
    expect(lost(after, "died")).toBe(lost(before, "died") + 1);
    expect(lost(after, null)).toBe(lost(before, null) - 1);
  });

  it("exports the reminders of a selection as CSV, audited", async () => {
    const page = await list("collector");
    const an = page.rows.find((r) => r.fullName === "Nguyễn Văn An")!;
    const res = await call(
      t.app,
      "worklist.reminders",
      {
        items: [
          { participantId: an.participantId, scheme: an.scheme },
          { participantId: f.people.hoa.id, scheme: "voluntary_social_insurance" },
        ],
      },
      { cookie: t.cookies.collector, mutation: true },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const out = res.body.result!.data as { fileName: string; csv: string; rows: number };
    expect(out.rows).toBe(1);
    expect(out.fileName).toBe(`nhac-dong-${page.onDate}.csv`);
    const lines = out.csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe("Họ và tên,Số điện thoại,Loại hình,Số tiền cần đóng,Hạn đóng,Kết quả liên hệ gần nhất,Nội dung tin nhắn");
    const message = reminderText({
      fullName: an.fullName,
      scheme: "household_health_insurance",
      amount: an.amountDue,
      coveredUntil: an.coveredUntil,
      onDate: page.onDate,
    });
    expect(message).toContain(formatDisplayDate(an.coveredUntil));
    expect(lines[1]).toBe(`Nguyễn Văn An,0912345001,BHYT hộ gia đình,${an.amountDue},${formatDisplayDate(an.coveredUntil)},,${message}`);
    const [audit] = await selectRows<{ n: number }>(
      t.handle.db,
      sql`select count(*)::int as n from audit_log where entity = 'worklist_reminders' and action = 'export'`,
    );
    expect(Number(audit!.n)).toBe(1);
    const empty = await call(t.app, "worklist.reminders", { items: [] }, { cookie: t.cookies.collector, mutation: true });
    expect(empty.status).toBe(400);
  });

  it("computes retention as the domain does over the same payments, in total and for a collector's agents", async () => {
    const db = t.handle.db;
    // Random people of 913 with random payments (and some who died), beside the fixtures.
    const people = fc.sample(
      fc.record({
        agent: fc.boolean(),
        gone: fc.option(fc.integer({ min: -400, max: 200 }), { nil: null }),
        payments: fc.array(
          fc.record({ from: fc.integer({ min: -700, max: 100 }), months: fc.constantFrom(1, 3, 6, 12), lag: fc.integer({ min: -200, max: 150 }) }),
          { minLength: 1, maxLength: 4 },
        ),
      }),
      { numRuns: 40, seed: 28 },
    );
    for (const [i, g] of people.entries()) {
      const [p] = await db
        .insert(participants)
        .values({
          provinceCode: "91",
          personalId: personalIdFor("1970-01-01", "male", 5000 + i),
          fullName: `Người Giữ Chân ${i}`,
          nameKey: normaliseName(`Người Giữ Chân ${i}`),
          birthDate: "1970-01-01",
          gender: "male",
          communeCode: "31054",
          communeValidOn: "2020-06-30",
          eligibilityEndedOn: g.gone === null ? null : addDays(f.today, g.gone),
        })
        .returning({ id: participants.id });
      for (const [k, q] of g.payments.entries()) {
        const from = addDays(f.today, q.from);
        const agentId = g.agent ? f.agents.uminh : f.agents.phuquoc;
        const [e] = await db
          .insert(enrolments)
          .values({
            provinceCode: "91",
            participantId: p!.id,
            scheme: "voluntary_social_insurance",
            kind: "new",
            startDate: from,
            months: q.months,
            monthlyIncome: 1_500_000,
            breakdown: {},
            ratesEffectiveFrom: "2024-07-01",
            amount: 1,
            communeCode: "31054",
            agentId,
            source: "demo",
          })
          .returning({ id: enrolments.id });
        await db.insert(payments).values({
          provinceCode: "91",
          enrolmentId: e!.id,
          participantId: p!.id,
          coverFrom: from,
          months: q.months,
          coverTo: periodEnd({ from, months: q.months }),
          amount: 1,
          receiptDate: addDays(from, q.lag),
          receiptNumber: `RT-${i}-${k}`,
          agentId,
        });
      }
    }
    const from = addDays(f.today, -365);
    const to = addDays(f.today, 60);
    const all = await selectRows<{
      participant_id: number;
      scheme: string;
      cover_to: string;
      receipt_date: string;
      agent_id: number | null;
      gone: string | null;
      commune_code: string;
    }>(
      db,
      sql`select pm.participant_id::int as participant_id, e.scheme, to_char(pm.cover_to, 'YYYY-MM-DD') as cover_to, to_char(pm.receipt_date, 'YYYY-MM-DD') as receipt_date,
            pm.agent_id, to_char(p.eligibility_ended_on, 'YYYY-MM-DD') as gone, p.commune_code
          from payments pm join enrolments e on e.id = pm.enrolment_id and e.status <> 'cancelled' join participants p on p.id = pm.participant_id
          where p.merged_into_id is null order by pm.id`,
    );
    const groups = new Map<string, (typeof all)[number][]>();
    for (const r of all) groups.set(`${r.participant_id} ${r.scheme}`, [...(groups.get(`${r.participant_id} ${r.scheme}`) ?? []), r]);
    /** The agent of the payment whose cover ended last in the period (the SQL's grouping). */
    const agentOf = (ps: (typeof all)[number][]) =>
      ps
        .filter((q) => q.cover_to >= from && q.cover_to <= to)
        .sort((a, b) => (a.cover_to < b.cover_to ? -1 : 1))
        .at(-1)?.agent_id ?? null;
    const domain = (keep: (ps: (typeof all)[number][]) => boolean) =>
      retention(
        [...groups.values()]
          .filter(keep)
          .map((ps): RetentionPerson => ({ payments: ps.map((q) => ({ coverTo: q.cover_to, receiptDate: q.receipt_date })), eligibilityEndedOn: ps[0]!.gone })),
        from,
        to,
      );
    const asAdmin = (await call(t.app, "worklist.retention", { from, to }, { cookie: t.cookies.admin })).body.result!.data as {
      total: unknown[];
      byAgent: { agentId: number | null; figures: { ended: number; renewed: number }[] }[];
    };
    expect(asAdmin.total).toEqual(domain(() => true));
    expect((domain(() => true)[1] as { ended: number }).ended).toBeGreaterThan(10);
    // The collector's agents only.
    const mine = (await call(t.app, "worklist.retention", { from, to }, { cookie: t.cookies.collector })).body.result!.data as { total: unknown[] };
    expect(mine.total).toEqual(domain((ps) => agentOf(ps) === f.agents.uminh));
    // The groups add up to the total (counts, never shares, are summed).
    expect(asAdmin.byAgent.reduce((a, g) => a + g.figures[0]!.ended, 0)).toBe((asAdmin.total[0] as { ended: number }).ended);
    const bad = await call(t.app, "worklist.retention", { from: to, to: from }, { cookie: t.cookies.admin });
    expect(bad.status).toBe(400);
  });
});
