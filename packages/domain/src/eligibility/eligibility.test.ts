import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../dates.js";
import { isDomainError } from "../errors.js";
import { issuesFromZod } from "../validation.js";
import { ageOn, checkEligibility, eligibilityInputSchema, type EligibilityInput } from "./index.js";

const codes = (input: EligibilityInput) => checkEligibility(input).reasons.map((r) => r.code);
const vol = { scheme: "voluntary_social_insurance" } as const;
const hh = { scheme: "household_health_insurance" } as const;

describe("checkEligibility: voluntary social insurance", () => {
  it("is open to a Vietnamese citizen of 15 or over with no other cover", () => {
    const r = checkEligibility({ ...vol, birthDate: "1990-05-20", onDate: "2026-08-01" });
    expect(r).toEqual({ scheme: "voluntary_social_insurance", onDate: "2026-08-01", eligible: true, reasons: [], ageOnDate: 36 });
  });

  it("counts age 15 by the start month", () => {
    // turns 15 on 2025-07-31: may start on 2025-07-01, not on 2025-06-30
    expect(codes({ ...vol, birthDate: "2010-07-31", onDate: "2025-07-01" })).toEqual([]);
    expect(codes({ ...vol, birthDate: "2010-07-31", onDate: "2025-06-30" })).toEqual(["ELIGIBILITY.UNDER_15"]);
    expect(codes({ ...vol, birthDate: "2011-01-01", onDate: "2025-12-31" })).toEqual(["ELIGIBILITY.UNDER_15"]);
    const under = checkEligibility({ ...vol, birthDate: "2010-07-31", onDate: "2025-06-30" }).reasons[0]!;
    expect(under.messageVi).toContain("07/2025");
    expect(under.messageEn).toContain("2025-07");
    expect(under.source).toContain("58/2014");
    expect(checkEligibility({ ...vol, birthDate: "2010-07-31", onDate: "2025-07-01" }).ageOnDate).toBe(14);
  });

  it("lists every reason that applies", () => {
    expect(
      codes({
        ...vol,
        birthDate: "2012-01-01",
        onDate: "2026-08-01",
        vietnameseCitizen: false,
        inCompulsorySocialInsurance: true,
        drawingPension: true,
        activeInScheme: true,
      }),
    ).toEqual([
      "ELIGIBILITY.NOT_VIETNAMESE_CITIZEN",
      "ELIGIBILITY.UNDER_15",
      "ELIGIBILITY.IN_COMPULSORY_INSURANCE",
      "ELIGIBILITY.DRAWING_PENSION",
      "ELIGIBILITY.ALREADY_ACTIVE",
    ]);
    // insurance through another group does not bar voluntary social insurance
    expect(codes({ ...vol, birthDate: "1990-01-01", onDate: "2026-08-01", insuredThroughOtherGroup: true })).toEqual([]);
  });
});

describe("checkEligibility: household health insurance", () => {
  it("has no minimum age but children under 6 are insured by the state", () => {
    expect(codes({ ...hh, birthDate: "2020-08-02", onDate: "2026-08-01" })).toEqual(["ELIGIBILITY.CHILD_UNDER_6"]);
    expect(codes({ ...hh, birthDate: "2020-08-01", onDate: "2026-08-01" })).toEqual([]);
    expect(codes({ ...hh, birthDate: "2012-01-01", onDate: "2026-08-01" })).toEqual([]);
  });

  it("refuses people insured through another group, employees, pensioners and active members", () => {
    expect(codes({ ...hh, birthDate: "1980-01-01", onDate: "2026-08-01", insuredThroughOtherGroup: true })).toEqual([
      "ELIGIBILITY.INSURED_THROUGH_OTHER_GROUP",
    ]);
    expect(
      codes({ ...hh, birthDate: "1950-01-01", onDate: "2026-08-01", drawingPension: true, inCompulsorySocialInsurance: true, activeInScheme: true }),
    ).toEqual(["ELIGIBILITY.IN_COMPULSORY_INSURANCE", "ELIGIBILITY.DRAWING_PENSION", "ELIGIBILITY.ALREADY_ACTIVE"]);
    const active = checkEligibility({ ...hh, birthDate: "1980-01-01", onDate: "2026-08-01", activeInScheme: true }).reasons[0]!;
    expect(active.messageVi).toBe("Đang tham gia BHYT hộ gia đình");
    expect(active.messageEn).toBe("Already active in household health insurance");
  });
});

describe("checkEligibility: input", () => {
  it("throws DomainErrors for bad dates and schemes", () => {
    const bad: Array<[Partial<EligibilityInput>, string]> = [
      [{ birthDate: "1990-02-30" }, "ELIGIBILITY.INVALID_DATE"],
      [{ onDate: "2026/08/01" }, "ELIGIBILITY.INVALID_DATE"],
      [{ scheme: "pension" as "voluntary_social_insurance" }, "ELIGIBILITY.UNKNOWN_SCHEME"],
      [{ birthDate: "2026-08-02" }, "ELIGIBILITY.BIRTH_AFTER_DATE"],
    ];
    for (const [patch, code] of bad) {
      try {
        checkEligibility({ ...vol, birthDate: "1990-01-01", onDate: "2026-08-01", ...patch });
        expect.unreachable();
      } catch (e) {
        expect(isDomainError(e) && e.code).toBe(code);
      }
    }
  });

  it("eligibilityInputSchema refuses a birth date after the start date, bilingually", () => {
    expect(eligibilityInputSchema.safeParse({ ...vol, birthDate: "1990-01-01", onDate: "2026-08-01" }).success).toBe(true);
    const r = eligibilityInputSchema.safeParse({ ...vol, birthDate: "2027-01-01", onDate: "2026-08-01" });
    expect(issuesFromZod(r.error!)).toEqual([{ path: ["birthDate"], vi: "Ngày sinh sau ngày tham gia", en: "The birth date is after the start date" }]);
    expect(eligibilityInputSchema.safeParse({ scheme: "x", birthDate: "1990-01-01", onDate: "2026-08-01" }).success).toBe(false);
  });

  it("ageOn counts full years (a 29 February birthday is reached on 1 March)", () => {
    expect(ageOn("2008-02-29", "2023-02-28")).toBe(14);
    expect(ageOn("2008-02-29", "2023-03-01")).toBe(15);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: 0, max: 40_000 }), (b, d) => {
        const birth = addDays("1930-01-01", b);
        const on = addDays(birth, d);
        const age = ageOn(birth, on);
        expect(age).toBeGreaterThanOrEqual(0);
        expect(age).toBeLessThanOrEqual(Math.floor(d / 365));
        expect(age).toBeGreaterThanOrEqual(Math.floor(d / 366));
      }),
    );
  });
});
