import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { ATTRIBUTION_GRACE_DAYS, checkAttribution, checkCampaign, checkEventInCampaign, checkOutreachEvent, withinAttributionWindow } from "./index.js";

const campaign = { id: 7, startDate: "2020-04-01", endDate: "2020-04-30", areaCodes: ["913"] };
const event = { id: 3, campaignId: 7, eventDate: "2020-04-10", areaCode: "91319" };
const path = ["91", "913", "91319"];

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return "none";
}

describe("checkCampaign / checkOutreachEvent", () => {
  it("tidies a campaign and refuses a period that ends before it starts", () => {
    expect(
      checkCampaign({ name: "  Tháng vận động  ", theme: "", startDate: "2020-04-01", endDate: "2020-04-30", areaCodes: ["913"], partners: ["Hội LHPN"] }),
    ).toEqual({ name: "Tháng vận động", theme: null, startDate: "2020-04-01", endDate: "2020-04-30", areaCodes: ["913"], partners: ["Hội LHPN"] });
    try {
      checkCampaign({ name: "X", startDate: "2020-05-01", endDate: "2020-04-30", areaCodes: ["913"], partners: [] });
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).code).toBe("OUTREACH.INVALID_INPUT");
      expect((e as DomainError).issues[0]!.path).toEqual(["endDate"]);
    }
    expect(codeOf(() => checkCampaign({ name: "X", startDate: "2020-04-01", endDate: "2020-04-30", areaCodes: [], partners: [] }))).toBe(
      "OUTREACH.INVALID_INPUT",
    );
    expect(codeOf(() => checkCampaign({ name: "X", startDate: "2020-04-01", endDate: "2020-04-30", areaCodes: ["913", "913"], partners: [] }))).toBe(
      "OUTREACH.INVALID_INPUT",
    );
  });

  it("accepts the five event types and attendances as whole person-times ≥ 0", () => {
    const base = { type: "communication_session", eventDate: "2020-04-10", areaCode: "91319", attendances: 120 } as const;
    expect(checkOutreachEvent({ ...base, partner: "Hội LHPN", organiser: " " })).toMatchObject({
      title: "",
      partner: "Hội LHPN",
      organiser: null,
      attendances: 120,
    });
    for (const type of ["launch_ceremony", "parade", "door_to_door", "consultation"] as const) expect(checkOutreachEvent({ ...base, type }).type).toBe(type);
    for (const bad of [{ attendances: -1 }, { attendances: 2.5 }, { type: "concert" }, { eventDate: "2020-02-30" }, { areaCode: "abc" }]) {
      expect(codeOf(() => checkOutreachEvent({ ...base, ...bad } as never))).toBe("OUTREACH.INVALID_INPUT");
    }
  });
});

describe("checkAttribution", () => {
  it("accepts an enrolment in the event's commune, after the event, within the campaign and its grace", () => {
    expect(checkAttribution({ enrolment: { date: "2020-04-10", communePath: path }, campaign, event })).toEqual([]);
    expect(ATTRIBUTION_GRACE_DAYS).toBe(90);
    // 30 April + 90 days = 29 July 2020
    expect(checkAttribution({ enrolment: { date: "2020-07-29", communePath: path }, campaign, event })).toEqual([]);
    expect(checkAttribution({ enrolment: { date: "2020-07-30", communePath: path }, campaign, event }).map((p) => p.code)).toEqual([
      "OUTREACH.OUTSIDE_CAMPAIGN_PERIOD",
    ]);
  });

  it("refuses an event of another campaign, a commune elsewhere, and a date before the event", () => {
    const problems = checkAttribution({ enrolment: { date: "2020-04-05", communePath: ["91", "914", "91401"] }, campaign, event: { ...event, campaignId: 8 } });
    expect(problems.map((p) => p.code)).toEqual([
      "OUTREACH.EVENT_NOT_IN_CAMPAIGN",
      "OUTREACH.OUTSIDE_EVENT_AREA",
      "OUTREACH.OUTSIDE_CAMPAIGN_AREA",
      "OUTREACH.BEFORE_EVENT",
    ]);
    expect(problems[0]!.field).toBe("outreachEventId");
    expect(problems[2]!.field).toBe("campaignId");
    for (const p of problems) expect(p.vi).not.toBe(p.en);
  });

  it("checks a campaign alone against its areas and period, and an event alone against its date plus the grace", () => {
    expect(checkAttribution({ enrolment: { date: "2020-03-31", communePath: path }, campaign }).map((p) => p.code)).toEqual([
      "OUTREACH.OUTSIDE_CAMPAIGN_PERIOD",
    ]);
    const lone = { ...event, campaignId: null };
    expect(checkAttribution({ enrolment: { date: "2020-07-09", communePath: path }, event: lone })).toEqual([]);
    expect(checkAttribution({ enrolment: { date: "2020-07-10", communePath: path }, event: lone }).map((p) => p.code)).toEqual([
      "OUTREACH.OUTSIDE_CAMPAIGN_PERIOD",
    ]);
    expect(checkAttribution({ enrolment: { date: "2020-04-11", communePath: path }, event: lone, graceDays: 0 }).map((p) => p.code)).toEqual([
      "OUTREACH.OUTSIDE_CAMPAIGN_PERIOD",
    ]);
    expect(checkAttribution({ enrolment: { date: "2020-04-11", communePath: path } })).toEqual([]);
  });

  it("refuses malformed arguments with OUTREACH.INVALID_INPUT", () => {
    expect(codeOf(() => checkAttribution({ enrolment: { date: "2020-13-01", communePath: [] } }))).toBe("OUTREACH.INVALID_INPUT");
    expect(codeOf(() => checkAttribution({ enrolment: { date: "2020-01-01", communePath: [] }, graceDays: -1 }))).toBe("OUTREACH.INVALID_INPUT");
    expect(codeOf(() => withinAttributionWindow("x", "2020-01-01", "2020-01-02"))).toBe("OUTREACH.INVALID_INPUT");
    expect(withinAttributionWindow("2020-07-29", "2020-04-01", "2020-04-30")).toBe(true);
    expect(withinAttributionWindow("2020-07-30", "2020-04-01", "2020-04-30")).toBe(false);
  });
});

describe("checkEventInCampaign", () => {
  it("places an event in the campaign's areas and period, and says what is off", () => {
    const c = { startDate: "2020-04-01", endDate: "2020-04-30", areaCodes: ["913"] };
    expect(checkEventInCampaign({ event: { eventDate: "2020-04-30", areaPath: ["91", "913", "91319"] }, campaign: c })).toEqual([]);
    const problems = checkEventInCampaign({ event: { eventDate: "2020-05-01", areaPath: ["91"] }, campaign: c });
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ["areaCode", "OUTREACH.EVENT_OUTSIDE_CAMPAIGN_AREA"],
      ["eventDate", "OUTREACH.EVENT_OUTSIDE_CAMPAIGN_PERIOD"],
    ]);
    expect(codeOf(() => checkEventInCampaign({ event: { eventDate: "x", areaPath: [] }, campaign: c }))).toBe("OUTREACH.INVALID_INPUT");
  });
});
