import { argumentError, describeValue } from "../argument-error.js";
import { isIsoDate, type IsoDate, type IsoDateArg } from "../dates.js";
import { DomainError } from "../errors.js";
import { defaultRates } from "./default-rates.js";
import { buildRates, ratesIndexOf, rowOnIndex } from "./table.js";
import { rateKeys, type RateKey, type RateRow, type Rates, type RatesTable } from "./types.js";

function checkDate(date: unknown): asserts date is IsoDate {
  if (!isIsoDate(date)) {
    const got = describeValue(date);
    throw new DomainError(
      "RATES.INVALID_DATE",
      `Ngày phải là chuỗi dạng YYYY-MM-DD, một ngày có thật từ năm 1900 (nhận được: ${got.vi})`,
      `A date must be a string YYYY-MM-DD naming a real day from 1900 on (got ${got.en})`,
      { date },
    );
  }
}

/**
 * The row of `key` in force on `date`: latest `from` ≤ date; on a tie, the later row wins.
 * Throws `RATES.INVALID_ROW` for a malformed table (checked once per table), `RATES.INVALID_DATE`
 * for a bad date and `RATES.INVALID_INPUT` for an unknown key.
 */
export function rateRowOn<K extends RateKey, D extends string = string>(
  key: K,
  date: IsoDateArg<D>,
  table: RatesTable = defaultRates,
): Extract<RateRow, { key: K }> | undefined {
  if (!rateKeys.includes(key)) {
    throw argumentError("RATES.INVALID_INPUT", ["key"], { vi: `một loại thông số (${rateKeys.join(", ")})`, en: `a rate key (${rateKeys.join(", ")})` }, key);
  }
  checkDate(date);
  return rowOnIndex(ratesIndexOf(table), key, date);
}

/**
 * The figures in force on `date` (ISO `YYYY-MM-DD`), from `table` (the national `defaultRates`
 * unless given). Throws `RATES.INVALID_DATE` for a bad date, `RATES.INVALID_ROW` when any row of
 * the table is malformed (naming the row and the field; checked once per table) and
 * `RATES.NOT_IN_FORCE` when a needed figure has no row on that date.
 */
export function ratesOn<D extends string>(date: IsoDateArg<D>, table: RatesTable = defaultRates): Rates {
  checkDate(date);
  return buildRates(ratesIndexOf(table), date);
}

/** Every distinct `from` date of the table, sorted: the days on which some figure changes. */
export function rateChangeDates(table: RatesTable = defaultRates): IsoDate[] {
  return [...new Set(ratesIndexOf(table).table.map((r) => r.from))].sort();
}
