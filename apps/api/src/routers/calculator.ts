import { z } from "zod";
import {
  dateInputSchema,
  healthCardStart,
  healthCardStartInputSchema,
  householdHealthContribution,
  householdHealthInputSchema,
  voluntaryContribution,
  voluntaryContributionInputSchema,
} from "@ansinh/domain/contributions";
import { checkPersonalId, checkPersonalIdInputSchema } from "@ansinh/domain/identity";
import { ratesOn, type RateKey } from "@ansinh/domain/rates";
import { publicProcedure, router } from "../trpc.js";

/**
 * The contribution calculator: anyone may use it, signed in or not (a citizen at the counter,
 * a collector on a phone). Each procedure parses its input with the domain's schema, calls the
 * domain and returns its result; DomainErrors become 400s with both languages in trpc.ts.
 * The national rates table applies (no per-province table yet).
 */
export const calculatorRouter = router({
  /** The figures in force on a date, for the form (income slider range, support rates) and the footnotes. */
  rates: publicProcedure
    .meta({ access: "public" })
    .input(z.object({ date: dateInputSchema }))
    .query(({ input }) => {
      const r = ratesOn(input.date);
      return {
        date: r.date,
        baseSalary: r.baseSalary,
        ruralPovertyLine: r.ruralPovertyLine,
        voluntaryContributionRateBp: r.voluntaryContributionRateBp,
        incomeFloor: r.incomeFloor,
        incomeCeiling: r.incomeCeiling,
        stateSupportBp: r.stateSupportBp,
        supportCapMonths: r.supportCapMonths,
        healthInsuranceRateBp: r.healthInsuranceRateBp,
        healthMemberFactorsBp: [...r.healthMemberFactorsBp],
        /** Keys whose figure in force still needs confirming. */
        unconfirmed: r.unconfirmed as RateKey[],
        /** The row behind each figure: first day in force, legal source, flag and note. */
        provenance: Object.values(r.provenance).map((p) => ({
          key: p.key,
          from: p.from,
          source: p.source,
          unconfirmed: p.unconfirmed,
          note: p.note ?? null,
        })),
      };
    }),

  /** Voluntary social insurance: per month, segments, totals and the explanation. */
  voluntary: publicProcedure
    .meta({ access: "public" })
    .input(voluntaryContributionInputSchema)
    .query(({ input }) => voluntaryContribution(input)),

  /** Household health insurance: each member's factor and amounts, and the household's. */
  household: publicProcedure
    .meta({ access: "public" })
    .input(householdHealthInputSchema)
    .query(({ input }) => householdHealthContribution(input)),

  /** The health card's first valid day for a payment (first time, renewal, lapse). */
  healthCardStart: publicProcedure
    .meta({ access: "public" })
    .input(healthCardStartInputSchema)
    .query(({ input }) => healthCardStart(input)),

  /** Reads a personal identification number and lists each part that is malformed or disagrees. */
  checkPersonalId: publicProcedure
    .meta({ access: "public" })
    .input(checkPersonalIdInputSchema)
    .query(({ input }) => checkPersonalId(input.id, { birthDate: input.birthDate, gender: input.gender })),
});
