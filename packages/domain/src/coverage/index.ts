/**
 * Coverage = insured / population. Rolled up by summing numerators and denominators,
 * never by averaging percentages. No population means "unknown", never 0% or NaN.
 */
export { coverage, rollUp } from "./coverage.js";
export type { CoverageFigures, CoverageResult, RolledUpCoverage } from "./coverage.js";
export { coverageAgainstTarget, coverageFiguresSchema, coverageTargetPercentSchema } from "./target.js";
export type { CoverageAgainstTarget } from "./target.js";
export { coverageDenominator, coverageSchemes } from "./denominator.js";
export type { CoverageScheme, PopulationFigures } from "./denominator.js";
export { coverageErrorCodes } from "../error-codes.js";
export type { CoverageErrorCode } from "../error-codes.js";
export { healthCoverageGoal, healthCoverageGoals } from "./goals.js";
export type { CoverageGoal } from "./goals.js";
