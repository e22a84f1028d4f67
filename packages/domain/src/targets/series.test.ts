import { describe, expect, it } from "vitest";
import { healthCoverageGoal } from "../coverage/index.js";
import { DomainError } from "../errors.js";
import { countBetween, cumulativeSeries, dashboardStatus, progress } from "./index.js";

const YEAR_2020 = { start: "2020-01-01", end: "2020-12-31" };

describe("cumulativeSeries", () => {
  it("sums the days by month over a year and expects exactly the target at the end", () => {
    const s = cumulativeSeries({
      daily: [
        ["2020-01-01", 10],
        ["2020-03-01", 5],
        ["2020-03-01", 1],
        ["2019-12-31", 100], // before the period: not counted
        ["2020-07-01", 7], // after the as-of date: not counted
      ],
      target: 244,
      period: YEAR_2020,
      asOf: "2020-06-15",
    });
    expect(s.step).toBe("month");
    expect(s.points.map((p) => p.date)).toEqual([
      "2020-01-31",
      "2020-02-29",
      "2020-03-31",
      "2020-04-30",
      "2020-05-31",
      "2020-06-15",
      "2020-06-30",
      "2020-07-31",
      "2020-08-31",
      "2020-09-30",
      "2020-10-31",
      "2020-11-30",
      "2020-12-31",
    ]);
    expect(s.points.map((p) => p.achieved)).toEqual([10, 10, 16, 16, 16, 16, null, null, null, null, null, null, null]);
    expect(s.points.at(-1)!.expected).toBe(244);
    // 30 June 2020 is day 182 of 366; 1 July would be exactly 122
    expect(s.points[6]!.expected).toBeCloseTo((244 * 182) / 366, 12);
    expect(s.points[5]!.expected).toBe(progress({ target: 244, achieved: 0, period: YEAR_2020, asOf: "2020-06-15" }).expectedToDate);
  });

  it("samples by day for a month-long campaign and by week (Sundays) for a quarter", () => {
    const month = cumulativeSeries({ daily: [["2020-10-05", 3]], target: 50, period: { start: "2020-10-01", end: "2020-10-31" }, asOf: "2020-10-31" });
    expect(month.step).toBe("day");
    expect(month.points).toHaveLength(31);
    expect(month.points[3]).toMatchObject({ date: "2020-10-04", achieved: 0 });
    expect(month.points[4]).toMatchObject({ date: "2020-10-05", achieved: 3 });
    const quarter = cumulativeSeries({ daily: [], target: 90, period: { start: "2020-01-01", end: "2020-03-31" }, asOf: "2020-12-31" });
    expect(quarter.step).toBe("week");
    // 1 Jan 2020 was a Wednesday: the first week ends on Sunday 5 January
    expect(quarter.points.slice(0, 2).map((p) => p.date)).toEqual(["2020-01-05", "2020-01-12"]);
    expect(quarter.points.at(-1)).toMatchObject({ date: "2020-03-31", achieved: 0, expected: 90 });
  });

  it("follows a monthly curve", () => {
    const curve = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]; // all in October
    const s = cumulativeSeries({ daily: [], target: 100, period: YEAR_2020, asOf: "2020-12-31", curve, step: "month" });
    expect(s.points.find((p) => p.date === "2020-09-30")!.expected).toBe(0);
    expect(s.points.find((p) => p.date === "2020-10-31")!.expected).toBe(100);
  });

  it("refuses bad arguments with a coded error", () => {
    expect(() => cumulativeSeries({ daily: [["2020-02-30", 1]], target: 1, period: YEAR_2020, asOf: "2020-01-01" })).toThrow(DomainError);
    expect(() => cumulativeSeries({ daily: [], target: -1, period: YEAR_2020, asOf: "2020-01-01" })).toThrow(DomainError);
    expect(() => cumulativeSeries({ daily: [], target: 1, period: { start: "2020-02-01", end: "2020-01-01" }, asOf: "2020-01-01" })).toThrow(DomainError);
  });
});

describe("countBetween", () => {
  it("counts the days inside the window, both ends included", () => {
    const daily = [
      ["2020-10-01", 2],
      ["2020-10-31", 3],
      ["2020-11-01", 4],
    ] as const;
    expect(countBetween(daily, "2020-10-01", "2020-10-31")).toBe(5);
    expect(countBetween(daily, "2020-11-02", "2020-12-31")).toBe(0);
  });
});

describe("dashboardStatus", () => {
  it("names the issue's statuses from progress", () => {
    const at = (achieved: number, asOf: string) => dashboardStatus(progress({ target: 244, achieved, period: YEAR_2020, asOf }));
    expect(at(366, "2020-12-31")).toBe("achieved");
    expect(at(150, "2020-07-01")).toBe("ahead"); // 122 expected
    expect(at(122, "2020-07-01")).toBe("on_track");
    expect(at(115, "2020-07-01")).toBe("at_risk"); // pace 0.94
    expect(at(60, "2020-07-01")).toBe("behind");
    expect(at(0, "2019-12-01")).toBe("on_track"); // nothing expected yet
  });
  it("refuses what is not a progress", () => {
    expect(() => dashboardStatus({ status: "late" as never, pace: 1 })).toThrow(DomainError);
  });
});

describe("healthCoverageGoal", () => {
  it("gives Decision 546's 95.15% for 2025 and keeps it after", () => {
    expect(healthCoverageGoal(2025)).toMatchObject({ percent: 95.15, source: "Quyết định 546/QĐ-TTg" });
    expect(healthCoverageGoal(2026)).toMatchObject({ percent: 95.15, year: 2025, forYear: 2026 });
    expect(healthCoverageGoal(2020)!.percent).toBe(90.7);
    expect(healthCoverageGoal(2022)).toBeNull();
    expect(() => healthCoverageGoal(20.5)).toThrow(DomainError);
  });
});
