/**
 * The stable codes of the registry module: problems listed by the row and duplicate checks, and
 * errors thrown as `DomainError`. Part of the public contract (the API and the import report
 * show them); never rename one, add new ones at the end.
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
  // duplicate reasons
  "REGISTRY.DUPLICATE_PERSONAL_ID",
  "REGISTRY.DUPLICATE_SOCIAL_INSURANCE_NUMBER",
  "REGISTRY.LIKELY_DUPLICATE_NAME_BIRTH_COMMUNE",
  "REGISTRY.LIKELY_DUPLICATE_PHONE_BIRTH",
] as const;

/** One of `registryCodes`. */
export type RegistryCode = (typeof registryCodes)[number];

/**
 * One problem found in data (a row of an agent's list, a phone number): which field, a stable
 * code, and what to tell people in Vietnamese and in English — two separate strings, never one
 * joined string. `details` holds the figures behind the message (expected / actual amounts, …).
 */
export interface RegistryProblem {
  field: string;
  code: RegistryCode;
  vi: string;
  en: string;
  details?: Record<string, unknown>;
}
