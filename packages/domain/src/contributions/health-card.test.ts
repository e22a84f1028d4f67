import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../dates.js";
import { isDomainError } from "../errors.js";
import { addMonths, healthCardStart, healthCardStartInputSchema } from "./index.js";

describe("healthCardStart", () => {
  it("first-time participants: 30 days after payment", () => {
    // 2026-08-01 + 30 days = 2026-08-31
    expect(healthCardStart({ paymentDate: "2026-08-01" })).toMatchObject({ validFrom: "2026-08-31", kind: "first_time" });
    // across a month end and a leap February: 2024-02-10 + 30 = 2024-03-11
    expect(healthCardStart({ paymentDate: "2024-02-10", previousCardEnd: null }).validFrom).toBe("2024-03-11");
  });

  it("continuous renewals: the day after the previous card ends", () => {
    expect(healthCardStart({ paymentDate: "2026-06-15", previousCardEnd: "2026-06-30" })).toMatchObject({
      validFrom: "2026-07-01",
      kind: "continuous",
    });
    // paid on the card's last day
    expect(healthCardStart({ paymentDate: "2026-06-30", previousCardEnd: "2026-06-30" }).validFrom).toBe("2026-07-01");
    // paid long before it ends
    expect(healthCardStart({ paymentDate: "2026-01-05", previousCardEnd: "2026-12-31" }).validFrom).toBe("2027-01-01");
  });

  it("a late renewal within 3 months starts on the payment date; a lapse of 3 months or more waits 30 days", () => {
    // card ended 2026-03-31: uncovered from 2026-04-01; 3 months later is 2026-07-01
    expect(healthCardStart({ paymentDate: "2026-04-01", previousCardEnd: "2026-03-31" })).toMatchObject({
      validFrom: "2026-04-01",
      kind: "late_renewal",
    });
    expect(healthCardStart({ paymentDate: "2026-06-30", previousCardEnd: "2026-03-31" })).toMatchObject({
      validFrom: "2026-06-30",
      kind: "late_renewal",
    });
    expect(healthCardStart({ paymentDate: "2026-07-01", previousCardEnd: "2026-03-31" })).toMatchObject({
      validFrom: "2026-07-31",
      kind: "lapsed",
    });
    expect(healthCardStart({ paymentDate: "2026-07-01", previousCardEnd: "2026-03-31" }).vi).toContain("31/07/2026");
  });

  it("never starts before the payment (property)", () => {
    const day = fc.integer({ min: 0, max: 4000 }).map((n) => addDays("2018-01-01", n));
    fc.assert(
      fc.property(day, fc.option(day, { nil: undefined }), (paymentDate, previousCardEnd) => {
        const r = healthCardStart({ paymentDate, previousCardEnd });
        expect(r.validFrom >= paymentDate).toBe(true);
        if (previousCardEnd !== undefined && paymentDate <= previousCardEnd) {
          expect(r.validFrom).toBe(addDays(previousCardEnd, 1));
        }
        if (r.kind === "first_time" || r.kind === "lapsed") expect(r.validFrom).toBe(addDays(paymentDate, 30));
      }),
    );
  });

  it("refuses malformed dates", () => {
    for (const input of [{ paymentDate: "2026-8-1" }, { paymentDate: "2026-08-01", previousCardEnd: "yesterday" }]) {
      try {
        healthCardStart(input);
        expect.unreachable();
      } catch (e) {
        expect(isDomainError(e) && e.code).toBe("CONTRIBUTION.INVALID_DATE");
      }
    }
    expect(healthCardStartInputSchema.safeParse({ paymentDate: "2026-08-01", previousCardEnd: null }).success).toBe(true);
    expect(healthCardStartInputSchema.safeParse({ paymentDate: "2026-02-30" }).success).toBe(false);
  });

  it("adds calendar months, clamping the day", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2026-11-30", 3)).toBe("2027-02-28");
    expect(addMonths("2026-03-15", -3)).toBe("2025-12-15");
  });
});
