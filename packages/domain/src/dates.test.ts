import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  formatDisplayDate,
  formatVietnamDateTime,
  fromDayNumber,
  isIsoDate,
  isoDateSchema,
  parseDisplayDate,
  todayInVietnam,
  toDayNumber,
  vietnamDateOf,
  vietnamDayBounds,
} from "./dates.js";
import { issuesFromZod } from "./validation.js";

describe("todayInVietnam", () => {
  it("is already 1 July 2025 at 00:30 in Vietnam, while UTC still says 30 June", () => {
    const now = new Date("2025-06-30T17:30:00Z");
    expect(now.toISOString().slice(0, 10)).toBe("2025-06-30");
    expect(todayInVietnam(now)).toBe("2025-07-01");
  });

  it("turns at 17:00 UTC", () => {
    expect(todayInVietnam(Date.parse("2025-06-30T16:59:59.999Z"))).toBe("2025-06-30");
    expect(todayInVietnam(Date.parse("2025-06-30T17:00:00Z"))).toBe("2025-07-01");
  });

  it("reads the clock when no instant is given", () => {
    const before = vietnamDateOf(Date.now());
    const today = todayInVietnam();
    const after = vietnamDateOf(Date.now());
    expect([before, after]).toContain(today);
  });
});

describe("vietnamDayBounds", () => {
  it("spans 24 hours starting at 17:00 UTC the day before", () => {
    const { start, end } = vietnamDayBounds("2025-07-01");
    expect(start.toISOString()).toBe("2025-06-30T17:00:00.000Z");
    expect(end.toISOString()).toBe("2025-07-01T17:00:00.000Z");
  });

  it("holds every instant whose Vietnamese date is that day, and no other", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse("1950-01-01"), max: Date.parse("2100-01-01") }), (ms) => {
        const day = vietnamDateOf(ms);
        const { start, end } = vietnamDayBounds(day);
        expect(start.getTime() <= ms && ms < end.getTime()).toBe(true);
        expect(vietnamDayBounds(addDays(day, 1)).start.getTime()).toBe(end.getTime());
      }),
    );
  });
});

describe("parseDisplayDate / formatDisplayDate", () => {
  it("reads day-first dates as people type them", () => {
    expect(parseDisplayDate("30/06/2025")).toBe("2025-06-30");
    expect(parseDisplayDate("1/7/2025")).toBe("2025-07-01");
    expect(parseDisplayDate(" 31-12-2020 ")).toBe("2020-12-31");
    expect(parseDisplayDate("31.12.2020")).toBe("2020-12-31");
  });

  it("refuses what is not a whole, real date", () => {
    for (const s of ["31/02/2025", "30/06/25", "2025-06-30", "06/30/2025", "3", "31/12/2", "", "00/01/2020"]) {
      expect(parseDisplayDate(s)).toBeNull();
    }
  });

  it("round-trips every date", () => {
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber("1900-01-01"), max: toDayNumber("2100-12-31") }), (n) => {
        const iso = fromDayNumber(n);
        expect(formatDisplayDate(iso)).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
        expect(parseDisplayDate(formatDisplayDate(iso))).toBe(iso);
      }),
    );
  });
});

describe("formatVietnamDateTime", () => {
  it("shows Vietnam's wall clock, hours then day first", () => {
    expect(formatVietnamDateTime(new Date("2026-11-29T10:25:19Z"))).toBe("17:25 29/11/2026");
    expect(formatVietnamDateTime("2025-06-30T17:30:00Z")).toBe("00:30 01/07/2025");
    expect(formatVietnamDateTime(Date.parse("2025-06-30T16:59:00Z"))).toBe("23:59 30/06/2025");
  });
});

describe("isIsoDate", () => {
  it("accepts real dates from 1900 on", () => {
    expect(isIsoDate("1900-01-01")).toBe(true);
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("9999-12-31")).toBe(true);
  });

  it("refuses years before 1900 (year 0000 cannot be stored; 0001 shifts into year 0)", () => {
    for (const d of ["0000-01-01", "0001-01-01", "1899-12-31"]) expect(isIsoDate(d)).toBe(false);
    const error = isoDateSchema.safeParse("0001-01-01").error!;
    expect(error.issues[0]?.message).toBe("date");
    expect(issuesFromZod(error)[0]).toMatchObject({ vi: expect.stringMatching(/1900/), en: expect.stringMatching(/1900/) });
  });

  it("refuses impossible dates and other shapes", () => {
    for (const d of ["2023-02-29", "2024-13-01", "2024-1-1", "2024-01-01T00:00", 20240101, null]) expect(isIsoDate(d)).toBe(false);
  });
});
