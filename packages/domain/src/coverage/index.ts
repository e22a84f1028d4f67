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
export {
  checkFigureRow,
  duplicateRowProblem,
  figureColumnNames,
  figureKey,
  figureKinds,
  figureOutcome,
  figureSchemeNames,
  figureUnitDate,
  figureUnitVersion,
  insuredColumns,
  insuredGroups,
  locateFigureColumns,
  MAX_FIGURE_COUNT,
  MAX_FIGURE_YEAR,
  MIN_FIGURE_YEAR,
  populationColumns,
  requiredFigureColumns,
  unitOutOfScopeProblem,
  unitUnknownProblem,
} from "./figure-rows.js";
export type {
  FigureColumn,
  FigureColumnIndex,
  FigureKind,
  FigureProblem,
  FigureRow,
  FigureUnitVersion,
  InsuredColumn,
  InsuredFigureRow,
  PopulationColumn,
  PopulationFigureRow,
  StoredFigure,
} from "./figure-rows.js";
