import { describe, expect, it } from "vitest";
import { DomainError, isDomainError } from "../errors.js";
import { defaultRates, type RateRow, type SupportGroup } from "../rates/index.js";
import { issuesFromZod } from "../validation.js";
import { discountedSum, voluntaryContribution, voluntaryContributionInputSchema, type VoluntaryContributionInput } from "./index.js";

const monthly = { kind: "periodic", months: 1 } as const;

function minimum(paymentDate: string, groups: SupportGroup[]) {
  const floor = paymentDate < "2022-01-01" ? 700_000 : paymentDate < "2027-01-01" ? 1_500_000 : 2_200_000;
  return voluntaryContribution({ paymentDate, monthlyIncome: floor, supportGroups: groups, plan: monthly });
}

function errorOf(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (isDomainError(e)) return e as DomainError;
    throw e;
  }
  throw new Error("expected a DomainError");
}

describe("voluntaryContribution: the minimum monthly payment on both sides of every change date", () => {
  // [date, groups, gross, state, net] at income = rural poverty line, paid monthly.
  const cases: Array<[string, SupportGroup[], number, number, number]> = [
    // before 2018-01-01: 22% × 700,000 = 154,000, no support
    ["2017-12-31", [], 154_000, 0, 154_000],
    ["2017-12-31", ["poor"], 154_000, 0, 154_000],
    // 2018-01-01: support 10% × 22% × 700,000 = 15,400 → 138,600
    ["2018-01-01", [], 154_000, 15_400, 138_600],
    ["2020-06-15", [], 154_000, 15_400, 138_600],
    // poor 30% × 154,000 = 46,200 → 107,800; near-poor 25% → 38,500 → 115,500
    ["2020-06-15", ["poor"], 154_000, 46_200, 107_800],
    ["2020-06-15", ["near_poor"], 154_000, 38_500, 115_500],
    ["2021-12-31", [], 154_000, 15_400, 138_600],
    // 2022-01-01: poverty line 1,500,000: 22% = 330,000; 10% of it = 33,000 → 297,000
    ["2022-01-01", [], 330_000, 33_000, 297_000],
    ["2023-06-30", [], 330_000, 33_000, 297_000],
    ["2023-07-01", [], 330_000, 33_000, 297_000], // base salary change: ceiling only
    ["2024-06-30", [], 330_000, 33_000, 297_000],
    ["2024-07-01", [], 330_000, 33_000, 297_000],
    ["2025-06-30", [], 330_000, 33_000, 297_000],
    // until 2025-06-30: poor 30% = 99,000 → 231,000; near-poor 25% = 82,500 → 247,500;
    // ethnic minority and island have no group of their own: 10% = 33,000 → 297,000
    ["2025-06-30", ["poor"], 330_000, 99_000, 231_000],
    ["2025-06-30", ["near_poor"], 330_000, 82_500, 247_500],
    ["2025-06-30", ["ethnic_minority"], 330_000, 33_000, 297_000],
    ["2025-06-30", ["island"], 330_000, 33_000, 297_000],
    // from 2025-07-01 (Decree 159/2025): other 20% = 66,000 → 264,000; poor and island 50% =
    // 165,000 → 165,000; near-poor 40% = 132,000 → 198,000; ethnic minority 30% = 99,000 → 231,000
    ["2025-07-01", [], 330_000, 66_000, 264_000],
    ["2025-07-01", ["poor"], 330_000, 165_000, 165_000],
    ["2025-07-01", ["island"], 330_000, 165_000, 165_000],
    ["2025-07-01", ["near_poor"], 330_000, 132_000, 198_000],
    ["2025-07-01", ["ethnic_minority"], 330_000, 99_000, 231_000],
    ["2026-06-30", [], 330_000, 66_000, 264_000],
    ["2026-07-01", [], 330_000, 66_000, 264_000],
    ["2026-12-31", [], 330_000, 66_000, 264_000],
    // 2027-01-01: poverty line 2,200,000: 22% = 484,000; 20% = 96,800 → 387,200; poor 50% = 242,000
    ["2027-01-01", [], 484_000, 96_800, 387_200],
    ["2027-01-01", ["poor"], 484_000, 242_000, 242_000],
  ];
  it.each(cases)("%s %j: gross %i − state %i = %i", (date, groups, gross, state, net) => {
    const r = minimum(date, groups);
    expect(r.perMonth).toEqual({ gross, state, local: 0, net });
    expect(r.totals).toEqual({ gross, state, local: 0, net });
  });

  it("takes the highest k only across groups", () => {
    // 2025-07-01: ethnic minority 30%, near-poor 40%, poor 50% → 50% only: 165,000, not the sum
    const r = minimum("2025-07-01", ["ethnic_minority", "near_poor", "poor"]);
    expect(r.supportGroup).toBe("poor");
    expect(r.perMonth.state).toBe(165_000);
    expect(minimum("2025-07-01", ["ethnic_minority", "near_poor"]).supportGroup).toBe("near_poor");
    // ethnic minority + island: island's 50% beats 30%
    expect(minimum("2025-07-01", ["ethnic_minority", "island"]).perMonth.state).toBe(165_000);
    // before 2025-07-01 an ethnic-minority person is shown as such, with everyone's 10%
    expect(minimum("2025-06-30", ["ethnic_minority"]).supportGroup).toBe("ethnic_minority");
  });
});

