import * as z from "zod/mini";
import { isIsoDate, type IsoDate } from "../dates.js";
import { isoDate } from "../date-schema.js";
import { DomainError } from "../errors.js";
import { argumentError, describeValue, issuesFromZod } from "../validation.js";
import { defaultRates } from "./default-rates.js";
import {
  rateKeys,
  requiredRateKeys,
  supportGroups,
  type RateKey,
  type RateProvenance,
  type RateRow,
  type Rates,
  type RatesTable,
  type RateValues,
} from "./types.js";

const money = z
  .number({ error: "rates.money" })
  .check(z.int({ error: "rates.money" }), z.minimum(0, { error: "rates.money" }), z.maximum(Number.MAX_SAFE_INTEGER, { error: "rates.money" }));
const positiveMoney = z
  .number({ error: "rates.positiveMoney" })
  .check(
    z.int({ error: "rates.positiveMoney" }),
    z.minimum(1, { error: "rates.positiveMoney" }),
    z.maximum(Number.MAX_SAFE_INTEGER, { error: "rates.positiveMoney" }),
  );
const bp = z.number({ error: "rates.bp" }).check(z.int({ error: "rates.bp" }), z.minimum(0, { error: "rates.bp" }), z.maximum(10_000, { error: "rates.bp" }));
const positiveBp = z.number({ error: "rates.bp" }).check(z.int({ error: "rates.bp" }), z.minimum(1, { error: "rates.bp" }), z.maximum(10_000, { error: "rates.bp" }));
const multiple = z.number({ error: "rates.multiple" }).check(z.int({ error: "rates.multiple" }), z.minimum(1, { error: "rates.multiple" }));

const localSupportRuleSchema = z.union([
  z.strictObject({ amount: money }),
  z.strictObject({ rateBp: bp }),
]);

/** Zod schema of each row's `value`, by key. */
export const rateValueSchemas = {
  baseSalary: positiveMoney,
  ruralPovertyLine: positiveMoney,
  voluntaryContributionRateBp: bp,
  incomeFloorMultiple: multiple,
  incomeCeilingMultiple: multiple,
  stateSupportBp: z.strictObject({ poor: bp, near_poor: bp, ethnic_minority: bp, island: bp, other: bp }),
  supportCapMonths: z.number({ error: "rates.months" }).check(z.int({ error: "rates.months" }), z.minimum(0, { error: "rates.months" })),
  healthInsuranceRateBp: bp,
  healthMemberFactorsBp: z.array(positiveBp).check(z.minLength(1, { error: "rates.factors" })),
  localSupport: z.partialRecord(z.enum(supportGroups), localSupportRuleSchema),
} satisfies { [K in RateKey]: z.ZodMiniType<RateValues[K]> };

const rowBase = {
  from: isoDate,
  source: z.string({ error: "rates.source" }).check(z.trim(), z.minLength(1, { error: "rates.source" })),
  unconfirmed: z.optional(z.boolean({ error: "boolean" })),
  note: z.optional(z.string()),
};

const row = <K extends RateKey, S extends z.ZodMiniType<RateValues[K]>>(key: K, value: S) =>
  z.strictObject({ key: z.literal(key), value, ...rowBase });

/** Zod schema of one rates row (e.g. for rows stored in a database or entered by an admin). */
export const rateRowSchema = z.discriminatedUnion(
  "key",
  [
    row("baseSalary", rateValueSchemas.baseSalary),
    row("ruralPovertyLine", rateValueSchemas.ruralPovertyLine),
    row("voluntaryContributionRateBp", rateValueSchemas.voluntaryContributionRateBp),
    row("incomeFloorMultiple", rateValueSchemas.incomeFloorMultiple),
    row("incomeCeilingMultiple", rateValueSchemas.incomeCeilingMultiple),
    row("stateSupportBp", rateValueSchemas.stateSupportBp),
    row("supportCapMonths", rateValueSchemas.supportCapMonths),
    row("healthInsuranceRateBp", rateValueSchemas.healthInsuranceRateBp),
    row("healthMemberFactorsBp", rateValueSchemas.healthMemberFactorsBp),
    row("localSupport", rateValueSchemas.localSupport),
  ],
  { error: "rates.key" },
);

/** Zod schema of a whole rates table. */
export const ratesTableSchema = z.array(rateRowSchema);

