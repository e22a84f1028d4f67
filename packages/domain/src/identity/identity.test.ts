import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf } from "../code-of.test-support.js";
import { issuesFromZod } from "../validation.js";
import { checkPersonalId, checkSocialInsuranceNumber, parsePersonalId, personalIdProvinces, personalIdSchema, socialInsuranceNumberSchema } from "./index.js";

describe("parsePersonalId", () => {
  it("reads province, century, gender and birth year", () => {
    // 091 Kiên Giang, digit 4 = 0: 1900s male, 95 → 1995
    expect(parsePersonalId("091095001234")).toEqual({
      id: "091095001234",
      provinceCode: "091",
      provinceName: "Kiên Giang",
      centuryDigit: 0,
      century: 1900,
      gender: "male",
      birthYearTwoDigits: "95",
      birthYear: 1995,
      serial: "001234",
    });
    // 001 Hà Nội, 3 = 2000s female, 05 → 2005
    expect(parsePersonalId(" 001305678901 ")).toMatchObject({ provinceName: "Hà Nội", century: 2000, gender: "female", birthYear: 2005 });
    // 096 Cà Mau, 4 = 2100s male
    expect(parsePersonalId("096400000001")).toMatchObject({ provinceName: "Cà Mau", century: 2100, gender: "male", birthYear: 2100 });
    // 089 An Giang: gone from the 2025 list but valid on IDs (the number never changes)
    expect(parsePersonalId("089185000001").provinceName).toBe("An Giang");
  });

  it("knows exactly the 63 pre-2025 provinces", () => {
    expect(personalIdProvinces.size).toBe(63);
    expect(personalIdProvinces.get("001")).toBe("Hà Nội");
    expect(personalIdProvinces.get("079")).toBe("Hồ Chí Minh");
    expect(personalIdProvinces.has("003")).toBe(false);
    expect(personalIdProvinces.has("097")).toBe(false);
  });

  it("throws bilingual DomainErrors for malformed numbers", () => {
    expect(codeOf(() => parsePersonalId("09109500123"))).toBe("IDENTITY.MALFORMED"); // 11 digits
    expect(codeOf(() => parsePersonalId("0910950012345"))).toBe("IDENTITY.MALFORMED"); // 13
    expect(codeOf(() => parsePersonalId("09109500123a"))).toBe("IDENTITY.MALFORMED");
    expect(codeOf(() => parsePersonalId(12345 as unknown as string))).toBe("IDENTITY.MALFORMED");
    expect(codeOf(() => parsePersonalId("003095001234"))).toBe("IDENTITY.UNKNOWN_PROVINCE");
    expect(codeOf(() => parsePersonalId("000095001234"))).toBe("IDENTITY.UNKNOWN_PROVINCE");
    expect(codeOf(() => parsePersonalId("091695001234"))).toBe("IDENTITY.INVALID_CENTURY_DIGIT");
    // A string (what staff type) is quoted as typed; another kind is named for the developer.
    expect(() => parsePersonalId("12")).toThrow(
      'Số định danh cá nhân phải gồm đúng 12 chữ số (nhận được: "12") / A personal identification number must be exactly 12 digits (got "12")',
    );
    expect(() => parsePersonalId(12 as unknown as string)).toThrow(/^Số định danh cá nhân là chuỗi đúng 12 chữ số \(nhận được: số 12\)/);
  });
});

