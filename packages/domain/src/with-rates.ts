/**
 * `withRates(table)`: the functions that take a rates table, bound to one table, so a counter
 * app that keeps its province's table does not pass `rates` on every call.
 */
import { checkEligibility, type EligibilityInput, type EligibilityResult } from "./eligibility/eligibility.js";
import { healthCardStart, type HealthCardStart, type HealthCardStartInput } from "./contributions/health-card.js";
import {
  householdHealthContribution,
  type HouseholdHealthInput,
  type HouseholdHealthResult,
} from "./contributions/household-health.js";
import {
  voluntaryContribution,
  type VoluntaryContributionInput,
  type VoluntaryContributionResult,
} from "./contributions/voluntary.js";
import type { IsoDate } from "./dates.js";
import { DomainError } from "./errors.js";
import { ratesOn } from "./rates/rates-on.js";
import type { Rates, RatesTable } from "./rates/types.js";

/** A function input without its `rates` (bound by `withRates`). */
export type Bound<I> = Omit<I, "rates">;

/** The same functions as the subpaths export, without the `rates` argument. */
export interface RatesBoundApi {
  /** The table every function uses. */
  readonly rates: RatesTable;
  ratesOn(date: IsoDate): Rates;
  voluntaryContribution(input: Bound<VoluntaryContributionInput>): VoluntaryContributionResult;
  householdHealthContribution(input: Bound<HouseholdHealthInput>): HouseholdHealthResult;
  healthCardStart(input: Bound<HealthCardStartInput>): HealthCardStart;
  checkEligibility(input: Bound<EligibilityInput>): EligibilityResult;
}

function withTable<I extends object>(input: I, rates: RatesTable): I & { rates: RatesTable } {
  // Anything but an object is left for the function's own validation to refuse, with its code.
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input as I & { rates: RatesTable };
  if ("rates" in input) {
    throw new DomainError("RATES.INVALID_ROW", [
      {
        path: ["rates"],
        vi: "Hàm đã gắn với một bảng thông số (withRates): không truyền thêm rates",
        en: "These functions are bound to a rates table (withRates): do not pass rates",
      },
    ]);
  }
  return { ...input, rates };
}

/**
 * Binds the functions to `table` (e.g. `[...defaultRates, ...yourProvinceRows]`). The table is
 * copied and frozen; each call checks the rows in force on its date, as the functions do.
 */
export function withRates(table: RatesTable): RatesBoundApi {
  if (!Array.isArray(table)) {
    throw new DomainError("RATES.INVALID_ROW", [{ path: ["rates"], vi: "Bảng thông số phải là một danh sách dòng", en: "rates must be a list of rate rows" }]);
  }
  const rates = Object.freeze([...table]);
  return Object.freeze({
    rates,
    ratesOn: (date: IsoDate) => ratesOn(date, rates),
    voluntaryContribution: (input: Bound<VoluntaryContributionInput>) => voluntaryContribution(withTable(input, rates)),
    householdHealthContribution: (input: Bound<HouseholdHealthInput>) => householdHealthContribution(withTable(input, rates)),
    healthCardStart: (input: Bound<HealthCardStartInput>) => healthCardStart(withTable(input, rates)),
    checkEligibility: (input: Bound<EligibilityInput>) => checkEligibility(withTable(input, rates)),
  });
}
