/**
 * Every `DomainError` code, per module, as literal tuples: the single source of the typed unions
 * (`ContributionErrorCode`, …, `DomainErrorCode`) and of the README's error catalogue (a test
 * keeps them in step). No imports, so `@ansinh/domain/errors` stays tiny.
 */

/** Thrown by `parseIsoDate` (`@ansinh/domain/dates`). */
export const datesErrorCodes = ["DATES.INVALID_DATE"] as const;

export const ratesErrorCodes = ["RATES.INVALID_DATE", "RATES.NOT_IN_FORCE", "RATES.INVALID_ROW", "RATES.INVALID_INPUT"] as const;

export const contributionErrorCodes = [
  "CONTRIBUTION.INVALID_INPUT",
  "CONTRIBUTION.INVALID_DATE",
  "CONTRIBUTION.INVALID_PLAN",
  "CONTRIBUTION.INVALID_PLAN_MONTHS",
  "CONTRIBUTION.INVALID_ADVANCE_YEARS",
  "CONTRIBUTION.INVALID_RETURN_RATE",
  "CONTRIBUTION.UNKNOWN_SUPPORT_GROUP",
  "CONTRIBUTION.INCOME_NOT_INTEGER",
  "CONTRIBUTION.INCOME_BELOW_FLOOR",
  "CONTRIBUTION.INCOME_ABOVE_CEILING",
  "CONTRIBUTION.INVALID_SUPPORTED_MONTHS_USED",
  "CONTRIBUTION.INVALID_LOCAL_SUPPORT",
  "CONTRIBUTION.INVALID_HOUSEHOLD_MONTHS",
  "CONTRIBUTION.INVALID_HOUSEHOLD_MEMBERS",
  "CONTRIBUTION.DUPLICATE_MEMBER_RANK",
  "CONTRIBUTION.AMOUNT_TOO_LARGE",
  "CONTRIBUTION.DUPLICATE_MEMBER_ID",
] as const;

/** Codes thrown by `checkEligibility` (bad input). */
export const eligibilityErrorCodes = [
  "ELIGIBILITY.INVALID_INPUT",
  "ELIGIBILITY.INVALID_DATE",
  "ELIGIBILITY.UNKNOWN_SCHEME",
  "ELIGIBILITY.BIRTH_AFTER_DATE",
] as const;

/** Codes of the reasons in a (non-throwing) eligibility result. */
export const eligibilityReasonCodes = [
  "ELIGIBILITY.UNDER_15",
  "ELIGIBILITY.NOT_VIETNAMESE_CITIZEN",
  "ELIGIBILITY.IN_COMPULSORY_INSURANCE",
  "ELIGIBILITY.ALREADY_ACTIVE",
  "ELIGIBILITY.DRAWING_PENSION",
  "ELIGIBILITY.INSURED_THROUGH_OTHER_GROUP",
  "ELIGIBILITY.CHILD_UNDER_6",
] as const;

export const identityErrorCodes = [
  "IDENTITY.INVALID_INPUT",
  "IDENTITY.MALFORMED",
  "IDENTITY.UNKNOWN_PROVINCE",
  "IDENTITY.INVALID_CENTURY_DIGIT",
  "IDENTITY.CENTURY_MISMATCH",
  "IDENTITY.BIRTH_YEAR_MISMATCH",
  "IDENTITY.GENDER_MISMATCH",
  "IDENTITY.INVALID_BIRTH_DATE",
  "IDENTITY.INVALID_GENDER",
  "IDENTITY.SOCIAL_INSURANCE_NUMBER_MALFORMED",
] as const;

export const areasErrorCodes = [
  "AREAS.INVALID_INPUT",
  "AREAS.NOT_FOUND",
  "AREAS.CYCLE",
  "AREAS.DUPLICATE_CODE",
  "AREAS.MAPPING_INVALID",
  "AREAS.SPLIT_RULE_REQUIRED",
  "AREAS.SPLIT_WEIGHT_MISSING",
  "AREAS.SPLIT_WEIGHT_ZERO",
] as const;

