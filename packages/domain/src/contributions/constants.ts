/** Static limits of the contribution commands (shared by the schemas and the functions). */
export const periodicMonths = [1, 3, 6, 12] as const;
export type PeriodicMonths = (typeof periodicMonths)[number];
export const ADVANCE_MIN_YEARS = 2;
export const ADVANCE_MAX_YEARS = 5;
export const householdMonths = [3, 6, 12] as const;
export type HouseholdMonths = (typeof householdMonths)[number];
/** Upper bound on members per call, to refuse absurd input. */
export const MAX_HOUSEHOLD_MEMBERS = 1_000;
