/**
 * Outreach (tuyên truyền, vận động): communication sessions and their attendances, and the
 * enrolments they bring per scheme.
 */
export { funnel, funnelInputSchema, schemes, schemeSchema } from "./funnel.js";
export type { Funnel, FunnelInput, FunnelStep, Scheme } from "./funnel.js";
export { outreachErrorCodes } from "../error-codes.js";
export type { OutreachErrorCode } from "../error-codes.js";
