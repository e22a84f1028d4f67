import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf } from "../code-of.test-support.js";
import { healthCardStart } from "../contributions/index.js";
import { addDays, toDayNumber } from "../dates.js";
import { coverageSpans, coverageStatus, coveredUntil, enrolmentKind, healthCardValidity, periodEnd, type CoverageStatus, type CoveredPeriod } from "./index.js";

const periodArb: fc.Arbitrary<CoveredPeriod> = fc.record({
  from: fc.integer({ min: 0, max: 2000 }).map((n) => addDays("2019-01-01", n)),
  months: fc.constantFrom(1, 3, 6, 12, 24),
});
const dateArb = fc.integer({ min: 0, max: 3000 }).map((n) => addDays("2018-06-01", n));

describe("periodEnd", () => {
  it("is the day before the same day `months` later", () => {
    expect(periodEnd({ from: "2020-07-15", months: 12 })).toBe("2021-07-14");
    expect(periodEnd({ from: "2020-06", months: 1 })).toBe("2020-06-30");
    expect(periodEnd({ from: "2020-06-01", months: 6 })).toBe("2020-11-30");
    expect(periodEnd({ from: "2020-12", months: 3 })).toBe("2021-02-28");
  });

  it("is the month's last day when the month is too short", () => {
    expect(periodEnd({ from: "2020-01-31", months: 1 })).toBe("2020-02-29");
    expect(periodEnd({ from: "2020-01-30", months: 1 })).toBe("2020-02-29");
    expect(periodEnd({ from: "2020-01-29", months: 1 })).toBe("2020-02-28");
    expect(periodEnd({ from: "2019-11-30", months: 3 })).toBe("2020-02-29");
  });

  it("refuses bad periods", () => {
    expect(codeOf(() => periodEnd({ from: "2020-02-30", months: 1 }))).toBe("REGISTRY.INVALID_DATE");
    expect(codeOf(() => periodEnd({ from: "2020-13", months: 1 }))).toBe("REGISTRY.INVALID_DATE");
    expect(codeOf(() => periodEnd({ from: "2020-06", months: 0 }))).toBe("REGISTRY.INVALID_MONTHS");
    expect(codeOf(() => periodEnd({ from: "2020-06", months: 1.5 }))).toBe("REGISTRY.INVALID_MONTHS");
  });
});

describe("coverageSpans and coveredUntil", () => {
  it("joins back-to-back and overlapping periods, keeps gaps", () => {
    const paid: CoveredPeriod[] = [
      { from: "2020-07", months: 1 },
      { from: "2020-06", months: 1 },
      { from: "2020-08", months: 3 },
      { from: "2021-01", months: 1 }, // December 2020 unpaid
      { from: "2021-01-15", months: 1 },
    ];
    expect(coverageSpans(paid)).toEqual([
      { from: "2020-06-01", to: "2020-10-31" },
      { from: "2021-01-01", to: "2021-02-14" },
    ]);
    expect(coveredUntil(paid)).toBe("2021-02-14");
    expect(coveredUntil([])).toBeNull();
  });
});

