import { describe, expect, it } from "vitest";
import { DomainError, domainErrorCodes, isDomainError, type ContributionErrorCode, type DomainErrorCode } from "./errors.js";

describe("DomainError", () => {
  it("carries a typed code and issues; message is the readable summary of the issues", () => {
    const e = new DomainError("CONTRIBUTION.INCOME_BELOW_FLOOR", [
      { path: ["monthlyIncome"], vi: "Thấp hơn mức tối thiểu", en: "Below the floor" },
      { path: [], vi: "Một lỗi khác", en: "Another problem" },
    ]);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("DomainError");
    expect(e.messageVi).toBe("monthlyIncome: Thấp hơn mức tối thiểu; Một lỗi khác");
    expect(e.messageEn).toBe("monthlyIncome: Below the floor; Another problem");
    expect(e.message).toBe(`${e.messageVi} / ${e.messageEn}`);
    expect(JSON.parse(JSON.stringify(e))).toEqual({ name: "DomainError", code: e.code, issues: e.issues, details: {} });
  });

  it("takes (code, vi, en, details) for a problem not about one field", () => {
    const e = new DomainError("RATES.NOT_IN_FORCE", "Không có", "None", { key: "baseSalary" });
    expect(e.issues).toEqual([{ path: [], vi: "Không có", en: "None" }]);
    expect(e.details).toEqual({ key: "baseSalary" });
  });

  it("types codes as literal unions, so a misspelt code does not compile", () => {
    const e = new DomainError("CONTRIBUTION.INCOME_BELOW_FLOOR", "vi", "en");
    const code: DomainErrorCode = e.code;
    // @ts-expect-error — "FLOR" is not a code: no overlap with the union
    expect(code === "CONTRIBUTION.INCOME_BELOW_FLOR").toBe(false);
    // @ts-expect-error — not a contribution code
    const wrong: ContributionErrorCode = "RATES.NOT_IN_FORCE";
    expect(domainErrorCodes).toContain(wrong);
  });

  it("recognises a DomainError from another copy of the package (ESM and CommonJS in one process)", () => {
    const foreign = { name: "DomainError", code: "AREAS.NOT_FOUND", issues: [{ path: [], vi: "x", en: "y" }], message: "x / y" };
    expect(isDomainError(foreign)).toBe(true);
    expect(isDomainError({ name: "DomainError", code: "AREAS.NOT_FOUND" })).toBe(false);
    expect(isDomainError(new Error("x"))).toBe(false);
    expect(isDomainError(undefined)).toBe(false);
  });
});
