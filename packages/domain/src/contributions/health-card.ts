import { argumentError } from "../argument-error.js";
import { addDays, daysInMonth, isIsoDate, type IsoDate, type IsoDateArg } from "../dates.js";
import { attempt, type ContributionErrorCode, type DomainResult, type RatesErrorCode } from "../errors.js";
import { ratesIndexOf } from "../rates/table.js";
import type { RatesTable } from "../rates/types.js";
import { checkHealthCardCommand } from "./check.js";
import { viDate } from "./common.js";

/** Days after payment before a first-time (or lapsed) participant's card is valid. */
export const FIRST_CARD_WAIT_DAYS = 30;
/** A gap of this many months or more counts as a lapse. */
export const LAPSE_MONTHS = 3;

export interface HealthCardStartInput {
  paymentDate: IsoDate;
  /** Last valid day of the previous card, if the person had one. */
  previousCardEnd?: IsoDate | null;
  /**
   * Accepted for symmetry with the other functions (and `withRates`), and checked as they check
   * it; the card rules use no figure from the rates table.
   */
  rates?: RatesTable;
}

export type HealthCardStartKind =
  /** No previous card: 30 days after payment. */
  | "first_time"
  /** Paid on or before the previous card's last day: the day after it ends. */
  | "continuous"
  /** Paid after the previous card ended, but less than 3 months after: from the payment date. */
  | "late_renewal"
  /** Cover lapsed for 3 months or more: 30 days after payment, as a first-timer. */
  | "lapsed";

export interface HealthCardStart {
  /** The card's first valid day. */
  validFrom: IsoDate;
  kind: HealthCardStartKind;
  vi: string;
  en: string;
  source: string;
}

const SOURCE = "Law on Health Insurance 25/2008/QH12, amended by 46/2014/QH13 and 51/2024/QH15";

/** `date` + n calendar months, the day clamped to the month's length (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(date: IsoDate, n: number): IsoDate {
  if (!isIsoDate(date)) throw argumentError("CONTRIBUTION.INVALID_DATE", ["date"], { vi: "một ngày YYYY-MM-DD", en: "a date YYYY-MM-DD" }, date);
  if (!Number.isSafeInteger(n)) throw argumentError("CONTRIBUTION.INVALID_INPUT", ["n"], { vi: "một số nguyên tháng", en: "a whole number of months" }, n);
  const y0 = Number(date.slice(0, 4));
  const m0 = Number(date.slice(5, 7)) - 1 + n;
  const y = y0 + Math.floor(m0 / 12);
  const m = (((m0 % 12) + 12) % 12) + 1;
  const d = Math.min(Number(date.slice(8, 10)), daysInMonth(y, m));
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * The first valid day of a household health-insurance card paid on `paymentDate`
 * (docs/rules.md §3): first-time participants, and those whose cover lapsed for 3 months or more
 * (the payment falls 3 months or more after the first uncovered day), get a card valid
 * 30 days after payment. A renewal paid by the previous card's last day continues from the
 * day after it ends. A renewal paid late but within 3 months is valid from the payment date
 * (a card never starts before it is paid for).
 */
export function healthCardStart<D extends string>(input: HealthCardStartInput & { paymentDate: IsoDateArg<D> }): HealthCardStart {
  const command = checkHealthCardCommand(input);
  if (command.rates !== undefined) ratesIndexOf(command.rates);
  const { paymentDate } = command;
  const previousCardEnd = command.previousCardEnd ?? undefined;
  const wait = addDays(paymentDate, FIRST_CARD_WAIT_DAYS);
  if (previousCardEnd === undefined) {
    return {
      validFrom: wait,
      kind: "first_time",
      vi: `Tham gia lần đầu: thẻ có giá trị sau ${FIRST_CARD_WAIT_DAYS} ngày kể từ ngày đóng ${viDate(paymentDate)}, tức từ ${viDate(wait)}.`,
      en: `First-time participant: the card is valid ${FIRST_CARD_WAIT_DAYS} days after the payment on ${viDate(paymentDate)}, from ${viDate(wait)}.`,
      source: SOURCE,
    };
  }
  const firstUncovered = addDays(previousCardEnd, 1);
  if (paymentDate < firstUncovered) {
    return {
      validFrom: firstUncovered,
      kind: "continuous",
      vi: `Đóng tiếp liên tục: thẻ mới có giá trị từ ngày sau khi thẻ cũ hết hạn (${viDate(previousCardEnd)}), tức từ ${viDate(firstUncovered)}.`,
      en: `Continuous renewal: the new card is valid from the day after the previous one ends (${viDate(previousCardEnd)}), from ${viDate(firstUncovered)}.`,
      source: SOURCE,
    };
  }
  const lapseFrom = addMonths(firstUncovered, LAPSE_MONTHS);
  if (paymentDate >= lapseFrom) {
    return {
      validFrom: wait,
      kind: "lapsed",
      vi: `Thẻ cũ hết hạn ${viDate(previousCardEnd)}, gián đoạn từ ${LAPSE_MONTHS} tháng trở lên: thẻ có giá trị sau ${FIRST_CARD_WAIT_DAYS} ngày kể từ ngày đóng, tức từ ${viDate(wait)}.`,
      en: `The previous card ended on ${viDate(previousCardEnd)} and cover lapsed for ${LAPSE_MONTHS} months or more: the card is valid ${FIRST_CARD_WAIT_DAYS} days after payment, from ${viDate(wait)}.`,
      source: SOURCE,
    };
  }
  return {
    validFrom: paymentDate,
    kind: "late_renewal",
    vi: `Thẻ cũ hết hạn ${viDate(previousCardEnd)}, gián đoạn dưới ${LAPSE_MONTHS} tháng: thẻ mới có giá trị từ ngày đóng ${viDate(paymentDate)}.`,
    en: `The previous card ended on ${viDate(previousCardEnd)}, a gap of less than ${LAPSE_MONTHS} months: the new card is valid from the payment date ${viDate(paymentDate)}.`,
    source: SOURCE,
  };
}

/** `healthCardStart` without throwing (see `safeVoluntaryContribution`). */
export function safeHealthCardStart<D extends string>(
  input: HealthCardStartInput & { paymentDate: IsoDateArg<D> },
): DomainResult<HealthCardStart, ContributionErrorCode | RatesErrorCode> {
  return attempt(() => healthCardStart<string>(input)) as DomainResult<HealthCardStart, ContributionErrorCode | RatesErrorCode>;
}
