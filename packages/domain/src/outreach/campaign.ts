/**
 * Campaigns (đợt vận động), outreach events (lễ ra quân, buổi tuyên truyền, diễu hành, …) and the
 * rule that lets an enrolment be attributed to them. Pure: the caller loads the campaign, the
 * event and the commune's ancestry on the enrolment date, and stores what this decides.
 */
import * as z from "zod/mini";
import { areaCodeSchema } from "../areas/schemas.js";
import { addDays, isIsoDate, isoDateSchema, type IsoDate } from "../dates.js";
import type { OutreachErrorCode } from "../error-codes.js";
import { parseOrThrow } from "../validation.js";

/** The kinds of outreach event (RULES §7: lễ ra quân, buổi tuyên truyền, diễu hành, …). */
export const outreachEventTypes = ["launch_ceremony", "communication_session", "parade", "door_to_door", "consultation"] as const;
export type OutreachEventType = (typeof outreachEventTypes)[number];

/** Vietnamese and English names of the event types. */
export const outreachEventTypeNames: Readonly<Record<OutreachEventType, { vi: string; en: string }>> = {
  launch_ceremony: { vi: "Lễ ra quân", en: "Launch ceremony" },
  communication_session: { vi: "Buổi tuyên truyền", en: "Communication session" },
  parade: { vi: "Diễu hành", en: "Parade" },
  door_to_door: { vi: "Vận động tại nhà", en: "Door to door" },
  consultation: { vi: "Tư vấn", en: "Consultation" },
};

/**
 * Days after a campaign's end (or, for an event outside any campaign, after the event) during
 * which an enrolment may still be attributed to it: people who attended often pay at the next
 * collection round, within a quarter. 90 days.
 */
export const ATTRIBUTION_GRACE_DAYS = 90;

const name = (max: number, key: string) => z.string({ error: key }).check(z.trim(), z.minLength(1, { error: key }), z.maxLength(max, { error: key }));
const optionalText = (max: number, key: string) => z.optional(z.nullable(z.string({ error: key }).check(z.trim(), z.maxLength(max, { error: key }))));
const count = () => z.number({ error: "count" }).check(z.int({ error: "count" }), z.minimum(0, { error: "count" }), z.maximum(10_000_000, { error: "count" }));

/** A campaign as typed: name, theme, period (start ≤ end), the unit codes it covers, its partner organisations. */
export const campaignSchema = z
  .strictObject({
    name: name(200, "outreach.name"),
    theme: optionalText(500, "outreach.text"),
    startDate: isoDateSchema,
    endDate: isoDateSchema,
    areaCodes: z
      .array(areaCodeSchema, { error: "outreach.areaCodes" })
      .check(z.minLength(1, { error: "outreach.areaCodes" }), z.maxLength(500, { error: "outreach.areaCodes" })),
    partners: z.array(name(200, "outreach.partner"), { error: "outreach.partner" }).check(z.maxLength(50, { error: "outreach.partner" })),
  })
  .check(
    z.refine((c) => c.startDate <= c.endDate, { error: "period.order", path: ["endDate"] }),
    z.refine((c) => new Set(c.areaCodes).size === c.areaCodes.length, { error: "outreach.areaCodes", path: ["areaCodes"] }),
  );

export type CampaignInput = z.input<typeof campaignSchema>;
export interface Campaign {
  name: string;
  theme: string | null;
  startDate: IsoDate;
  endDate: IsoDate;
  areaCodes: string[];
  partners: string[];
}

/** An outreach event as typed; `attendances` are person-times (lượt người), an integer ≥ 0. */
export const outreachEventSchema = z.strictObject({
  type: z.enum(outreachEventTypes, { error: "outreach.type" }),
  title: optionalText(200, "outreach.text"),
  eventDate: isoDateSchema,
  areaCode: areaCodeSchema,
  organiser: optionalText(200, "outreach.text"),
  partner: optionalText(200, "outreach.text"),
  attendances: count(),
  notes: optionalText(2000, "outreach.text"),
});

export type OutreachEventInput = z.input<typeof outreachEventSchema>;
export interface OutreachEvent {
  type: OutreachEventType;
  title: string;
  eventDate: IsoDate;
  areaCode: string;
  organiser: string | null;
  partner: string | null;
  attendances: number;
  notes: string | null;
}

const code: OutreachErrorCode = "OUTREACH.INVALID_INPUT";
const blankToNull = (s: string | null | undefined): string | null => (s == null || s === "" ? null : s);

/** A campaign checked and tidied (trimmed texts, blank theme → null). Throws `OUTREACH.INVALID_INPUT`. */
export function checkCampaign(input: CampaignInput): Campaign {
  const c = parseOrThrow(campaignSchema, input, code);
  return { name: c.name, theme: blankToNull(c.theme), startDate: c.startDate, endDate: c.endDate, areaCodes: [...c.areaCodes], partners: [...c.partners] };
}

