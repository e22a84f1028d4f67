import { describe, expect, it } from "vitest";
import { coverageDenominator } from "./denominator.js";

describe("coverageDenominator", () => {
  it("divides health insurance by the whole population and social insurance by the working age", () => {
    const population = { total: 70_000, workingAge: 41_000 };
    expect(coverageDenominator("health_insurance", population)).toBe(70_000);
    expect(coverageDenominator("social_insurance", population)).toBe(41_000);
  });

  it("never falls back to the other population when one is missing", () => {
    expect(coverageDenominator("social_insurance", { total: 70_000, workingAge: null })).toBeNull();
    expect(coverageDenominator("health_insurance", { workingAge: 41_000 })).toBeNull();
  });
});
