/**
 * Outreach (tuyên truyền, vận động): communication sessions and their attendances, and the
 * enrolments they bring per scheme.
 */
export { funnel, funnelInputSchema, schemes, schemeSchema } from "./funnel.js";
export type { Funnel, FunnelInput, FunnelStep, Scheme } from "./funnel.js";
export {
  ATTRIBUTION_GRACE_DAYS,
  campaignSchema,
  checkAttribution,
  checkCampaign,
  checkEventInCampaign,
  checkOutreachEvent,
  outreachEventSchema,
  outreachEventTypeNames,
  outreachEventTypes,
  withinAttributionWindow,
} from "./campaign.js";
export type {
  AttributionInput,
  AttributionProblem,
  EventPlacementProblem,
  Campaign,
  CampaignInput,
  OutreachEvent,
  OutreachEventInput,
  OutreachEventType,
} from "./campaign.js";
export { outreachErrorCodes } from "../error-codes.js";
export type { OutreachErrorCode } from "../error-codes.js";
