import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDomainError } from "../errors.js";
import { nextYearDates, shiftYears } from "./target-copy.js";

describe("shiftYears", () => {
  it("moves a day by whole years", () => {
    expect(shiftYears("2020-01-01", 1)).toBe("2021-01-01");
    expect(shiftYears("2020-12-31", 1)).toBe("2021-12-31");
    expect(shiftYears("2020-06-30", -1)).toBe("2019-06-30");
  });
  it("handles 29 February and the end of February", () => {
    expect(shiftYears("2024-02-29", 1)).toBe("2025-02-28");
    expect(shiftYears("2023-02-28", 1)).toBe("2024-02-29");
    expect(shiftYears("2024-02-28", 1)).toBe("2025-02-28");
  });
  it("always lands in the same month, one year on", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1901, max: 2200 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
        const date = `${y}-${String(m).padStart(2, "0")}-${String(Math.min(d, days)).padStart(2, "0")}`;
        const out = shiftYears(date, 1);
        expect(out.slice(0, 7)).toBe(`${y + 1}-${String(m).padStart(2, "0")}`);
        expect(Number.isNaN(Date.parse(out))).toBe(false);
      }),
    );
  });
});

describe("nextYearDates", () => {
  it("shifts the period and the milestone date, keeping the rest", () => {
    expect(nextYearDates({ periodStart: "2020-01-01", periodEnd: "2020-12-31", milestoneBy: "2020-02-29", value: 244 })).toEqual({
      periodStart: "2021-01-01",
      periodEnd: "2021-12-31",
      milestoneBy: "2021-02-28",
      value: 244,
    });
    expect(nextYearDates({ periodStart: "2020-03-01", periodEnd: "2020-03-31", milestoneBy: null })).toMatchObject({ milestoneBy: null });
  });
  it("throws a coded error on bad dates", () => {
    try {
      nextYearDates({ periodStart: "2020-02-30", periodEnd: "2020-12-31" });
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e) && e.code).toBe("TARGETS.INVALID_INPUT");
    }
  });
});
