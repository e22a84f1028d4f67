import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../dates.js";
import { ratesOn, supportGroups, type SupportGroup } from "../rates/index.js";
import { householdHealthContribution, voluntaryContribution, type PaymentPlan, type VoluntaryContributionInput } from "./index.js";

/** Any day from 2016-01-01 to 2030-12-31 (the table starts in 2016). */
const dateArb = fc.integer({ min: 0, max: 5478 }).map((n) => addDays("2016-01-01", n));
const groupsArb = fc.subarray([...supportGroups]);
const planArb: fc.Arbitrary<PaymentPlan> = fc.oneof(
  fc.constantFrom(1, 3, 6, 12).map((months) => ({ kind: "periodic", months }) as PaymentPlan),
  fc
    .record({ years: fc.integer({ min: 2, max: 5 }), monthlyReturnRate: fc.integer({ min: 0, max: 200 }).map((n) => n / 10_000) })
    .map((p) => ({ kind: "advance", ...p }) as PaymentPlan),
);

/** A valid input: the income anywhere within the range in force on the date (no extra keys: they are refused). */
const inputArb: fc.Arbitrary<VoluntaryContributionInput> = fc
  .record({
    paymentDate: dateArb,
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    supportGroups: groupsArb,
    plan: planArb,
    supportedMonthsUsed: fc.integer({ min: 0, max: 150 }),
    localSupportPerMonth: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 600_000 })),
  })
  .map(({ fraction, ...r }) => {
    const { incomeFloor, incomeCeiling } = ratesOn(r.paymentDate);
    return { ...r, monthlyIncome: incomeFloor + Math.floor(fraction * (incomeCeiling - incomeFloor)) };
  });

/** k × 22% × poverty line for the highest k among the groups and "other", rounded half up. */
function supportBound(date: string, groups: readonly SupportGroup[]): number {
  const r = ratesOn(date);
  const k = Math.max(...[...groups, "other" as const].map((g) => r.stateSupportBp[g]));
  return Math.round((k * 22 * r.ruralPovertyLine) / 1_000_000);
}

describe("voluntaryContribution properties", () => {
  it("net is never negative and never above gross; every amount is an integer", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = voluntaryContribution(input);
        for (const l of [r.perMonth, r.totals, r.undiscountedTotals, ...r.segments.map((s) => s.perMonth)]) {
          expect(l.net).toBeGreaterThanOrEqual(0);
          expect(l.net).toBeLessThanOrEqual(l.gross);
          expect(l.gross - l.state - l.local).toBe(l.net);
          for (const v of Object.values(l)) expect(Number.isSafeInteger(v)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("net is non-decreasing in income", () => {
    fc.assert(
      fc.property(inputArb, fc.double({ min: 0, max: 1, noNaN: true }), (input, other) => {
        const { incomeFloor, incomeCeiling } = ratesOn(input.paymentDate);
        const income2 = incomeFloor + Math.floor(other * (incomeCeiling - incomeFloor));
        const [lo, hi] = [Math.min(input.monthlyIncome, income2), Math.max(input.monthlyIncome, income2)];
        const a = voluntaryContribution({ ...input, monthlyIncome: lo });
        const b = voluntaryContribution({ ...input, monthlyIncome: hi });
        expect(a.perMonth.net).toBeLessThanOrEqual(b.perMonth.net);
        expect(a.totals.net).toBeLessThanOrEqual(b.totals.net);
      }),
      { numRuns: 300 },
    );
  });

  it("support is never above k × 22% × poverty line a month and stops after the 120-month cap", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = voluntaryContribution(input);
        const bound = supportBound(input.paymentDate, input.supportGroups);
        const used = input.supportedMonthsUsed ?? 0;
        expect(r.perMonth.state).toBeLessThanOrEqual(bound);
        const supportable = Math.max(0, 120 - used);
        expect(r.supportedMonths).toBeLessThanOrEqual(Math.min(r.months, supportable));
        expect(r.totals.state).toBeLessThanOrEqual(bound * Math.min(r.months, supportable));
        expect(r.supportMonthsLeft).toBe(input.paymentDate < "2018-01-01" ? 0 : supportable - r.supportedMonths);
        if (used >= 120 || input.paymentDate < "2018-01-01") expect(r.totals.state).toBe(0);
        // whenever support is due and available, it is exactly the bound, every supported month
        if (input.paymentDate >= "2018-01-01" && supportable >= r.months) {
          expect(r.perMonth.state).toBe(bound);
          expect(r.totals.state).toBe(bound * r.months);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("periodic totals = per-month × months (Σ over segments when the cap falls inside)", () => {
    fc.assert(
      fc.property(
        inputArb.filter((i) => i.plan.kind === "periodic"),
        (input) => {
          const r = voluntaryContribution(input);
          const months = (input.plan as { months: number }).months;
          if (r.segments.length === 1) {
            for (const f of ["gross", "state", "local", "net"] as const) expect(r.totals[f]).toBe(r.perMonth[f] * months);
          }
          for (const f of ["gross", "state", "local", "net"] as const) {
            expect(r.totals[f]).toBe(r.segments.reduce((a, s) => a + s.perMonth[f] * s.months, 0));
          }
          expect(r.segments.reduce((a, s) => a + s.months, 0)).toBe(months);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("an advance total is below the undiscounted total when r > 0, and equal when r = 0", () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 1, max: 200 }).map((n) => n / 10_000), // 0.01% … 2% a month (MAX_MONTHLY_RETURN_RATE)
        (input, years, monthlyReturnRate) => {
          const base = { ...input, localSupportPerMonth: 0 };
          const adv = voluntaryContribution({ ...base, plan: { kind: "advance", years, monthlyReturnRate } });
          expect(adv.totals.gross).toBeLessThan(adv.undiscountedTotals.gross);
          expect(adv.totals.net).toBeLessThan(adv.undiscountedTotals.net);
          expect(adv.discount).toBeGreaterThan(0);
          const flat = voluntaryContribution({ ...base, plan: { kind: "advance", years, monthlyReturnRate: 0 } });
          expect(flat.totals).toEqual(flat.undiscountedTotals);
          // the same as paying 12 months at a time, years times
          const yearly = voluntaryContribution({ ...base, plan: { kind: "periodic", months: 12 } });
          expect(flat.perMonth).toEqual(yearly.perMonth);
          expect(flat.undiscountedTotals.gross).toBe(yearly.totals.gross * years);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("the discounted total matches the closed form within one đồng (no drift at 5 years and high incomes)", () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.integer({ min: 1, max: 200 }).map((n) => n / 10_000),
        (input, r) => {
          const adv = voluntaryContribution({ ...input, plan: { kind: "advance", years: 5, monthlyReturnRate: r } });
          const g = adv.perMonth.gross;
          const closedForm = (g * (1 - (1 + r) ** -60)) / (1 - 1 / (1 + r));
          expect(Math.abs(adv.totals.gross - closedForm)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("householdHealthContribution properties", () => {
  it("the household total is non-decreasing in the member count", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 40 }), fc.constantFrom(3, 6, 12), (paymentDate, n, months) => {
        const a = householdHealthContribution({ paymentDate, members: n, months: months as 3 | 6 | 12 });
        const b = householdHealthContribution({ paymentDate, members: n + 1, months: months as 3 | 6 | 12 });
        expect(b.total).toBeGreaterThanOrEqual(a.total);
        expect(a.total).toBe(a.members.reduce((s, m) => s + m.perMonth * months, 0));
        expect(a.total).toBe(a.perMonth * months);
      }),
      { numRuns: 200 },
    );
  });
});
