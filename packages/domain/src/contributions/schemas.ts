/**
 * Zod schemas of the contribution commands: the one validation of each input. tRPC `.input()`
 * and admin forms use them, and the functions parse their input with them (unknown keys refused,
 * required keys required). The figures that depend on the date (income floor and ceiling) are
 * checked by the functions, which throw coded `DomainError`s. Messages are keys of the
 * `messageCatalogue` (`@ansinh/domain/validation`), which renders them in both languages.
 */
import * as z from "zod/mini";
import { isoDate } from "../date-schema.js";
import { supportGroups } from "../rates/types.js";
import type { RatesTable } from "../rates/types.js";
import { ADVANCE_MAX_YEARS, ADVANCE_MIN_YEARS, householdMonths, MAX_HOUSEHOLD_MEMBERS } from "./constants.js";

/** An ISO date string `YYYY-MM-DD` naming a real day. */
export const dateInputSchema = isoDate;

/** Integer VND, 0 or more. */
const moneySchema = z.number({ error: "money" }).check(z.int({ error: "money" }), z.minimum(0, { error: "money" }), z.maximum(Number.MAX_SAFE_INTEGER, { error: "money" }));

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
        .check(z.int({ error: "plan.years" }), z.minimum(ADVANCE_MIN_YEARS, { error: "plan.years" }), z.maximum(ADVANCE_MAX_YEARS, { error: "plan.years" })),
      monthlyReturnRate: z.number({ error: "plan.rate" }).check(z.minimum(0, { error: "plan.rate" }), z.lt(1, { error: "plan.rate" })),
    }),
  ],
  { error: "plan" },
);

const voluntaryShape = {
  paymentDate: dateInputSchema,
  monthlyIncome: z
    .number({ error: "income" })
    .check(z.int({ error: "income" }), z.minimum(1, { error: "income" }), z.maximum(Number.MAX_SAFE_INTEGER, { error: "income" })),
  supportGroups: z.array(supportGroupSchema, { error: "supportGroups" }).check(z.maxLength(supportGroups.length, { error: "supportGroups.tooMany" })),
  plan: paymentPlanSchema,
  supportedMonthsUsed: z.optional(
    z
      .number({ error: "monthsUsed" })
      .check(z.int({ error: "monthsUsed" }), z.minimum(0, { error: "monthsUsed" }), z.maximum(Number.MAX_SAFE_INTEGER, { error: "monthsUsed" })),
  ),
  localSupportPerMonth: z.optional(moneySchema),
};
export const voluntaryContributionInputSchema = z.strictObject(voluntaryShape);

export const householdMemberSchema = z.strictObject({
  rank: z
    .number({ error: "household.rank" })
    .check(z.int({ error: "household.rank" }), z.minimum(1, { error: "household.rank" }), z.maximum(Number.MAX_SAFE_INTEGER, { error: "household.rank" })),
  stateSupported: z.optional(z.boolean({ error: "boolean" })),
  id: z.optional(z.string({ error: "household.id" })),
});

const householdShape = {
  paymentDate: dateInputSchema,
  members: z.union(
    [
      z
        .number({ error: "household.members" })
        .check(z.int({ error: "household.members" }), z.minimum(1, { error: "household.members" }), z.maximum(MAX_HOUSEHOLD_MEMBERS, { error: "household.members" })),
      z.array(householdMemberSchema).check(
        z.minLength(1, { error: "household.members" }),
        z.maxLength(MAX_HOUSEHOLD_MEMBERS, { error: "household.members" }),
        z.superRefine((ms, ctx) => {
          const seen = new Set<number>();
          ms.forEach((m, i) => {
            if (seen.has(m.rank)) ctx.addIssue({ code: "custom", path: [i, "rank"], message: "household.duplicateRank", input: m.rank });
            seen.add(m.rank);
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
};
export const householdHealthInputSchema = z.strictObject(householdShape);

const healthCardShape = {
  paymentDate: dateInputSchema,
  previousCardEnd: z.nullish(dateInputSchema),
};
export const healthCardStartInputSchema = z.strictObject(healthCardShape);

/** The `rates` argument the functions take besides the command (checked in full by `ratesOn`). */
export const ratesArgument = z.optional(z.custom<RatesTable>((v) => Array.isArray(v), { error: "rates" }));

/** The functions' own inputs: the command plus an optional rates table. */
export const voluntaryContributionFunctionSchema = z.strictObject({ ...voluntaryShape, rates: ratesArgument });
export const householdHealthFunctionSchema = z.strictObject({ ...householdShape, rates: ratesArgument });
export const healthCardStartFunctionSchema = z.strictObject({ ...healthCardShape, rates: ratesArgument });
