import { describe, expect, it } from "vitest";
import { buildAreaTree, type AreaRow } from "../areas/index.js";
import { DomainError } from "../errors.js";
import { coverage, coverageAgainstTarget, rollUp } from "./index.js";

describe("coverageAgainstTarget", () => {
  it("88% in U Minh Thượng against the national 95.15%: 5,005 more insured needed, 7.15 points short", () => {
    const c = coverageAgainstTarget({ insured: 61_600, population: 70_000 }, 95.15);
    expect(c).toMatchObject({
      known: true,
      percent: 88,
      targetPercent: 95.15,
      requiredInsured: 66_605,
      insuredNeeded: 5_005,
      reached: false,
      gapPoints: 7.15,
    });
  });

  it("counts exactly at the target as reached (no floating-point shortfall)", () => {
    const c = coverageAgainstTarget({ insured: 66_605, population: 70_000 }, 95.15);
    expect([c.reached, c.insuredNeeded, c.percent, c.gapPoints]).toEqual([true, 0, 95.15, 0]);
    expect(coverageAgainstTarget({ insured: 66_604, population: 70_000 }, 95.15).reached).toBe(false);
    // ⌈95.15% × 1⌉ = 1
    expect(coverageAgainstTarget({ insured: 0, population: 1 }, 95.15).requiredInsured).toBe(1);
    expect(coverageAgainstTarget({ insured: 100, population: 100 }, 95.15).gapPoints).toBe(-4.85);
  });

  it("is unknown without a population", () => {
    expect(coverageAgainstTarget({ insured: 5, population: null }, 95.15)).toMatchObject({
      known: false,
      reached: null,
      insuredNeeded: null,
      gapPoints: null,
    });
  });

  it("refuses a target outside 0–100%", () => {
    try {
      coverageAgainstTarget({ insured: 1, population: 2 }, 120);
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).code).toBe("COVERAGE.INVALID_INPUT");
      expect((e as DomainError).messageEn).toMatch(/^The coverage target must be between 0 and 100% \(got the number (120|-1)\)$/);
    }
  });
});

describe("rollUp with targets and orphans", () => {
  const r = (code: string, parentCode: string | null): AreaRow => ({
    code,
    name: code,
    level: parentCode ? "district" : "province",
    unitType: "",
    parentCode,
    validFrom: "2020-01-01",
    validTo: null,
  });

  it("a rolled-up province is checked against the target on Σ insured / Σ population", () => {
    const tree = buildAreaTree([r("91", null), r("913", "91"), r("914", "91")], "2021-01-01");
    const rolled = rollUp(tree, { "913": { insured: 61_600, population: 70_000 }, "914": { insured: 29_000, population: 30_000 } });
    const c = coverageAgainstTarget(rolled.get("91")!, 95.15);
    expect([c.percent, c.requiredInsured, c.insuredNeeded]).toEqual([90.6, 95_150, 4_550]);
  });

  it("still reports areas under an orphan", () => {
    const tree = buildAreaTree([r("913", "91"), { ...r("31051", "913"), level: "commune" }], "2021-01-01");
    const rolled = rollUp(tree, { "31051": { insured: 8, population: 10 } });
    expect(rolled.get("913")).toMatchObject({ percent: 80, missing: 0 });
    expect(rolled.get("31051")).toEqual({ ...coverage({ insured: 8, population: 10 }), missing: 0 });
  });
});
