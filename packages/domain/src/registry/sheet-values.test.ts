import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, formatDisplayDate, toDayNumber } from "../dates.js";
import { parseMoneyText, parseSheetAmount, parseSheetDate, parseSheetInteger } from "./index.js";

describe("parseSheetDate", () => {
  it("reads the three ways dates arrive in agents' files", () => {
    expect(parseSheetDate("05/03/1990")).toBe("1990-03-05");
    expect(parseSheetDate("5/3/1990")).toBe("1990-03-05");
    expect(parseSheetDate("05-03-1990")).toBe("1990-03-05");
    expect(parseSheetDate("1990-03-05")).toBe("1990-03-05");
    expect(parseSheetDate("1990-03-05T00:00:00.000Z")).toBe("1990-03-05");
    // Excel serials: 32937 is 1990-03-05 in the 1900 date system; 43997 is 2020-06-15.
    expect(parseSheetDate("32937")).toBe("1990-03-05");
    expect(parseSheetDate("43997")).toBe("2020-06-15");
    expect(parseSheetDate("43997.5")).toBe("2020-06-15");
    expect(parseSheetDate(" 43997 ")).toBe("2020-06-15");
  });

  it("refuses what is not a whole, real date", () => {
    for (const bad of ["1990", "31/02/2020", "05/03/90", "1990-02-30", "9999", "abc", "", "123456", "1990-03-05T10:00:00Z", "09999"]) {
      expect(parseSheetDate(bad)).toBeNull();
    }
  });

  it("an Excel serial and the dd/MM/yyyy text of the same day agree (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 10_000, max: 99_999 }), (n) => {
        const iso = parseSheetDate(String(n))!;
        expect(toDayNumber(iso) - toDayNumber("1899-12-30")).toBe(n);
        expect(parseSheetDate(formatDisplayDate(iso))).toBe(iso);
        expect(addDays("1899-12-30", n)).toBe(iso);
      }),
      { numRuns: 200 },
    );
  });
});

describe("parseSheetAmount", () => {
  it("reads VND as written", () => {
    expect(parseSheetAmount("1500000")).toBe(1_500_000);
    expect(parseSheetAmount("1.500.000")).toBe(1_500_000);
    expect(parseSheetAmount("1,500,000")).toBe(1_500_000);
    expect(parseSheetAmount("1 500 000 đ")).toBe(1_500_000);
    expect(parseSheetAmount("314.600đ")).toBe(314_600);
    expect(parseSheetAmount("314600 VND")).toBe(314_600);
    expect(parseSheetAmount("1500000.00")).toBe(1_500_000);
    expect(parseSheetAmount("0")).toBe(0);
  });

  it("refuses fractions, negatives, and mixed separators", () => {
    for (const bad of ["1,5", "-314600", "1.500,50", "1.50.000", "abc", "", "12.5"]) expect(parseSheetAmount(bad)).toBeNull();
  });
});

describe("parseSheetInteger", () => {
  it("reads whole numbers as spreadsheets print them", () => {
    expect(parseSheetInteger("12")).toBe(12);
    expect(parseSheetInteger("12.0")).toBe(12);
    expect(parseSheetInteger(" 3 ")).toBe(3);
    expect(parseSheetInteger("1.5")).toBeNull();
    expect(parseSheetInteger("-1")).toBeNull();
    expect(parseSheetInteger("")).toBeNull();
  });
});

describe("parseMoneyText", () => {
  it("reads amounts as people type them", () => {
    expect(parseMoneyText("3,5 triệu")).toBe(3_500_000);
    expect(parseMoneyText("3.5tr")).toBe(3_500_000);
    expect(parseMoneyText("2 triệu đồng")).toBe(2_000_000);
    expect(parseMoneyText("500 nghìn")).toBe(500_000);
    expect(parseMoneyText("500k")).toBe(500_000);
    expect(parseMoneyText("1.500.000 đ")).toBe(1_500_000);
    expect(parseMoneyText("1500000")).toBe(1_500_000);
  });
  it("refuses what is not a whole number of đồng or not an amount", () => {
    for (const s of ["1,0000001 triệu", "ba triệu", "3,5", "-1 triệu", "", "triệu"]) expect(parseMoneyText(s), s).toBeNull();
  });
});
