import * as z from "zod/mini";
import { parseOrThrow } from "../validation.js";
import { coverage, type CoverageFigures, type CoverageResult } from "./coverage.js";

const percentError = "coverage.targetPercent";
export const coverageTargetPercentSchema = z
  .number({ error: percentError })
  .check(z.minimum(0, { error: percentError }), z.maximum(100, { error: percentError }));

const figure = () => z.nullish(z.number({ error: "nonNegative" }).check(z.minimum(0, { error: "nonNegative" })));
/** `{ insured, population }`; other keys are allowed (a rolled-up result carries more). */
export const coverageFiguresSchema = z.looseObject({
  insured: figure(),
  population: figure(),
});

export type CoverageAgainstTarget = CoverageResult & {
  targetPercent: number;
  /** Insured needed for the target: ⌈target × population⌉; null without a population. */
  requiredInsured: number | null;
  /** More insured still needed (0 once reached); null when unknown. */
  insuredNeeded: number | null;
  /** Coverage ≥ target; null when unknown. */
  reached: boolean | null;
  /** Target − coverage in percentage points, two decimals (negative: above target); null when unknown. */
  gapPoints: number | null;
};

/**
 * Coverage against a target such as the national 95.15% health-insurance goal. The target is in
 * percent; up to four decimals are handled exactly (95.15% of 70,000 is 66,605, not 66,604.99…).
 * Works on rolled-up results too (they carry `insured` and `population`).
 */
export function coverageAgainstTarget(figures: CoverageFigures, targetPercent: number): CoverageAgainstTarget {
  const pct = parseOrThrow(coverageTargetPercentSchema, targetPercent, "COVERAGE.INVALID_INPUT");
  const { insured, population } = parseOrThrow(coverageFiguresSchema, figures, "COVERAGE.INVALID_INPUT");
  const c = coverage({ insured, population });
  if (!c.known) {
    return { ...c, targetPercent: pct, requiredInsured: null, insuredNeeded: null, reached: null, gapPoints: null };
  }
  const perMillion = Math.round(pct * 10_000);
  const exact = Math.abs(perMillion / 10_000 - pct) < 1e-9 && Number.isSafeInteger(c.population);
  const requiredInsured = exact
    ? Number((BigInt(perMillion) * BigInt(c.population) + 999_999n) / 1_000_000n)
    : Math.ceil((pct * c.population) / 100);
  return {
    ...c,
    targetPercent: pct,
    requiredInsured,
    insuredNeeded: Math.max(0, requiredInsured - c.insured),
    reached: c.insured >= requiredInsured,
    gapPoints: Math.round((pct - c.ratio * 100) * 100) / 100,
  };
}
