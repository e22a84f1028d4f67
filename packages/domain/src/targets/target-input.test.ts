import { describe, expect, it } from "vitest";
import { isDomainError } from "../errors.js";
import { checkTargetInput, type TargetInput } from "./target-input.js";

const plan: TargetInput = {
  areaCode: "91",
  scheme: "voluntary_social_insurance",
  measure: "new_participants",
  kind: "plan",
  periodStart: "2020-01-01",
  periodEnd: "2020-12-31",
  value: 2400,
};

function problems(input: unknown): { path: string; en: string }[] {
  try {
    checkTargetInput(input as TargetInput);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    expect(e.code).toBe("TARGETS.INVALID_INPUT");
    return e.issues.map((i) => ({ path: i.path.join("."), en: i.en }));
  }
  return [];
}

describe("checkTargetInput", () => {
  it("accepts a plan, a minimum, a milestone and a coverage goal", () => {
    expect(checkTargetInput(plan)).toMatchObject(plan);
    expect(problems({ ...plan, kind: "minimum", value: 50 })).toEqual([]);
    expect(problems({ ...plan, kind: "milestone", value: 1200, share: 0.5, milestoneBy: "2020-06-30" })).toEqual([]);
    expect(problems({ ...plan, scheme: "health_insurance", measure: "coverage_percent", value: 90.25 })).toEqual([]);
  });

  it("refuses a scheme that does not fit the measure", () => {
    expect(problems({ ...plan, scheme: "health_insurance" })).toEqual([
      { path: "scheme", en: expect.stringContaining("Participant counts are for voluntary") },
    ]);
    expect(problems({ ...plan, measure: "coverage_percent", value: 50 })[0]).toMatchObject({ path: "scheme", en: expect.stringContaining("Coverage %") });
  });

  it("wants whole numbers of participants and percentages in 0–100 with two decimals", () => {
    expect(problems({ ...plan, value: 10.5 })).toEqual([{ path: "value", en: expect.stringContaining("whole number") }]);
    expect(problems({ ...plan, value: -1 })[0]!.path).toBe("value");
    const cov = { ...plan, scheme: "social_insurance", measure: "coverage_percent" };
    expect(problems({ ...cov, value: 100.01 })[0]!.path).toBe("value");
    expect(problems({ ...cov, value: 45.125 })[0]!.path).toBe("value");
    expect(problems({ ...cov, value: 100 })).toEqual([]);
    const ms = { ...plan, kind: "milestone", share: 0.5, milestoneBy: "2020-06-30" };
    expect(problems({ ...ms, value: 122.5 })).toEqual([]);
    expect(problems({ ...ms, value: 122.555 })[0]!.path).toBe("value");
  });

  it("keeps the period in order", () => {
    expect(problems({ ...plan, periodEnd: "2019-12-31" })).toEqual([{ path: "periodEnd", en: expect.stringContaining("ends before it starts") }]);
    expect(problems({ ...plan, periodEnd: "2020-01-01", periodStart: "2020-01-01" })).toEqual([]);
  });

  it("needs a milestone's share and date inside the period, and refuses them on other kinds", () => {
    const ms = { ...plan, kind: "milestone" };
    expect(problems(ms).map((p) => p.path)).toEqual(["share", "milestoneBy"]);
    expect(problems({ ...ms, share: 1.5, milestoneBy: "2020-06-30" })[0]!.path).toBe("share");
    expect(problems({ ...ms, share: 0.5, milestoneBy: "2021-01-01" })).toEqual([{ path: "milestoneBy", en: expect.stringContaining("within the plan") }]);
    expect(problems({ ...plan, share: 0.5, milestoneBy: "2020-06-30" }).map((p) => p.path)).toEqual(["share", "milestoneBy"]);
  });

  it("refuses unknown kinds, measures and fields", () => {
    expect(problems({ ...plan, kind: "wish" })[0]!.path).toBe("kind");
    expect(problems({ ...plan, measure: "smiles" })[0]!.path).toBe("measure");
    expect(problems({ ...plan, extra: 1 }).length).toBe(1);
    expect(problems({ ...plan, areaCode: "x" })[0]!.path).toBe("areaCode");
  });
});