/** An event checked and tidied (blank texts → null, missing title → ""). Throws `OUTREACH.INVALID_INPUT`. */
export function checkOutreachEvent(input: OutreachEventInput): OutreachEvent {
  const e = parseOrThrow(outreachEventSchema, input, code);
  return {
    type: e.type,
    title: e.title ?? "",
    eventDate: e.eventDate,
    areaCode: e.areaCode,
    organiser: blankToNull(e.organiser),
    partner: blankToNull(e.partner),
    attendances: e.attendances,
    notes: blankToNull(e.notes),
  };
}

// ------------------------------------------------------------------------------------------------
// Attribution

/** A problem with an attribution: which reference, a stable code, texts in both languages. */
export interface AttributionProblem {
  field: "campaignId" | "outreachEventId";
  code: OutreachErrorCode;
  vi: string;
  en: string;
  details?: Record<string, unknown>;
}

export interface AttributionInput {
  enrolment: {
    /** The day the enrolment was made (the receipt date). */
    date: IsoDate;
    /** The commune and its ancestors on that date (any order), codes. */
    communePath: readonly string[];
  };
  campaign?: { id: number; startDate: IsoDate; endDate: IsoDate; areaCodes: readonly string[] } | null;
  event?: { id: number; campaignId: number | null; eventDate: IsoDate; areaCode: string } | null;
  /** Defaults to `ATTRIBUTION_GRACE_DAYS`. */
  graceDays?: number;
}

const idSchema = z.number().check(z.int(), z.minimum(1));
const codeList = z.array(z.string());
const attributionSchema = z.strictObject({
  enrolment: z.strictObject({ date: isoDateSchema, communePath: codeList }),
  campaign: z.optional(z.nullable(z.strictObject({ id: idSchema, startDate: isoDateSchema, endDate: isoDateSchema, areaCodes: codeList }))),
  event: z.optional(z.nullable(z.strictObject({ id: idSchema, campaignId: z.nullable(idSchema), eventDate: isoDateSchema, areaCode: z.string() }))),
  graceDays: z.optional(count()),
});

const dmy = (d: string) => d.split("-").reverse().join("/");

/**
 * Whether an enrolment may be attributed to a campaign and/or an event; the problems, none when
 * it may. The rule:
 * - the event belongs to the campaign when both are given (`OUTREACH.EVENT_NOT_IN_CAMPAIGN`);
 * - the commune lies in the event's area (`OUTREACH.OUTSIDE_EVENT_AREA`), and in one of the
 *   campaign's areas (`OUTREACH.OUTSIDE_CAMPAIGN_AREA`);
 * - the enrolment is on or after the event's date (`OUTREACH.BEFORE_EVENT`), and within the
 *   campaign's period plus `graceDays` after its end (`OUTREACH.OUTSIDE_CAMPAIGN_PERIOD`); an
 *   event outside any campaign counts up to `graceDays` after the event.
 * Give the event's own campaign as `campaign` when only the event is chosen. Throws
 * `OUTREACH.INVALID_INPUT` for a malformed argument.
 */