/** The row of `key` in force on `date`: latest `from` ≤ date; on a tie, the later row wins. */
export function rateRowOn<K extends RateKey>(
  key: K,
  date: IsoDate,
  table: RatesTable = defaultRates,
): Extract<RateRow, { key: K }> | undefined {
  if (!Array.isArray(table)) throw argumentError("RATES.INVALID_ROW", ["rates"], { vi: "một bảng thông số (danh sách dòng)", en: "a rates table (a list of rows)" }, table);
  let best: RateRow | undefined;
  for (const [i, row] of table.entries()) {
    if (typeof row !== "object" || row === null) {
      throw argumentError("RATES.INVALID_ROW", ["rates", i], { vi: "một dòng { key, from, value, source }", en: "a row { key, from, value, source }" }, row);
    }
    if (row.key !== key || row.from > date) continue;
    if (best === undefined || row.from >= best.from) best = row;
  }
  return best as Extract<RateRow, { key: K }> | undefined;
}

/**
 * The figures in force on `date` (ISO `YYYY-MM-DD`), from `table` (the national
 * `defaultRates` unless given). Throws `RATES.NOT_IN_FORCE` when a needed figure has no row
 * on that date and `RATES.INVALID_ROW` when the row in force is malformed.
 */
export function ratesOn(date: IsoDate, table: RatesTable = defaultRates): Rates {
  if (!isIsoDate(date)) {
    const got = describeValue(date);
    throw new DomainError(
      "RATES.INVALID_DATE",
      `Ngày phải là chuỗi dạng YYYY-MM-DD, một ngày có thật từ năm 1900 (nhận được: ${got.vi})`,
      `A date must be a string YYYY-MM-DD naming a real day from 1900 on (got ${got.en})`,
      { date },
    );
  }
  if (!Array.isArray(table)) throw argumentError("RATES.INVALID_ROW", ["rates"], { vi: "một bảng thông số (danh sách dòng)", en: "a rates table (a list of rows)" }, table);
  const values: Partial<RateValues> = {};
  const provenance: Partial<Record<RateKey, RateProvenance>> = {};
  const unconfirmed: RateKey[] = [];
  for (const key of rateKeys) {
    const row = rateRowOn(key, date, table);
    if (row === undefined) {
      if (key === "localSupport") continue;
      throw new DomainError(
        "RATES.NOT_IN_FORCE",
        `Bảng thông số không có "${key}" có hiệu lực ngày ${date}`,
        `The rates table has no "${key}" in force on ${date}`,
        { key, date },
      );
    }
    const parsed = (rateValueSchemas[key] as z.ZodMiniType).safeParse(row.value, { reportInput: true });
    const sourceOk = typeof row.source === "string" && row.source.trim() !== "";
    if (!parsed.success || !sourceOk) {
      const why = parsed.success
        ? [{ path: ["source"], vi: "Thiếu nguồn pháp lý", en: "The legal source is missing" }]
        : issuesFromZod(parsed.error, { input: row.value }).map((i) => ({ ...i, path: ["value", ...i.path] }));
      throw new DomainError(
        "RATES.INVALID_ROW",
        why.map((i) => ({
          path: ["rates", table.indexOf(row), ...i.path],
          vi: `Dòng "${key}" từ ${row.from} không hợp lệ: ${i.vi}`,
          en: `The "${key}" row from ${row.from} is invalid: ${i.en}`,
        })),
        { key, from: row.from },
      );
    }
    (values as Record<string, unknown>)[key] = row.value;
    provenance[key] = {
      key,
      from: row.from,
      source: row.source,
      unconfirmed: row.unconfirmed === true,
      ...(row.note === undefined ? {} : { note: row.note }),
    };
    if (row.unconfirmed === true) unconfirmed.push(key);
  }
  for (const key of requiredRateKeys) if (values[key] === undefined) throw new Error(`unreachable: ${key}`);
  const v = values as RateValues;
  return {
    date,
    baseSalary: v.baseSalary,
    ruralPovertyLine: v.ruralPovertyLine,
    voluntaryContributionRateBp: v.voluntaryContributionRateBp,
    incomeFloorMultiple: v.incomeFloorMultiple,
    incomeCeilingMultiple: v.incomeCeilingMultiple,
    incomeFloor: v.incomeFloorMultiple * v.ruralPovertyLine,
    incomeCeiling: v.incomeCeilingMultiple * v.baseSalary,
    stateSupportBp: { ...v.stateSupportBp },
    supportCapMonths: v.supportCapMonths,
    healthInsuranceRateBp: v.healthInsuranceRateBp,
    healthMemberFactorsBp: [...v.healthMemberFactorsBp],
    localSupport: { ...(v.localSupport ?? {}) },
    provenance,
    unconfirmed,
  };
}

/** Every distinct `from` date of the table, sorted: the days on which some figure changes. */
export function rateChangeDates(table: RatesTable = defaultRates): IsoDate[] {
  if (!Array.isArray(table)) throw argumentError("RATES.INVALID_ROW", ["rates"], { vi: "một bảng thông số (danh sách dòng)", en: "a rates table (a list of rows)" }, table);
  return [...new Set(table.map((r) => r.from))].sort();
}