describe("checkPersonalId", () => {
  it("agrees when everything matches", () => {
    expect(checkPersonalId("091095001234", { birthDate: "1995-04-30", gender: "male" })).toMatchObject({ valid: true, problems: [] });
    expect(checkPersonalId("001305678901", { birthDate: "2005-12-01", gender: "female" }).valid).toBe(true);
    expect(checkPersonalId("001305678901").valid).toBe(true);
  });

  it("says which part disagrees", () => {
    const parts = (id: string, declared: Parameters<typeof checkPersonalId>[1]) => checkPersonalId(id, declared).problems.map((p) => p.code);
    expect(parts("091095001234", { birthDate: "1996-04-30" })).toEqual(["IDENTITY.BIRTH_YEAR_MISMATCH"]);
    expect(parts("091095001234", { birthDate: "2095-04-30" })).toEqual(["IDENTITY.CENTURY_MISMATCH"]);
    expect(parts("091095001234", { gender: "female" })).toEqual(["IDENTITY.GENDER_MISMATCH"]);
    expect(parts("091195001234", { birthDate: "2005-03-02", gender: "male" })).toEqual([
      "IDENTITY.CENTURY_MISMATCH",
      "IDENTITY.BIRTH_YEAR_MISMATCH",
      "IDENTITY.GENDER_MISMATCH",
    ]);
    // The declared date is quoted as staff write it (dd/MM/yyyy), never as ISO.
    const century = checkPersonalId("091095001234", { birthDate: "2095-04-30" }).problems[0]!;
    expect(century.messageVi).toContain("ngày sinh khai là 30/04/2095");
    expect(century.messageEn).toContain("30/04/2095");
    expect(century.messageVi).not.toContain("2095-04-30");
    const m = checkPersonalId("091095001234", { birthDate: "1996-04-30" }).problems[0]!;
    expect(m).toMatchObject({ part: "birthYear", expected: "96", actual: "95" });
    expect(m.messageVi).toContain("1996");
    expect(m.messageEn).toContain("1996");
  });

  it("reports format and province problems instead of throwing", () => {
    expect(checkPersonalId("abc")).toMatchObject({ valid: false, parsed: null, problems: [{ part: "format", code: "IDENTITY.MALFORMED" }] });
    const r = checkPersonalId("003895001234", { birthDate: "1995-01-01" });
    expect(r.problems.map((p) => p.code)).toEqual(["IDENTITY.UNKNOWN_PROVINCE", "IDENTITY.INVALID_CENTURY_DIGIT"]);
    expect(codeOf(() => checkPersonalId("091095001234", { birthDate: "1995-02-30" }))).toBe("IDENTITY.INVALID_BIRTH_DATE");
    expect(codeOf(() => checkPersonalId("091095001234", { gender: "x" as "male" }))).toBe("IDENTITY.INVALID_GENDER");
  });

  it("round-trips any well-formed number built from a birth date and gender (property)", () => {
    const provinces = [...personalIdProvinces.keys()];
    fc.assert(
      fc.property(
        fc.constantFrom(...provinces),
        fc.integer({ min: 1900, max: 2199 }),
        fc.constantFrom("male" as const, "female" as const),
        fc.integer({ min: 0, max: 999_999 }),
        (province, year, gender, serial) => {
          const digit = ((year - 1900 - (year % 100)) / 100) * 2 + (gender === "female" ? 1 : 0);
          const id = `${province}${digit}${String(year % 100).padStart(2, "0")}${String(serial).padStart(6, "0")}`;
          const p = parsePersonalId(id);
          expect([p.birthYear, p.gender, p.provinceCode]).toEqual([year, gender, province]);
          expect(checkPersonalId(id, { birthDate: `${year}-06-15`, gender }).valid).toBe(true);
          expect(checkPersonalId(id, { birthDate: `${year === 2199 ? 1900 : year + 1}-06-15` }).valid).toBe(false);
        },
      ),
    );
  });
});

describe("zod schemas and the social-insurance number", () => {
  it("personalIdSchema checks format, province and digit 4 with bilingual messages", () => {
    expect(personalIdSchema.parse(" 091095001234 ")).toBe("091095001234");
    const bad = personalIdSchema.safeParse("003095001234");
    expect(bad.success).toBe(false);
    expect(issuesFromZod(bad.error!)[0]!.en).toContain('Province code "003" is not one of the 63 pre-2025 provinces');
    const short = issuesFromZod(personalIdSchema.safeParse("12345").error!)[0]!;
    expect(short.vi).toMatch(/12 chữ số/);
    expect(short.en).toMatch(/12 digits/);
  });

  it("checkSocialInsuranceNumber: 10 digits, otherwise opaque", () => {
    expect(checkSocialInsuranceNumber(" 7912345678 ")).toEqual({ valid: true, normalized: "7912345678", problems: [] });
    for (const bad of ["791234567", "79123456789", "79123456a8", ""]) {
      const r = checkSocialInsuranceNumber(bad);
      expect(r.valid).toBe(false);
      expect(r.problems[0]!.code).toBe("IDENTITY.SOCIAL_INSURANCE_NUMBER_MALFORMED");
    }
    expect(socialInsuranceNumberSchema.safeParse("0123456789").success).toBe(true);
    expect(issuesFromZod(socialInsuranceNumberSchema.safeParse("012345678").error!)).toEqual([
      { path: [], vi: "Mã số BHXH phải gồm đúng 10 chữ số", en: "A social-insurance number is exactly 10 digits" },
    ]);
  });
});
