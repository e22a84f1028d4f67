import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf } from "../code-of.test-support.js";
import { householdHealthContribution, voluntaryContribution } from "../contributions/index.js";
import { addDays } from "../dates.js";
import {
  checkOutcomeOn,
  compareWorklistItems,
  contactOutcomeLabels,
  contactOutcomes,
  endsEligibility,
  onWorklist,
  recordOutcomeInputSchema,
  reminderText,
  renewalAmountDue,
  worklistSortKey,
  worklistWindow,
  type WorklistOrderItem,
} from "./index.js";

const dateArb = fc.integer({ min: 0, max: 3000 }).map((n) => addDays("2019-01-01", n));
const itemArb: fc.Arbitrary<WorklistOrderItem> = fc.record({ coveredUntil: dateArb, promisedOn: fc.option(dateArb, { nil: null }) });

describe("contact outcomes", () => {
  it("have a Vietnamese and an English name each", () => {
    for (const o of contactOutcomes) {
      expect(contactOutcomeLabels[o].vi.length).toBeGreaterThan(0);
      expect(contactOutcomeLabels[o].en.length).toBeGreaterThan(0);
    }
    expect(contactOutcomeLabels.promised.vi).toBe("Hẹn ngày đóng");
  });

  it("end eligibility for the dead and those in compulsory insurance only", () => {
    expect(contactOutcomes.filter(endsEligibility)).toEqual(["died", "compulsory_insurance"]);
  });
});

describe("worklist window", () => {
  it("runs from 90 days ago to the end of next month", () => {
    expect(worklistWindow("2026-12-07")).toEqual({ lapsedFrom: "2026-09-08", dueTo: "2027-01-31" });
    expect(worklistWindow("2026-01-31")).toEqual({ lapsedFrom: "2025-11-02", dueTo: "2026-02-28" });
    expect(worklistWindow("2024-01-15").dueTo).toBe("2024-02-29");
  });

  it("holds its edges", () => {
    expect(onWorklist("2026-09-08", "2026-12-07")).toBe(true);
    expect(onWorklist("2026-09-07", "2026-12-07")).toBe(false);
    expect(onWorklist("2027-01-31", "2026-12-07")).toBe(true);
    expect(onWorklist("2027-02-01", "2026-12-07")).toBe(false);
  });
});

describe("worklist order", () => {
  it("puts a promise that has come first, then everyone by end of cover", () => {
    const today = "2026-12-07";
    const items: (WorklistOrderItem & { name: string })[] = [
      { name: "due later", coveredUntil: "2027-01-20", promisedOn: null },
      { name: "lapsed", coveredUntil: "2026-11-01", promisedOn: null },
      { name: "promised today", coveredUntil: "2027-01-25", promisedOn: "2026-12-07" },
      { name: "promised tomorrow", coveredUntil: "2026-12-10", promisedOn: "2026-12-08" },
      { name: "promised last week", coveredUntil: "2026-12-31", promisedOn: "2026-11-30" },
    ];
    expect([...items].sort((a, b) => compareWorklistItems(a, b, today)).map((i) => i.name)).toEqual([
      "promised last week",
      "promised today",
      "lapsed",
      "promised tomorrow",
      "due later",
    ]);
  });

  it("a promise brings the person to the top on its day, not before (property)", () => {
    fc.assert(
      fc.property(itemArb, itemArb, dateArb, (a, b, today) => {
        const come = (i: WorklistOrderItem) => i.promisedOn !== null && i.promisedOn <= today;
        const c = compareWorklistItems(a, b, today);
        if (come(a) && !come(b)) expect(c).toBeLessThan(0);
        if (!come(a) && !come(b)) expect(Math.sign(c)).toBe(Math.sign(a.coveredUntil < b.coveredUntil ? -1 : a.coveredUntil > b.coveredUntil ? 1 : 0));
        if (come(a) && come(b)) expect(Math.sign(c)).toBe(Math.sign(a.promisedOn! < b.promisedOn! ? -1 : a.promisedOn! > b.promisedOn! ? 1 : 0));
        // A future promise is the same as none.
        if (a.promisedOn !== null && a.promisedOn > today) expect(worklistSortKey(a, today)).toBe(worklistSortKey({ ...a, promisedOn: null }, today));
      }),
    );
  });
});