describe("coverageStatus", () => {
  // Paid monthly June–November 2020 (voluntary social insurance, by month).
  const paid: CoveredPeriod[] = [{ from: "2020-06", months: 6 }];

  it("not started before the first covered day", () => {
    expect(coverageStatus(paid, "2020-05-31")).toEqual({ status: "not_started", startsOn: "2020-06-01" });
    expect(coverageStatus([], "2020-05-31")).toEqual({ status: "not_started", startsOn: null });
  });

  it("active, then due within 30 days of the end, then lapsed", () => {
    expect(coverageStatus(paid, "2020-06-01")).toEqual({ status: "active", coveredUntil: "2020-11-30", daysLeft: 182 });
    expect(coverageStatus(paid, "2020-10-30")).toEqual({ status: "active", coveredUntil: "2020-11-30", daysLeft: 31 });
    expect(coverageStatus(paid, "2020-10-31")).toEqual({ status: "due", coveredUntil: "2020-11-30", daysLeft: 30 });
    expect(coverageStatus(paid, "2020-11-30")).toEqual({ status: "due", coveredUntil: "2020-11-30", daysLeft: 0 });
    expect(coverageStatus(paid, "2020-12-01")).toEqual({ status: "lapsed", since: "2020-12-01", lastCoveredDay: "2020-11-30", resumesOn: null });
  });

  it("takes another renewal window", () => {
    expect(coverageStatus(paid, "2020-11-20", { dueWithinDays: 7 }).status).toBe("active");
    expect(coverageStatus(paid, "2020-11-23", { dueWithinDays: 7 }).status).toBe("due");
    expect(coverageStatus(paid, "2020-11-30", { dueWithinDays: 0 }).status).toBe("due");
    expect(codeOf(() => coverageStatus(paid, "2020-11-30", { dueWithinDays: -1 }))).toBe("REGISTRY.INVALID_MONTHS");
  });

  it("lapsed while a paid card waits out its 30 days, with the day it resumes", () => {
    const periods = [
      { from: "2019-07-01", months: 12 }, // card ended 2020-06-30
      { from: "2020-11-14", months: 12 }, // paid 2020-10-15 after a lapse: valid 30 days later
    ];
    expect(coverageStatus(periods, "2020-10-20")).toEqual({ status: "lapsed", since: "2020-07-01", lastCoveredDay: "2020-06-30", resumesOn: "2020-11-14" });
  });

  it("refuses a bad date", () => {
    expect(codeOf(() => coverageStatus(paid, "20/10/2020"))).toBe("REGISTRY.INVALID_DATE");
  });

  it("along one period the status only moves not_started → active → due → lapsed (property)", () => {
    const order: Record<CoverageStatus["status"], number> = { not_started: 0, active: 1, due: 2, lapsed: 3 };
    fc.assert(
      fc.property(periodArb, fc.integer({ min: 0, max: 60 }), (p, window) => {
        const start = typeof p.from === "string" && p.from.length === 10 ? p.from : `${p.from}-01`;
        const end = periodEnd(p);
        let prev = -1;
        for (let d = addDays(start, -3); d <= addDays(end, 3); d = addDays(d, 1)) {
          const s = coverageStatus([p], d, { dueWithinDays: window });
          expect(order[s.status]).toBeGreaterThanOrEqual(prev);
          prev = order[s.status];
        }
        // The boundaries, exactly.
        expect(coverageStatus([p], addDays(start, -1)).status).toBe("not_started");
        expect(coverageStatus([p], end, { dueWithinDays: window }).status).toBe("due");
        expect(coverageStatus([p], addDays(end, 1)).status).toBe("lapsed");
        const lastActive = addDays(end, -(window + 1));
        if (lastActive >= start) expect(coverageStatus([p], lastActive, { dueWithinDays: window }).status).toBe("active");
        const firstDue = addDays(end, -window);
        if (firstDue >= start) expect(coverageStatus([p], firstDue, { dueWithinDays: window }).status).toBe("due");
      }),
      { numRuns: 60 },
    );
  });

  it("paying more never ends coverage earlier, and covers every day the periods cover (property)", () => {
    fc.assert(
      fc.property(fc.array(periodArb, { maxLength: 5 }), periodArb, dateArb, (periods, extra, d) => {
        const before = coveredUntil(periods);
        const after = coveredUntil([...periods, extra])!;
        if (before !== null) expect(after >= before).toBe(true);
        const covered = periods.some((p) => {
          const from = String(p.from);
          return from <= d && d <= periodEnd(p);
        });
        const s = coverageStatus(periods, d);
        expect(s.status === "active" || s.status === "due").toBe(covered);
        if (covered) expect(coverageStatus([...periods, extra], d).status).not.toBe("lapsed");
        if (s.status === "due" || s.status === "active") {
          expect(s.daysLeft).toBe(toDayNumber(s.coveredUntil) - toDayNumber(d));
          expect(s.coveredUntil <= before!).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("enrolmentKind", () => {
  it("new, renewal, returning (docs/rules.md §6)", () => {
    expect(enrolmentKind(null, "2020-06-01")).toBe("new");
    expect(enrolmentKind(undefined, "2020-06-01")).toBe("new");
    expect(enrolmentKind("2020-05-31", "2020-06-01")).toBe("renewal");
    expect(enrolmentKind("2020-07-31", "2020-06-01")).toBe("renewal"); // paid ahead, overlapping
    expect(enrolmentKind("2020-05-30", "2020-06-01")).toBe("returning");
    expect(enrolmentKind("2018-12-31", "2020-06-01")).toBe("returning");
    expect(codeOf(() => enrolmentKind("2020-05-31", "2020-6-1"))).toBe("REGISTRY.INVALID_DATE");
  });

  it("is a renewal exactly when the person was covered the day before the start (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ from: dateArb, months: fc.constantFrom(1, 3, 12) }), { minLength: 1, maxLength: 4 }), dateArb, (periods, start) => {
        const before = periods.filter((p) => p.from < start);
        const dayBefore = coverageStatus(before, addDays(start, -1)).status;
        const kind = enrolmentKind(coveredUntil(before), start);
        expect(kind === "renewal").toBe(dayBefore === "active" || dayBefore === "due");
        expect(kind === "new").toBe(before.length === 0);
      }),
      { numRuns: 200 },
    );
  });
});

describe("healthCardValidity", () => {
  it("first card: 30 days after payment, for the months paid", () => {
    const v = healthCardValidity({ paymentDate: "2020-06-15", months: 12 });
    expect(v).toMatchObject({ validFrom: "2020-07-15", validTo: "2021-07-14", startKind: "first_time", months: 12 });
    expect(v.validFrom).toBe(healthCardStart({ paymentDate: "2020-06-15" }).validFrom);
    expect(v.vi).toContain("từ 15/07/2020 đến 14/07/2021");
    expect(v.en).toContain("from 15/07/2020 to 14/07/2021");
  });

  it("continuous renewal starts the day after the previous card ends", () => {
    expect(healthCardValidity({ paymentDate: "2021-07-01", months: 6, previousCardEnd: "2021-07-14" })).toMatchObject({
      validFrom: "2021-07-15",
      validTo: "2022-01-14",
      startKind: "continuous",
    });
  });

  it("after a lapse of 3 months or more the 30 days apply again; a shorter gap starts on the payment date", () => {
    // First uncovered day 2021-07-15; three months later is 2021-10-15.
    expect(healthCardValidity({ paymentDate: "2021-10-15", months: 3, previousCardEnd: "2021-07-14" })).toMatchObject({
      validFrom: "2021-11-14",
      validTo: "2022-02-13",
      startKind: "lapsed",
    });
    expect(healthCardValidity({ paymentDate: "2021-10-14", months: 3, previousCardEnd: "2021-07-14" })).toMatchObject({
      validFrom: "2021-10-14",
      validTo: "2022-01-13",
      startKind: "late_renewal",
    });
  });

  it("only 3, 6 or 12 months", () => {
    expect(codeOf(() => healthCardValidity({ paymentDate: "2021-07-01", months: 1 }))).toBe("REGISTRY.INVALID_MONTHS");
    expect(codeOf(() => healthCardValidity({ paymentDate: "2021-02-30", months: 3 }))).toBe("REGISTRY.INVALID_DATE");
  });

  it("a renewal paid before the card ends never leaves a gap or an overlap (property)", () => {
    fc.assert(
      fc.property(dateArb, fc.constantFrom(3, 6, 12), fc.constantFrom(3, 6, 12), fc.integer({ min: 0, max: 400 }), (paid, m1, m2, wait) => {
        const first = healthCardValidity({ paymentDate: paid, months: m1 });
        const renewPaid = addDays(paid, wait);
        if (renewPaid > first.validTo) return;
        const second = healthCardValidity({ paymentDate: renewPaid, months: m2, previousCardEnd: first.validTo });
        expect(second.validFrom).toBe(addDays(first.validTo, 1));
        expect(
          coverageSpans([
            { from: first.validFrom, months: m1 },
            { from: second.validFrom, months: m2 },
          ]),
        ).toEqual([{ from: first.validFrom, to: second.validTo }]);
      }),
      { numRuns: 200 },
    );
  });
});
