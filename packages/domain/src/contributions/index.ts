/**
 * Contributions: voluntary social insurance (gross, state support, local support, net, for a
 * periodic or an advance payment, with a bilingual explanation), household health insurance
 * (per member and for the household) and the health card's first valid day. Money is integer
 * VND; every figure is the one in force on the payment date (see `@ansinh/domain/rates`).
 */
export {
  voluntaryContribution,
  safeVoluntaryContribution,
  discountedSum,
  periodicMonths,
  ADVANCE_MIN_YEARS,
  ADVANCE_MAX_YEARS,
  MAX_MONTHLY_RETURN_RATE,
  MAX_SUPPORTED_MONTHS_USED,
} from "./voluntary.js";
export type { PaymentPlan, PeriodicMonths, VoluntaryContributionInput, VoluntaryContributionResult, ContributionSegment } from "./voluntary.js";
export { householdHealthContribution, safeHouseholdHealthContribution, householdMonths, MAX_HOUSEHOLD_MEMBERS } from "./household-health.js";
export type { HouseholdHealthInput, HouseholdHealthResult, HouseholdMemberInput, HouseholdMemberContribution, HouseholdMonths } from "./household-health.js";
export { voluntaryMonths, householdPaymentMonths, isAdvanceMonths, paymentPlanFor } from "./plan.js";
export { healthCardStart, safeHealthCardStart, addMonths, FIRST_CARD_WAIT_DAYS, LAPSE_MONTHS } from "./health-card.js";
export type { HealthCardStart, HealthCardStartInput, HealthCardStartKind } from "./health-card.js";
export type { ExplanationStep, MoneyLine } from "./common.js";
export {
  dateInputSchema,
  supportGroupSchema,
  paymentPlanSchema,
  voluntaryContributionInputSchema,
  householdMemberSchema,
  householdHealthInputSchema,
  healthCardStartInputSchema,
} from "./schemas.js";
export { supportGroups, supportGroupNames } from "../rates/types.js";
export type { SupportGroup } from "../rates/types.js";

/** Stable error codes thrown by this module (besides `RATES.*` from the rates table). */
export { contributionErrorCodes } from "../error-codes.js";
export type { ContributionErrorCode } from "../error-codes.js";
export { formatVnd } from "../money.js";
export type { DomainResult } from "../errors.js";
