import type { IsoDate } from "../dates.js";

/** State-support groups of voluntary social insurance. */
export const supportGroups = ["poor", "near_poor", "ethnic_minority", "island", "other"] as const;
export type SupportGroup = (typeof supportGroups)[number];

/** Vietnamese and English names of the support groups, for screens and explanations. */
export const supportGroupNames: Record<SupportGroup, { vi: string; en: string }> = {
  poor: { vi: "hộ nghèo", en: "poor household" },
  near_poor: { vi: "hộ cận nghèo", en: "near-poor household" },
  ethnic_minority: { vi: "người dân tộc thiểu số", en: "ethnic minority" },
  island: { vi: "xã đảo, đặc khu", en: "island commune / special zone" },
  other: { vi: "đối tượng khác", en: "everyone else" },
};

/** A province's own support, per month, on top of the state's: a fixed amount or a share. */
export type LocalSupportRule =
  /** VND per month. */
  | { amount: number }
  /** rateBp × 22% × rural poverty line (the same base as the state support), per month. */
  | { rateBp: number };

/**
 * What each rates row holds. Money in VND (integers); every rate in basis points
 * (10,000 bp = 100%; 2,200 bp = 22%; 450 bp = 4.5%).
 */
export interface RateValues {
  /** Lương cơ sở / mức tham chiếu, VND per month. */
  baseSalary: number;
  /** Chuẩn nghèo khu vực nông thôn, VND per person per month. */
  ruralPovertyLine: number;
  /** Voluntary social-insurance contribution rate (2,200 = 22%). */
  voluntaryContributionRateBp: number;
  /** Lowest chosen income = this integer × rural poverty line. */
  incomeFloorMultiple: number;
  /** Highest chosen income = this integer × base salary. */
  incomeCeilingMultiple: number;
  /** State support k by group, in bp of (contribution rate × rural poverty line). */
  stateSupportBp: Record<SupportGroup, number>;
  /** Months of state support a person can get in total (0 = none). */
  supportCapMonths: number;
  /** Household health-insurance rate of the base salary (450 = 4.5%). */
  healthInsuranceRateBp: number;
  /** Factor of the 1st, 2nd, … member in bp; the last entry applies to every later member. */
  healthMemberFactorsBp: readonly number[];
  /** A province's local support by group (optional; absent = none). */
  localSupport: Partial<Record<SupportGroup, LocalSupportRule>>;
}

export type RateKey = keyof RateValues;

export const rateKeys = [
  "baseSalary",
  "ruralPovertyLine",
  "voluntaryContributionRateBp",
  "incomeFloorMultiple",
  "incomeCeilingMultiple",
  "stateSupportBp",
  "supportCapMonths",
  "healthInsuranceRateBp",
  "healthMemberFactorsBp",
  "localSupport",
] as const satisfies readonly RateKey[];

/** Keys without which no figure can be computed; `localSupport` is optional. */
export const requiredRateKeys = rateKeys.filter((k) => k !== "localSupport") as Exclude<RateKey, "localSupport">[];

export interface RateRowOf<K extends RateKey> {
  key: K;
  /** First day in force; a row stays in force until the next row of the same key. */
  from: IsoDate;
  value: RateValues[K];
  /** The legal text (or official table) the figure comes from. */
  source: string;
  /** True when the figure, its date or its source still needs confirming by an admin. */
  unconfirmed?: boolean;
  note?: string;
}

/** One effective-dated figure. */
export type RateRow = { [K in RateKey]: RateRowOf<K> }[RateKey];

/** Rows in any order. For one key, the row with the latest `from` ≤ date is in force; on a tie the later row in the array wins, so appending a row corrects a figure. */
export type RatesTable = readonly RateRow[];

/** Where a figure in force came from. */
export interface RateProvenance {
  key: RateKey;
  from: IsoDate;
  source: string;
  unconfirmed: boolean;
  note?: string;
}

/** The figures in force on one date. */
export interface Rates {
  date: IsoDate;
  baseSalary: number;
  ruralPovertyLine: number;
  voluntaryContributionRateBp: number;
  incomeFloorMultiple: number;
  incomeCeilingMultiple: number;
  /** incomeFloorMultiple × ruralPovertyLine. */
  incomeFloor: number;
  /** incomeCeilingMultiple × baseSalary. */
  incomeCeiling: number;
  stateSupportBp: Record<SupportGroup, number>;
  supportCapMonths: number;
  healthInsuranceRateBp: number;
  healthMemberFactorsBp: readonly number[];
  /** The province's local support in force (empty when the table has none). */
  localSupport: Partial<Record<SupportGroup, LocalSupportRule>>;
  /** The row behind each figure (no entry for `localSupport` when there is none). */
  provenance: Partial<Record<RateKey, RateProvenance>>;
  /** Keys whose row in force is flagged unconfirmed. */
  unconfirmed: RateKey[];
}
