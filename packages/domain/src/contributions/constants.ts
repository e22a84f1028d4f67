/** Static limits of the contribution commands (shared by the schemas and the functions). */
export const periodicMonths = [1, 3, 6, 12] as const;
export type PeriodicMonths = (typeof periodicMonths)[number];
export const ADVANCE_MIN_YEARS = 2;
export const ADVANCE_MAX_YEARS = 5;
export const householdMonths = [3, 6, 12] as const;
export type HouseholdMonths = (typeof householdMonths)[number];
/** Upper bound on members per call, to refuse absurd input. */
export const MAX_HOUSEHOLD_MEMBERS = 1_000;
/**
 * Highest monthly return rate an advance payment accepts: 0.02 (2% a month, about 27% a year).
 * The fund's average monthly return has been well under 1% a month; 0.5 (a developer meaning
 * 0.5%) or 0.05 (an annual 5% entered as monthly) would discount a 5-year advance to a fraction
 * of its worth, so they are refused rather than priced.
 */
export const MAX_MONTHLY_RETURN_RATE = 0.02;
/** Most months of support a person can have used: 1,200 (100 years of months). */
export const MAX_SUPPORTED_MONTHS_USED = 1_200;
