import { describe, expect, it } from "vitest";
import { DomainError, isDomainError } from "../errors.js";
import { defaultRates, type RateRow } from "../rates/index.js";
import { householdHealthContribution, householdHealthInputSchema, type HouseholdHealthInput } from "./index.js";

function errorOf(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (isDomainError(e)) return e as DomainError;
    throw e;
  }
  throw new Error("expected a DomainError");
}

const yearly = (paymentDate: string, members: HouseholdHealthInput["members"] = 5) => householdHealthContribution({ paymentDate, members, months: 12 });

describe("householdHealthContribution: docs/rules.md's worked figures on both sides of every base-salary change", () => {
  // [date, per member per year for members 1…5]
  const cases: Array<[string, number[]]> = [
    // base 1,390,000: 4.5% = 62,550 → × 12 = 750,600; × 70% = 43,785 → 525,420; × 60% = 37,530 →
    // 450,360; × 50% = 31,275 → 375,300; × 40% = 25,020 → 300,240
    ["2019-06-30", [750_600, 525_420, 450_360, 375_300, 300_240]],
    // base 1,490,000 (docs/rules.md): 804,600 / 563,220 / 482,760 / 402,300 / 321,840
    ["2019-07-01", [804_600, 563_220, 482_760, 402_300, 321_840]],
    ["2023-06-30", [804_600, 563_220, 482_760, 402_300, 321_840]],
    // base 1,800,000: 81,000 → 972,000; 56,700 → 680,400; 48,600 → 583,200; 40,500 → 486,000; 32,400 → 388,800
    ["2023-07-01", [972_000, 680_400, 583_200, 486_000, 388_800]],
    ["2024-06-30", [972_000, 680_400, 583_200, 486_000, 388_800]],
    // base 2,340,000 (docs/rules.md): 1,263,600 / 884,520 / 758,160 / 631,800 / 505,440
    ["2024-07-01", [1_263_600, 884_520, 758_160, 631_800, 505_440]],
    ["2025-06-30", [1_263_600, 884_520, 758_160, 631_800, 505_440]],
    ["2025-07-01", [1_263_600, 884_520, 758_160, 631_800, 505_440]],
    ["2026-06-30", [1_263_600, 884_520, 758_160, 631_800, 505_440]],
    // base 2,530,000: 113,850 → 1,366,200; 79,695 → 956,340; 68,310 → 819,720; 56,925 → 683,100; 45,540 → 546,480
    ["2026-07-01", [1_366_200, 956_340, 819_720, 683_100, 546_480]],
    ["2027-01-01", [1_366_200, 956_340, 819_720, 683_100, 546_480]],
  ];
  it.each(cases)("%s", (date, perYear) => {
    const r = yearly(date);
    expect(r.members.map((m) => m.total)).toEqual(perYear);
    expect(r.total).toBe(perYear.reduce((a, b) => a + b, 0));
  });

  it("four members for 12 months on 2026-08-01: 3,825,360", () => {
    // (113,850 + 79,695 + 68,310 + 56,925) = 318,780 a month × 12 = 3,825,360
    const r = householdHealthContribution({ paymentDate: "2026-08-01", members: 4, months: 12 });
    expect(r.baseSalary).toBe(2_530_000);
    expect(r.members.map((m) => [m.rank, m.factorBp, m.perMonth, m.total])).toEqual([
      [1, 10_000, 113_850, 1_366_200],
      [2, 7_000, 79_695, 956_340],
      [3, 6_000, 68_310, 819_720],
      [4, 5_000, 56_925, 683_100],
    ]);
    expect(r.perMonth).toBe(318_780);
    expect(r.total).toBe(3_825_360);
    expect(r.unconfirmedFigures).toEqual(["baseSalary"]);
    expect(r.explanation.at(-1)!.vi).toBe("Cả hộ đóng 3.825.360 đ cho 12 tháng.");
  });

  it("charges 40% from the 5th member on, and scales with the period", () => {
    // 7 members on 2024-07-01, 6 months: 105,300 + 73,710 + 63,180 + 52,650 + 3 × 42,120 = 421,200 a month
    const r = householdHealthContribution({ paymentDate: "2024-07-01", members: 7, months: 6 });
    expect(r.members.map((m) => m.factorBp)).toEqual([10_000, 7_000, 6_000, 5_000, 4_000, 4_000, 4_000]);
    expect(r.perMonth).toBe(421_200);
    expect(r.total).toBe(2_527_200);
    const three = householdHealthContribution({ paymentDate: "2024-07-01", members: 7, months: 3 });
    expect(three.total).toBe(1_263_600);
  });

  it("takes each member's rank from a list, and gives no reduction to a state-supported member", () => {
    // 2024-07-01: rank 2 at 70% = 73,710; rank 5 at 40% = 42,120; rank 3 state-supported at 100% = 105,300
    const r = householdHealthContribution({
      paymentDate: "2024-07-01",
      months: 12,
      members: [
        { rank: 2, id: "b" },
        { rank: 5, id: "e" },
        { rank: 3, id: "c", stateSupported: true },
      ],
    });
    expect(r.members).toEqual([
      { rank: 2, id: "b", stateSupported: false, factorBp: 7_000, perMonth: 73_710, total: 884_520 },
      { rank: 5, id: "e", stateSupported: false, factorBp: 4_000, perMonth: 42_120, total: 505_440 },
      { rank: 3, id: "c", stateSupported: true, factorBp: 10_000, perMonth: 105_300, total: 1_263_600 },
    ]);
    expect(r.total).toBe(884_520 + 505_440 + 1_263_600);
    const all = householdHealthContribution({ paymentDate: "2024-07-01", months: 12, members: 3, stateSupported: true });
    expect(all.members.map((m) => m.factorBp)).toEqual([10_000, 10_000, 10_000]);
  });

  it("rounds each member's month half up to the đồng, once", () => {
    // a caller's base salary of 100: 4.5 → 5; × 70% = 3.15 → 3; × 60% = 2.7 → 3; × 50% = 2.25 → 2; × 40% = 1.8 → 2
    const tiny: RateRow[] = [...defaultRates, { key: "baseSalary", from: "2030-01-01", value: 100, source: "test" }];
    const r = householdHealthContribution({ paymentDate: "2030-01-01", members: 5, months: 3, rates: tiny });
    expect(r.members.map((m) => m.perMonth)).toEqual([5, 3, 3, 2, 2]);
    expect(r.total).toBe(15 * 3);
    // 1,234,567 × 4.5% = 55,555.515 → 55,556; × 70% = 38,888.8605 → 38,889
    const odd: RateRow[] = [...defaultRates, { key: "baseSalary", from: "2030-01-01", value: 1_234_567, source: "test" }];
    const o = householdHealthContribution({ paymentDate: "2030-01-01", members: 2, months: 12, rates: odd });
    expect(o.members.map((m) => m.perMonth)).toEqual([55_556, 38_889]);
    expect(o.total).toBe((55_556 + 38_889) * 12);
  });

  it("refuses bad input with bilingual DomainErrors", () => {
    const cases: Array<[Partial<HouseholdHealthInput>, string]> = [
      [{ months: 1 as 3 }, "CONTRIBUTION.INVALID_HOUSEHOLD_MONTHS"],
      [{ months: 24 as 12 }, "CONTRIBUTION.INVALID_HOUSEHOLD_MONTHS"],
      [{ members: 0 }, "CONTRIBUTION.INVALID_HOUSEHOLD_MEMBERS"],
      [{ members: 2.5 }, "CONTRIBUTION.INVALID_HOUSEHOLD_MEMBERS"],
      [{ members: [] }, "CONTRIBUTION.INVALID_HOUSEHOLD_MEMBERS"],
      [{ members: [{ rank: 0 }] }, "CONTRIBUTION.INVALID_HOUSEHOLD_MEMBERS"],
      [{ members: [{ rank: 1 }, { rank: 1 }] }, "CONTRIBUTION.DUPLICATE_MEMBER_RANK"],
      [{ paymentDate: "2026-02-29" }, "CONTRIBUTION.INVALID_DATE"],
    ];
    for (const [patch, expected] of cases) {
      const e = errorOf(() => householdHealthContribution({ paymentDate: "2026-08-01", members: 2, months: 12, ...patch }));
      expect(e.code, JSON.stringify(patch)).toBe(expected);
      expect(e.message).toContain(" / ");
    }
  });
});

describe("householdHealthInputSchema", () => {
  it("accepts a count or a ranked list, refuses wrong months and duplicate ranks", () => {
    expect(householdHealthInputSchema.safeParse({ paymentDate: "2026-08-01", members: 4, months: 12 }).success).toBe(true);
    expect(
      householdHealthInputSchema.safeParse({ paymentDate: "2026-08-01", members: [{ rank: 1 }, { rank: 2, stateSupported: true }], months: 6 }).success,
    ).toBe(true);
    const months = householdHealthInputSchema.safeParse({ paymentDate: "2026-08-01", members: 4, months: 1 });
    expect(months.error!.issues[0]!.message).toBe("household.months");
    expect(householdHealthInputSchema.safeParse({ paymentDate: "2026-08-01", members: [{ rank: 1 }, { rank: 1 }], months: 6 }).success).toBe(false);
  });
});
