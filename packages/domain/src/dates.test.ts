import { describe, expect, it } from "vitest";
import { isIsoDate, isoDateSchema } from "./dates.js";

describe("isIsoDate", () => {
  it("accepts real dates from 1900 on", () => {
    expect(isIsoDate("1900-01-01")).toBe(true);
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("9999-12-31")).toBe(true);
  });

  it("refuses years before 1900 (year 0000 cannot be stored; 0001 shifts into year 0)", () => {
    for (const d of ["0000-01-01", "0001-01-01", "1899-12-31"]) expect(isIsoDate(d)).toBe(false);
    expect(isoDateSchema.safeParse("0001-01-01").error?.issues[0]?.message).toMatch(/1900/);
  });

  it("refuses impossible dates and other shapes", () => {
    for (const d of ["2023-02-29", "2024-13-01", "2024-1-1", "2024-01-01T00:00", 20240101, null]) expect(isIsoDate(d)).toBe(false);
  });
});
