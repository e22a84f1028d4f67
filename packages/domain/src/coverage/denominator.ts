/**
 * Which insurance a coverage figure is about, and which population it is a share of (docs/rules.md §6):
 * health insurance is a share of the whole population; social insurance of the labour force
 * (the working-age population, Resolution 28-NQ/TW's 45% / 60% goals).
 */
import { argumentError } from "../argument-error.js";

export const coverageSchemes = ["health_insurance", "social_insurance"] as const;
export type CoverageScheme = (typeof coverageSchemes)[number];

export interface PopulationFigures {
  total?: number | null;
  workingAge?: number | null;
}

/** The population a scheme's coverage divides by (null when that figure is not known). */
export function coverageDenominator(scheme: CoverageScheme, population: PopulationFigures): number | null {
  if (!coverageSchemes.includes(scheme))
    throw argumentError("COVERAGE.INVALID_INPUT", ["scheme"], { vi: coverageSchemes.join(" hoặc "), en: coverageSchemes.join(" or ") }, scheme);
  if (typeof population !== "object" || population === null || Array.isArray(population))
    throw argumentError("COVERAGE.INVALID_INPUT", ["population"], { vi: "{ total, workingAge }", en: "{ total, workingAge }" }, population);
  const value = scheme === "social_insurance" ? population.workingAge : population.total;
  return value ?? null;
}