describe("voluntaryContribution: income range", () => {
  it("accepts the floor and the ceiling and refuses a đồng beyond, on the figures of the payment date", () => {
    const at = (paymentDate: string, monthlyIncome: number) => voluntaryContribution({ paymentDate, monthlyIncome, supportGroups: [], plan: monthly });
    // 2026-07-01: ceiling 20 × 2,530,000 = 50,600,000: 22% = 11,132,000, minus 66,000 = 11,066,000
    expect(at("2026-07-01", 50_600_000).perMonth.net).toBe(11_066_000);
    expect(errorOf(() => at("2026-07-01", 50_600_001)).code).toBe("CONTRIBUTION.INCOME_ABOVE_CEILING");
    // 2026-06-30: ceiling 20 × 2,340,000 = 46,800,000
    expect(at("2026-06-30", 46_800_000).perMonth.gross).toBe(10_296_000);
    expect(errorOf(() => at("2026-06-30", 50_600_000)).code).toBe("CONTRIBUTION.INCOME_ABOVE_CEILING");
    // 2023-06-30: 20 × 1,490,000 = 29,800,000; 2023-07-01: 20 × 1,800,000 = 36,000,000
    expect(errorOf(() => at("2023-06-30", 29_800_001)).code).toBe("CONTRIBUTION.INCOME_ABOVE_CEILING");
    expect(at("2023-07-01", 36_000_000).perMonth.gross).toBe(7_920_000);
    // 2024-06-30: 36,000,000; 2024-07-01: 46,800,000
    expect(errorOf(() => at("2024-06-30", 36_000_001)).code).toBe("CONTRIBUTION.INCOME_ABOVE_CEILING");
    expect(at("2024-07-01", 46_800_000).perMonth.gross).toBe(10_296_000);
    // floor: 2021-12-31 700,000 is fine; 2022-01-01 it is below 1,500,000
    expect(at("2021-12-31", 700_000).perMonth.net).toBe(138_600);
    const below = errorOf(() => at("2022-01-01", 700_000));
    expect(below.code).toBe("CONTRIBUTION.INCOME_BELOW_FLOOR");
    expect(below.messageVi).toContain("1.500.000 đ");
    expect(below.messageEn).toContain("1,500,000 VND");
    expect(below.message).toBe(`${below.messageVi} / ${below.messageEn}`);
    // 2026-12-31: 1,500,000 fine; 2027-01-01 below 2,200,000
    expect(at("2026-12-31", 1_500_000).perMonth.net).toBe(264_000);
    expect(errorOf(() => at("2027-01-01", 1_500_000)).code).toBe("CONTRIBUTION.INCOME_BELOW_FLOOR");
  });

  it("rounds 22% of the income half up to the đồng", () => {
    const at = (monthlyIncome: number) => voluntaryContribution({ paymentDate: "2026-08-01", monthlyIncome, supportGroups: [], plan: monthly }).perMonth.gross;
    expect(at(1_500_005)).toBe(330_001); // 330,001.1
    expect(at(1_500_025)).toBe(330_006); // 330,005.5 → half up
    expect(at(1_500_027)).toBe(330_006); // 330,005.94
    expect(at(1_500_002)).toBe(330_000); // 330,000.44
  });
});

