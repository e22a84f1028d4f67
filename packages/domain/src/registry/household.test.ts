import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf } from "../code-of.test-support.js";
import { householdHealthContribution } from "../contributions/index.js";
import { addDays } from "../dates.js";
import { rankHouseholdMembers, type HouseholdMemberJoin } from "./index.js";

// A fictional household in U Minh Thượng: Lâm Văn Tài (head), Đặng Thị Hồng, their parents and a son.
const household: HouseholdMemberJoin[] = [
  { id: "hong", joinedOn: "2020-03-10" },
  { id: "tai", joinedOn: "2020-03-02" },
  { id: "ba-noi", joinedOn: "2020-08-20", stateSupported: true },
  { id: "ong-noi", joinedOn: "2020-03-10" },
  { id: "con-trai", joinedOn: "2020-09-01" },
  { id: "chu-ut", joinedOn: "2019-12-30" },
  { id: "co-sau", joinedOn: "2020-11-11" },
];

describe("rankHouseholdMembers", () => {
  it("ranks members by join date within the year; a state-supported member keeps their place in the order", () => {
    const r = rankHouseholdMembers(household, 2020);
    expect(r.members.map((m) => [m.id, m.rank])).toEqual([
      ["tai", 1],
      ["hong", 2], // same day as ong-noi, listed first
      ["ong-noi", 3],
      ["ba-noi", 4], // state-supported: ranked by join order all the same (docs/rules.md §3)
      ["con-trai", 5],
      ["co-sau", 6],
    ]);
    expect(r.notInYear).toEqual(["chu-ut"]);
  });

  it("gives householdHealthContribution what it needs to price each member (base 1,490,000, 12 months)", () => {
    const paying = rankHouseholdMembers(
      household.filter((m) => m.id !== "ba-noi"),
      2020,
    );
    const priced = householdHealthContribution({ paymentDate: "2020-11-11", months: 12, members: paying.contributionMembers });
    // docs/rules.md §3 worked figures: 804,600 / 563,220 / 482,760 / 402,300 / 321,840 a year.
    expect(priced.members.map((m) => [m.id, m.total])).toEqual([
      ["tai", 804_600],
      ["hong", 563_220],
      ["ong-noi", 482_760],
      ["con-trai", 402_300],
      ["co-sau", 321_840],
    ]);
    // With the grandmother, state-supported, joining fourth: no reduction for her, and the
    // members after her are not moved up (con-trai is 5th: 40%).
    const r = rankHouseholdMembers(household, 2020);
    const withSupported = householdHealthContribution({ paymentDate: "2020-11-11", months: 12, members: r.contributionMembers });
    expect(withSupported.members.map((m) => [m.id, m.rank, m.total])).toEqual([
      ["tai", 1, 804_600],
      ["hong", 2, 563_220],
      ["ong-noi", 3, 482_760],
      ["ba-noi", 4, 804_600], // state-supported: no reduction
      ["con-trai", 5, 321_840],
      ["co-sau", 6, 321_840],
    ]);
  });

  it("starts again each calendar year", () => {
    expect(rankHouseholdMembers(household, 2019).members).toEqual([{ id: "chu-ut", joinedOn: "2019-12-30", stateSupported: false, rank: 1 }]);
    expect(rankHouseholdMembers([], 2020)).toEqual({ year: 2020, members: [], notInYear: [], contributionMembers: [] });
  });

  it("refuses bad input", () => {
    expect(codeOf(() => rankHouseholdMembers(household, 20.5))).toBe("REGISTRY.INVALID_YEAR");
    expect(codeOf(() => rankHouseholdMembers([{ id: "a", joinedOn: "2020-02-30" }], 2020))).toBe("REGISTRY.INVALID_DATE");
    expect(
      codeOf(() =>
        rankHouseholdMembers(
          [
            { id: "a", joinedOn: "2020-02-03" },
            { id: "a", joinedOn: "2020-02-04" },
          ],
          2020,
        ),
      ),
    ).toBe("REGISTRY.DUPLICATE_MEMBER");
  });

  it("ranks are 1..n in join order and never change when the list is reordered, ties aside (property)", () => {
    const membersArb = fc.uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 4 }),
        joinedOn: fc.integer({ min: 0, max: 900 }).map((n) => addDays("2019-10-01", n)),
        stateSupported: fc.boolean(),
      }),
      { selector: (m) => m.id, maxLength: 12 },
    );
    fc.assert(
      fc.property(membersArb, fc.integer({ min: 2019, max: 2022 }), (members, year) => {
        const r = rankHouseholdMembers(members, year);
        // Every member of the year, state-supported or not, is ranked 1..n in join order.
        expect(r.members.map((m) => m.rank)).toEqual(r.members.map((_, i) => i + 1));
        for (let i = 1; i < r.members.length; i++) expect(r.members[i - 1]!.joinedOn <= r.members[i]!.joinedOn).toBe(true);
        expect(r.members.length + r.notInYear.length).toBe(members.length);
        expect(r.members.every((m) => m.joinedOn.startsWith(`${year}-`))).toBe(true);
        // Contribution members carry the same ranks and support flags.
        expect(r.contributionMembers).toEqual(r.members.map((m) => ({ id: m.id, rank: m.rank, stateSupported: m.stateSupported })));
        // Reversing the input changes nothing but the order of same-day joiners.
        const rev = rankHouseholdMembers([...members].reverse(), year);
        expect(rev.members.map((m) => [m.joinedOn, m.rank])).toEqual(r.members.map((m) => [m.joinedOn, m.rank]));
        const byDay = (x: typeof r) => x.members.map((m) => `${m.joinedOn}:${m.stateSupported}`).sort();
        expect(byDay(rev)).toEqual(byDay(r));
      }),
      { numRuns: 200 },
    );
  });
});
