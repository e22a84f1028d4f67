import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { funnel, schemes } from "./index.js";

describe("funnel", () => {
  it("969 attendances → 80 voluntary (8.26%) and 463 household (47.78%)", () => {
    const f = funnel({ attendances: 969, enrolments: { voluntary_social_insurance: 80, household_health_insurance: 463 } });
    expect(f.byScheme.voluntary_social_insurance.rate).toBeCloseTo(80 / 969, 12);
    expect(f.byScheme.voluntary_social_insurance.percent).toBe(8.26);
    expect(f.byScheme.household_health_insurance.percent).toBe(47.78);
    expect(f.total).toEqual({ enrolments: 543, rate: 543 / 969, percent: 56.04, exceedsAttendances: false });
    expect(Object.keys(f.byScheme)).toEqual([...schemes]);
  });

  it("counts a scheme without enrolments as 0 and is unknown without attendances", () => {
    expect(funnel({ attendances: 10, enrolments: { household_health_insurance: 3 } }).byScheme.voluntary_social_insurance).toEqual({
      enrolments: 0,
      rate: 0,
      percent: 0,
      exceedsAttendances: false,
    });
    const none = funnel({ attendances: 0, enrolments: { voluntary_social_insurance: 2 } });
    expect(none.byScheme.voluntary_social_insurance).toEqual({ enrolments: 2, rate: null, percent: null, exceedsAttendances: false });
    expect(none.total.rate).toBeNull();
  });

  it("says when an event's enrolments outnumber its attendances (a rate above 100%)", () => {
    const f = funnel({ attendances: 38, enrolments: { household_health_insurance: 46 } });
    expect(f.byScheme.household_health_insurance).toMatchObject({ percent: 121.05, exceedsAttendances: true });
    expect(f.byScheme.voluntary_social_insurance.exceedsAttendances).toBe(false);
  });

  it("refuses unknown schemes and impossible counts with OUTREACH.INVALID_INPUT", () => {
    const bad = [
      { attendances: 10, enrolments: { compulsory: 1 } },
      { attendances: -1, enrolments: {} },
      { attendances: 10.5, enrolments: {} },
      { attendances: 10, enrolments: { voluntary_social_insurance: -3 } },
    ];
    for (const input of bad) {
      try {
        funnel(input as never);
        expect.unreachable();
      } catch (e) {
        expect((e as DomainError).code).toBe("OUTREACH.INVALID_INPUT");
        expect((e as DomainError).messageVi).not.toBe((e as DomainError).messageEn);
      }
    }
  });
});
