import type { RateRow, RatesTable } from "./types.js";

/*
 * The national figures of docs/rules.md §1–§3, each with its legal source. Rows flagged
 * `unconfirmed` are the best reading found and should be confirmed by an admin.
 *
 * The table starts on 2016-01-01, when voluntary social insurance under Law 58/2014 began and
 * the 2016–2020 poverty line came into force. docs/rules.md lists base salaries from 2018-07-01 only;
 * the three earlier ones (needed for the income ceiling of payments before 2018-07-01) are added
 * here and flagged `unconfirmed` for that reason.
 */

const baseSalary: RateRow[] = [
  {
    key: "baseSalary",
    from: "2013-07-01",
    value: 1_150_000,
    source: "Decree 66/2013/NĐ-CP",
    unconfirmed: true,
    note: "Added to the rules of the An Sinh project so that payments before 2018-07-01 have an income ceiling.",
  },
  {
    key: "baseSalary",
    from: "2016-05-01",
    value: 1_210_000,
    source: "Decree 47/2016/NĐ-CP",
    unconfirmed: true,
    note: "Added to the rules of the An Sinh project so that payments before 2018-07-01 have an income ceiling.",
  },
  {
    key: "baseSalary",
    from: "2017-07-01",
    value: 1_300_000,
    source: "Decree 47/2017/NĐ-CP",
    unconfirmed: true,
    note: "Added to the rules of the An Sinh project so that payments before 2018-07-01 have an income ceiling.",
  },
  { key: "baseSalary", from: "2018-07-01", value: 1_390_000, source: "Decree 72/2018/NĐ-CP" },
  {
    key: "baseSalary",
    from: "2019-07-01",
    value: 1_490_000,
    source: "Decree 38/2019/NĐ-CP",
    note: "The 2020 rise was postponed; in force until 2023-06-30.",
  },
  { key: "baseSalary", from: "2023-07-01", value: 1_800_000, source: "Decree 24/2023/NĐ-CP" },
  { key: "baseSalary", from: "2024-07-01", value: 2_340_000, source: "Decree 73/2024/NĐ-CP" },
  {
    key: "baseSalary",
    from: "2026-07-01",
    value: 2_530_000,
    source: "Decree 161/2026/NĐ-CP",
    unconfirmed: true,
    note: "Decree number unconfirmed; the amount is confirmed by the social-insurance agency's table of 1 July 2026.",
  },
];

const ruralPovertyLine: RateRow[] = [
  { key: "ruralPovertyLine", from: "2016-01-01", value: 700_000, source: "Decision 59/2015/QĐ-TTg" },
  {
    key: "ruralPovertyLine",
    from: "2022-01-01",
    value: 1_500_000,
    source: "Decree 07/2021/NĐ-CP",
    note: "Kept in force through 2026-12-31 by the 2026–2030 poverty decree.",
  },
  {
    key: "ruralPovertyLine",
    from: "2027-01-01",
    value: 2_200_000,
    source: "Multidimensional poverty decree for 2026–2030",
    unconfirmed: true,
    note: "Decree number unconfirmed.",
  },
];

const LAW_2014 = "Law on Social Insurance 58/2014/QH13; Decree 134/2015/NĐ-CP";
const LAW_2024 = "Law on Social Insurance 41/2024/QH15; Decree 159/2025/NĐ-CP";

const voluntary: RateRow[] = [
  { key: "voluntaryContributionRateBp", from: "2016-01-01", value: 2_200, source: LAW_2014 },
  { key: "voluntaryContributionRateBp", from: "2025-07-01", value: 2_200, source: LAW_2024 },
  {
    key: "incomeFloorMultiple",
    from: "2016-01-01",
    value: 1,
    source: LAW_2014,
    note: "Lowest chosen income = the rural poverty line.",
  },
  {
    key: "incomeFloorMultiple",
    from: "2025-07-01",
    value: 1,
    source: LAW_2024,
    note: "Lowest chosen income = the rural poverty line.",
  },
  {
    key: "incomeCeilingMultiple",
    from: "2016-01-01",
    value: 20,
    source: LAW_2014,
    note: "Highest chosen income = 20 × base salary.",
  },
  {
    key: "incomeCeilingMultiple",
    from: "2025-07-01",
    value: 20,
    source: LAW_2024,
    note: "Highest chosen income = 20 × base salary (reference level).",
  },
  {
    key: "stateSupportBp",
    from: "2016-01-01",
    value: { poor: 0, near_poor: 0, ethnic_minority: 0, island: 0, other: 0 },
    source: LAW_2014,
    note: "No state support before 2018-01-01.",
  },
  {
    key: "stateSupportBp",
    from: "2018-01-01",
    value: { poor: 3_000, near_poor: 2_500, ethnic_minority: 1_000, island: 1_000, other: 1_000 },
    source: "Decree 134/2015/NĐ-CP (state support from 2018-01-01)",
    note: "Ethnic minorities and island communes had no group of their own: they get the 10% of everyone else.",
  },
  {
    key: "stateSupportBp",
    from: "2025-07-01",
    value: { poor: 5_000, near_poor: 4_000, ethnic_minority: 3_000, island: 5_000, other: 2_000 },
    source: "Decree 159/2025/NĐ-CP",
    note: "Island communes and special zones share the poor households' 50%.",
  },
  {
    key: "supportCapMonths",
    from: "2016-01-01",
    value: 0,
    source: LAW_2014,
    note: "No state support before 2018-01-01.",
  },
  {
    key: "supportCapMonths",
    from: "2018-01-01",
    value: 120,
    source: "Decree 134/2015/NĐ-CP (state support from 2018-01-01)",
    note: "At most 120 months (10 years) of support in total.",
  },
  {
    key: "supportCapMonths",
    from: "2025-07-01",
    value: 120,
    source: "Decree 159/2025/NĐ-CP",
    note: "At most 120 months (10 years) of support in total.",
  },
];

const HEALTH_LAW = "Law on Health Insurance 25/2008/QH12, amended by 46/2014/QH13 and 51/2024/QH15; Decree 146/2018/NĐ-CP, then Decree 188/2025/NĐ-CP";

const health: RateRow[] = [
  { key: "healthInsuranceRateBp", from: "2016-01-01", value: 450, source: HEALTH_LAW },
  {
    key: "healthMemberFactorsBp",
    from: "2016-01-01",
    value: [10_000, 7_000, 6_000, 5_000, 4_000],
    source: HEALTH_LAW,
    note: "1st member 100%, 2nd 70%, 3rd 60%, 4th 50%, 5th and later 40%.",
  },
];

/** The national rates table of docs/rules.md. Pass your own (e.g. `[...defaultRates, myRow]`) to change a figure. */
export const defaultRates: RatesTable = deepFreeze([...baseSalary, ...ruralPovertyLine, ...voluntary, ...health]);

function deepFreeze<T>(o: T): T {
  if (typeof o === "object" && o !== null && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
