import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, daysInMonth, fromDayNumber, toDayNumber } from "../dates.js";
import { DomainError } from "../errors.js";
import { milestoneProgress, progress, progressStatuses, type ProgressInput } from "./index.js";

const YEAR_2020 = { start: "2020-01-01", end: "2020-12-31" }; // a leap year: 366 days
const YEAR_2021 = { start: "2021-01-01", end: "2021-12-31" };

function errorOf(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error("expected a DomainError");
}

describe("progress: the seed article", () => {
  it("366 new participants of a plan of 244 is 150%, achieved", () => {
    const p = progress({ target: 244, achieved: 366, period: YEAR_2020, asOf: "2020-09-15" });
    expect(p.ratio).toBe(1.5);
    expect(p.percent).toBe(150);
    expect(p.status).toBe("achieved");
    expect(p.remaining).toBe(0);
    expect(p.phase).toBe("running");
  });
});

describe("progress: expected to date (linear, both days included)", () => {
  it("pro-rates over the days of a leap year", () => {
    const p = progress({ target: 244, achieved: 100, period: YEAR_2020, asOf: "2020-06-30" });
    expect([p.elapsedDays, p.totalDays, p.daysLeft]).toEqual([182, 366, 184]);
    expect(p.expectedToDate).toBeCloseTo((244 * 182) / 366, 12);
    expect(p.gap).toBeCloseTo((244 * 182) / 366 - 100, 12);
    // one day later the half year is exactly half: 244 × 183 / 366 = 122
    expect(progress({ target: 244, achieved: 0, period: YEAR_2020, asOf: "2020-07-01" }).expectedToDate).toBe(122);
    expect(progress({ target: 244, achieved: 0, period: YEAR_2021, asOf: "2021-06-30" }).elapsedDays).toBe(181);
  });

  it("counts the leap day", () => {
    const feb2020 = { start: "2020-02-01", end: "2020-02-29" };
    expect(progress({ target: 29, achieved: 0, period: feb2020, asOf: "2020-02-28" }).expectedToDate).toBe(28);
    const onLeapDay = progress({ target: 29, achieved: 29, period: feb2020, asOf: "2020-02-29" });
    expect([onLeapDay.expectedShare, onLeapDay.phase, onLeapDay.daysLeft]).toEqual([1, "running", 0]);
    // a period across the leap day: 2020-02-28 … 2020-03-01 is 3 days
    expect(progress({ target: 3, achieved: 0, period: { start: "2020-02-28", end: "2020-03-01" }, asOf: "2020-02-29" }).expectedToDate).toBe(2);
  });

  it("handles periods that start and end mid-month", () => {
    // 15 Mar … 14 May 2024: 17 + 30 + 14 = 61 days; by 14 Apr, 17 + 14 = 31 days
    const p = progress({ target: 61, achieved: 31, period: { start: "2024-03-15", end: "2024-05-14" }, asOf: "2024-04-14" });
    expect([p.totalDays, p.elapsedDays, p.expectedToDate, p.status]).toEqual([61, 31, 31, "on_track"]);
  });

  it("expects one day's share on the first day", () => {
    const p = progress({ target: 365, achieved: 0, period: YEAR_2021, asOf: "2021-01-01" });
    expect([p.elapsedDays, p.expectedToDate, p.status]).toEqual([1, 1, "behind"]);
  });
});

describe("progress: before the start, after the end, zero target", () => {
  it("before the start nothing is expected and nothing is projected", () => {
    const p = progress({ target: 244, achieved: 0, period: YEAR_2020, asOf: "2019-12-31" });
    expect(p).toMatchObject({ phase: "not_started", elapsedDays: 0, daysLeft: 366, expectedToDate: 0, expectedShare: 0 });
    expect(p.status).toBe("on_track");
    expect(p.projectedAtEnd).toBeNull();
    expect(p.pace).toBeNull();
    expect(progress({ target: 10, achieved: 12, period: YEAR_2020, asOf: "2019-06-01" }).status).toBe("achieved");
  });

  it("after the end the full target is expected, the projection is the result, and a shortfall is behind", () => {
    const p = progress({ target: 244, achieved: 240, period: YEAR_2020, asOf: "2021-02-01" });
    expect(p).toMatchObject({ phase: "ended", elapsedDays: 366, daysLeft: 0, expectedToDate: 244, gap: 4, projectedAtEnd: 240 });
    expect(p.status).toBe("behind"); // 98% would be "at risk" while running, but the period is over
    expect(progress({ target: 244, achieved: 240, period: YEAR_2020, asOf: "2020-12-31" }).status).toBe("at_risk");
  });

  it("a zero target is achieved, with no ratio rather than Infinity or NaN", () => {
    const p = progress({ target: 0, achieved: 0, period: YEAR_2021, asOf: "2021-03-01" });
    expect(p).toMatchObject({ ratio: null, percent: null, status: "achieved", expectedToDate: 0, remaining: 0, pace: null });
    expect(progress({ target: 0, achieved: 5, period: YEAR_2021, asOf: "2021-03-01" }).gap).toBe(-5);
  });
});

