/**
 * Eligibility: whether a person can join voluntary social insurance or household health
 * insurance on a date, or every reason why not.
 */
export { checkEligibility, ageOn, schemes, schemeNames, schemeSchema, eligibilityInputSchema, VOLUNTARY_MIN_AGE, CHILD_HEALTH_AGE } from "./eligibility.js";
export type { Scheme, EligibilityInput, EligibilityReason, EligibilityResult } from "./eligibility.js";

/** Stable codes: reasons (in `reasons`) and bad-input errors (thrown). */
export { eligibilityReasonCodes, eligibilityErrorCodes } from "../error-codes.js";
export type { EligibilityErrorCode, EligibilityReasonCode } from "../error-codes.js";
