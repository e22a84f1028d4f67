/**
 * Zod schemas of the contribution commands, for tRPC `.input()` and admin forms. The functions
 * check their input without zod (`check.ts`), with the same rules; a property test keeps the two
 * in step. The figures that depend on the date (income floor and ceiling) are checked by the
 * functions, which throw coded `DomainError`s. Messages are keys of the `messageCatalogue`
 * (`@ansinh/domain/validation`), which renders them in both languages. Each schema is built by a
 * pure call, so a bundle keeps only the schemas it uses (and no zod when it uses none).
 */
import * as z from "zod/mini";
import { isoDate } from "../date-schema.js";
import { supportGroups } from "../rates/types.js";
import {
  ADVANCE_MAX_YEARS,
  ADVANCE_MIN_YEARS,
  householdMonths,
  MAX_HOUSEHOLD_MEMBERS,
  MAX_MONTHLY_RETURN_RATE,
  MAX_SUPPORTED_MONTHS_USED,
} from "./constants.js";

/** An ISO date string `YYYY-MM-DD` naming a real day. */
export const dateInputSchema = isoDate;

export const supportGroupSchema = /* @__PURE__ */ z.enum(supportGroups, { error: "supportGroup" });

function makePaymentPlanSchema() {
  return z.discriminatedUnion(
    "kind",
    [
      z.strictObject({
        kind: z.literal("periodic"),
        months: z.union([z.literal(1), z.literal(3), z.literal(6), z.literal(12)], { error: "plan.months" }),
      }),
      z.strictObject({
        kind: z.literal("advance"),
        years: z
          .number({ error: "plan.years" })
          .check(z.int({ error: "plan.years" }), z.minimum(ADVANCE_MIN_YEARS, { error: "plan.years" }), z.maximum(ADVANCE_MAX_YEARS, { error: "plan.years" })),
        monthlyReturnRate: z
          .number({ error: "plan.rate" })
          .check(z.minimum(0, { error: "plan.rate" }), z.maximum(MAX_MONTHLY_RETURN_RATE, { error: "plan.rate" })),
      }),
    ],
    { error: "plan" },
  );
}

export const paymentPlanSchema = /* @__PURE__ */ makePaymentPlanSchema();

function makeVoluntarySchema() {
  // z.int() is a safe integer: 1e20 is one issue, not two.
  const money = z.number({ error: "money" }).check(z.int({ error: "money" }), z.minimum(0, { error: "money" }));
  return z.strictObject({
    paymentDate: dateInputSchema,
    monthlyIncome: z.number({ error: "income" }).check(z.int({ error: "income" }), z.minimum(1, { error: "income" })),
    // A refine, not maxLength: it does not run on what is not a list ("near_poor" is not "too many").
    supportGroups: z
      .array(supportGroupSchema, { error: "supportGroups" })
      .check(z.refine((groups) => groups.length <= supportGroups.length, { error: "supportGroups.tooMany" })),
    plan: paymentPlanSchema,
    supportedMonthsUsed: z.optional(
      z
        .number({ error: "monthsUsed" })
        .check(z.int({ error: "monthsUsed" }), z.minimum(0, { error: "monthsUsed" }), z.maximum(MAX_SUPPORTED_MONTHS_USED, { error: "monthsUsed" })),
    ),
    localSupportPerMonth: z.optional(money),
  });
}

export const voluntaryContributionInputSchema = /* @__PURE__ */ makeVoluntarySchema();

function makeMemberSchema() {
  return z.strictObject({
    rank: z.number({ error: "household.rank" }).check(z.int({ error: "household.rank" }), z.minimum(1, { error: "household.rank" })),
    stateSupported: z.optional(z.boolean({ error: "boolean" })),
    id: z.optional(z.string({ error: "household.id" })),
  });
}

export const householdMemberSchema = /* @__PURE__ */ makeMemberSchema();

function makeHouseholdSchema() {
  return z.strictObject({
    paymentDate: dateInputSchema,
    members: z.union(
      [
        z
          .number({ error: "household.members" })
          .check(
            z.int({ error: "household.members" }),
            z.minimum(1, { error: "household.members" }),
            z.maximum(MAX_HOUSEHOLD_MEMBERS, { error: "household.members" }),
          ),
        z.array(householdMemberSchema).check(
          z.minLength(1, { error: "household.members" }),
          z.maxLength(MAX_HOUSEHOLD_MEMBERS, { error: "household.members" }),
          z.superRefine((ms, ctx) => {
            const ranks = new Set<number>();
            const ids = new Set<string>();
            ms.forEach((m, i) => {
              if (ranks.has(m.rank)) ctx.addIssue({ code: "custom", path: [i, "rank"], message: "household.duplicateRank", input: m.rank });
              ranks.add(m.rank);
              if (m.id !== undefined) {
                if (ids.has(m.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: "household.duplicateId", input: m.id });
                ids.add(m.id);
              }
            });
          }),
        ),
      ],
      { error: "household.members" },
    ),
    months: z.union([z.literal(householdMonths[0]), z.literal(householdMonths[1]), z.literal(householdMonths[2])], {
      error: "household.months",
    }),
    stateSupported: z.optional(z.boolean({ error: "boolean" })),
  });
}

export const householdHealthInputSchema = /* @__PURE__ */ makeHouseholdSchema();

function makeHealthCardSchema() {
  return z.strictObject({ paymentDate: dateInputSchema, previousCardEnd: z.nullish(dateInputSchema) });
}

export const healthCardStartInputSchema = /* @__PURE__ */ makeHealthCardSchema();
