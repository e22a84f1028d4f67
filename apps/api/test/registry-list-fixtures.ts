/**
 * Registry test data for the read side (lists, detail, renewals, exports), written straight into
 * the tables with Drizzle: a few communes under U Minh Thượng (913) and Phú Quốc (911), an agent
 * in each, and made-up participants (names with diacritics, valid personal IDs) whose payments
 * put them in each coverage status relative to today. None of them is a real person.
 */
import { sql } from "drizzle-orm";
import { agentCollectors, agents, areas, enrolments, households, participants, payments, type Db } from "@ansinh/db";
import { addMonths } from "@ansinh/domain/contributions";
import { addDays, todayInVietnam } from "@ansinh/domain/dates";
import type { Scheme } from "@ansinh/domain/eligibility";
import { normaliseName, periodEnd } from "@ansinh/domain/registry";

/** Empties the registry tables (PostgreSQL keeps them across test files; resetDatabase does not reach them all). */
export async function resetRegistry(db: Db): Promise<void> {
  await db.execute(
    sql`truncate payments, enrolments, duplicate_reviews, import_rows, import_batches, agent_collectors, agents, facilities, outreach_events, campaigns, households, participants restart identity cascade`,
  );
}

/** Communes of the fixtures: [code, name, district]. Codes and names are test data. */
export const fixtureCommunes = [
  ["31051", "Thạnh Yên", "913"],
  ["31054", "An Minh Bắc", "913"],
  ["30874", "Dương Tơ", "911"],
] as const;

/**
 * A personal ID that `checkPersonalId` accepts for the birth date and gender: the pre-2025
 * province code (091 Kiên Giang), the century-and-gender digit, the year's last two digits and a
 * 6-digit serial.
 */
export function personalIdFor(birthDate: string, gender: "male" | "female", serial: number, province = "091"): string {
  const year = Number(birthDate.slice(0, 4));
  const century = Math.floor(year / 100) - 19; // 1900s → 0, 2000s → 1, 2100s → 2
  const digit = century * 2 + (gender === "female" ? 1 : 0);
  return `${province}${digit}${birthDate.slice(2, 4)}${String(serial).padStart(6, "0")}`;
}

export interface FixturePerson {
  id: number;
  fullName: string;
  personalId: string;
  phone: string | null;
  socialInsuranceNumber: string | null;
  communeCode: string;
  /** The status the person's payments give today, per scheme. */
  expected: Partial<Record<Scheme, "active" | "due" | "lapsed" | "not_started">>;
}

export interface RegistryFixtures {
  today: string;
  agents: { uminh: number; phuquoc: number };
  people: Record<"an" | "dao" | "binh" | "hoa" | "cuong" | "lan", FixturePerson>;
  householdCode: string;
}

/**
 * Seeds the fixtures; `collectors` links a user to each agent (the test collector of 913 to the
 * U Minh Thượng agent, the one of 911 to Phú Quốc's).
 */
