import * as z from "zod/mini";
import { parseOrThrow } from "../validation.js";

/**
 * National health-insurance coverage goals (percent of the population) by year, with their
 * source. Decision 546/QĐ-TTg (2022) sets 95.15% for 2025 (RULES §6); Decision 1167/QĐ-TTg (2016)
 * set 90.7% for 2020. Years between listed goals are not filled in by guessing.
 */
export const healthCoverageGoals: readonly { year: number; percent: number; source: string }[] = Object.freeze([
  { year: 2020, percent: 90.7, source: "Quyết định 1167/QĐ-TTg" },
  { year: 2025, percent: 95.15, source: "Quyết định 546/QĐ-TTg" },
]);

export interface CoverageGoal {
  /** The year the goal is set for (the last listed year for later years). */
  year: number;
  /** The year asked about: a later year than `year` keeps that year's goal ("2026: 95.15%, the 2025 goal"). */
  forYear: number;
  percent: number;
  source: string;
}

/**
 * The national health-coverage goal in force for `year`: that year's listed goal; after the last
 * listed year, the last goal (95.15% stays the floor); null for an unlisted earlier year.
 */
export function healthCoverageGoal(year: number): CoverageGoal | null {
  const y = parseOrThrow(
    z.number({ error: "coverage.year" }).check(z.int({ error: "coverage.year" }), z.minimum(1900, { error: "coverage.year" }), z.maximum(2999, { error: "coverage.year" })),
    year,
    "COVERAGE.INVALID_INPUT",
  );
  const exact = healthCoverageGoals.find((g) => g.year === y);
  if (exact) return { ...exact, forYear: y };
  const last = healthCoverageGoals[healthCoverageGoals.length - 1]!;
  return y > last.year ? { ...last, forYear: y } : null;
}
