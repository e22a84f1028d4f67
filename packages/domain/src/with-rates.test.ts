import { describe, expect, it } from "vitest";
import { healthCardStart, householdHealthContribution, voluntaryContribution } from "./contributions/index.js";
import { checkEligibility } from "./eligibility/index.js";
import { isDomainError } from "./errors.js";
import { defaultRates, type RateRow } from "./rates/index.js";
import { withRates } from "./with-rates.js";

const province: RateRow[] = [
  ...defaultRates,
  { key: "localSupport", from: "2025-07-01", value: { other: { amount: 20_000 } }, source: "test" },
  { key: "baseSalary", from: "2030-01-01", value: 3_000_000, source: "test" },
];

describe("withRates", () => {
  const bound = withRates(province);
  const voluntary = { paymentDate: "2025-07-01", monthlyIncome: 1_500_000, supportGroups: [], plan: { kind: "periodic", months: 1 } } as const;

  it("gives the same results as passing rates on every call", () => {
    expect(bound.voluntaryContribution(voluntary)).toEqual(voluntaryContribution({ ...voluntary, rates: province }));
    expect(bound.voluntaryContribution(voluntary).perMonth.local).toBe(20_000);
    const household = { paymentDate: "2030-01-01", members: 2, months: 12 } as const;
    expect(bound.householdHealthContribution(household)).toEqual(householdHealthContribution({ ...household, rates: province }));
    expect(bound.householdHealthContribution(household).baseSalary).toBe(3_000_000);
    expect(bound.ratesOn("2030-01-01").baseSalary).toBe(3_000_000);
    expect(bound.healthCardStart({ paymentDate: "2026-08-01" })).toEqual(healthCardStart({ paymentDate: "2026-08-01" }));
    const person = { scheme: "voluntary_social_insurance", birthDate: "1990-01-01", onDate: "2026-08-01" } as const;
    expect(bound.checkEligibility(person)).toEqual(checkEligibility(person));
  });

  it("keeps its own copy of the table", () => {
    const table: RateRow[] = [...defaultRates];
    const b = withRates(table);
    table.push({ key: "baseSalary", from: "2030-01-01", value: 9_000_000, source: "later" });
    expect(b.ratesOn("2030-01-01").baseSalary).toBe(2_530_000);
    expect(Object.isFrozen(b.rates)).toBe(true);
  });

  it("refuses a rates argument on a bound function, and a table that is not a list", () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isDomainError(e) ? e.code : "not coded";
      }
      return "no error";
    };
    expect(codeOf(() => bound.voluntaryContribution({ ...voluntary, rates: defaultRates } as never))).toBe("RATES.INVALID_ROW");
    expect(codeOf(() => withRates(undefined as never))).toBe("RATES.INVALID_ROW");
    expect(codeOf(() => bound.voluntaryContribution(undefined as never))).toBe("CONTRIBUTION.INVALID_INPUT");
  });
});
