/**
 * Eligibility: whether a person can join voluntary social insurance or household health
 * insurance on a date, or every reason why not.
 */
export {
  checkEligibility,
  ageOn,
  schemes,
  schemeNames,
  schemeSchema,
  eligibilityInputSchema,
  VOLUNTARY_MIN_AGE,
  CHILD_HEALTH_AGE,
} from "./eligibility.js";
export type { Scheme, EligibilityInput, EligibilityReason, EligibilityResult } from "./eligibility.js";

/** Stable codes: reasons (in `reasons`) and bad-input errors (thrown). */
export const eligibilityReasonCodes = [
  "ELIGIBILITY.UNDER_15",
  "ELIGIBILITY.NOT_VIETNAMESE_CITIZEN",
  "ELIGIBILITY.IN_COMPULSORY_INSURANCE",
  "ELIGIBILITY.ALREADY_ACTIVE",
  "ELIGIBILITY.DRAWING_PENSION",
  "ELIGIBILITY.INSURED_THROUGH_OTHER_GROUP",
  "ELIGIBILITY.CHILD_UNDER_6",
] as const;
export const eligibilityErrorCodes = [
  "ELIGIBILITY.INVALID_DATE",
  "ELIGIBILITY.UNKNOWN_SCHEME",
  "ELIGIBILITY.BIRTH_AFTER_DATE",
] as const;
