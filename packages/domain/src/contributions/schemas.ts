/**
 * Zod schemas of the contribution commands: the one validation of each input. tRPC `.input()`
 * and admin forms use them, and the functions parse their input with them (unknown keys refused,
 * required keys required). The figures that depend on the date (income floor and ceiling) are
 * checked by the functions, which throw coded `DomainError`s. Messages are keys of the
 * `messageCatalogue` (`@ansinh/domain/validation`), which renders them in both languages.
 */
import { z } from "zod";
import { isoDateSchema } from "../dates.js";
import { supportGroups } from "../rates/types.js";
import type { RatesTable } from "../rates/types.js";
import { ADVANCE_MAX_YEARS, ADVANCE_MIN_YEARS, householdMonths, MAX_HOUSEHOLD_MEMBERS } from "./constants.js";

/** An ISO date string `YYYY-MM-DD` naming a real day. */
export const dateInputSchema = isoDateSchema;

/** Integer VND, 0 or more. */
const moneySchema = z.number({ error: "money" }).int({ error: "money" }).min(0, { error: "money" }).max(Number.MAX_SAFE_INTEGER, { error: "money" });

export const supportGroupSchema = z.enum(supportGroups, { error: "supportGroup" });

export const paymentPlanSchema = z.discriminatedUnion(
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
        .int({ error: "plan.years" })
        .min(ADVANCE_MIN_YEARS, { error: "plan.years" })
        .max(ADVANCE_MAX_YEARS, { error: "plan.years" }),
      monthlyReturnRate: z.number({ error: "plan.rate" }).min(0, { error: "plan.rate" }).lt(1, { error: "plan.rate" }),
    }),
  ],
  { error: "plan" },
);

export const voluntaryContributionInputSchema = z.strictObject({
  paymentDate: dateInputSchema,
  monthlyIncome: z
    .number({ error: "income" })
    .int({ error: "income" })
    .min(1, { error: "income" })
    .max(Number.MAX_SAFE_INTEGER, { error: "income" }),
  supportGroups: z.array(supportGroupSchema, { error: "supportGroups" }).max(supportGroups.length, { error: "supportGroups.tooMany" }),
  plan: paymentPlanSchema,
  supportedMonthsUsed: z
    .number({ error: "monthsUsed" })
    .int({ error: "monthsUsed" })
    .min(0, { error: "monthsUsed" })
    .max(Number.MAX_SAFE_INTEGER, { error: "monthsUsed" })
    .optional(),
  localSupportPerMonth: moneySchema.optional(),
});

export const householdMemberSchema = z.strictObject({
  rank: z.number({ error: "household.rank" }).int({ error: "household.rank" }).min(1, { error: "household.rank" }).max(Number.MAX_SAFE_INTEGER, { error: "household.rank" }),
  stateSupported: z.boolean({ error: "boolean" }).optional(),
  id: z.string({ error: "household.id" }).optional(),
});

export const householdHealthInputSchema = z.strictObject({
  paymentDate: dateInputSchema,
  members: z.union(
    [
      z.number({ error: "household.members" }).int({ error: "household.members" }).min(1, { error: "household.members" }).max(MAX_HOUSEHOLD_MEMBERS, { error: "household.members" }),
      z
        .array(householdMemberSchema)
        .min(1, { error: "household.members" })
        .max(MAX_HOUSEHOLD_MEMBERS, { error: "household.members" })
        .superRefine((ms, ctx) => {
          const seen = new Set<number>();
          ms.forEach((m, i) => {
            if (seen.has(m.rank)) ctx.addIssue({ code: "custom", path: [i, "rank"], message: "household.duplicateRank", input: m.rank });
            seen.add(m.rank);
          });
        }),
    ],
    { error: "household.members" },
  ),
  months: z.union([z.literal(householdMonths[0]), z.literal(householdMonths[1]), z.literal(householdMonths[2])], {
    error: "household.months",
  }),
  stateSupported: z.boolean({ error: "boolean" }).optional(),
});

export const healthCardStartInputSchema = z.strictObject({
  paymentDate: dateInputSchema,
  previousCardEnd: dateInputSchema.nullish(),
});

/** The `rates` argument the functions take besides the command (checked in full by `ratesOn`). */
const ratesArgument = z.custom<RatesTable>((v) => Array.isArray(v), { error: "rates" }).optional();

/** The functions' own inputs: the command plus an optional rates table. */
export const voluntaryContributionFunctionSchema = voluntaryContributionInputSchema.extend({ rates: ratesArgument });
export const householdHealthFunctionSchema = householdHealthInputSchema.extend({ rates: ratesArgument });
export const healthCardStartFunctionSchema = healthCardStartInputSchema.extend({ rates: ratesArgument });
