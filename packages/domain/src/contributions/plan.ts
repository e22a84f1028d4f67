import { ADVANCE_MAX_YEARS, ADVANCE_MIN_YEARS, householdMonths, periodicMonths } from "./constants.js";
import type { PaymentPlan } from "./voluntary.js";

/** The months a voluntary payment may cover: 1, 3, 6 or 12, or 2–5 whole years at once (docs/rules.md §2). */
export const voluntaryMonths: readonly number[] = [
  ...periodicMonths,
  ...Array.from({ length: ADVANCE_MAX_YEARS - ADVANCE_MIN_YEARS + 1 }, (_, i) => (ADVANCE_MIN_YEARS + i) * 12),
];

/** The months a household health-insurance payment may cover: 3, 6 or 12 (docs/rules.md §3). */
export const householdPaymentMonths: readonly number[] = householdMonths;

/** Whether a voluntary payment of these months is an advance for several years (priced with the fund's return). */
export function isAdvanceMonths(months: number): boolean {
  return months > 12;
}

/**
 * The payment plan of a voluntary payment of `months` (one of `voluntaryMonths`): periodic up to
 * 12 months, else an advance of whole years discounted at the fund's average monthly return of
 * the previous year — `"needs_return"` when that return is not known.
 */
export function paymentPlanFor(months: number, fundMonthlyReturn: number | null): PaymentPlan | "needs_return" {
  if (!isAdvanceMonths(months)) return { kind: "periodic", months: months as 1 | 3 | 6 | 12 };
  if (fundMonthlyReturn === null) return "needs_return";
  return { kind: "advance", years: months / 12, monthlyReturnRate: fundMonthlyReturn };
}