export const targetsErrorCodes = ["TARGETS.INVALID_INPUT", "TARGETS.CURVE_EMPTY", "TARGETS.ALLOCATION_INFEASIBLE", "TARGETS.WEIGHTS_MISSING"] as const;

export const coverageErrorCodes = [
  "COVERAGE.INVALID_INPUT",
  // problems of a figures file (population, insured counts): listed per line, not thrown
  "COVERAGE.FIGURE_COLUMN_MISSING",
  "COVERAGE.FIGURE_COLUMN_REPEATED",
  "COVERAGE.FIGURE_REQUIRED",
  "COVERAGE.FIGURE_CODE_INVALID",
  "COVERAGE.FIGURE_YEAR_INVALID",
  "COVERAGE.FIGURE_COUNT_INVALID",
  "COVERAGE.FIGURE_WORKING_AGE_ABOVE_TOTAL",
  "COVERAGE.FIGURE_DATE_INVALID",
  "COVERAGE.FIGURE_DATE_OUTSIDE_YEAR",
  "COVERAGE.FIGURE_SCHEME_UNKNOWN",
  "COVERAGE.FIGURE_GROUP_UNKNOWN",
  "COVERAGE.FIGURE_UNIT_UNKNOWN",
  "COVERAGE.FIGURE_UNIT_OUT_OF_SCOPE",
  "COVERAGE.FIGURE_DUPLICATE_IN_FILE",
] as const;

export const outreachErrorCodes = [
  "OUTREACH.INVALID_INPUT",
  "OUTREACH.EVENT_NOT_IN_CAMPAIGN",
  "OUTREACH.OUTSIDE_EVENT_AREA",
  "OUTREACH.OUTSIDE_CAMPAIGN_AREA",
  "OUTREACH.BEFORE_EVENT",
  "OUTREACH.OUTSIDE_CAMPAIGN_PERIOD",
  "OUTREACH.EVENT_OUTSIDE_CAMPAIGN_AREA",
  "OUTREACH.EVENT_OUTSIDE_CAMPAIGN_PERIOD",
] as const;

/**
 * Codes of the registry module: thrown by its helpers, listed as problems by `checkAgentRow`
 * and `checkPhone`, and the reasons of `findDuplicates`. Never rename one; add new ones at the end.
 */
