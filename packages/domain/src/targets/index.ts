/**
 * Targets (chỉ tiêu): progress against a plan, expected-to-date (linear or a monthly curve),
 * status and run-rate projection; milestones ("50% of the plan by 30 June"); integer allocation
 * of a parent target to children (largest remainder, minimums, locks); ranking with ties.
 */
export {
  defaultThresholds,
  milestoneInputSchema,
  milestoneProgress,
  monthlyCurveSchema,
  periodSchema,
  progress,
  progressInputSchema,
  progressStatuses,
  thresholdsSchema,
} from "./progress.js";
export type { MilestoneInput, MilestoneProgress, MonthlyCurve, Period, Progress, ProgressInput, ProgressStatus, ProgressThresholds } from "./progress.js";
export { allocate, allocateInputSchema, allocationChildSchema } from "./allocate.js";
export type { AllocateInput, Allocation, AllocationChild } from "./allocate.js";
export { checkTargetInput, schemesOfMeasure, targetCountKinds, targetInputSchema, targetKinds, targetMeasures, targetSchemes } from "./target-input.js";
export type { TargetInput, TargetKind, TargetMeasure, TargetScheme } from "./target-input.js";
export { nextYearDates, shiftYears } from "./target-copy.js";
export type { TargetDates } from "./target-copy.js";
export { allocationBases, allocationWeights } from "./target-weights.js";
export type { AllocationBasis, WeightSource } from "./target-weights.js";
export { childrenSumCheck, milestoneFigures, milestoneRequired, milestoneShareOf } from "./plan-figures.js";
export type { ChildrenSumCheck } from "./plan-figures.js";
export { rankAreas } from "./rank.js";
export type { RankOptions, Ranked } from "./rank.js";
export { targetsErrorCodes } from "../error-codes.js";
export type { TargetsErrorCode } from "../error-codes.js";
export type { NumericKeys } from "./rank.js";
export { countBetween, cumulativeSeries, dashboardStatus, dashboardStatuses, seriesInputSchema, seriesSteps } from "./series.js";
export type { DashboardStatus, Series, SeriesInput, SeriesPoint, SeriesStep } from "./series.js";
