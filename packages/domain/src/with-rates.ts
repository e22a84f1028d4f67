/**
 * `withRates(table)`: the functions that take a rates table, bound to one table, so a counter
 * app that keeps its province's table does not pass `rates` on every call.
 */
import { healthCardStart, type HealthCardStart, type HealthCardStartInput } from "./contributions/health-card.js";
import { householdHealthContribution, type HouseholdHealthInput, type HouseholdHealthResult } from "./contributions/household-health.js";
import { voluntaryContribution, type VoluntaryContributionInput, type VoluntaryContributionResult } from "./contributions/voluntary.js";
import type { IsoDate, IsoDateArg } from "./dates.js";
import { checkEligibility, type EligibilityInput, type EligibilityResult } from "./eligibility/eligibility.js";
import { attempt, DomainError, type ContributionErrorCode, type DomainResult, type RatesErrorCode } from "./errors.js";
import { ratesOn } from "./rates/rates-on.js";
import { ratesIndexOf } from "./rates/table.js";
import type { Rates, RatesTable } from "./rates/types.js";

/** A function input without its `rates` (bound by `withRates`). */
export type Bound<I> = Omit<I, "rates">;

/** The same functions as the subpaths export, without the `rates` argument. */
export interface RatesBoundApi {
  /** The table every function uses (a frozen copy, checked when bound). */
  readonly rates: RatesTable;
  ratesOn<D extends string>(date: IsoDateArg<D>): Rates;
  voluntaryContribution<D extends string>(input: Bound<VoluntaryContributionInput> & { paymentDate: IsoDateArg<D> }): VoluntaryContributionResult;
  householdHealthContribution<D extends string>(input: Bound<HouseholdHealthInput> & { paymentDate: IsoDateArg<D> }): HouseholdHealthResult;
  healthCardStart<D extends string>(input: Bound<HealthCardStartInput> & { paymentDate: IsoDateArg<D> }): HealthCardStart;
  checkEligibility(input: Bound<EligibilityInput>): EligibilityResult;
  /** `voluntaryContribution` without throwing: `{ ok: true, value }` or `{ ok: false, error }`. */
  safeVoluntaryContribution<D extends string>(
    input: Bound<VoluntaryContributionInput> & { paymentDate: IsoDateArg<D> },
  ): DomainResult<VoluntaryContributionResult, ContributionErrorCode | RatesErrorCode>;
  /** `householdHealthContribution` without throwing. */
  safeHouseholdHealthContribution<D extends string>(
    input: Bound<HouseholdHealthInput> & { paymentDate: IsoDateArg<D> },
  ): DomainResult<HouseholdHealthResult, ContributionErrorCode | RatesErrorCode>;
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
 * checked now, every row (`RATES.INVALID_ROW` naming the row and field), then copied and frozen:
 * a later change to your array does not reach the bound functions.
 */
export function withRates(table: RatesTable): RatesBoundApi {
  if (!Array.isArray(table)) {
    throw new DomainError("RATES.INVALID_ROW", [{ path: ["rates"], vi: "Bảng thông số phải là một danh sách dòng", en: "rates must be a list of rate rows" }]);
  }
  ratesIndexOf(table);
  const rates = Object.freeze([...table]);
  ratesIndexOf(rates);
  const voluntary = (input: Bound<VoluntaryContributionInput>) => voluntaryContribution<string>(withTable(input, rates));
  const household = (input: Bound<HouseholdHealthInput>) => householdHealthContribution<string>(withTable(input, rates));
  return Object.freeze({
    rates,
    ratesOn: (date: IsoDate) => ratesOn(date, rates),
    voluntaryContribution: voluntary,
    householdHealthContribution: household,
    healthCardStart: (input: Bound<HealthCardStartInput>) => healthCardStart<string>(withTable(input, rates)),
    checkEligibility: (input: Bound<EligibilityInput>) => checkEligibility(withTable(input, rates)),
    safeVoluntaryContribution: (input: Bound<VoluntaryContributionInput>) =>
      attempt(() => voluntary(input)) as DomainResult<VoluntaryContributionResult, ContributionErrorCode | RatesErrorCode>,
    safeHouseholdHealthContribution: (input: Bound<HouseholdHealthInput>) =>
      attempt(() => household(input)) as DomainResult<HouseholdHealthResult, ContributionErrorCode | RatesErrorCode>,
  }) as RatesBoundApi;
}