export function checkAttribution(input: AttributionInput): AttributionProblem[] {
  const a = parseOrThrow(attributionSchema, input, code);
  const grace = a.graceDays ?? ATTRIBUTION_GRACE_DAYS;
  const { date, communePath } = a.enrolment;
  const path = new Set(communePath);
  const problems: AttributionProblem[] = [];
  const c = a.campaign ?? null;
  const e = a.event ?? null;
  if (c && e && e.campaignId !== c.id) {
    problems.push({
      field: "outreachEventId",
      code: "OUTREACH.EVENT_NOT_IN_CAMPAIGN",
      vi: "Sự kiện không thuộc đợt vận động đã chọn",
      en: "The event does not belong to the chosen campaign",
      details: { eventId: e.id, campaignId: c.id, eventCampaignId: e.campaignId },
    });
  }
  if (e && !path.has(e.areaCode)) {
    problems.push({
      field: "outreachEventId",
      code: "OUTREACH.OUTSIDE_EVENT_AREA",
      vi: `Xã của người tham gia không thuộc địa bàn của sự kiện (${e.areaCode})`,
      en: `The participant's commune is not in the event's area (${e.areaCode})`,
      details: { areaCode: e.areaCode },
    });
  }
  if (c && !c.areaCodes.some((x) => path.has(x))) {
    problems.push({
      field: "campaignId",
      code: "OUTREACH.OUTSIDE_CAMPAIGN_AREA",
      vi: "Xã của người tham gia không thuộc địa bàn của đợt vận động",
      en: "The participant's commune is not in the campaign's areas",
      details: { areaCodes: c.areaCodes },
    });
  }
  if (e && date < e.eventDate) {
    problems.push({
      field: "outreachEventId",
      code: "OUTREACH.BEFORE_EVENT",
      vi: `Ngày tham gia ${dmy(date)} trước ngày diễn ra sự kiện ${dmy(e.eventDate)}`,
      en: `The enrolment date ${dmy(date)} is before the event (${dmy(e.eventDate)})`,
      details: { date, eventDate: e.eventDate },
    });
  }
  if (c) {
    const last = addDays(c.endDate, grace);
    if (date < c.startDate || date > last) {
      problems.push({
        field: "campaignId",
        code: "OUTREACH.OUTSIDE_CAMPAIGN_PERIOD",
        vi: `Ngày tham gia ${dmy(date)} ngoài thời gian đợt vận động (${dmy(c.startDate)}–${dmy(c.endDate)}, cộng ${grace} ngày)`,
        en: `The enrolment date ${dmy(date)} is outside the campaign's period (${dmy(c.startDate)} to ${dmy(c.endDate)}, plus ${grace} days)`,
        details: { date, startDate: c.startDate, endDate: c.endDate, graceDays: grace },
      });
    }
  } else if (e && date >= e.eventDate && date > addDays(e.eventDate, grace)) {
    problems.push({
      field: "outreachEventId",
      code: "OUTREACH.OUTSIDE_CAMPAIGN_PERIOD",
      vi: `Ngày tham gia ${dmy(date)} quá ${grace} ngày sau sự kiện (${dmy(e.eventDate)})`,
      en: `The enrolment date ${dmy(date)} is more than ${grace} days after the event (${dmy(e.eventDate)})`,
      details: { date, eventDate: e.eventDate, graceDays: grace },
    });
  }
  return problems;
}

/** Whether `date` (an ISO day) falls where an attribution to a campaign of that period could be accepted. */
export function withinAttributionWindow(date: IsoDate, startDate: IsoDate, endDate: IsoDate, graceDays: number = ATTRIBUTION_GRACE_DAYS): boolean {
  const a = parseOrThrow(
    z.strictObject({ date: isoDateSchema, startDate: isoDateSchema, endDate: isoDateSchema, graceDays: count() }),
    { date, startDate, endDate, graceDays },
    code,
  );
  return isIsoDate(a.date) && a.date >= a.startDate && a.date <= addDays(a.endDate, a.graceDays);
}

/** A problem with placing an event in a campaign. */
export interface EventPlacementProblem {
  field: "areaCode" | "eventDate";
  code: OutreachErrorCode;
  vi: string;
  en: string;
}

const placementSchema = z.strictObject({
  event: z.strictObject({ eventDate: isoDateSchema, areaPath: codeList }),
  campaign: z.strictObject({ startDate: isoDateSchema, endDate: isoDateSchema, areaCodes: codeList }),
});

/**
 * Whether an event belongs in a campaign: its area (`areaPath`: the unit and its ancestors on the
 * event's date) lies in one of the campaign's areas (`OUTREACH.EVENT_OUTSIDE_CAMPAIGN_AREA`), and
 * its date within the campaign's period (`OUTREACH.EVENT_OUTSIDE_CAMPAIGN_PERIOD`). An event held
 * for the whole campaign at a higher level (a province's launch ceremony for a district's
 * campaign) is outside its areas: log it on its own. Throws `OUTREACH.INVALID_INPUT`.
 */
export function checkEventInCampaign(input: {
  event: { eventDate: IsoDate; areaPath: readonly string[] };
  campaign: { startDate: IsoDate; endDate: IsoDate; areaCodes: readonly string[] };
}): EventPlacementProblem[] {
  const { event, campaign } = parseOrThrow(placementSchema, input, code);
  const problems: EventPlacementProblem[] = [];
  const path = new Set(event.areaPath);
  if (!campaign.areaCodes.some((c) => path.has(c))) {
    problems.push({
      field: "areaCode",
      code: "OUTREACH.EVENT_OUTSIDE_CAMPAIGN_AREA",
      vi: "Địa bàn của sự kiện không thuộc địa bàn của đợt vận động",
      en: "The event's area is not in the campaign's areas",
    });
  }
  if (event.eventDate < campaign.startDate || event.eventDate > campaign.endDate) {
    problems.push({
      field: "eventDate",
      code: "OUTREACH.EVENT_OUTSIDE_CAMPAIGN_PERIOD",
      vi: `Ngày diễn ra sự kiện ${dmy(event.eventDate)} ngoài thời gian đợt vận động (${dmy(campaign.startDate)}–${dmy(campaign.endDate)})`,
      en: `The event's date ${dmy(event.eventDate)} is outside the campaign's period (${dmy(campaign.startDate)} to ${dmy(campaign.endDate)})`,
    });
  }
  return problems;
}