export const registryCodes = [
  // thrown by the pure helpers
  "REGISTRY.INVALID_DATE",
  "REGISTRY.INVALID_MONTHS",
  "REGISTRY.INVALID_YEAR",
  "REGISTRY.INVALID_PARTICIPANT",
  "REGISTRY.DUPLICATE_MEMBER",
  "REGISTRY.HEALTH_CARD_CODE_MALFORMED",
  "REGISTRY.HEALTH_CARD_GROUP_INVALID",
  "REGISTRY.HEALTH_CARD_BENEFIT_LEVEL_INVALID",
  "REGISTRY.HEALTH_CARD_PROVINCE_UNKNOWN",
  // phone numbers (thrown by parsePhone, listed by checkAgentRow)
  "REGISTRY.PHONE_MALFORMED",
  "REGISTRY.PHONE_UNKNOWN_PREFIX",
  // problems of an agent's list row
  "REGISTRY.ROW_SHAPE",
  "REGISTRY.REQUIRED",
  "REGISTRY.NAME_INVALID",
  "REGISTRY.SOCIAL_INSURANCE_NUMBER_MALFORMED",
  "REGISTRY.DATE_INVALID",
  "REGISTRY.GENDER_INVALID",
  "REGISTRY.PERSONAL_ID_MALFORMED",
  "REGISTRY.PERSONAL_ID_UNKNOWN_PROVINCE",
  "REGISTRY.PERSONAL_ID_INVALID_CENTURY_DIGIT",
  "REGISTRY.PERSONAL_ID_CENTURY_MISMATCH",
  "REGISTRY.PERSONAL_ID_BIRTH_YEAR_MISMATCH",
  "REGISTRY.PERSONAL_ID_GENDER_MISMATCH",
  "REGISTRY.HOUSEHOLD_CODE_MALFORMED",
  "REGISTRY.RANK_INVALID",
  "REGISTRY.MONTHS_INVALID",
  "REGISTRY.MONEY_INVALID",
  "REGISTRY.INCOME_BELOW_FLOOR",
  "REGISTRY.INCOME_ABOVE_CEILING",
  "REGISTRY.BASE_SHARE_MISMATCH",
  "REGISTRY.AMOUNT_MISMATCH",
  "REGISTRY.RATES_NOT_IN_FORCE",
  "REGISTRY.BIRTH_AFTER_RECEIPT",
  "REGISTRY.UNDER_15",
  "REGISTRY.CHILD_UNDER_6",
  "REGISTRY.NOT_VIETNAMESE_CITIZEN",
  "REGISTRY.CARD_PERIOD_INVALID",
  "REGISTRY.CARD_START_MISMATCH",
  "REGISTRY.CARD_END_MISMATCH",
  "REGISTRY.FACILITY_CODE_MALFORMED",
  "REGISTRY.COMMUNE_CODE_MALFORMED",
  "REGISTRY.COMMUNE_UNKNOWN",
  "REGISTRY.COMMUNE_OUT_OF_SCOPE",
  "REGISTRY.CASE_INVALID",
  "REGISTRY.SUPPORT_GROUP_INVALID",
  "REGISTRY.CELL_TOO_LONG",
  "REGISTRY.CELL_INVALID",
  // an import's column mapping
  "REGISTRY.MAPPING_COLUMN_MISSING",
  "REGISTRY.MAPPING_COLUMN_REUSED",
  "REGISTRY.MAPPING_REQUIRED",
  // duplicate reasons
  "REGISTRY.DUPLICATE_PERSONAL_ID",
  "REGISTRY.DUPLICATE_SOCIAL_INSURANCE_NUMBER",
  "REGISTRY.LIKELY_DUPLICATE_NAME_BIRTH_COMMUNE",
  "REGISTRY.LIKELY_DUPLICATE_PHONE_BIRTH",
  // bad arguments (added when the module joined the library)
  "REGISTRY.INVALID_INPUT",
] as const;

/** Every code a `DomainError` (or an identity or registry problem, an eligibility reason, a duplicate reason) can carry. */
export const domainErrorCodes = [
  ...datesErrorCodes,
  ...ratesErrorCodes,
  ...contributionErrorCodes,
  ...eligibilityErrorCodes,
  ...eligibilityReasonCodes,
  ...identityErrorCodes,
  ...areasErrorCodes,
  ...targetsErrorCodes,
  ...coverageErrorCodes,
  ...outreachErrorCodes,
  ...registryCodes,
] as const;

export type DatesErrorCode = (typeof datesErrorCodes)[number];
export type RatesErrorCode = (typeof ratesErrorCodes)[number];
export type ContributionErrorCode = (typeof contributionErrorCodes)[number];
export type EligibilityErrorCode = (typeof eligibilityErrorCodes)[number];
export type EligibilityReasonCode = (typeof eligibilityReasonCodes)[number];
export type IdentityErrorCode = (typeof identityErrorCodes)[number];
export type AreasErrorCode = (typeof areasErrorCodes)[number];
export type TargetsErrorCode = (typeof targetsErrorCodes)[number];
export type CoverageErrorCode = (typeof coverageErrorCodes)[number];
export type OutreachErrorCode = (typeof outreachErrorCodes)[number];
export type RegistryCode = (typeof registryCodes)[number];
/** The literal union of every code: `e.code === "CONTRIBUTION.INCOME_BELOW_FLOR"` does not compile. */
export type DomainErrorCode = (typeof domainErrorCodes)[number];