describe("progress: status and projection", () => {
  const at = (achieved: number, thresholds?: ProgressInput["thresholds"]) =>
    progress({ target: 365, achieved, period: YEAR_2021, asOf: "2021-01-10", ...(thresholds ? { thresholds } : {}) });

  it("uses the pace against expected: ≥ 1 on track, ≥ 0.9 at risk, else behind", () => {
    expect(at(10).status).toBe("on_track");
    expect(at(9).status).toBe("at_risk");
    expect(at(8.99).status).toBe("behind");
    expect(at(365).status).toBe("achieved");
  });

  it("takes configurable thresholds", () => {
    expect(at(8, { onTrack: 0.8, atRisk: 0.5 }).status).toBe("on_track");
    expect(at(4, { onTrack: 0.8, atRisk: 0.5 }).status).toBe("behind");
    expect(errorOf(() => at(4, { onTrack: 0.5, atRisk: 0.8 })).code).toBe("TARGETS.INVALID_INPUT");
  });

  it("projects the run rate to the period end", () => {
    expect(at(50).projectedAtEnd).toBe(1825);
    expect(at(50).pace).toBe(5);
  });
});

describe("progress: monthly curve", () => {
  const daysOf2021 = Array.from({ length: 12 }, (_, i) => daysInMonth(2021, i + 1));
  const backLoaded = [1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3];

  it("a curve proportional to the days of each month is the linear pro-rating", () => {
    for (const asOf of ["2021-01-01", "2021-02-14", "2021-07-31", "2021-12-30"]) {
      const linear = progress({ target: 244, achieved: 0, period: YEAR_2021, asOf });
      const curved = progress({ target: 244, achieved: 0, period: YEAR_2021, asOf, curve: daysOf2021 });
      expect(curved.expectedToDate).toBeCloseTo(linear.expectedToDate, 9);
    }
  });

  it("follows last year's shape, spreading each month over its days", () => {
    const june = progress({ target: 244, achieved: 61, period: YEAR_2021, asOf: "2021-06-30", curve: backLoaded });
    expect(june.expectedShare).toBeCloseTo(6 / 24, 12);
    expect(june.expectedToDate).toBeCloseTo(61, 9);
    expect(june.status).toBe("on_track"); // linearly, 61 of 121 expected would be behind
    expect(june.projectedAtEnd).toBeCloseTo(244, 9);
    expect(progress({ target: 244, achieved: 61, period: YEAR_2021, asOf: "2021-06-30" }).status).toBe("behind");
    const midJuly = progress({ target: 240, achieved: 0, period: YEAR_2021, asOf: "2021-07-16", curve: backLoaded });
    expect(midJuly.expectedToDate).toBeCloseTo((240 * (6 + (3 * 16) / 31)) / 24, 9);
    expect(progress({ target: 240, achieved: 0, period: YEAR_2021, asOf: "2021-12-31", curve: backLoaded }).expectedToDate).toBe(240);
  });

  it("applies calendar months to periods that cross a year and start mid-month", () => {
    const p = progress({
      target: 100,
      achieved: 0,
      period: { start: "2020-12-17", end: "2021-01-31" },
      asOf: "2020-12-31",
      curve: [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    });
    // December: 15 of 31 days × 1; January: 31 of 31 days × 3
    const dec = 15 / 31;
    expect(p.expectedShare).toBeCloseTo(dec / (dec + 3), 12);
  });

  it("projects nothing while the curve expects nothing yet", () => {
    const p = progress({ target: 100, achieved: 5, period: YEAR_2021, asOf: "2021-01-20", curve: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] });
    expect(p).toMatchObject({ expectedToDate: 0, projectedAtEnd: null, status: "on_track" });
  });

  it("refuses a curve with no weight in the period, or not 12 months long", () => {
    const summer = [0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0];
    expect(
      errorOf(() => progress({ target: 1, achieved: 0, period: { start: "2021-01-01", end: "2021-03-31" }, asOf: "2021-02-01", curve: summer })).code,
    ).toBe("TARGETS.CURVE_EMPTY");
    const e = errorOf(() => progress({ target: 1, achieved: 0, period: YEAR_2021, asOf: "2021-02-01", curve: [1, 2, 3] }));
    expect(e.code).toBe("TARGETS.INVALID_INPUT");
    expect(e.messageEn).toMatch(/exactly 12 monthly weights/);
    expect(e.messageVi).toMatch(/12 trọng số tháng/);
  });
});

describe("progress: input checks", () => {
  it("refuses reversed periods, impossible dates and negative figures, in both languages", () => {
    const reversed = errorOf(() => progress({ target: 1, achieved: 0, period: { start: "2021-02-01", end: "2021-01-31" }, asOf: "2021-01-01" }));
    expect(reversed.code).toBe("TARGETS.INVALID_INPUT");
    expect(reversed.issues).toEqual([{ path: ["period", "end"], vi: "Ngày kết thúc trước ngày bắt đầu", en: "The period ends before it starts" }]);
    expect(reversed.messageEn).toBe("period.end: The period ends before it starts");
    expect(errorOf(() => progress({ target: 1, achieved: 0, period: YEAR_2021, asOf: "2021-02-29" })).issues[0]!.path).toEqual(["asOf"]);
    expect(errorOf(() => progress({ target: -1, achieved: 0, period: YEAR_2021, asOf: "2021-01-01" })).messageEn).toMatch(
      /^target: The target must be a non-negative number/,
    );
  });
});

