import * as z from "zod/mini";
import { toPercent } from "../arithmetic.js";
import { schemes, schemeSchema, type Scheme } from "../schemes.js";
import { parseOrThrow } from "../validation.js";

export { schemeSchema, schemes, type Scheme };

const count = () => z.number({ error: "count" }).check(z.int({ error: "count" }), z.minimum(0, { error: "count" }));

export const funnelInputSchema = z.strictObject({
  attendances: count(),
  enrolments: z.strictObject(
    {
      voluntary_social_insurance: z.optional(count()),
      household_health_insurance: z.optional(count()),
    },
    {
      error: "scheme",
    },
  ),
});

export interface FunnelInput {
  /** Person-times (lượt): one person attending twice counts twice. */
  attendances: number;
  /** Enrolments attributed to the events, per scheme; a missing scheme counts as 0. */
  enrolments: Partial<Record<Scheme, number>>;
}

export interface FunnelStep {
  enrolments: number;
  /** enrolments ÷ attendances; null without attendances. */
  rate: number | null;
  /** rate in percent, two decimals; null without attendances. */
  percent: number | null;
  /**
   * More enrolments than attendances (a rate above 100%): people enrolled through the event who
   * were not counted among its attendances, e.g. a whole household signed up by one attendee.
   * Shown with words, not as a bare percentage.
   */
  exceedsAttendances: boolean;
}

export interface Funnel {
  attendances: number;
  byScheme: Record<Scheme, FunnelStep>;
  /** Both schemes together (one person enrolling in both counts twice). */
  total: FunnelStep;
}

function step(enrolments: number, attendances: number): FunnelStep {
  if (attendances === 0) return { enrolments, rate: null, percent: null, exceedsAttendances: false };
  const rate = enrolments / attendances;
  return { enrolments, rate, percent: toPercent(rate), exceedsAttendances: enrolments > attendances };
}

/**
 * Outreach conversion: attendances (person-times) → enrolments attributed to the events, per
 * scheme. 969 attendances → 80 voluntary (8.26%) and 463 household (47.78%).
 */
export function funnel(input: FunnelInput): Funnel {
  const { attendances, enrolments } = parseOrThrow(funnelInputSchema, input, "OUTREACH.INVALID_INPUT");
  const byScheme = {} as Record<Scheme, FunnelStep>;
  let total = 0;
  for (const s of schemes) {
    const n = enrolments[s] ?? 0;
    byScheme[s] = step(n, attendances);
    total += n;
  }
  return { attendances, byScheme, total: step(total, attendances) };
}
