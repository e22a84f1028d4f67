import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows, type Db } from "@ansinh/db";
import { householdHealthContribution, voluntaryContribution } from "@ansinh/domain/contributions";
import { recordEnrolment, type RecordEnrolmentInput, type RecordEnrolmentResult } from "../src/services/record-enrolment.js";
import { drivers, startTestApp, type TestApp } from "./helpers.js";
import { COMMUNES, countRows, seedRegistryFixtures, voluntaryInput } from "./registry-fixtures.js";

describe.each(drivers)("recordEnrolment on $name", ({ open }) => {
  let t: TestApp;
  let db: Db;
  let agentId: number;
  let otherAgentId: number;
  const record = (input: unknown, communeScope?: Set<string>) =>
    db.transaction((tx) =>
      recordEnrolment(tx, input as RecordEnrolmentInput, { actorId: t.ids.collector, ...(communeScope ? { communeScope } : {}) }),
    ) as Promise<RecordEnrolmentResult>;

  beforeAll(async () => {
    t = await startTestApp(open);
    db = t.handle.db;
    ({ agentId, otherAgentId } = await seedRegistryFixtures(db));
  });
  afterAll(async () => t?.close());

  let firstParticipant = 0;

  it("records a voluntary enrolment: participant, enrolment (breakdown as charged, rates' date, province), payment", async () => {
    const r = await record(voluntaryInput(agentId, { collectorId: t.ids.collector }));
    expect(r).toMatchObject({ outcome: "recorded", kind: "new", amount: 613_800, participantCreated: true, duplicateReviewIds: [] });
    if (r.outcome !== "recorded") throw new Error("not recorded");
    firstParticipant = r.participantId;
    const [p] = await selectRows<Record<string, unknown>>(db, sql`select * from participants where id = ${r.participantId}`);
    expect(p).toMatchObject({
      province_code: "91",
      personal_id: "091085001234",
      full_name: "Trần Văn Thử",
      name_key: "tran van thu",
      phone: "0912000111",
      commune_code: "31012",
    });
    const [e] = await selectRows<Record<string, unknown>>(
      db,
      sql`select province_code, scheme, kind, to_char(start_date, 'YYYY-MM-DD') as start, months, monthly_income, amount, breakdown,
                 to_char(rates_effective_from, 'YYYY-MM-DD') as rates_from, agent_id, collector_id, created_by, source from enrolments where id = ${r.enrolmentId}`,
    );
    const expected = voluntaryContribution({ paymentDate: "2020-03-10", monthlyIncome: 1_000_000, supportGroups: [], plan: { kind: "periodic", months: 3 } });
    expect(e).toMatchObject({
      province_code: "91",
      scheme: "voluntary_social_insurance",
      kind: "new",
      start: "2020-03-01",
      months: 3,
      source: "form",
      agent_id: agentId,
    });
    expect(Number(e!.amount)).toBe(expected.totals.net);
    expect(Number(e!.monthly_income)).toBe(1_000_000);
    // Stored as charged: every figure of the domain's result, without the worded explanation (regenerated on demand).
    const { explanation: _explanation, ...figures } = expected;
    expect(e!.breakdown).toEqual(JSON.parse(JSON.stringify(figures)));
    expect(e!.breakdown).not.toHaveProperty("explanation");
    // Base salary 1,490,000 from 2019-07-01 is the latest figure in force on 2020-03-10.
    expect(e!.rates_from).toBe("2019-07-01");
    expect(e!.collector_id).toBe(t.ids.collector);
    expect(e!.created_by).toBe(t.ids.collector);
    const [pay] = await selectRows<Record<string, unknown>>(
      db,
      sql`select province_code, to_char(cover_from, 'YYYY-MM-DD') as cover_from, to_char(cover_to, 'YYYY-MM-DD') as cover_to, amount, receipt_number
          from payments where id = ${r.paymentId}`,
    );
    expect(pay).toMatchObject({ province_code: "91", cover_from: "2020-03-01", cover_to: "2020-05-31", receipt_number: "BL-0001" });
    expect(Number(pay!.amount)).toBe(613_800);
  });

  it("answers the same (agent, receipt number) again with duplicate and writes nothing", async () => {
    const before = await countRows(db);
    const r = await record(voluntaryInput(agentId, { participantMode: "any" }));
    expect(r).toMatchObject({ outcome: "duplicate", code: "ENROLMENT.DUPLICATE_RECEIPT", existingParticipantId: firstParticipant });
    expect(await countRows(db)).toEqual(before);
  });

  it("takes the same receipt number from another agent", async () => {
    const r = await record(
      voluntaryInput(
        otherAgentId,
        {},
        { personalId: "091190004321", fullName: "Lê Thị Mẫu", birthDate: "1990-07-01", gender: "female", phone: null, communeCode: COMMUNES.duongDong },
      ),
    );
    expect(r).toMatchObject({ outcome: "recorded", kind: "new" });
  });

  it("refuses a new person whose personal ID exists, naming the existing participant, and writes nothing", async () => {
    const before = await countRows(db);
    const r = await record(voluntaryInput(agentId, {}, { fullName: "Trần Văn Khác" }, { receiptNumber: "BL-0002" }));
    expect(r).toMatchObject({ outcome: "duplicate", code: "REGISTRY.DUPLICATE_PERSONAL_ID", existingParticipantId: firstParticipant });
    if (r.outcome !== "duplicate") throw new Error();
    expect(r.issues[0]!.path).toEqual(["participant", "personalId"]);
    expect(await countRows(db)).toEqual(before);
  });

  it("enrols an existing person again: a renewal continues the cover, a gap makes a returning enrolment", async () => {
    const renewal = await record(voluntaryInput(agentId, { participantMode: "any" }, {}, { receiptNumber: "BL-0003", receiptDate: "2020-05-20" }));
    expect(renewal).toMatchObject({
      outcome: "recorded",
      kind: "renewal",
      participantId: firstParticipant,
      participantCreated: false,
      startDate: "2020-06-01",
      coverTo: "2020-08-31",
    });
    const back = await record(voluntaryInput(agentId, { participantMode: "any", months: 1 }, {}, { receiptNumber: "BL-0004", receiptDate: "2020-11-03" }));
    expect(back).toMatchObject({
      outcome: "recorded",
      kind: "returning",
      participantId: firstParticipant,
      startDate: "2020-11-01",
      coverTo: "2020-11-30",
      amount: 204_600,
    });
  });

  it("rejects bad rows with every issue under its field, and writes nothing", async () => {
    const before = await countRows(db);
    const genderMismatch = await record(voluntaryInput(agentId, {}, { personalId: "091185009999", fullName: "Phạm Văn Sai" }, { receiptNumber: "BL-0100" }));
    expect(genderMismatch).toMatchObject({ outcome: "rejected", code: "REGISTRY.PERSONAL_ID_GENDER_MISMATCH" });
    if (genderMismatch.outcome !== "rejected") throw new Error();
    expect(genderMismatch.issues.map((i) => i.path.join("."))).toEqual(["participant.personalId"]);
    expect(genderMismatch.issues[0]!.vi).toMatch(/Chữ số thứ 4/);

    const young = await record(
      voluntaryInput(agentId, {}, { personalId: "091208001111", fullName: "Bé Nhỏ", birthDate: "2008-01-01", phone: null }, { receiptNumber: "BL-0101" }),
    );
    expect(young).toMatchObject({ outcome: "rejected", code: "REGISTRY.UNDER_15", issues: [{ path: ["participant", "birthDate"] }] });

    const low = await record(voluntaryInput(agentId, { monthlyIncome: 500_000 }, { personalId: "091085005555", phone: null }, { receiptNumber: "BL-0102" }));
    expect(low).toMatchObject({ outcome: "rejected", code: "REGISTRY.INCOME_BELOW_FLOOR", issues: [{ path: ["monthlyIncome"] }] });

    const nowhere = await record(voluntaryInput(agentId, {}, { personalId: "091085006666", communeCode: "99999", phone: null }, { receiptNumber: "BL-0103" }));
    expect(nowhere).toMatchObject({ outcome: "rejected", code: "REGISTRY.COMMUNE_UNKNOWN", issues: [{ path: ["participant", "communeCode"] }] });

    const outside = await record(
      voluntaryInput(agentId, {}, { personalId: "091085007777", communeCode: COMMUNES.duongDong, phone: null }, { receiptNumber: "BL-0104" }),
      new Set([COMMUNES.thanhYen]),
    );
    expect(outside).toMatchObject({ outcome: "rejected", code: "REGISTRY.COMMUNE_OUT_OF_SCOPE" });

    const wrongAmount = await record(voluntaryInput(agentId, {}, { personalId: "091085008888", phone: null }, { receiptNumber: "BL-0105", amount: 600_000 }));
    expect(wrongAmount).toMatchObject({ outcome: "rejected", code: "REGISTRY.AMOUNT_MISMATCH", issues: [{ path: ["payment", "amount"] }] });

    const noAgent = await record(voluntaryInput(999_999, {}, { personalId: "091085008889" }));
    expect(noAgent).toMatchObject({ outcome: "rejected", code: "ENROLMENT.AGENT_UNKNOWN", issues: [{ path: ["agentId"] }] });

    const shape = await record({ ...voluntaryInput(agentId), months: "three" });
    expect(shape).toMatchObject({ outcome: "rejected", code: "INPUT.INVALID", issues: [{ path: ["months"] }] });

    const mismatch = await record(voluntaryInput(agentId, { participantMode: "any" }, { birthDate: "1985-05-12" }, { receiptNumber: "BL-0106" }));
    expect(mismatch).toMatchObject({ outcome: "rejected", code: "ENROLMENT.PARTICIPANT_MISMATCH", issues: [{ path: ["participant", "birthDate"] }] });

    expect(await countRows(db)).toEqual(before);
  });

  it("prices household members by their rank in the year and starts each card 30 days after payment", async () => {
    const member = (
      personalId: string,
      fullName: string,
      birthDate: string,
      gender: "male" | "female",
      receiptNumber: string,
      receiptDate: string,
      relationship: string,
    ) => ({
      participant: { personalId, fullName, birthDate, gender, communeCode: COMMUNES.vinhHoa, householdCode: "hgd-913-001", relationship },
      scheme: "household_health_insurance" as const,
      months: 12,
      facilityCode: "91123",
      payment: { receiptDate, receiptNumber },
      agentId,
      source: "form" as const,
      participantMode: "new" as const,
    });
    const head = await record(member("091058000222", "Nguyễn Văn Chủ", "1958-02-02", "male", "HGD-1", "2020-04-01", "Chủ hộ"));
    const wife = await record(member("091160000111", "Đỗ Thị Vợ", "1960-06-06", "female", "HGD-2", "2020-04-01", "Vợ"));
    const son = await record(member("091092000333", "Nguyễn Văn Con", "1992-09-09", "male", "HGD-3", "2020-05-15", "Con"));
    const factors = householdHealthContribution({ paymentDate: "2020-04-01", months: 12, members: 3 }).members.map((m) => m.total);
    expect(factors).toEqual([804_600, 563_220, 482_760]);
    expect(head).toMatchObject({ outcome: "recorded", householdRank: 1, amount: 804_600, startDate: "2020-05-01", coverTo: "2021-04-30", kind: "new" });
    expect(wife).toMatchObject({ outcome: "recorded", householdRank: 2, amount: 563_220 });
    expect(son).toMatchObject({ outcome: "recorded", householdRank: 3, amount: 482_760, startDate: "2020-06-14" });
    if (head.outcome !== "recorded" || son.outcome !== "recorded") throw new Error();
    expect(son.householdId).toBe(head.householdId);
    const [h] = await selectRows<Record<string, unknown>>(
      db,
      sql`select code, province_code, head_participant_id from households where id = ${head.householdId}`,
    );
    expect(h).toMatchObject({ code: "HGD-913-001", province_code: "91" });
    expect(Number(h!.head_participant_id)).toBe(head.participantId);
    const [e] = await selectRows<Record<string, unknown>>(
      db,
      sql`select household_rank, facility_code, to_char(rates_effective_from, 'YYYY-MM-DD') as rates_from, breakdown from enrolments where id = ${son.enrolmentId}`,
    );
    expect(e).toMatchObject({ household_rank: 3, facility_code: "91123", rates_from: "2019-07-01" });
    expect((e!.breakdown as { member: { factorBp: number } }).member.factorBp).toBe(6_000);
  });

  it("opens a review for a likely duplicate (same name without diacritics, birth date and commune)", async () => {
    const r = await record(voluntaryInput(agentId, {}, { personalId: "091085004444", fullName: "tran van thu", phone: null }, { receiptNumber: "BL-0200" }));
    expect(r).toMatchObject({ outcome: "recorded" });
    if (r.outcome !== "recorded") throw new Error();
    expect(r.duplicateReviewIds).toHaveLength(1);
    const [rev] = await selectRows<Record<string, unknown>>(
      db,
      sql`select participant_id, match_id, score, status, reasons from duplicate_reviews where id = ${r.duplicateReviewIds[0]!}`,
    );
    expect(Number(rev!.participant_id)).toBe(r.participantId);
    expect(Number(rev!.match_id)).toBe(firstParticipant);
    expect(rev).toMatchObject({ score: 70, status: "open" });
    expect((rev!.reasons as { code: string }[])[0]!.code).toBe("REGISTRY.LIKELY_DUPLICATE_NAME_BIRTH_COMMUNE");
  });
});