describe("voluntaryContribution: plans", () => {
  const base: VoluntaryContributionInput = {
    paymentDate: "2026-08-01",
    monthlyIncome: 3_000_000,
    supportGroups: ["near_poor"],
    plan: monthly,
  };
  // 22% × 3,000,000 = 660,000; near-poor 40% × 22% × 1,500,000 = 132,000 → 528,000 a month
  it.each([1, 3, 6, 12] as const)("periodic %i months = per-month × months", (months) => {
    const r = voluntaryContribution({ ...base, plan: { kind: "periodic", months } });
    expect(r.perMonth).toEqual({ gross: 660_000, state: 132_000, local: 0, net: 528_000 });
    expect(r.totals).toEqual({ gross: 660_000 * months, state: 132_000 * months, local: 0, net: 528_000 * months });
    expect(r.supportedMonths).toBe(months);
    expect(r.supportMonthsLeft).toBe(120 - months);
    expect(r.discount).toBe(0);
  });

  it("stops the support after 120 months, inside a plan", () => {
    // 115 months used: 5 supported months of 528,000 and 7 of 660,000 = 2,640,000 + 4,620,000
    const r = voluntaryContribution({ ...base, plan: { kind: "periodic", months: 12 }, supportedMonthsUsed: 115 });
    expect(r.supportedMonths).toBe(5);
    expect(r.supportMonthsLeft).toBe(0);
    expect(r.segments).toEqual([
      { months: 5, stateSupported: true, perMonth: { gross: 660_000, state: 132_000, local: 0, net: 528_000 } },
      { months: 7, stateSupported: false, perMonth: { gross: 660_000, state: 0, local: 0, net: 660_000 } },
    ]);
    expect(r.totals).toEqual({ gross: 7_920_000, state: 660_000, local: 0, net: 7_260_000 });
    const after = voluntaryContribution({ ...base, plan: { kind: "periodic", months: 3 }, supportedMonthsUsed: 130 });
    expect(after.perMonth).toEqual({ gross: 660_000, state: 0, local: 0, net: 660_000 });
    expect(after.supportedMonths).toBe(0);
  });

  it("discounts an advance payment exactly and rounds once", () => {
    // 2026-08-01, everyone else, income 2,000,000: 440,000 a month, support 20% × 330,000 = 66,000.
    // Σ_{i=1..60} 440,000 / 1.005^(i−1) = 22,873,042.964… → 22,873,043 (exact rational sum, by hand
    // with fractions); support 60 × 66,000 = 3,960,000, undiscounted → net 18,913,043.
    const r = voluntaryContribution({
      paymentDate: "2026-08-01",
      monthlyIncome: 2_000_000,
      supportGroups: [],
      plan: { kind: "advance", years: 5, monthlyReturnRate: 0.005 },
    });
    expect(r.months).toBe(60);
    expect(r.perMonth).toEqual({ gross: 440_000, state: 66_000, local: 0, net: 374_000 });
    expect(r.undiscountedTotals).toEqual({ gross: 26_400_000, state: 3_960_000, local: 0, net: 22_440_000 });
    expect(r.totals).toEqual({ gross: 22_873_043, state: 3_960_000, local: 0, net: 18_913_043 });
    expect(r.discount).toBe(26_400_000 - 22_873_043);
    expect(r.supportMonthsLeft).toBe(60);
  });

  it("computes the discounted sum without float drift", () => {
    // Σ_{i=0..23} 330,000 / 1.0041^i = 7,558,998.15… (exact fractions)
    expect(discountedSum(330_000, 24, 0.0041)).toBe(7_558_998);
    // 5 years at the 2026 ceiling, 22% × 50,600,000 = 11,132,000, r = 1%: 505,443,882.41…
    expect(discountedSum(11_132_000, 60, 0.01)).toBe(505_443_882);
    // r = 0: no discount at all, exactly
    expect(discountedSum(11_132_000, 60, 0)).toBe(667_920_000);
    // a tiny r written in exponent form is read exactly: 1e-7 → 1 / 10,000,000
    expect(discountedSum(330_000, 24, 1e-7)).toBe(7_919_991); // 7,920,000 − 330,000 × Σ i·1e-7 ≈ 9.1
  });

  it("keeps totals exact for very large incomes (a caller's table with a high ceiling)", () => {
    const rates: RateRow[] = [...defaultRates, { key: "incomeCeilingMultiple", from: "2026-07-01", value: 1_000_000, source: "test" }];
    const income = 999_999_999_999; // 22% = 219,999,999,999.78 → 220,000,000,000
    const r = voluntaryContribution({ paymentDate: "2026-08-01", monthlyIncome: income, supportGroups: [], plan: { kind: "periodic", months: 12 }, rates });
    expect(r.perMonth.gross).toBe(220_000_000_000);
    expect(r.totals.gross).toBe(2_640_000_000_000);
    expect(r.totals.net).toBe(2_640_000_000_000 - 12 * 66_000);
    const a = voluntaryContribution({
      paymentDate: "2026-08-01",
      monthlyIncome: income,
      supportGroups: [],
      plan: { kind: "advance", years: 5, monthlyReturnRate: 0 },
      rates,
    });
    expect(a.totals.gross).toBe(60 * 220_000_000_000);
    expect(Number.isSafeInteger(a.totals.net)).toBe(true);
  });

  it("adds local support as a separate line and never lets net go below 0", () => {
    // 2025-07-01 poor at the floor: 330,000 − 165,000 = 165,000; province adds 50,000 → 115,000
    const r = voluntaryContribution({
      paymentDate: "2025-07-01",
      monthlyIncome: 1_500_000,
      supportGroups: ["poor"],
      plan: { kind: "periodic", months: 3 },
      localSupportPerMonth: 50_000,
    });
    expect(r.perMonth).toEqual({ gross: 330_000, state: 165_000, local: 50_000, net: 115_000 });
    expect(r.totals).toEqual({ gross: 990_000, state: 495_000, local: 150_000, net: 345_000 });
    // a local support larger than what is left is capped: net 0, not negative
    const big = voluntaryContribution({
      paymentDate: "2025-07-01",
      monthlyIncome: 1_500_000,
      supportGroups: ["poor"],
      plan: monthly,
      localSupportPerMonth: 999_999,
    });
    expect(big.perMonth).toEqual({ gross: 330_000, state: 165_000, local: 165_000, net: 0 });
  });

  it("takes the province's support from the rates table when none is given", () => {
    // a province adds 10% × 22% × 1,500,000 = 33,000 for the poor and 10,000 for everyone else
    const rates: RateRow[] = [
      ...defaultRates,
      {
        key: "localSupport",
        from: "2025-01-01",
        value: { poor: { rateBp: 1_000 }, other: { amount: 10_000 } },
        source: "Resolution of the provincial council (test)",
      },
    ];
    const poor = voluntaryContribution({ paymentDate: "2025-07-01", monthlyIncome: 1_500_000, supportGroups: ["poor"], plan: monthly, rates });
    expect(poor.perMonth).toEqual({ gross: 330_000, state: 165_000, local: 33_000, net: 132_000 });
    const other = voluntaryContribution({ paymentDate: "2025-07-01", monthlyIncome: 1_500_000, supportGroups: [], plan: monthly, rates });
    expect(other.perMonth.local).toBe(10_000);
    // the explicit argument wins over the table
    const explicit = voluntaryContribution({
      paymentDate: "2025-07-01",
      monthlyIncome: 1_500_000,
      supportGroups: [],
      plan: monthly,
      rates,
      localSupportPerMonth: 0,
    });
    expect(explicit.perMonth.local).toBe(0);
    // before the row's date there is none
    expect(voluntaryContribution({ paymentDate: "2024-12-31", monthlyIncome: 1_500_000, supportGroups: [], plan: monthly, rates }).perMonth.local).toBe(0);
  });

  it("explains each step in both languages with the rule it came from", () => {
    const r = voluntaryContribution({ paymentDate: "2020-06-15", monthlyIncome: 700_000, supportGroups: [], plan: monthly });
    const ids = r.explanation.map((s) => s.id);
    expect(ids).toEqual(["rates", "income", "gross", "state-support", "support-months", "net-per-month", "total", "support-left"]);
    for (const step of r.explanation) {
      expect(step.vi.length).toBeGreaterThan(10);
      expect(step.en.length).toBeGreaterThan(10);
      expect(step.source.length).toBeGreaterThan(3);
    }
    const state = r.explanation.find((s) => s.id === "state-support")!;
    expect(state.vi).toBe(
      "Nhóm hỗ trợ: đối tượng khác; ngân sách nhà nước hỗ trợ mỗi tháng = 10% × 22% × 700.000 đ (chuẩn nghèo khu vực nông thôn) = 15.400 đ.",
    );
    expect(state.en).toBe("Support group: everyone else; state support per month = 10% × 22% × 700,000 VND (rural poverty line) = 15,400 VND.");
    expect(state.source).toContain("Decree 134/2015");
    expect(r.explanation.find((s) => s.id === "total")!.amount).toBe(138_600);
  });

  it("reports the unconfirmed figures it used", () => {
    expect(minimum("2026-06-30", []).unconfirmedFigures).toEqual([]);
    expect(minimum("2027-01-01", []).unconfirmedFigures).toEqual(["baseSalary", "ruralPovertyLine"]);
  });
});

