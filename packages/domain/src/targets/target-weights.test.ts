import { describe, expect, it } from "vitest";
import { isDomainError } from "../errors.js";
import { allocate } from "./allocate.js";
import { allocationWeights } from "./target-weights.js";

const children = [
  { key: "911", population: 180_000, workingAge: 115_200, lastYearResult: 300 },
  { key: "912", population: 18_000, workingAge: 11_520, lastYearResult: 0 },
  { key: "913", population: 70_000, workingAge: 44_800, lastYearResult: 100 },
];

describe("allocationWeights", () => {
  it("takes the figure of the basis, or 1 each for equal shares", () => {
    expect(allocationWeights("population", children).map((c) => c.weight)).toEqual([180_000, 18_000, 70_000]);
    expect(allocationWeights("working_age", children).map((c) => c.weight)).toEqual([115_200, 11_520, 44_800]);
    expect(allocationWeights("last_year_result", children).map((c) => c.weight)).toEqual([300, 0, 100]);
    expect(allocationWeights("equal", [{ key: "a" }, { key: "b" }])).toEqual([
      { key: "a", weight: 1 },
      { key: "b", weight: 1 },
    ]);
  });

  it("feeds allocate: the values sum to the parent and follow the weights", () => {
    const out = allocate({ total: 1000, children: allocationWeights("population", children) });
    expect(out.reduce((s, c) => s + c.value, 0)).toBe(1000);
    expect(out.map((c) => c.value)).toEqual([672, 67, 261]);
    const withMin = allocate({ total: 400, children: allocationWeights("last_year_result", children).map((c) => ({ ...c, min: 50 })) });
    expect(withMin).toEqual([
      { key: "911", value: 263, basis: "weight" },
      { key: "912", value: 50, basis: "minimum" },
      { key: "913", value: 87, basis: "weight" },
    ]);
  });

  it("names the children without the figure instead of counting them as 0", () => {
    try {
      allocationWeights("population", [{ key: "911", population: 1 }, { key: "912" }, { key: "913", population: null }]);
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e)).toBe(true);
      if (!isDomainError(e)) return;
      expect(e.code).toBe("TARGETS.WEIGHTS_MISSING");
      expect(e.details).toEqual({ basis: "population", missing: ["912", "913"] });
      expect(e.issues[0]!.vi).toContain("912, 913");
    }
  });

  it("refuses an unknown basis with a coded error", () => {
    expect(() => allocationWeights("votes" as never, children)).toThrowError(expect.objectContaining({ code: "TARGETS.INVALID_INPUT" }));
  });
});
