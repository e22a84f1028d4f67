import { z } from "zod";
import { isIsoDate, isoDateSchema, type IsoDate } from "../dates.js";
import { DomainError } from "../errors.js";
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
  .number({ message: "Số tiền phải là số / Amount must be a number" })
  .int("Số tiền phải là số nguyên đồng / Amount must be a whole number of đồng")
  .min(0, "Số tiền không được âm / Amount cannot be negative")
  .max(Number.MAX_SAFE_INTEGER, "Số tiền quá lớn / Amount is too large");
const positiveMoney = money.min(1, "Số tiền phải lớn hơn 0 / Amount must be above 0");
const bp = z
  .number({ message: "Tỷ lệ phải là số / Rate must be a number" })
  .int("Tỷ lệ tính bằng phần vạn nguyên (2200 = 22%) / Rates are whole basis points (2200 = 22%)")
  .min(0, "Tỷ lệ không được âm / Rate cannot be negative")
  .max(10_000, "Tỷ lệ không quá 100% / Rate cannot exceed 100%");
const multiple = z
  .number()
  .int("Hệ số phải là số nguyên / Multiple must be a whole number")
  .min(1, "Hệ số phải từ 1 trở lên / Multiple must be at least 1");

const localSupportRuleSchema = z.union([
  z.object({ amount: money }).strict(),
  z.object({ rateBp: bp }).strict(),
]);

/** Zod schema of each row's `value`, by key. */
export const rateValueSchemas = {
  baseSalary: positiveMoney,
  ruralPovertyLine: positiveMoney,
  voluntaryContributionRateBp: bp,
  incomeFloorMultiple: multiple,
  incomeCeilingMultiple: multiple,
  stateSupportBp: z.object({ poor: bp, near_poor: bp, ethnic_minority: bp, island: bp, other: bp }).strict(),
  supportCapMonths: z.number().int("Số tháng phải là số nguyên / Months must be a whole number").min(0),
  healthInsuranceRateBp: bp,
  healthMemberFactorsBp: z.array(bp.min(1)).min(1, "Cần ít nhất một hệ số / At least one factor is needed"),
  localSupport: z.partialRecord(z.enum(supportGroups), localSupportRuleSchema),
} satisfies { [K in RateKey]: z.ZodType<RateValues[K]> };

const rowBase = {
  from: isoDateSchema,
  source: z.string().trim().min(1, "Mỗi dòng phải ghi nguồn pháp lý / Every row needs its legal source"),
  unconfirmed: z.boolean().optional(),
  note: z.string().optional(),
};

const row = <K extends RateKey, S extends z.ZodType<RateValues[K]>>(key: K, value: S) =>
  z.object({ key: z.literal(key), value, ...rowBase });

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
  { message: "Loại thông số không hợp lệ / Unknown rate key" },
);

/** Zod schema of a whole rates table. */
export const ratesTableSchema = z.array(rateRowSchema);

/** The row of `key` in force on `date`: latest `from` ≤ date; on a tie, the later row wins. */
export function rateRowOn<K extends RateKey>(
  key: K,
  date: IsoDate,
  table: RatesTable = defaultRates,
): Extract<RateRow, { key: K }> | undefined {
  let best: RateRow | undefined;
  for (const row of table) {
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
    throw new DomainError("RATES.INVALID_DATE", `Ngày không hợp lệ: ${String(date)}`, `Invalid date: ${String(date)}`, {
      date,
    });
  }
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
    const parsed = rateValueSchemas[key].safeParse(row.value);
    const sourceOk = typeof row.source === "string" && row.source.trim() !== "";
    if (!parsed.success || !sourceOk) {
      const why = parsed.success ? "Thiếu nguồn pháp lý / The legal source is missing" : parsed.error.issues[0]!.message;
      throw new DomainError(
        "RATES.INVALID_ROW",
        `Dòng "${key}" từ ${row.from} không hợp lệ: ${why}`,
        `The "${key}" row from ${row.from} is invalid: ${why}`,
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
  return [...new Set(table.map((r) => r.from))].sort();
}