describe("voluntaryContribution: bad input", () => {
  const ok: VoluntaryContributionInput = { paymentDate: "2026-08-01", monthlyIncome: 2_000_000, supportGroups: [], plan: monthly };
  const cases: Array<[string, Partial<VoluntaryContributionInput> & Record<string, unknown>, string]> = [
    ["months 2", { plan: { kind: "periodic", months: 2 as 1 } }, "CONTRIBUTION.INVALID_PLAN_MONTHS"],
    ["1 year ahead", { plan: { kind: "advance", years: 1, monthlyReturnRate: 0.005 } }, "CONTRIBUTION.INVALID_ADVANCE_YEARS"],
    ["6 years ahead", { plan: { kind: "advance", years: 6, monthlyReturnRate: 0.005 } }, "CONTRIBUTION.INVALID_ADVANCE_YEARS"],
    ["negative r", { plan: { kind: "advance", years: 2, monthlyReturnRate: -0.01 } }, "CONTRIBUTION.INVALID_RETURN_RATE"],
    ["NaN r", { plan: { kind: "advance", years: 2, monthlyReturnRate: Number.NaN } }, "CONTRIBUTION.INVALID_RETURN_RATE"],
    ["unknown plan", { plan: { kind: "weekly" } as never }, "CONTRIBUTION.INVALID_PLAN"],
    ["fractional income", { monthlyIncome: 2_000_000.5 }, "CONTRIBUTION.INCOME_NOT_INTEGER"],
    ["unknown group", { supportGroups: ["veteran" as SupportGroup] }, "CONTRIBUTION.UNKNOWN_SUPPORT_GROUP"],
    ["negative months used", { supportedMonthsUsed: -1 }, "CONTRIBUTION.INVALID_SUPPORTED_MONTHS_USED"],
    ["fractional local", { localSupportPerMonth: 1.5 }, "CONTRIBUTION.INVALID_LOCAL_SUPPORT"],
    ["bad date", { paymentDate: "2026-13-01" }, "CONTRIBUTION.INVALID_DATE"],
    ["before the table", { paymentDate: "2015-06-01" }, "RATES.NOT_IN_FORCE"],
  ];
  it.each(cases)("%s → %s, with a message in both languages", (_, patch, expected) => {
    const e = errorOf(() => voluntaryContribution({ ...ok, ...patch } as VoluntaryContributionInput));
    expect(e.code).toBe(expected);
    expect(e.messageVi.length).toBeGreaterThan(5);
    expect(e.messageEn.length).toBeGreaterThan(5);
    expect(e.messageVi).not.toBe(e.messageEn);
  });
});