export async function seedRegistryFixtures(db: Db, collectors: { uminh?: string; phuquoc?: string } = {}): Promise<RegistryFixtures> {
  await resetRegistry(db);
  const today = todayInVietnam();
  await db
    .insert(areas)
    .values(
      fixtureCommunes.map(([code, name, parentCode]) => ({
        code,
        name,
        level: "commune" as const,
        unitType: "Xã",
        parentCode,
        validFrom: "2020-01-01",
        validTo: "2025-06-30",
      })),
    )
    .onConflictDoNothing();
  const [uminh] = await db
    .insert(agents)
    .values({ name: "Bưu điện huyện U Minh Thượng (thử)", kind: "post_office", provinceCode: "91", areaCode: "913", areaValidOn: "2020-06-30" })
    .returning({ id: agents.id });
  const [phuquoc] = await db
    .insert(agents)
    .values({ name: "Chi hội Phụ nữ Dương Tơ (thử)", kind: "partner", provinceCode: "91", areaCode: "911", areaValidOn: "2020-06-30" })
    .returning({ id: agents.id });
  if (collectors.uminh) await db.insert(agentCollectors).values({ agentId: uminh!.id, userId: collectors.uminh });
  if (collectors.phuquoc) await db.insert(agentCollectors).values({ agentId: phuquoc!.id, userId: collectors.phuquoc });

  const [household] = await db
    .insert(households)
    .values({ provinceCode: "91", code: "9101234567", communeCode: "31051", communeValidOn: "2020-06-30", address: "Ấp Thạnh Yên (thử)" })
    .returning({ id: households.id });

  let serial = 100;
  let receipt = 0;
  const person = async (
    fullName: string,
    birthDate: string,
    gender: "male" | "female",
    communeCode: string,
    extra: { phone?: string; si?: string; household?: boolean; relationship?: string } = {},
  ) => {
    const personalId = personalIdFor(birthDate, gender, ++serial);
    const [row] = await db
      .insert(participants)
      .values({
        provinceCode: "91",
        personalId,
        socialInsuranceNumber: extra.si ?? null,
        fullName,
        nameKey: normaliseName(fullName),
        birthDate,
        gender,
        ethnicity: "Kinh",
        phone: extra.phone ?? null,
        communeCode,
        communeValidOn: "2020-06-30",
        householdId: extra.household ? household!.id : null,
        relationship: extra.relationship ?? null,
        householdJoinedOn: extra.household ? "2020-01-15" : null,
      })
      .returning({ id: participants.id });
    return { id: row!.id, fullName, personalId, phone: extra.phone ?? null, socialInsuranceNumber: extra.si ?? null, communeCode };
  };
  /** One enrolment and its payment covering `months` from `from`. */
  const enrol = async (
    p: { id: number; communeCode: string },
    scheme: Scheme,
    from: string,
    months: number,
    agentId: number,
    amount: number,
    extra: { receiptDate?: string; rank?: number; facility?: string; collectorId?: string } = {},
  ) => {
    const [e] = await db
      .insert(enrolments)
      .values({
        provinceCode: "91",
        participantId: p.id,
        scheme,
        kind: "new",
        startDate: from,
        months,
        monthlyIncome: scheme === "voluntary_social_insurance" ? 1_500_000 : null,
        householdRank: scheme === "household_health_insurance" ? (extra.rank ?? 1) : null,
        householdId: scheme === "household_health_insurance" ? household!.id : null,
        facilityCode: extra.facility ?? null,
        breakdown: { fixture: true },
        ratesEffectiveFrom: "2024-07-01",
        amount,
        communeCode: p.communeCode,
        agentId,
        collectorId: extra.collectorId ?? null,
        source: "demo",
      })
      .returning({ id: enrolments.id });
    await db.insert(payments).values({
      provinceCode: "91",
      enrolmentId: e!.id,
      participantId: p.id,
      coverFrom: from,
      months,
      coverTo: periodEnd({ from, months }),
      amount,
      receiptDate: extra.receiptDate ?? addDays(from, -1),
      receiptNumber: `BL${String(++receipt).padStart(6, "0")}`,
      agentId,
    });
    return e!.id;
  };

  const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
  // Active: voluntary, 12 months from five months ago.
  const an = await person("Nguyễn Văn An", "1985-03-12", "male", "31051", { phone: "0912345001", si: "9123456781", household: true, relationship: "Chủ hộ" });
  await enrol(an, "voluntary_social_insurance", monthStart(addMonths(today, -5)), 12, uminh!.id, 3_564_000, { collectorId: collectors.uminh });
  // Due: a household card ending ten days from now (and the household's head card code).
  const dueFrom = addDays(addMonths(today, -12), 11);
  await enrol(an, "household_health_insurance", dueFrom, 12, uminh!.id, 1_263_600, { facility: "91012", receiptDate: addDays(dueFrom, -30) });
  // Lapsed: voluntary, ended about two months ago.
  const dao = await person("Đặng Thị Đào", "1990-11-02", "female", "31051", { phone: "0987654002", household: true, relationship: "Vợ" });
  await enrol(dao, "voluntary_social_insurance", monthStart(addMonths(today, -14)), 12, uminh!.id, 2_574_000);
  // Due, voluntary, three months ending within the month ahead.
  const binh = await person("Trần Văn Bình", "2001-07-20", "male", "31054", { phone: "0345678003" });
  const binhFrom = monthStart(addMonths(today, -2));
  await enrol(binh, "voluntary_social_insurance", binhFrom, 3, uminh!.id, 990_000);
  // Not started: a household card waiting out its 30 days, paid today.
  const cuong = await person("Lê Quốc Cường", "1975-01-05", "male", "31054", { household: true, relationship: "Anh" });
  await enrol(cuong, "household_health_insurance", addDays(today, 30), 12, uminh!.id, 884_520, { receiptDate: today, rank: 2 });
  // Phú Quốc (outside the test accounts' 913): active and lapsed.
  const hoa = await person("Phạm Thị Hoa", "1968-05-30", "female", "30874", { phone: "0905111004" });
  await enrol(hoa, "voluntary_social_insurance", monthStart(addMonths(today, -1)), 12, phuquoc!.id, 3_960_000);
  const lan = await person("Võ Thị Lan", "1972-09-09", "female", "30874", { phone: "0905111005" });
  await enrol(lan, "household_health_insurance", addMonths(today, -15), 12, phuquoc!.id, 1_263_600);

  const binhEnd = periodEnd({ from: binhFrom, months: 3 });
  return {
    today,
    agents: { uminh: uminh!.id, phuquoc: phuquoc!.id },
    householdCode: "9101234567",
    people: {
      an: { ...an, expected: { voluntary_social_insurance: "active", household_health_insurance: "due" } },
      dao: { ...dao, expected: { voluntary_social_insurance: "lapsed" } },
      binh: { ...binh, expected: { voluntary_social_insurance: binhEnd <= addDays(today, 30) ? "due" : "active" } },
      cuong: { ...cuong, expected: { household_health_insurance: "not_started" } },
      hoa: { ...hoa, expected: { voluntary_social_insurance: "active" } },
      lan: { ...lan, expected: { household_health_insurance: "lapsed" } },
    },
  };
}

/**
 * For the browser tests: an embedded database in `dataDir` with the demo areas and these
 * fixtures, made before the app starts on it (PGlite is single-process: nobody else may write
 * to it while the API runs).
 */
export async function seedRegistryDataDir(dataDir: string, then?: (db: Db, f: RegistryFixtures) => Promise<void>): Promise<RegistryFixtures> {
  const { createDb, seedDemo } = await import("@ansinh/db");
  const handle = await createDb({ dataDir });
  try {
    await seedDemo(handle.db);
    const f = await seedRegistryFixtures(handle.db);
    await then?.(handle.db, f);
    return f;
  } finally {
    await handle.close();
  }
}

/** Makes a participant's enrolments claim `group` with no evidence recorded. */
export async function claimWithoutEvidence(db: Db, participantId: number, group: "poor" | "near_poor"): Promise<void> {
  await db.execute(sql`update enrolments set support_groups = ${`{${group}}`}::text[], support_evidence = null where participant_id = ${participantId}`);
}

/** The first sheet of an XLSX file, read back with exceljs: one array of cell texts per row. */
export async function readSheet(file: string): Promise<string[][]> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c) => cells.push(c.value instanceof Date ? c.value.toISOString().slice(0, 10) : String(c.value ?? "")));
    rows.push(cells);
  });
  return rows;
}
