import type { IsoDate } from "../dates.js";
import type { ContributionErrorCode } from "../errors.js";
import type { IssueLike } from "../messages.js";

/** One step of an explanation an admin can show a citizen: the figures and the rule they came from. */
export interface ExplanationStep {
  /** Stable id of the step (`gross`, `state-support`, …), for UIs that style or pick steps. */
  id: string;
  vi: string;
  en: string;
  /** The legal source of the rule or figure used in this step. */
  source: string;
  /** The amount this step produces, in VND, when it produces one. */
  amount?: number;
}

/** Amounts of one month, or totals, in VND. `net = gross − state − local`, never below 0. */
export interface MoneyLine {
  gross: number;
  state: number;
  local: number;
  net: number;
}

/**
 * The code of a failed contribution command, from its first issue: field-specific codes where
 * one exists (`CONTRIBUTION.INVALID_PLAN_MONTHS`, …), else `CONTRIBUTION.INVALID_INPUT`
 * (unknown keys, a missing or non-object input). Every issue is in the error's `issues`.
 */
export function contributionCode(issues: readonly IssueLike[]): ContributionErrorCode {
  const first = issues[0];
  // A misspelt key is the cause of the "missing" one it was meant to be: say so first.
  if (!first || issues.some((i) => i.code === "unrecognized_keys")) return "CONTRIBUTION.INVALID_INPUT";
  // The checks name a finer code where one applies (an income ≤ 0 is below the floor, 1e20 too large, a repeated id).
  if (typeof first.params?.code === "string") return first.params.code as ContributionErrorCode;
  const [field, sub, subsub] = first.path;
  switch (field) {
    case "paymentDate":
    case "previousCardEnd":
      return "CONTRIBUTION.INVALID_DATE";
    case "monthlyIncome":
      return "CONTRIBUTION.INCOME_NOT_INTEGER";
    case "supportGroups":
      return "CONTRIBUTION.UNKNOWN_SUPPORT_GROUP";
    case "plan":
      return sub === "months"
        ? "CONTRIBUTION.INVALID_PLAN_MONTHS"
        : sub === "years"
          ? "CONTRIBUTION.INVALID_ADVANCE_YEARS"
          : sub === "monthlyReturnRate"
            ? "CONTRIBUTION.INVALID_RETURN_RATE"
            : "CONTRIBUTION.INVALID_PLAN";
    case "supportedMonthsUsed":
      return "CONTRIBUTION.INVALID_SUPPORTED_MONTHS_USED";
    case "localSupportPerMonth":
      return "CONTRIBUTION.INVALID_LOCAL_SUPPORT";
    case "months":
      return "CONTRIBUTION.INVALID_HOUSEHOLD_MONTHS";
    case "members":
      return subsub === "rank" && first.message === "household.duplicateRank" ? "CONTRIBUTION.DUPLICATE_MEMBER_RANK" : "CONTRIBUTION.INVALID_HOUSEHOLD_MEMBERS";
    default:
      return "CONTRIBUTION.INVALID_INPUT";
  }
}

/** 2025-07-01 → "01/07/2025" (the Vietnamese way). */
export function viDate(d: IsoDate): string {
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}
