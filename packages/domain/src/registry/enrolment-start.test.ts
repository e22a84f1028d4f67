import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf } from "../code-of.test-support.js";
import { addDays } from "../dates.js";
import { enrolmentKind, periodEnd, supportGroupsFor, voluntaryStartDate } from "./index.js";

describe("voluntaryStartDate", () => {
  it("starts a first-time payer on the first day of the receipt's month", () => {
    expect(voluntaryStartDate("2020-03-17")).toBe("2020-03-01");
    expect(voluntaryStartDate("2020-03-17", null)).toBe("2020-03-01");
  });

  it("continues the cover of a payer who pays before it ends", () => {
    expect(voluntaryStartDate("2020-03-20", "2020-03-31")).toBe("2020-04-01");
    expect(voluntaryStartDate("2020-01-05", "2020-06-30")).toBe("2020-07-01");
  });

  it("continues the cover when paid in the month right after it ended", () => {
    expect(voluntaryStartDate("2020-04-28", "2020-03-31")).toBe("2020-04-01");
  });

  it("starts afresh after a gap of a whole month", () => {
    expect(voluntaryStartDate("2020-05-02", "2020-03-31")).toBe("2020-05-01");
  });

  it("never leaves a day uncovered nor covers one twice for a continuing payer (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(1, 3, 6, 12), fc.integer({ min: -200, max: 25 }), (n, months, offset) => {
        const from = `${addDays("2018-01-01", n).slice(0, 7)}-01`;
        const end = periodEnd({ from, months });
        const receipt = addDays(end, offset);
        const start = voluntaryStartDate(receipt, end);
        if (start === addDays(end, 1)) expect(enrolmentKind(end, start)).toBe("renewal");
        else expect(start).toBe(`${receipt.slice(0, 7)}-01`);
        expect(start.endsWith("-01")).toBe(true);
      }),
    );
  });

  it("refuses bad dates with a coded error", () => {
    expect(codeOf(() => voluntaryStartDate("2020-02-30"))).toBe("REGISTRY.INVALID_DATE");
    expect(codeOf(() => voluntaryStartDate("2020-02-01", "31/01/2020"))).toBe("REGISTRY.INVALID_DATE");
  });
});

describe("supportGroupsFor", () => {
  it("adds the ethnic-minority group for an ethnicity other than Kinh", () => {
    expect(supportGroupsFor(["poor"], "Khmer")).toEqual(["poor", "ethnic_minority"]);
    expect(supportGroupsFor([], "Kinh")).toEqual([]);
    expect(supportGroupsFor([], " kinh ")).toEqual([]);
    expect(supportGroupsFor([], "01")).toEqual([]);
    expect(supportGroupsFor(["near_poor"], null)).toEqual(["near_poor"]);
    expect(supportGroupsFor([], "")).toEqual([]);
  });

  it("lists each group once", () => {
    expect(supportGroupsFor(["ethnic_minority", "poor", "poor"], "Chăm")).toEqual(["poor", "ethnic_minority"]);
  });

  it("refuses an unknown group", () => {
    expect(codeOf(() => supportGroupsFor(["rich" as never], null))).toBe("REGISTRY.INVALID_INPUT");
  });
});