describe("progress (property)", () => {
  const input = fc
    .record({
      target: fc.nat({ max: 100_000 }),
      start: fc.integer({ min: toDayNumber("2019-01-01"), max: toDayNumber("2026-12-31") }),
      length: fc.integer({ min: 1, max: 800 }),
      asOfOffset: fc.integer({ min: -40, max: 840 }),
      a: fc.nat({ max: 200_000 }),
      b: fc.nat({ max: 200_000 }),
      curve: fc.option(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 12, maxLength: 12 })),
    })
    .map(({ target, start, length, asOfOffset, a, b, curve }) => ({
      target,
      period: { start: fromDayNumber(start), end: fromDayNumber(start + length - 1) },
      asOf: fromDayNumber(start + asOfOffset),
      low: Math.min(a, b),
      high: Math.max(a, b),
      ...(curve ? { curve } : {}),
    }));
  const rank = (s: string) => progressStatuses.length - progressStatuses.indexOf(s as never);

  it("is monotone in achieved: more achieved never lowers ratio, projection or status, nor raises the gap", () => {
    fc.assert(
      fc.property(input, ({ low, high, ...rest }) => {
        const p = progress({ ...rest, achieved: low });
        const q = progress({ ...rest, achieved: high });
        if (p.ratio !== null) expect(q.ratio!).toBeGreaterThanOrEqual(p.ratio);
        if (p.projectedAtEnd !== null) expect(q.projectedAtEnd!).toBeGreaterThanOrEqual(p.projectedAtEnd);
        expect(rank(q.status)).toBeGreaterThanOrEqual(rank(p.status));
        expect(q.gap).toBeLessThanOrEqual(p.gap);
      }),
    );
  });

  it("expected-to-date grows with the date from 0 to the whole target", () => {
    fc.assert(
      fc.property(input, ({ low: _low, high: _high, ...rest }) => {
        const p = progress({ ...rest, achieved: 0 });
        const next = progress({ ...rest, achieved: 0, asOf: addDays(rest.asOf, 1) });
        expect(p.expectedToDate).toBeGreaterThanOrEqual(0);
        expect(next.expectedToDate).toBeGreaterThanOrEqual(p.expectedToDate);
        expect(progress({ ...rest, achieved: 0, asOf: rest.period.end }).expectedToDate).toBe(rest.target);
        expect(progress({ ...rest, achieved: 0, asOf: addDays(rest.period.start, -1) }).expectedToDate).toBe(0);
      }),
    );
  });
});

describe("milestoneProgress", () => {
  const plan = { target: 244, share: 0.5, by: "2020-06-30", period: YEAR_2020 };

  it("50% of the 2020 plan by 30 June: 122, reached with the district's 366", () => {
    const m = milestoneProgress({ ...plan, achieved: 366, asOf: "2020-06-30" });
    expect(m).toMatchObject({ required: 122, reached: true, missed: false, status: "achieved", ratioOfPlan: 1.5, ratio: 3 });
  });

  it("pro-rates the milestone over 1 January – 30 June (182 days in 2020)", () => {
    const m = milestoneProgress({ ...plan, achieved: 40, asOf: "2020-03-31" });
    expect(m.totalDays).toBe(182);
    expect(m.expectedToDate).toBe(61); // 122 × 91 / 182
    expect(m.status).toBe("behind");
    expect(m.reached).toBe(false);
    expect(m.missed).toBe(false);
  });

  it("is missed the day after its date when short, and rounds the required amount up in effect", () => {
    const m = milestoneProgress({ ...plan, achieved: 100, asOf: "2020-07-01" });
    expect([m.missed, m.status, m.phase]).toEqual([true, "behind", "ended"]);
    const odd = { ...plan, target: 245 };
    expect(milestoneProgress({ ...odd, achieved: 122, asOf: "2020-06-30" }).reached).toBe(false);
    expect(milestoneProgress({ ...odd, achieved: 123, asOf: "2020-06-30" }).reached).toBe(true);
    // 0.3 × 10 is 3.0000000000000004 in floating point; 3 must reach it
    expect(milestoneProgress({ ...plan, target: 10, share: 0.3, achieved: 3, asOf: "2020-06-30" }).reached).toBe(true);
  });

  it("needs its date within the plan's period and a share between 0 and 1", () => {
    expect(errorOf(() => milestoneProgress({ ...plan, by: "2021-06-30", achieved: 0, asOf: "2020-06-30" })).issues[0]!.path).toEqual(["by"]);
    expect(errorOf(() => milestoneProgress({ ...plan, share: 50, achieved: 0, asOf: "2020-06-30" })).messageEn).toMatch(/between 0 and 1/);
  });
});
