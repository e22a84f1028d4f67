import { describe, expect, it } from "vitest";
import { issuesFromZod } from "../validation.js";
import {
  coverageStatus,
  coverageStatusInputSchema,
  coveredPeriodSchema,
  duplicateCandidateSchema,
  findDuplicates,
  healthCardCode,
  healthCardCodePartsSchema,
  healthCardValidityInputSchema,
  rankHouseholdMembers,
  rankHouseholdMembersInputSchema,
} from "./index.js";

describe("registry input schemas", () => {
  it("accept what the functions accept", () => {
    const status = coverageStatusInputSchema.parse({ periods: [{ from: "2020-06", months: 6 }], onDate: "2020-11-30" });
    expect(coverageStatus(status.periods, status.onDate).status).toBe("due");
    const c = duplicateCandidateSchema.parse({ personalId: "091190001234", fullName: "Lê Thị Ngọc Hân", birthDate: "1990-04-12" });
    expect(findDuplicates(c, []).matches).toEqual([]);
    const h = rankHouseholdMembersInputSchema.parse({ year: 2020, members: [{ id: "a", joinedOn: "2020-03-02" }] });
    expect(rankHouseholdMembers(h.members, h.year).members[0]!.rank).toBe(1);
    expect(healthCardCode(healthCardCodePartsSchema.parse({ group: "GD", benefitLevel: 4, provinceCode: "91", socialInsuranceNumber: "9120456789" }))).toBe(
      "GD4919120456789",
    );
    expect(healthCardValidityInputSchema.safeParse({ paymentDate: "2020-06-15", months: 12 }).success).toBe(true);
  });

  it("refuse bad shapes with vi / en messages", () => {
    const r = coveredPeriodSchema.safeParse({ from: "2020-13", months: 1 });
    expect(r.success).toBe(false);
    // Messages are catalogue keys, rendered in both languages with what was received.
    expect(r.error!.issues[0]!.message).toBe("registry.monthOrDate");
    expect(issuesFromZod(r.error!, { input: { from: "2020-13", months: 1 } })).toEqual([
      {
        path: ["from"],
        vi: 'Kỳ đóng bắt đầu từ một tháng (YYYY-MM) hoặc một ngày (YYYY-MM-DD) có thật (nhận được: chuỗi "2020-13")',
        en: 'A period starts at a month (YYYY-MM) or a real day (YYYY-MM-DD) (got a string "2020-13")',
      },
    ]);
    expect(coveredPeriodSchema.safeParse({ from: "2020-06", months: 1, note: "x" }).success).toBe(false);
    expect(coveredPeriodSchema.safeParse({ from: "2020-06", months: 0 }).success).toBe(false);
    expect(
      rankHouseholdMembersInputSchema.safeParse({
        year: 2020,
        members: [
          { id: "a", joinedOn: "2020-03-02" },
          { id: "a", joinedOn: "2020-03-03" },
        ],
      }).success,
    ).toBe(false);
    expect(healthCardValidityInputSchema.safeParse({ paymentDate: "2020-06-15", months: 1 }).success).toBe(false);
    expect(duplicateCandidateSchema.safeParse({ personalId: " ", fullName: "A", birthDate: "1990-04-12" }).success).toBe(false);
  });
});
