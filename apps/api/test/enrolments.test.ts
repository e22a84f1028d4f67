import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit, selectRows, type Db } from "@ansinh/db";
import { call, drivers, startTestApp, type TestApp } from "./helpers.js";
import { COMMUNES, countRows, seedRegistryFixtures } from "./registry-fixtures.js";

type Data = Record<string, unknown>;
const data = (r: { body: { result?: { data: unknown } } }) => r.body.result?.data as Data;
const errorOf = (r: { body: { error?: { data: unknown } } }) =>
  r.body.error?.data as { code: string; issues: { path: (string | number)[]; vi: string; en: string }[] };

describe.each(drivers)("enrolments and duplicates on $name", ({ open }) => {
  let t: TestApp;
  let db: Db;
  let agentId: number;
  let otherAgentId: number;
  const auditCount = async () => (await selectRows<{ n: number }>(db, sql`select count(*)::int as n from audit_log`))[0]!.n;

  beforeAll(async () => {
    t = await startTestApp(open);
    db = t.handle.db;
    ({ agentId, otherAgentId } = await seedRegistryFixtures(db));
    await db.execute(sql`insert into agent_collectors (agent_id, user_id) values (${agentId}, ${t.ids.collector}), (${otherAgentId}, ${t.ids.otherCollector})`);
  });
  afterAll(async () => t?.close());

  const form = (over: Data = {}, person: Data = {}, payment: Data = {}) => ({
    participant: {
      personalId: "091088001001",
      fullName: "Võ Văn Mẫu",
      birthDate: "1988-01-20",
      gender: "male",
      phone: "0987 654 321",
      communeCode: COMMUNES.anMinhBac,
      ...person,
    },
    months: 6,
    monthlyIncome: 1_500_000,
    supportGroups: ["near_poor"],
    payment: { receiptDate: "2021-02-03", receiptNumber: "F-1", ...payment },
    agentId,
    ...over,
  });

  it("offers a collector its own agents, a district manager the agents of its district, the national admin all", async () => {
    const names = async (who: keyof TestApp["cookies"]) =>
      ((data(await call(t.app, "enrolments.agentChoices", {}, { cookie: t.cookies[who] })) as unknown as { id: number }[]) ?? []).map((a) => a.id);
    expect(await names("collector")).toEqual([agentId]);
    expect(await names("otherCollector")).toEqual([otherAgentId]);
    expect(await names("manager")).toEqual([agentId]);
    expect((await names("admin")).sort()).toEqual([agentId, otherAgentId].sort());
    expect((await call(t.app, "enrolments.agentChoices", {}, { cookie: t.cookies.viewer })).status).toBe(403);
  });

  it("offers the communes in force on the date within the caller's areas, found without diacritics", async () => {
    const codes = async (who: keyof TestApp["cookies"], text: string, onDate = "2021-04-01") =>
      ((data(await call(t.app, "enrolments.communes", { text, onDate }, { cookie: t.cookies[who] })) as unknown as { code: string }[]) ?? []).map(
        (c) => c.code,
      );
    expect(await codes("collector", "thanh yen")).toEqual([COMMUNES.thanhYen]);
    expect(await codes("collector", "duong dong")).toEqual([]);
    expect(await codes("otherCollector", "duong dong")).toEqual([COMMUNES.duongDong]);
    expect(await codes("collector", "thanh yen", "2026-01-01")).toEqual([]);
    expect(await codes("admin", "310")).toHaveLength(4);
  });

  it("checks the person as typed: the ID against birth date and gender, eligibility, phone", async () => {
    const r = await call(
      t.app,
      "enrolments.checkParticipant",
      { scheme: "voluntary_social_insurance", onDate: "2021-02-03", personalId: "091188001001", birthDate: "2008-01-20", gender: "male", phone: "12345" },
      { cookie: t.cookies.collector },
    );
    expect(r.status).toBe(200);
    const issues = (data(r).issues as { path: string[]; code: string }[]).map((i) => `${i.path.join(".")} ${i.code}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        "participant.personalId IDENTITY.BIRTH_YEAR_MISMATCH",
        "participant.personalId IDENTITY.GENDER_MISMATCH",
        "participant.birthDate ELIGIBILITY.UNDER_15",
        expect.stringMatching(/^participant\.phone REGISTRY\.PHONE_/),
      ]),
    );
    expect(data(r).existingParticipantId).toBeNull();
  });

  it("quotes the live breakdown: voluntary, and each household member ranked and priced", async () => {
    const v = await call(
      t.app,
      "enrolments.quote",
      { scheme: "voluntary_social_insurance", receiptDate: "2021-02-03", monthlyIncome: 1_500_000, months: 6, supportGroups: ["near_poor"] },
      { cookie: t.cookies.collector },
    );
    expect(v.status).toBe(200);
    // 22% × 1,500,000 = 330,000; near-poor 25% × 22% × 700,000 = 38,500; net 291,500 × 6.
    expect(data(v)).toMatchObject({ startDate: "2021-02-01", coverTo: "2021-07-31", contribution: { totals: { net: 1_749_000 } } });
    const h = await call(
      t.app,
      "enrolments.quote",
      { scheme: "household_health_insurance", receiptDate: "2021-02-03", months: 12, members: 3 },
      { cookie: t.cookies.collector },
    );
    expect(h.status).toBe(200);
    expect((data(h).contribution as { members: { rank: number; total: number }[] }).members.map((m) => [m.rank, m.total])).toEqual([
      [1, 804_600],
      [2, 563_220],
      [3, 482_760],
    ]);
    expect(data(h)).toMatchObject({ existingMembers: 0, cardStart: { validFrom: "2021-03-05" }, coverTo: "2022-03-04" });
    const low = await call(
      t.app,
      "enrolments.quote",
      { scheme: "voluntary_social_insurance", receiptDate: "2021-02-03", monthlyIncome: 100_000, months: 1 },
      { cookie: t.cookies.collector },
    );
    expect(low.status).toBe(400);
    expect(errorOf(low)).toMatchObject({ code: "CONTRIBUTION.INCOME_BELOW_FLOOR", issues: [{ path: ["monthlyIncome"] }] });
  });

  let created = 0;
  it("creates a voluntary enrolment with one audit row, then refuses the same personal ID with a link to the person", async () => {
    const a0 = await auditCount();
    const r = await call(t.app, "enrolments.create", form(), { cookie: t.cookies.collector, mutation: true });
    expect(r.status).toBe(200);
    expect(data(r)).toMatchObject({ outcome: "recorded", kind: "new", amount: 1_749_000 });
    created = data(r).participantId as number;
    expect(await auditCount()).toBe(a0 + 1);
    const [audit] = await selectRows<Data>(db, sql`select entity, action, actor_id from audit_log order by id desc limit 1`);
    expect(audit).toMatchObject({ entity: "enrolment", action: "create", actor_id: t.ids.collector });
    // The trail names whom the entry is about: the participant, not the collector who recorded them.
    const trail = await listAudit(db, { limit: 1, offset: 0 });
    expect(trail.rows[0]).toMatchObject({ entity: "enrolment", subjectName: "Võ Văn Mẫu" });
    const [e] = await selectRows<Data>(db, sql`select collector_id, created_by from enrolments where id = ${data(r).enrolmentId as number}`);
    expect(e).toMatchObject({ collector_id: t.ids.collector, created_by: t.ids.collector });

    const before = await countRows(db);
    const again = await call(t.app, "enrolments.create", form({}, { fullName: "Võ Văn Khác" }, { receiptNumber: "F-2" }), {
      cookie: t.cookies.collector,
      mutation: true,
    });
    expect(again.status).toBe(200);
    expect(data(again)).toMatchObject({ outcome: "duplicate", code: "REGISTRY.DUPLICATE_PERSONAL_ID", existingParticipantId: created });
    expect(await countRows(db)).toEqual(before);
    expect(await auditCount()).toBe(a0 + 1);

    const typed = await call(
      t.app,
      "enrolments.checkParticipant",
      { scheme: "voluntary_social_insurance", personalId: "091088001001" },
      { cookie: t.cookies.collector },
    );
    expect(data(typed).existingParticipantId).toBe(created);
  });

  it("the server owns the money: a client's return rate is refused, an advance waits for the fund's return and uses it once set", async () => {
    const smuggled = await call(
      t.app,
      "enrolments.create",
      form({ monthlyReturnRate: 0.999999, months: 60 }, { personalId: "091088001090" }, { receiptNumber: "F-M1" }),
      { cookie: t.cookies.collector, mutation: true },
    );
    expect(smuggled.status).toBe(400);
    const advance = form({ months: 24 }, { personalId: "091088001091", fullName: "Đặng Văn Trước", phone: null }, { receiptNumber: "F-M2" });
    const waiting = await call(t.app, "enrolments.create", advance, { cookie: t.cookies.collector, mutation: true });
    expect(waiting.status).toBe(400);
    expect(errorOf(waiting)).toMatchObject({ code: "ENROLMENT.RETURN_RATE_MISSING" });
    expect(errorOf(waiting).issues[0]!.vi).toContain("2020");
    // Only a national administrator sets it; a rate beyond 2% a month is refused with its unit.
    expect(
      (await call(t.app, "fundReturns.set", { year: 2020, monthlyRate: 0.004, source: "Quỹ BHXH 2020" }, { cookie: t.cookies.manager, mutation: true })).status,
    ).toBe(403);
    const tooHigh = await call(
      t.app,
      "fundReturns.set",
      { year: 2020, monthlyRate: 0.5, source: "Quỹ BHXH 2020" },
      { cookie: t.cookies.admin, mutation: true },
    );
    expect(tooHigh.status).toBe(400);
    expect(errorOf(tooHigh).issues[0]!.vi).toContain("0,02");
    expect(
      (await call(t.app, "fundReturns.set", { year: 2020, monthlyRate: 0.004, source: "Quỹ BHXH 2020" }, { cookie: t.cookies.admin, mutation: true })).status,
    ).toBe(200);
    const list = await call(t.app, "fundReturns.list", undefined, { cookie: t.cookies.collector });
    expect((data(list).returns as { year: number; monthlyRate: number }[]).map((r) => [r.year, r.monthlyRate])).toEqual([[2020, 0.004]]);
    const quoted = await call(
      t.app,
      "enrolments.quote",
      { scheme: "voluntary_social_insurance", receiptDate: "2021-02-03", monthlyIncome: 1_500_000, months: 24, supportGroups: ["near_poor"] },
      { cookie: t.cookies.collector },
    );
    const recorded = await call(t.app, "enrolments.create", advance, { cookie: t.cookies.collector, mutation: true });
    expect(recorded.status).toBe(200);
    expect(data(recorded)).toMatchObject({ outcome: "recorded", coverTo: "2023-01-31" });
    expect(data(recorded).amount).toBe((data(quoted).contribution as { totals: { net: number } }).totals.net);
    expect(data(quoted).fundMonthlyReturn).toBe(0.004);
  });

  it("a person registered in another area is named by their office only: no name, no id, no birth date", async () => {
    const r = await call(
      t.app,
      "enrolments.create",
      form({ agentId: otherAgentId }, { fullName: "Người Khác", birthDate: "1988-06-06", communeCode: COMMUNES.duongDong }, { receiptNumber: "F-X1" }),
      { cookie: t.cookies.otherCollector, mutation: true },
    );
    expect(r.status).toBe(200);
    expect(data(r)).toMatchObject({ outcome: "duplicate", code: "ENROLMENT.PERSON_OUT_OF_SCOPE", existingParticipantId: null });
    const text = JSON.stringify(r.body);
    expect(text).not.toContain("Võ Văn Mẫu");
    expect(text).not.toMatch(/1988-01-20|20\/01\/1988/);
    expect(text).toContain("Kiên Giang");
  });

  it("two requests for the same person at once: one is recorded, the other refused, never a 500", async () => {
    const both = await Promise.all(
      ["F-R1", "F-R2"].map((receiptNumber) =>
        call(
          t.app,
          "enrolments.create",
          form({}, { personalId: "091088001077", fullName: "Lý Văn Đua", birthDate: "1988-07-07", phone: null }, { receiptNumber }),
          { cookie: t.cookies.collector, mutation: true },
        ),
      ),
    );
    for (const r of both) expect([200, 409]).toContain(r.status);
    expect(both.filter((r) => r.status === 200 && data(r).outcome === "recorded")).toHaveLength(1);
    const [n] = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from participants where personal_id = '091088001077'`);
    expect(n!.n).toBe(1);
  });

  it("answers a bad form with 400 and each issue under its field; nothing written, nothing audited", async () => {
    const a0 = await auditCount();
    const before = await countRows(db);
    const r = await call(t.app, "enrolments.create", form({}, { personalId: "091188001002" }, { receiptNumber: "F-3" }), {
      cookie: t.cookies.collector,
      mutation: true,
    });
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject({ code: "REGISTRY.PERSONAL_ID_GENDER_MISMATCH", issues: [{ path: ["participant", "personalId"] }] });
    const bad = await call(t.app, "enrolments.create", { ...form(), monthlyIncome: "lots" }, { cookie: t.cookies.collector, mutation: true });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).issues[0]!.path).toEqual(["monthlyIncome"]);
    expect(await countRows(db)).toEqual(before);
    expect(await auditCount()).toBe(a0);
  });

  it("refuses an agent the caller does not work for, and a commune outside the caller's areas", async () => {
    const foreign = await call(t.app, "enrolments.create", form({ agentId: otherAgentId }, { personalId: "091088001003" }, { receiptNumber: "F-4" }), {
      cookie: t.cookies.collector,
      mutation: true,
    });
    expect(foreign.status).toBe(403);
    const outside = await call(
      t.app,
      "enrolments.create",
      form({}, { personalId: "091088001004", communeCode: COMMUNES.duongDong }, { receiptNumber: "F-5" }),
      {
        cookie: t.cookies.collector,
        mutation: true,
      },
    );
    expect(outside.status).toBe(400);
    expect(errorOf(outside)).toMatchObject({ code: "REGISTRY.COMMUNE_OUT_OF_SCOPE", issues: [{ path: ["participant", "communeCode"] }] });
  });

  it("creates a household with members ranked and priced, and adds a member after them", async () => {
    const member = (personalId: string, fullName: string, birthDate: string, gender: string, receiptNumber: string, relationship: string) => ({
      personalId,
      fullName,
      birthDate,
      gender,
      relationship,
      receiptNumber,
    });
    const hh = {
      householdCode: "UMT-2021-07",
      communeCode: COMMUNES.vinhHoa,
      facilityCode: "91123",
      months: 12,
      receiptDate: "2021-03-01",
      agentId,
      members: [
        member("091050002001", "Lâm Văn Một", "1950-01-01", "male", "H-1", "Chủ hộ"),
        member("091152002002", "Lâm Thị Hai", "1952-02-02", "female", "H-2", "Vợ"),
      ],
    };
    const a0 = await auditCount();
    const r = await call(t.app, "enrolments.createHousehold", hh, { cookie: t.cookies.collector, mutation: true });
    expect(r.status).toBe(200);
    expect((data(r).members as { rank: number; amount: number }[]).map((m) => [m.rank, m.amount])).toEqual([
      [1, 804_600],
      [2, 563_220],
    ]);
    expect(data(r).total).toBe(1_367_820);
    expect(await auditCount()).toBe(a0 + 1);

    const twice = await call(
      t.app,
      "enrolments.createHousehold",
      { ...hh, members: [member("091080002003", "Lâm Văn Ba", "1980-03-03", "male", "H-3", "Con")] },
      {
        cookie: t.cookies.collector,
        mutation: true,
      },
    );
    expect(twice.status).toBe(409);

    const q = await call(
      t.app,
      "enrolments.quote",
      { scheme: "household_health_insurance", receiptDate: "2021-06-01", months: 12, members: 1, householdCode: "umt-2021-07" },
      { cookie: t.cookies.collector },
    );
    expect(data(q)).toMatchObject({ existingMembers: 2, householdExists: true });
    expect((data(q).contribution as { members: { rank: number }[] }).members[0]!.rank).toBe(3);

    const added = await call(
      t.app,
      "enrolments.addMembers",
      { ...hh, receiptDate: "2021-06-01", members: [member("091080002003", "Lâm Văn Ba", "1980-03-03", "male", "H-3", "Con")] },
      { cookie: t.cookies.collector, mutation: true },
    );
    expect(added.status).toBe(200);
    expect((data(added).members as { rank: number; amount: number }[]).map((m) => [m.rank, m.amount])).toEqual([[3, 482_760]]);

    // A collector of another district cannot add to this household, even with a commune of their own.
    const rowsBefore = await countRows(db);
    const foreign = await call(
      t.app,
      "enrolments.addMembers",
      {
        ...hh,
        agentId: otherAgentId,
        communeCode: COMMUNES.duongDong,
        receiptDate: "2021-06-01",
        members: [member("091085002009", "Lâm Văn Chín", "1985-09-09", "male", "H-9", "Con")],
      },
      { cookie: t.cookies.otherCollector, mutation: true },
    );
    // They learn the code is registered and which office to ask — no members, ranks or amounts.
    expect(foreign.status).toBe(400);
    expect(errorOf(foreign)).toMatchObject({ code: "ENROLMENT.HOUSEHOLD_OUT_OF_SCOPE", issues: [{ path: ["householdCode"] }] });
    expect(errorOf(foreign).issues[0]!.vi).toContain("Kiên Giang");
    expect(await countRows(db)).toEqual(rowsBefore);
    const peek = await call(
      t.app,
      "enrolments.quote",
      { scheme: "household_health_insurance", receiptDate: "2021-06-01", months: 12, members: 1, householdCode: "UMT-2021-07" },
      { cookie: t.cookies.otherCollector },
    );
    expect(peek.status).toBe(400);
    expect(errorOf(peek).code).toBe("ENROLMENT.HOUSEHOLD_OUT_OF_SCOPE");
    expect(JSON.stringify(peek.body)).not.toMatch(/existingMembers|Lâm Văn/);
    const again = await call(
      t.app,
      "enrolments.createHousehold",
      { ...hh, agentId: otherAgentId, communeCode: COMMUNES.duongDong, members: [member("091085002010", "Lâm Văn Mười", "1985-10-10", "male", "H-10", "Con")] },
      { cookie: t.cookies.otherCollector, mutation: true },
    );
    expect(errorOf(again).code).toBe("ENROLMENT.HOUSEHOLD_OUT_OF_SCOPE");

    // A bad member rolls back the whole request, its issue under that member's field.
    const before = await countRows(db);
    const bad = await call(
      t.app,
      "enrolments.addMembers",
      {
        ...hh,
        receiptDate: "2021-06-01",
        members: [
          member("091090002004", "Lâm Văn Bốn", "1990-04-04", "male", "H-4", "Con"),
          member("091199002005", "Bé Năm", "2019-05-05", "male", "H-5", "Cháu"),
        ],
      },
      { cookie: t.cookies.collector, mutation: true },
    );
    expect(bad.status).toBe(400);
    expect(errorOf(bad).issues.map((i) => i.path)).toContainEqual(["members", 1, "personalId"]);
    expect(await countRows(db)).toEqual(before);
  });

  it("queues a likely duplicate; a merge moves enrolments and payments and is undone exactly; a dismiss closes a review", async () => {
    const r = await call(t.app, "enrolments.create", form({}, { personalId: "091088001099", fullName: "VO VAN MAU", phone: null }, { receiptNumber: "F-9" }), {
      cookie: t.cookies.collector,
      mutation: true,
    });
    expect(data(r)).toMatchObject({ outcome: "recorded" });
    const newer = data(r).participantId as number;
    expect((data(r).duplicateReviewIds as number[]).length).toBe(1);

    expect((await call(t.app, "duplicates.list", {}, { cookie: t.cookies.collector })).status).toBe(403);
    const list = await call(t.app, "duplicates.list", {}, { cookie: t.cookies.manager });
    expect(list.status).toBe(200);
    const rows = data(list).rows as { id: number; participant: { id: number; personalId: string }; match: { id: number } }[];
    const review = rows.find((x) => x.participant.id === newer)!;
    expect(review.match.id).toBe(created);
    expect(review.participant.personalId).toBe("091088001099");
    expect((await call(t.app, "duplicates.list", {}, { cookie: t.cookies.admin })).status).toBe(200);

    const snapshot = async () => ({
      enrolments: await selectRows<Data>(db, sql`select id, participant_id from enrolments order by id`),
      payments: await selectRows<Data>(db, sql`select id, participant_id from payments order by id`),
      participants: await selectRows<Data>(db, sql`select id, merged_into_id from participants order by id`),
    });
    const pair = { id: review.id, participantId: newer, matchId: created };
    const before = await snapshot();
    const a0 = await auditCount();
    expect((await call(t.app, "duplicates.merge", { ...pair, matchId: newer }, { cookie: t.cookies.manager, mutation: true })).status).toBe(409);
    const merged = await call(t.app, "duplicates.merge", pair, { cookie: t.cookies.manager, mutation: true });
    expect(merged.status).toBe(200);
    expect(data(merged)).toMatchObject({ keptId: created, mergedId: newer });
    const [moved] = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from enrolments where participant_id = ${newer}`);
    expect(moved!.n).toBe(0);
    const [mark] = await selectRows<Data>(db, sql`select merged_into_id from participants where id = ${newer}`);
    expect(Number(mark!.merged_into_id)).toBe(created);
    const [rec] = await selectRows<Data>(db, sql`select status, merge_record from duplicate_reviews where id = ${review.id}`);
    expect(rec).toMatchObject({ status: "merged", merge_record: { keptId: created, mergedId: newer } });
    expect((await call(t.app, "duplicates.merge", pair, { cookie: t.cookies.manager, mutation: true })).status).toBe(409);
    const mergedList = await call(t.app, "duplicates.list", { status: "merged" }, { cookie: t.cookies.manager });
    expect((data(mergedList).rows as { id: number }[]).map((x) => x.id)).toContain(review.id);

    const undone = await call(t.app, "duplicates.undoMerge", { id: review.id, mergedId: newer }, { cookie: t.cookies.manager, mutation: true });
    expect(undone.status).toBe(200);
    expect(await snapshot()).toEqual(before);
    const [reopened] = await selectRows<Data>(db, sql`select status, merge_record from duplicate_reviews where id = ${review.id}`);
    expect(reopened).toMatchObject({ status: "open", merge_record: null });
    const actions = await selectRows<{ action: string }>(db, sql`select action from audit_log order by id desc limit 2`);
    expect(actions.map((a) => a.action)).toEqual(["undo_merge", "merge"]);
    expect(await auditCount()).toBe(a0 + 2);

    expect((await call(t.app, "duplicates.dismiss", pair, { cookie: t.cookies.otherCollector, mutation: true })).status).toBe(403);
    const dismissed = await call(t.app, "duplicates.dismiss", pair, { cookie: t.cookies.areaAdmin, mutation: true });
    expect(dismissed.status).toBe(200);
    expect((await call(t.app, "duplicates.undoMerge", { id: review.id, mergedId: newer }, { cookie: t.cookies.manager, mutation: true })).status).toBe(409);
    expect((await call(t.app, "duplicates.dismiss", { ...pair, id: 987_654 }, { cookie: t.cookies.manager, mutation: true })).status).toBe(404);
  });
});
