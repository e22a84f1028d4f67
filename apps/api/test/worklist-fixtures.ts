/**
 * For the worklist's browser test (apps/admin/e2e/worklist.spec.ts): a household of the demo's
 * U Minh Thượng commune (2025 era) and its first member, whose card ends on `coveredUntil`,
 * collected by the demo's district post office (the agent the demo collector works for). Written
 * into the embedded database in `dir` before the app starts on it. Answers the agent's id.
 */
import { createDb, enrolments, households, participants, payments, seedRegistryReference } from "@ansinh/db";
import { normaliseName } from "@ansinh/domain/registry";

export interface WorklistHousehold {
  person: { fullName: string; birthDate: string; gender: "male" | "female"; personalId: string; phone: string };
  household: { code: string; commune: string; facility: string };
  coverFrom: string;
  coveredUntil: string;
}

export async function seedWorklistHousehold(dir: string, { person, household, coverFrom, coveredUntil }: WorklistHousehold): Promise<number> {
  const handle = await createDb({ dataDir: dir });
  try {
    const db = handle.db;
    // The demo's communes, facilities and agents (idempotent: the API's start finds them there).
    const agentId = (await seedRegistryReference(db)).postOffice;
    const [h] = await db
      .insert(households)
      .values({ provinceCode: "91", code: household.code, communeCode: household.commune, communeValidOn: "2025-07-01", address: "Ấp Thử (thử)" })
      .returning({ id: households.id });
    const [p] = await db
      .insert(participants)
      .values({
        provinceCode: "91",
        personalId: person.personalId,
        fullName: person.fullName,
        nameKey: normaliseName(person.fullName),
        birthDate: person.birthDate,
        gender: person.gender,
        ethnicity: "Kinh",
        phone: person.phone,
        communeCode: household.commune,
        communeValidOn: "2025-07-01",
        householdId: h!.id,
        relationship: "Chủ hộ",
        householdJoinedOn: coverFrom,
      })
      .returning({ id: participants.id });
    const [e] = await db
      .insert(enrolments)
      .values({
        provinceCode: "91",
        participantId: p!.id,
        scheme: "household_health_insurance",
        kind: "new",
        startDate: coverFrom,
        months: 12,
        householdRank: 1,
        householdId: h!.id,
        facilityCode: household.facility,
        breakdown: { e2e: true },
        ratesEffectiveFrom: "2024-07-01",
        amount: 1_263_600,
        communeCode: household.commune,
        agentId,
        source: "form",
      })
      .returning({ id: enrolments.id });
    await db.insert(payments).values({
      provinceCode: "91",
      enrolmentId: e!.id,
      participantId: p!.id,
      coverFrom,
      months: 12,
      coverTo: coveredUntil,
      amount: 1_263_600,
      receiptDate: coverFrom,
      receiptNumber: "E2E-WL-1",
      agentId,
    });
    return agentId;
  } finally {
    await handle.close();
  }
}
