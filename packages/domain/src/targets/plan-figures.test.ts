import { describe, expect, it } from "vitest";
import { childrenSumCheck, milestoneFigures, milestoneRequired, milestoneShareOf } from "./plan-figures.js";
import { milestoneProgress } from "./progress.js";

describe("milestoneRequired", () => {
  it("asks for whole people, rounding up: 50% of 797 is 399, not 398.5", () => {
    expect(milestoneRequired(0.5, 797)).toBe(399);
    expect(milestoneRequired(0.5, 244)).toBe(122);
    expect(milestoneRequired(0.3, 10)).toBe(3);
    expect(milestoneRequired(0.5, 0)).toBe(0);
  });

  it("is the figure the milestone's progress counts against", () => {
    const m = milestoneProgress({
      target: 797,
      share: 0.5,
      by: "2026-06-30",
      achieved: 398,
      period: { start: "2026-01-01", end: "2026-12-31" },
      asOf: "2026-06-30",
    });
    expect([m.required, m.reached]).toEqual([399, false]);
  });

  it("derives a share from a stored value, at most the whole plan", () => {
    expect(milestoneShareOf(63, 126)).toBe(0.5);
    expect(milestoneShareOf(200, 100)).toBe(1);
    expect(milestoneShareOf(5, 0)).toBe(1);
  });
});

describe("childrenSumCheck", () => {
  it("says by how much the children's plans differ from the parent's: 6,321 against 6,300", () => {
    expect(childrenSumCheck(6300, [3000, 3321])).toEqual({ plan: 6300, childrenSum: 6321, difference: 21, children: 2 });
    expect(childrenSumCheck(6300, [3000, 3000])).toMatchObject({ difference: -300 });
  });

  it("is silent when they agree or no child has a plan", () => {
    expect(childrenSumCheck(6300, [3000, 3300])).toBeNull();
    expect(childrenSumCheck(6300, [])).toBeNull();
  });
});

describe("milestoneFigures", () => {
  it("follows the plan in force, not the value stored when the milestone was made", () => {
    // stored when the plan was 63 (31.5); the plan is now 150: the milestone is 75
    expect(milestoneFigures({ share: 0.5, value: 31.5 }, 150)).toEqual({ share: 0.5, base: 150, required: 75 });
    expect(milestoneFigures({ share: null, value: 60 }, 120)).toEqual({ share: 0.5, base: 120, required: 60 });
    expect(milestoneFigures({ share: 0.5, value: 40.5 }, null)).toEqual({ share: 0.5, base: 81, required: 41 });
  });
});
