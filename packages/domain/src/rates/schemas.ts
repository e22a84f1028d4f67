/**
 * Zod schemas of rates rows and tables (e.g. for rows stored in a database or entered by an
 * admin). The functions check tables without zod (`rates/table.ts`), with the same rules; a test
 * keeps the two in step.
 */
import * as z from "zod/mini";
import { isoDate } from "../date-schema.js";
import { MAX_MEMBER_FACTORS, MAX_SUPPORT_CAP_MONTHS } from "./table.js";
import { supportGroups, type RateKey, type RateValues } from "./types.js";

function makeValueSchemas() {
  const money = z.number({ error: "rates.money" }).check(z.int({ error: "rates.money" }), z.minimum(0, { error: "rates.money" }));
  const positiveMoney = z
    .number({ error: "rates.positiveMoney" })
    .check(z.int({ error: "rates.positiveMoney" }), z.minimum(1, { error: "rates.positiveMoney" }));
  const bp = z.number({ error: "rates.bp" }).check(z.int({ error: "rates.bp" }), z.minimum(0, { error: "rates.bp" }), z.maximum(10_000, { error: "rates.bp" }));
  const positiveBp = z
    .number({ error: "rates.bp" })
    .check(z.int({ error: "rates.bp" }), z.minimum(1, { error: "rates.bp" }), z.maximum(10_000, { error: "rates.bp" }));
  const multiple = z.number({ error: "rates.multiple" }).check(z.int({ error: "rates.multiple" }), z.minimum(1, { error: "rates.multiple" }));
  const localSupportRuleSchema = z.union([z.strictObject({ amount: money }), z.strictObject({ rateBp: bp })]);
  return {
    baseSalary: positiveMoney,
    ruralPovertyLine: positiveMoney,
    voluntaryContributionRateBp: bp,
    incomeFloorMultiple: multiple,
    incomeCeilingMultiple: multiple,
    stateSupportBp: z.strictObject({ poor: bp, near_poor: bp, ethnic_minority: bp, island: bp, other: bp }),
    supportCapMonths: z
      .number({ error: "rates.months" })
      .check(z.int({ error: "rates.months" }), z.minimum(0, { error: "rates.months" }), z.maximum(MAX_SUPPORT_CAP_MONTHS, { error: "rates.months" })),
    healthInsuranceRateBp: bp,
    healthMemberFactorsBp: z
      .array(positiveBp, { error: "rates.factors" })
      .check(z.minLength(1, { error: "rates.factors" }), z.maxLength(MAX_MEMBER_FACTORS, { error: "rates.factors" })),
    localSupport: z.partialRecord(z.enum(supportGroups), localSupportRuleSchema),
  } satisfies { [K in RateKey]: z.ZodMiniType<RateValues[K]> };
}

/** Zod schema of each row's `value`, by key. */
export const rateValueSchemas = /* @__PURE__ */ makeValueSchemas();

function makeRowSchema() {
  const rowBase = {
    from: isoDate,
    source: z.string({ error: "rates.source" }).check(z.trim(), z.minLength(1, { error: "rates.source" })),
    unconfirmed: z.optional(z.boolean({ error: "boolean" })),
    note: z.optional(z.string({ error: "rates.note" })),
  };
  const row = <K extends RateKey, S extends z.ZodMiniType<RateValues[K]>>(key: K, value: S) => z.strictObject({ key: z.literal(key), value, ...rowBase });
  const v = rateValueSchemas;
  return z.discriminatedUnion(
    "key",
    [
      row("baseSalary", v.baseSalary),
      row("ruralPovertyLine", v.ruralPovertyLine),
      row("voluntaryContributionRateBp", v.voluntaryContributionRateBp),
      row("incomeFloorMultiple", v.incomeFloorMultiple),
      row("incomeCeilingMultiple", v.incomeCeilingMultiple),
      row("stateSupportBp", v.stateSupportBp),
      row("supportCapMonths", v.supportCapMonths),
      row("healthInsuranceRateBp", v.healthInsuranceRateBp),
      row("healthMemberFactorsBp", v.healthMemberFactorsBp),
      row("localSupport", v.localSupport),
    ],
    { error: "rates.key" },
  );
}

/** Zod schema of one rates row (e.g. for rows stored in a database or entered by an admin). */
export const rateRowSchema = /* @__PURE__ */ makeRowSchema();

/** Zod schema of a whole rates table. */
export const ratesTableSchema = /* @__PURE__ */ z.array(rateRowSchema);
