import { describe, expect, it } from "vitest";
import { dueRange } from "./renewal-window.js";

describe("dueRange", () => {
  it("is the next 30 days by default", () => {
    expect(dueRange("2026-12-07")).toEqual({ from: null, to: "2027-01-06", dueWithinDays: 30 });
  });

  it("is the rest of this month, or the whole of next month (across a year's end, February's 28 days)", () => {
    expect(dueRange("2026-12-07", "thisMonth")).toEqual({ from: null, to: "2026-12-31", dueWithinDays: 24 });
    expect(dueRange("2026-12-07", "nextMonth")).toEqual({ from: "2027-01-01", to: "2027-01-31", dueWithinDays: 55 });
    expect(dueRange("2027-01-31", "nextMonth")).toEqual({ from: "2027-02-01", to: "2027-02-28", dueWithinDays: 28 });
    expect(dueRange("2026-12-31", "thisMonth")).toMatchObject({ dueWithinDays: 0 });
  });
});