describe("renewal amount due on today's rates", () => {
  it("prices household health insurance with the member's rank on the day's base salary", () => {
    // 4.5% × 2,340,000 = 105,300 a month (docs/rules.md §3: 1,263,600 a year for the first member).
    expect(renewalAmountDue({ scheme: "household_health_insurance", months: 12, householdRank: 1 }, "2026-06-30", null)).toEqual({
      amount: 1_263_600,
      months: 12,
      monthlyIncome: null,
      incomeAdjusted: false,
    });
    expect(renewalAmountDue({ scheme: "household_health_insurance", months: 12, householdRank: 2 }, "2026-06-30", null)?.amount).toBe(884_520);
    // From 2026-07-01 the base salary is 2,530,000: 113,850 a month.
    expect(renewalAmountDue({ scheme: "household_health_insurance", months: 6, householdRank: 1 }, "2026-12-07", null)?.amount).toBe(683_100);
  });

  it("prices a voluntary renewal like the calculator, the same months and income", () => {
    // 22% × 1,500,000 = 330,000; support 20% × 22% × 1,500,000 = 66,000; 264,000 a month.
    expect(
      renewalAmountDue({ scheme: "voluntary_social_insurance", months: 12, monthlyIncome: 1_500_000, supportGroups: ["other"] }, "2026-12-07", null),
    ).toEqual({
      amount: 3_168_000,
      months: 12,
      monthlyIncome: 1_500_000,
      incomeAdjusted: false,
    });
    fc.assert(
      fc.property(
        fc.constantFrom(1, 3, 6, 12),
        fc.integer({ min: 1_500_000, max: 40_000_000 }),
        fc.constantFrom("poor", "near_poor", "ethnic_minority", "other"),
        fc.integer({ min: 0, max: 500 }).map((n) => addDays("2025-07-01", n)),
        (months, income, group, day) => {
          const r = renewalAmountDue({ scheme: "voluntary_social_insurance", months, monthlyIncome: income, supportGroups: [group] }, day, null);
          const c = voluntaryContribution<string>({
            paymentDate: day,
            monthlyIncome: income,
            supportGroups: [group],
            plan: { kind: "periodic", months: months as 1 },
          });
          expect(r?.amount).toBe(c.totals.net);
        },
      ),
    );
  });

  it("counts the months of state support already used: only what is left of the 120 months is supported", () => {
    const plan = { scheme: "voluntary_social_insurance" as const, months: 12, monthlyIncome: 1_500_000, supportGroups: ["other" as const] };
    // 115 used: 5 months at 264,000 and 7 at 330,000 = 3,630,000; 120 or more used: 12 × 330,000.
    expect(renewalAmountDue({ ...plan, supportedMonthsUsed: 115 }, "2026-12-07", null)?.amount).toBe(5 * 264_000 + 7 * 330_000);
    expect(renewalAmountDue({ ...plan, supportedMonthsUsed: 120 }, "2026-12-07", null)?.amount).toBe(12 * 330_000);
    expect(renewalAmountDue({ ...plan, supportedMonthsUsed: 0 }, "2026-12-07", null)?.amount).toBe(12 * 264_000);
    fc.assert(
      fc.property(
        fc.constantFrom(1, 3, 6, 12),
        fc.integer({ min: 0, max: 200 }),
        fc.constantFrom("poor", "near_poor", "ethnic_minority", "other"),
        (months, used, group) => {
          const r = renewalAmountDue(
            { scheme: "voluntary_social_insurance", months, monthlyIncome: 2_000_000, supportGroups: [group], supportedMonthsUsed: used },
            "2026-12-07",
            null,
          );
          const c = voluntaryContribution<string>({
            paymentDate: "2026-12-07",
            monthlyIncome: 2_000_000,
            supportGroups: [group],
            plan: { kind: "periodic", months: months as 1 },
            supportedMonthsUsed: used,
          });
          expect(r?.amount).toBe(c.totals.net);
        },
      ),
    );
  });

  it("moves an income below today's floor up to it (the poverty line rose)", () => {
    // 2021: 700,000 was the floor; in 2026 it is 1,500,000.
    const r = renewalAmountDue({ scheme: "voluntary_social_insurance", months: 1, monthlyIncome: 700_000, supportGroups: ["other"] }, "2026-12-07", null);
    expect(r).toEqual({ amount: 264_000, months: 1, monthlyIncome: 1_500_000, incomeAdjusted: true });
  });

  it("needs the fund's return for an advance, and a plan to repeat", () => {
    expect(renewalAmountDue({ scheme: "voluntary_social_insurance", months: 24, monthlyIncome: 2_000_000 }, "2026-12-07", null)).toBeNull();
    expect(renewalAmountDue({ scheme: "voluntary_social_insurance", months: 24, monthlyIncome: 2_000_000 }, "2026-12-07", 0.004)?.months).toBe(24);
    expect(renewalAmountDue({ scheme: "voluntary_social_insurance", months: 12, monthlyIncome: null }, "2026-12-07", null)).toBeNull();
  });

  it("equals the household calculator for every rank and period (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(3, 6, 12),
        fc.integer({ min: 0, max: 2500 }).map((n) => addDays("2019-01-01", n)),
        (rank, months, day) => {
          const r = renewalAmountDue({ scheme: "household_health_insurance", months, householdRank: rank }, day, null);
          const c = householdHealthContribution<string>({ paymentDate: day, members: [{ rank }], months: months as 12 });
          expect(r?.amount).toBe(c.total);
        },
      ),
    );
  });
});

