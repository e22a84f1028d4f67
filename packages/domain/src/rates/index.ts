/**
 * The effective-dated rates table: base salary, rural poverty line, the 22% rate, the income
 * floor and ceiling, state support by group, the support cap, the health-insurance rate and
 * member factors. Every row carries its legal source and an `unconfirmed` flag where the figure
 * still needs confirming. A payment is always computed with the figures in force on its date:
 * `ratesOn(date, table?)`.
 *
 * Money is integer VND; rates are integer basis points (10,000 bp = 100%).
 */
export { defaultRates } from "./default-rates.js";
export { citeInVietnamese } from "./cite.js";
export { ratesOn, rateRowOn, rateChangeDates } from "./rates-on.js";
export { rateRowSchema, ratesTableSchema, rateValueSchemas } from "./schemas.js";
export { MAX_MEMBER_FACTORS, MAX_SUPPORT_CAP_MONTHS } from "./table.js";
export { rateKeys, requiredRateKeys, supportGroups, supportGroupNames } from "./types.js";
export type { LocalSupportRule, RateKey, RateProvenance, RateRow, Rates, RatesTable, RateValues, SupportGroup } from "./types.js";

/** Stable error codes thrown by this module. */
export { ratesErrorCodes } from "../error-codes.js";
export type { RatesErrorCode } from "../error-codes.js";
export type { RateRowOf } from "./types.js";
