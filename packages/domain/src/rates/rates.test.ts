import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf } from "../code-of.test-support.js";
import { addDays } from "../dates.js";
import { defaultRates, rateChangeDates, rateKeys, rateRowSchema, ratesOn, ratesTableSchema, requiredRateKeys, type RateRow } from "./index.js";

describe("ratesOn: every figure of docs/rules.md on both sides of its change date", () => {
  // [date, base salary, rural poverty line]
  const cases: Array<[string, number, number]> = [
    ["2016-01-01", 1_150_000, 700_000], // pre-RULES rows (flagged unconfirmed)
    ["2018-06-30", 1_300_000, 700_000],
    ["2018-07-01", 1_390_000, 700_000], // Decree 72/2018
    ["2019-06-30", 1_390_000, 700_000],
    ["2019-07-01", 1_490_000, 700_000], // Decree 38/2019
    ["2021-12-31", 1_490_000, 700_000],
    ["2022-01-01", 1_490_000, 1_500_000], // Decree 07/2021
    ["2023-06-30", 1_490_000, 1_500_000],
    ["2023-07-01", 1_800_000, 1_500_000], // Decree 24/2023
    ["2024-06-30", 1_800_000, 1_500_000],
    ["2024-07-01", 2_340_000, 1_500_000], // Decree 73/2024
    ["2025-06-30", 2_340_000, 1_500_000],
    ["2025-07-01", 2_340_000, 1_500_000],
    ["2026-06-30", 2_340_000, 1_500_000],
    ["2026-07-01", 2_530_000, 1_500_000], // Decree 161/2026 (number unconfirmed)
    ["2026-12-31", 2_530_000, 1_500_000],
    ["2027-01-01", 2_530_000, 2_200_000], // 2026–2030 poverty decree (unconfirmed)
  ];
  it.each(cases)("%s: base salary %i, poverty line %i", (date, base, poverty) => {
    const r = ratesOn(date);
    expect(r.baseSalary).toBe(base);
    expect(r.ruralPovertyLine).toBe(poverty);
    expect(r.incomeFloor).toBe(poverty);
    expect(r.incomeCeiling).toBe(20 * base);
    expect(r.voluntaryContributionRateBp).toBe(2_200);
    expect(r.healthInsuranceRateBp).toBe(450);
    expect(r.healthMemberFactorsBp).toEqual([10_000, 7_000, 6_000, 5_000, 4_000]);
  });

  it("gives the income ranges docs/rules.md quotes", () => {
    // 2024-07-01: 1,500,000 … 20 × 2,340,000 = 46,800,000; 2026-07-01: … 20 × 2,530,000 = 50,600,000
    expect([ratesOn("2024-07-01").incomeFloor, ratesOn("2024-07-01").incomeCeiling]).toEqual([1_500_000, 46_800_000]);
    expect([ratesOn("2026-07-01").incomeFloor, ratesOn("2026-07-01").incomeCeiling]).toEqual([1_500_000, 50_600_000]);
  });

  it("has no state support before 2018-01-01, Decree 134/2015's k until 2025-06-30, Decree 159/2025's after", () => {
    expect(ratesOn("2017-12-31").stateSupportBp).toEqual({ poor: 0, near_poor: 0, ethnic_minority: 0, island: 0, other: 0 });
    expect(ratesOn("2017-12-31").supportCapMonths).toBe(0);
    const before = { poor: 3_000, near_poor: 2_500, ethnic_minority: 1_000, island: 1_000, other: 1_000 };
    expect(ratesOn("2018-01-01").stateSupportBp).toEqual(before);
    expect(ratesOn("2025-06-30").stateSupportBp).toEqual(before);
    expect(ratesOn("2018-01-01").supportCapMonths).toBe(120);
    expect(ratesOn("2025-07-01").stateSupportBp).toEqual({
      poor: 5_000,
      near_poor: 4_000,
      ethnic_minority: 3_000,
      island: 5_000,
      other: 2_000,
    });
    expect(ratesOn("2025-07-01").supportCapMonths).toBe(120);
  });

  it("flags the unconfirmed figures of docs/rules.md", () => {
    expect(ratesOn("2026-06-30").unconfirmed).toEqual([]);
    expect(ratesOn("2026-07-01").unconfirmed).toEqual(["baseSalary"]);
    expect(ratesOn("2027-01-01").unconfirmed).toEqual(["baseSalary", "ruralPovertyLine"]);
    expect(ratesOn("2027-01-01").provenance.ruralPovertyLine).toMatchObject({ from: "2027-01-01", unconfirmed: true });
    expect(ratesOn("2026-07-01").provenance.baseSalary?.source).toBe("Decree 161/2026/NĐ-CP");
  });

  it("lists the change dates of the issue", () => {
    const dates = rateChangeDates();
    for (const d of ["2022-01-01", "2023-07-01", "2024-07-01", "2025-07-01", "2026-07-01", "2027-01-01"]) {
      expect(dates).toContain(d);
    }
  });
});

describe("rates table", () => {
  it("every row has a legal source and validates against the row schema", () => {
    for (const row of defaultRates) {
      expect(row.source.trim().length, `${row.key} ${row.from}`).toBeGreaterThan(0);
      expect(rateRowSchema.safeParse(row).success, `${row.key} ${row.from}`).toBe(true);
    }
    expect(ratesTableSchema.safeParse(defaultRates).success).toBe(true);
  });

  it("every figure in force on any date from 2016 has a sourced row (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 15 }), (offset) => {
        const r = ratesOn(addDays("2016-01-01", offset));
        for (const key of requiredRateKeys) {
          expect(r.provenance[key]?.source.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it("is frozen so nobody mutates the national figures by accident", () => {
    expect(Object.isFrozen(defaultRates)).toBe(true);
    expect(Object.isFrozen(defaultRates[0])).toBe(true);
  });

  it("takes the caller's table: an appended row corrects a figure from its date", () => {
    const corrected: RateRow[] = [...defaultRates, { key: "ruralPovertyLine", from: "2027-01-01", value: 2_300_000, source: "Corrected by the admin" }];
    expect(ratesOn("2027-01-01", corrected).ruralPovertyLine).toBe(2_300_000);
    expect(ratesOn("2027-01-01", corrected).unconfirmed).toEqual(["baseSalary"]);
    expect(ratesOn("2026-12-31", corrected).ruralPovertyLine).toBe(1_500_000);
    expect(ratesOn("2027-01-01").ruralPovertyLine).toBe(2_200_000);
  });

  it("reports a missing figure, a malformed row and a bad date as DomainErrors", () => {
    expect(codeOf(() => ratesOn("2015-12-31"))).toBe("RATES.NOT_IN_FORCE");
    const noSource = [...defaultRates, { key: "baseSalary", from: "2030-01-01", value: 3_000_000, source: " " } as RateRow];
    expect(codeOf(() => ratesOn("2030-01-01", noSource))).toBe("RATES.INVALID_ROW");
    const fractional = [...defaultRates, { key: "voluntaryContributionRateBp", from: "2030-01-01", value: 22.5, source: "x" } as RateRow];
    expect(codeOf(() => ratesOn("2030-01-01", fractional))).toBe("RATES.INVALID_ROW");
    expect(codeOf(() => ratesOn("2025-02-30"))).toBe("RATES.INVALID_DATE");
    try {
      ratesOn("2015-12-31");
    } catch (e) {
      expect((e as Error).message).toMatch(/không có .* \/ The rates table has no/);
    }
  });

  it("knows every key", () => {
    expect(new Set(defaultRates.map((r) => r.key))).toEqual(new Set(rateKeys.filter((k) => k !== "localSupport")));
  });
});