describe("reminder text", () => {
  it("names the person, the amount and the deadline (dd/MM/yyyy)", () => {
    expect(
      reminderText({ fullName: "Trần Thị Mai", scheme: "voluntary_social_insurance", amount: 3_168_000, coveredUntil: "2026-12-31", onDate: "2026-12-07" }),
    ).toBe(
      "Kính gửi Trần Thị Mai: thời hạn tham gia BHXH tự nguyện của Ông/Bà hết hạn ngày 31/12/2026. Vui lòng đóng tiếp trước ngày này để không bị gián đoạn. Số tiền cần đóng: 3.168.000 đ.",
    );
    expect(
      reminderText({ fullName: "Lê Văn Bình", scheme: "household_health_insurance", amount: null, coveredUntil: "2026-11-30", onDate: "2026-12-07" }),
    ).toBe("Kính gửi Lê Văn Bình: thời hạn tham gia BHYT hộ gia đình của Ông/Bà đã hết hạn từ ngày 01/12/2026. Vui lòng đóng tiếp sớm để được tham gia lại.");
  });
});

describe("recording an outcome", () => {
  const base = { participantId: 1, scheme: "voluntary_social_insurance" as const };
  it("needs a date with a promise, and only then", () => {
    expect(recordOutcomeInputSchema.safeParse({ ...base, outcome: "promised" }).success).toBe(false);
    expect(recordOutcomeInputSchema.safeParse({ ...base, outcome: "promised", promisedOn: "2026-12-10" }).success).toBe(true);
    expect(recordOutcomeInputSchema.safeParse({ ...base, outcome: "refuses", promisedOn: "2026-12-10" }).success).toBe(false);
    expect(recordOutcomeInputSchema.safeParse({ ...base, outcome: "died", note: "x".repeat(501) }).success).toBe(false);
    expect(recordOutcomeInputSchema.safeParse({ ...base, outcome: "sold" }).success).toBe(false);
  });

  it("refuses a promise in the past or more than a year ahead", () => {
    expect(codeOf(() => checkOutcomeOn({ outcome: "promised", promisedOn: "2026-12-06" }, "2026-12-07"))).toBe("REGISTRY.INVALID_DATE");
    expect(codeOf(() => checkOutcomeOn({ outcome: "promised", promisedOn: "2027-12-09" }, "2026-12-07"))).toBe("REGISTRY.INVALID_DATE");
    expect(() => checkOutcomeOn({ outcome: "promised", promisedOn: "2026-12-07" }, "2026-12-07")).not.toThrow();
    expect(() => checkOutcomeOn({ outcome: "moved" }, "2026-12-07")).not.toThrow();
  });
});
