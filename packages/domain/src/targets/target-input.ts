import * as z from "zod/mini";
import { areaCodeSchema } from "../areas/schemas.js";
import { isoDate } from "../date-schema.js";
import { parseOrThrow } from "../validation.js";

/** Kinds of target (RULES §6): the annual plan, a campaign's minimum per area, a milestone. */
export const targetKinds = ["plan", "minimum", "milestone"] as const;
export type TargetKind = (typeof targetKinds)[number];
/** What a target counts: new participants, active participants, or a coverage percentage. */
export const targetMeasures = ["new_participants", "active_participants", "coverage_percent"] as const;
export type TargetMeasure = (typeof targetMeasures)[number];
export const targetSchemes = ["voluntary_social_insurance", "household_health_insurance", "health_insurance", "social_insurance"] as const;
export type TargetScheme = (typeof targetSchemes)[number];
/** Enrolment kinds a target may count (default: new + returning). */
export const targetCountKinds = ["new", "renewal", "returning"] as const;

/** The schemes each measure may be about: counts are registry schemes, coverage is a coverage scheme. */
export const schemesOfMeasure: Readonly<Record<TargetMeasure, readonly TargetScheme[]>> = {
  new_participants: ["voluntary_social_insurance", "household_health_insurance"],
  active_participants: ["voluntary_social_insurance", "household_health_insurance"],
  coverage_percent: ["health_insurance", "social_insurance"],
};

export interface TargetInput {
  areaCode: string;
  scheme: TargetScheme;
  measure: TargetMeasure;
  kind: TargetKind;
  periodStart: string;
  periodEnd: string;
  /** Participants (an integer ≥ 0) or a coverage percentage (0–100, at most two decimals). */
  value: number;
  /** Milestones: the share of the plan (0…1) due by `milestoneBy`. */
  share?: number | null | undefined;
  milestoneBy?: string | null | undefined;
  countsKinds?: ("new" | "renewal" | "returning")[] | undefined;
  campaignId?: number | null | undefined;
  note?: string | null | undefined;
}

const hasTwoDecimals = (v: number) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6;

export const targetInputSchema = z
  .strictObject({
    areaCode: areaCodeSchema,
    scheme: z.enum(targetSchemes, { error: "target.scheme" }),
    measure: z.enum(targetMeasures, { error: "target.measure" }),
    kind: z.enum(targetKinds, { error: "target.kind" }),
    periodStart: isoDate,
    periodEnd: isoDate,
    value: z.number({ error: "target.value" }).check(z.minimum(0, { error: "target.value" }), z.maximum(1e12, { error: "target.value" })),
    share: z.optional(
      z.nullable(z.number({ error: "milestone.share" }).check(z.minimum(0, { error: "milestone.share" }), z.maximum(1, { error: "milestone.share" }))),
    ),
    milestoneBy: z.optional(z.nullable(isoDate)),
    countsKinds: z.optional(
      z
        .array(z.enum(targetCountKinds, { error: "target.countsKinds" }))
        .check(z.minLength(1, { error: "target.countsKinds" }), z.maxLength(3, { error: "target.countsKinds" })),
    ),
    campaignId: z.optional(
      z.nullable(z.number({ error: "target.campaign" }).check(z.int({ error: "target.campaign" }), z.positive({ error: "target.campaign" }))),
    ),
    note: z.optional(z.nullable(z.string({ error: "target.note" }).check(z.maxLength(1000, { error: "target.note" })))),
  })
  .check(
    z.superRefine((t, ctx) => {
      if (t.periodStart > t.periodEnd) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "period.order", input: t.periodEnd });
      if (!schemesOfMeasure[t.measure].includes(t.scheme)) {
        ctx.addIssue({ code: "custom", path: ["scheme"], message: "target.schemeOfMeasure", input: t.scheme, params: { measure: t.measure } });
      }
      if (t.measure === "coverage_percent") {
        if (t.value > 100 || !hasTwoDecimals(t.value)) ctx.addIssue({ code: "custom", path: ["value"], message: "target.percent", input: t.value });
      } else if (t.kind === "milestone" ? !hasTwoDecimals(t.value) : !Number.isSafeInteger(t.value)) {
        // A milestone is a share of the plan (50% of 245 is 122.5): up to two decimals.
        ctx.addIssue({ code: "custom", path: ["value"], message: "target.count", input: t.value });
      }
      if (t.kind === "milestone") {
        if (t.share == null) ctx.addIssue({ code: "custom", path: ["share"], message: "target.shareRequired", input: t.share });
        if (t.milestoneBy == null) ctx.addIssue({ code: "custom", path: ["milestoneBy"], message: "target.milestoneByRequired", input: t.milestoneBy });
        else if (t.milestoneBy < t.periodStart || t.milestoneBy > t.periodEnd) {
          ctx.addIssue({ code: "custom", path: ["milestoneBy"], message: "milestone.by", input: t.milestoneBy });
        }
      } else {
        if (t.share != null) ctx.addIssue({ code: "custom", path: ["share"], message: "target.milestoneOnly", input: t.share });
        if (t.milestoneBy != null) ctx.addIssue({ code: "custom", path: ["milestoneBy"], message: "target.milestoneOnly", input: t.milestoneBy });
      }
    }),
  );

/**
 * Checks a target as typed by an admin: the scheme fits the measure (counts on a registry scheme,
 * coverage on health or social insurance), counts are whole numbers (a milestone, a share of the
 * plan, may have two decimals), a percentage lies in 0–100
 * with at most two decimals, the period does not end before it starts, and a milestone has a
 * share (0–1) and a date inside the period (other kinds have neither). Throws
 * TARGETS.INVALID_INPUT with one issue per problem, each on its field.
 */
export function checkTargetInput(input: TargetInput): TargetInput {
  return parseOrThrow(targetInputSchema, input, "TARGETS.INVALID_INPUT") as TargetInput;
}
