import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf } from "../code-of.test-support.js";
import { facilityProvince, healthCardCode, isFacilityCode, isHealthCardCode, parseHealthCardCode } from "./index.js";

describe("healthCardCode", () => {
  it("derives GD + 4 + 91 + the social-insurance number (Kiên Giang household card)", () => {
    const code = healthCardCode({ group: "GD", benefitLevel: 4, provinceCode: "91", socialInsuranceNumber: "9120456789" });
    expect(code).toBe("GD4919120456789");
    expect(code).toHaveLength(15);
  });

  it("accepts other groups and benefit levels 1–5", () => {
    expect(healthCardCode({ group: "HT", benefitLevel: 2, provinceCode: "01", socialInsuranceNumber: "0112345678" })).toBe("HT2010112345678");
  });

  it("refuses bad parts with the part's code", () => {
    const ok = { group: "GD", benefitLevel: 4, provinceCode: "91", socialInsuranceNumber: "9120456789" };
    expect(codeOf(() => healthCardCode({ ...ok, group: "gd" }))).toBe("REGISTRY.HEALTH_CARD_GROUP_INVALID");
    expect(codeOf(() => healthCardCode({ ...ok, group: "G" }))).toBe("REGISTRY.HEALTH_CARD_GROUP_INVALID");
    expect(codeOf(() => healthCardCode({ ...ok, benefitLevel: 3 }))).toBe("REGISTRY.HEALTH_CARD_BENEFIT_LEVEL_INVALID"); // GD is 4
    expect(codeOf(() => healthCardCode({ ...ok, group: "DN", benefitLevel: 6 }))).toBe("REGISTRY.HEALTH_CARD_BENEFIT_LEVEL_INVALID");
    expect(codeOf(() => healthCardCode({ ...ok, provinceCode: "03" }))).toBe("REGISTRY.HEALTH_CARD_PROVINCE_UNKNOWN");
    expect(codeOf(() => healthCardCode({ ...ok, provinceCode: "091" }))).toBe("REGISTRY.HEALTH_CARD_PROVINCE_UNKNOWN");
    expect(codeOf(() => healthCardCode({ ...ok, socialInsuranceNumber: "912045678" }))).toBe("REGISTRY.HEALTH_CARD_CODE_MALFORMED");
  });
});

describe("parseHealthCardCode", () => {
  it("reads a code as printed or typed", () => {
    expect(parseHealthCardCode("gd4 91 9120456789")).toEqual({
      group: "GD",
      benefitLevel: 4,
      provinceCode: "91",
      socialInsuranceNumber: "9120456789",
      code: "GD4919120456789",
    });
    expect(parseHealthCardCode("GD4-89-8912345678").provinceCode).toBe("89");
  });

  it("refuses malformed codes", () => {
    expect(codeOf(() => parseHealthCardCode("GD491912045678"))).toBe("REGISTRY.HEALTH_CARD_CODE_MALFORMED"); // 14
    expect(codeOf(() => parseHealthCardCode("G14919120456789"))).toBe("REGISTRY.HEALTH_CARD_CODE_MALFORMED");
    expect(codeOf(() => parseHealthCardCode("GD3919120456789"))).toBe("REGISTRY.HEALTH_CARD_BENEFIT_LEVEL_INVALID");
    expect(codeOf(() => parseHealthCardCode("GD4979120456789"))).toBe("REGISTRY.HEALTH_CARD_PROVINCE_UNKNOWN");
    expect(isHealthCardCode("GD4919120456789")).toBe(true);
    expect(isHealthCardCode("GD49191204567890")).toBe(false);
  });

  it("round-trips every valid combination (property)", () => {
    const parts = fc
      .record({
        group: fc.stringMatching(/^[A-Z]{2}$/),
        benefitLevel: fc.integer({ min: 1, max: 5 }),
        provinceCode: fc.constantFrom("01", "79", "89", "91", "96"),
        socialInsuranceNumber: fc.stringMatching(/^\d{10}$/),
      })
      .filter((p) => p.group !== "GD" || p.benefitLevel === 4);
    fc.assert(
      fc.property(parts, (p) => {
        const code = healthCardCode(p);
        expect(code).toHaveLength(15);
        expect(parseHealthCardCode(code)).toEqual({ ...p, code });
      }),
      { numRuns: 200 },
    );
  });
});

describe("facility codes", () => {
  it("are 5 digits: a pre-2025 province and a facility", () => {
    expect(isFacilityCode("89006")).toBe(true);
    expect(isFacilityCode("91012")).toBe(true);
    expect(isFacilityCode("8900")).toBe(false);
    expect(isFacilityCode("890061")).toBe(false);
    expect(isFacilityCode("9101a")).toBe(false);
    expect(isFacilityCode("03001")).toBe(false); // no province 03
    expect(facilityProvince("89006")).toEqual({ code: "89", name: "An Giang" });
    expect(facilityProvince("91012")).toEqual({ code: "91", name: "Kiên Giang" });
    expect(facilityProvince("97001")).toBeNull();
  });
});