describe("voluntaryContributionInputSchema", () => {
  it("accepts a valid command and refuses wrong months with a message key rendered in both languages", () => {
    expect(
      voluntaryContributionInputSchema.parse({
        ...{ paymentDate: "2026-08-01", monthlyIncome: 2_000_000, supportGroups: ["poor"] },
        plan: { kind: "advance", years: 3, monthlyReturnRate: 0.004 },
      }),
    ).toBeTruthy();
    const bad = voluntaryContributionInputSchema.safeParse({
      paymentDate: "2026-08-01",
      monthlyIncome: 2_000_000,
      supportGroups: [],
      plan: { kind: "periodic", months: 2 },
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toBe("plan.months");
    expect(issuesFromZod(bad.error!)).toEqual([
      { path: ["plan", "months"], vi: "Phương thức đóng chỉ có thể là 1, 3, 6 hoặc 12 tháng", en: "The payment period must be 1, 3, 6 or 12 months" },
    ]);
    const badGroup = voluntaryContributionInputSchema.safeParse({ paymentDate: "2026-08-01", monthlyIncome: 2_000_000, supportGroups: ["x"], plan: monthly });
    expect(issuesFromZod(badGroup.error!, { input: { supportGroups: ["x"] } })[0]).toEqual({
      path: ["supportGroups", 0],
      vi: 'Nhóm hỗ trợ phải là poor, near_poor, ethnic_minority, island hoặc other (nhận được: chuỗi "x")',
      en: 'A support group is one of poor, near_poor, ethnic_minority, island, other (got a string "x")',
    });
    const badDate = voluntaryContributionInputSchema.safeParse({ paymentDate: "01/08/2026", monthlyIncome: 2_000_000, supportGroups: [], plan: monthly });
    expect(badDate.error!.issues[0]!.message).toBe("date");
  });
});

describe("voluntaryContribution: untyped callers get coded errors that say what was received", () => {
  const ok = { paymentDate: "2026-08-01", monthlyIncome: 2_400_000, supportGroups: ["near_poor"], plan: monthly };
  const call = (input: unknown) => errorOf(() => voluntaryContribution(input as VoluntaryContributionInput));

  it("refuses a misspelt key instead of pricing the person as 'other'", () => {
    const e = call({ paymentDate: "2026-08-01", monthlyIncome: 2_400_000, supportGroup: ["near_poor"], plan: monthly });
    expect(e.code).toBe("CONTRIBUTION.INVALID_INPUT");
    expect(e.issues).toContainEqual({
      path: ["supportGroup"],
      vi: 'Trường không được biết; có phải "supportGroups"?',
      en: 'Unknown key; did you mean "supportGroups"?',
    });
    expect(e.issues).toContainEqual({ path: ["supportGroups"], vi: "Thiếu giá trị bắt buộc", en: "Required, but missing" });
    // the correctly spelt call is priced as near-poor: 40% support, not everyone's 20%
    const r = voluntaryContribution(ok as VoluntaryContributionInput);
    expect(r.supportGroup).toBe("near_poor");
    expect(r.perMonth).toEqual({ gross: 528_000, state: 132_000, local: 0, net: 396_000 });
  });

  it("requires supportGroups (no silent default)", () => {
    const { supportGroups: _, ...rest } = ok;
    expect(call(rest).code).toBe("CONTRIBUTION.UNKNOWN_SUPPORT_GROUP");
  });

  it("names what was received", () => {
    const plan = call({ ...ok, plan: "monthly" });
    expect(plan.code).toBe("CONTRIBUTION.INVALID_PLAN");
    expect(plan.issues[0]!.en).toBe(
      'The payment plan must be { kind: "periodic", months } or { kind: "advance", years, monthlyReturnRate } (got a string "monthly")',
    );
    const income = call({ ...ok, monthlyIncome: "3000000" });
    expect(income.code).toBe("CONTRIBUTION.INCOME_NOT_INTEGER");
    expect(income.issues[0]).toEqual({
      path: ["monthlyIncome"],
      vi: 'Thu nhập tháng phải là số nguyên đồng lớn hơn 0 (nhận được: chuỗi "3000000")',
      en: 'The monthly income must be a whole number of đồng above 0 (got a string "3000000")',
    });
    const date = call({ ...ok, paymentDate: new Date("2026-08-01") });
    expect(date.code).toBe("CONTRIBUTION.INVALID_DATE");
    expect(date.issues[0]!.en).toContain("pass an ISO date string, not a Date");
    const kind = call({ ...ok, plan: { kind: "weekly" } });
    expect(kind.issues[0]!.path).toEqual(["plan", "kind"]);
    expect(kind.issues[0]!.en).toContain('(got a string "weekly")');
  });

  it("gives a DomainError, not a TypeError, for undefined or null input", () => {
    for (const input of [undefined, null, 42, "x"]) {
      const e = call(input);
      expect(e.code).toBe("CONTRIBUTION.INVALID_INPUT");
      expect(e.issues[0]!.path).toEqual([]);
    }
  });

  it("never leaks zod's default English and never nests a bilingual message", () => {
    const e = call({
      paymentDate: 1,
      monthlyIncome: null,
      supportGroups: "poor",
      plan: { kind: "periodic", months: "12" },
      supportedMonthsUsed: -1,
      extra: true,
    });
    expect(e.issues.length).toBeGreaterThanOrEqual(5);
    for (const i of e.issues) {
      expect(i.en).not.toMatch(/Invalid input|expected .*, received/);
      expect(i.vi).not.toContain(" / ");
      expect(i.en).not.toContain(" / ");
    }
  });

  it("puts the date-dependent income floor under its field", () => {
    const e = call({ ...ok, monthlyIncome: 1_000_000 });
    expect(e.code).toBe("CONTRIBUTION.INCOME_BELOW_FLOOR");
    expect(e.issues[0]!.path).toEqual(["monthlyIncome"]);
    expect(e.message).toBe(`monthlyIncome: ${e.issues[0]!.vi} / monthlyIncome: ${e.issues[0]!.en}`);
  });
});
