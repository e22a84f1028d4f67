import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../dates.js";
import { coverEndIn, renewedWithin, retention, retentionOf, type RetentionPerson } from "./index.js";

const pay = (coverTo: string, receiptDate: string) => ({ coverTo, receiptDate });
const Q1 = ["2026-01-01", "2026-03-31"] as const;

describe("retention: the definition", () => {
  it("counts a person whose cover ended in the period, renewed if paid for later within N days", () => {
    const onTime: RetentionPerson = { payments: [pay("2026-03-31", "2025-04-01"), pay("2027-03-31", "2026-03-20")] };
    const late30: RetentionPerson = { payments: [pay("2026-03-31", "2025-04-01"), pay("2027-04-30", "2026-04-30")] };
    const late31: RetentionPerson = { payments: [pay("2026-03-31", "2025-04-01"), pay("2027-05-01", "2026-05-01")] };
    const gone: RetentionPerson = { payments: [pay("2026-02-28", "2025-03-01")] };
    expect(retention([onTime, late30, late31, gone], ...Q1)).toEqual([
      { withinDays: 30, ended: 4, renewed: 2, share: 0.5 },
      { withinDays: 90, ended: 4, renewed: 3, share: 0.75 },
    ]);
  });

  it("includes both ends of the period and judges a monthly payer on their last month", () => {
    expect(coverEndIn([pay("2026-01-01", "2025-12-01")], ...Q1)).toBe("2026-01-01");
    expect(coverEndIn([pay("2026-03-31", "2026-03-01")], ...Q1)).toBe("2026-03-31");
    expect(coverEndIn([pay("2025-12-31", "2025-12-01"), pay("2026-04-01", "2026-03-01")], ...Q1)).toBeNull();
    const monthly = [pay("2026-01-31", "2026-01-01"), pay("2026-02-28", "2026-02-01"), pay("2026-03-31", "2026-03-01")];
    expect(retentionOf({ payments: monthly }, ...Q1, 30)).toEqual({ ended: "2026-03-31", renewed: false });
  });

  it("leaves out the dead and those in compulsory insurance, keeps those who moved", () => {
    const payments = [pay("2026-03-31", "2025-04-01")];
    expect(retentionOf({ payments, eligibilityEndedOn: "2026-04-30" }, ...Q1, 30)).toBeNull();
    // Ended after the 30-day window: a loss at 30 days, left out at 90.
    expect(retentionOf({ payments, eligibilityEndedOn: "2026-05-01" }, ...Q1, 30)).toEqual({ ended: "2026-03-31", renewed: false });
    expect(retentionOf({ payments, eligibilityEndedOn: "2026-05-01" }, ...Q1, 90)).toBeNull();
    // A move is no outcome here: the person stays in the denominator.
    expect(retention([{ payments }], ...Q1)[0]).toEqual({ withinDays: 30, ended: 1, renewed: 0, share: 0 });
  });

  it("says null, not 0, when nobody's cover ended", () => {
    expect(retention([], ...Q1).map((f) => f.share)).toEqual([null, null]);
  });
});

const day = (n: number) => addDays("2025-06-01", n);
const personArb: fc.Arbitrary<RetentionPerson> = fc.record({
  payments: fc.array(
    fc.record({ to: fc.integer({ min: 0, max: 600 }), lag: fc.integer({ min: -400, max: 200 }) }).map(({ to, lag }) => pay(day(to), day(to - 365 + lag))),
    { maxLength: 5 },
  ),
  eligibilityEndedOn: fc.option(fc.integer({ min: 0, max: 700 }).map(day), { nil: null }),
});

describe("retention: properties", () => {
  it("0 ≤ renewed ≤ ended; the share is their ratio", () => {
    fc.assert(
      fc.property(fc.array(personArb, { maxLength: 30 }), (people) => {
        for (const f of retention(people, "2026-01-01", "2026-06-30")) {
          expect(f.renewed).toBeGreaterThanOrEqual(0);
          expect(f.renewed).toBeLessThanOrEqual(f.ended);
          expect(f.share).toBe(f.ended === 0 ? null : f.renewed / f.ended);
        }
      }),
    );
  });

  it("whoever renewed within 30 days renewed within 90 (when still eligible)", () => {
    fc.assert(
      fc.property(personArb, (p) => {
        const r30 = retentionOf(p, "2026-01-01", "2026-06-30", 30);
        const r90 = retentionOf(p, "2026-01-01", "2026-06-30", 90);
        if (r30?.renewed && r90) expect(r90.renewed).toBe(true);
        // A wider window only leaves more people out for eligibility, never adds any.
        if (r30 === null) expect(r90).toBeNull();
      }),
    );
  });

  it("a person counts once, however many payments; a payment covering later and received in time is a renewal", () => {
    fc.assert(
      fc.property(fc.array(personArb, { maxLength: 20 }), (people) => {
        const [f30] = retention(people, "2026-01-01", "2026-06-30", [30]);
        const ended = people.filter((p) => retentionOf(p, "2026-01-01", "2026-06-30", 30) !== null);
        expect(f30!.ended).toBe(ended.length);
        for (const p of ended) {
          const end = coverEndIn(p.payments, "2026-01-01", "2026-06-30")!;
          const expected = p.payments.some((q) => q.coverTo > end && q.receiptDate <= addDays(end, 30));
          expect(renewedWithin(p.payments, end, 30)).toBe(expected);
        }
      }),
    );
  });
});
