import { argumentError } from "../argument-error.js";
import type { IsoDate, IsoDateArg } from "../dates.js";
import { attempt, DomainError, type ContributionErrorCode, type DomainResult, type RatesErrorCode } from "../errors.js";
import { applyBp, decimalFraction, divRoundHalfUp, formatVnd, toSafe } from "../money.js";
import { ratesIndexOf, ratesOnIndex } from "../rates/table.js";
import { supportGroups, type RateKey, type Rates, type RatesTable, type SupportGroup } from "../rates/types.js";
import { checkVoluntaryCommand, type VoluntaryCommand } from "./check.js";
import { viDate, type ExplanationStep, type MoneyLine } from "./common.js";
import { MAX_MONTHLY_RETURN_RATE, type PeriodicMonths } from "./constants.js";
import { explainVoluntary } from "./voluntary-explanation.js";

export { periodicMonths, ADVANCE_MIN_YEARS, ADVANCE_MAX_YEARS, MAX_MONTHLY_RETURN_RATE, MAX_SUPPORTED_MONTHS_USED } from "./constants.js";
export type { PeriodicMonths } from "./constants.js";

/**
 * How the participant pays.
 * - `periodic`: monthly, or every 3, 6 or 12 months (hằng tháng / 3 / 6 / 12 tháng).
 * - `advance`: once for 2 to 5 years ahead (một lần cho nhiều năm về sau), discounted with
 *   `monthlyReturnRate` r, the fund's average monthly investment return of the previous year
 *   (a decimal per month: 0.005 means 0.5% a month; from 0 to `MAX_MONTHLY_RETURN_RATE`, 0.02;
 *   taken at its shortest decimal representation).
 */
export type PaymentPlan = { kind: "periodic"; months: PeriodicMonths } | { kind: "advance"; years: number; monthlyReturnRate: number };

export interface VoluntaryContributionInput {
  /** The payment date: every figure is the one in force on this date. */
  paymentDate: IsoDate;
  /** The chosen monthly income, integer VND, between the income floor and ceiling. */
  monthlyIncome: number;
  /** The person's groups; the highest k among them (and "other") applies. Empty = "other". */
  supportGroups: readonly SupportGroup[];
  plan: PaymentPlan;
  /** Months of state support the person has already had (default 0, at most 1,200); the total is capped. */
  supportedMonthsUsed?: number;
  /**
   * The province's support, VND per month. When omitted, the `localSupport` row of the rates
   * table in force (if any) applies.
   */
  localSupportPerMonth?: number;
  /** Your own rates table (default: the national `defaultRates`). */
  rates?: RatesTable;
}

export interface ContributionSegment {
  months: number;
  /** Whether the state supports these months (false once the support cap is reached). */
  stateSupported: boolean;
  perMonth: MoneyLine;
}

export interface VoluntaryContributionResult {
  paymentDate: IsoDate;
  plan: PaymentPlan;
  /** Months the payment covers (advance: 12 × years). */
  months: number;
  monthlyIncome: number;
  incomeFloor: number;
  incomeCeiling: number;
  ruralPovertyLine: number;
  contributionRateBp: number;
  /** The group whose k applied ("other" when no listed group gives more). */
  supportGroup: SupportGroup;
  /** k, in basis points (5,000 = 50%). */
  supportRateBp: number;
  /**
   * The amounts of one month: of the first month of the plan (a supported month whenever any
   * month is supported). When the support cap falls inside the plan, `segments` has both kinds.
   */
  perMonth: MoneyLine;
  /** Runs of identical months, supported ones first. Σ months × perMonth = undiscountedTotals. */
  segments: ContributionSegment[];
  /** What is paid for the plan. Advance: gross discounted (state and local support are not). */
  totals: MoneyLine;
  /** Σ over the segments of perMonth × months, before any advance discount. */
  undiscountedTotals: MoneyLine;
  /** undiscountedTotals.gross − totals.gross (0 for periodic plans). */
  discount: number;
  /** Months of this plan that the state supports. */
  supportedMonths: number;
  /** Months of state support the person still has after this plan. */
  supportMonthsLeft: number;
  /** Figures used that are flagged unconfirmed in the rates table. */
  unconfirmedFigures: RateKey[];
  explanation: ExplanationStep[];
}

function fail(code: ContributionErrorCode, path: string[], vi: string, en: string, details: Record<string, unknown> = {}): never {
  throw new DomainError(code, [{ path, vi, en }], details);
}

/** The highest k among the person's groups and "other" (a person gets one k only). */
function pickSupportGroup(groups: readonly SupportGroup[], rates: Rates): SupportGroup {
  let best: SupportGroup = "other";
  // A listed group wins a tie with "other", so an ethnic-minority person before 2025-07-01 is
  // shown as such even though the k equals everyone else's.
  for (const g of supportGroups) {
    if (!groups.includes(g)) continue;
    const kg = rates.stateSupportBp[g];
    const kb = rates.stateSupportBp[best];
    if (kg > kb || (kg === kb && best === "other")) best = g;
  }
  return best;
}

/** The province's support per month from the table in force: the highest among the person's groups and "other". */
function localFromTable(groups: readonly SupportGroup[], rates: Rates): number {
  let best = 0;
  for (const g of new Set<SupportGroup>([...groups, "other"])) {
    const rule = rates.localSupport[g];
    if (rule === undefined) continue;
    const amount = "amount" in rule ? rule.amount : applyBp(rates.ruralPovertyLine, rule.rateBp, rates.voluntaryContributionRateBp);
    best = Math.max(best, amount);
  }
  return best;
}

/**
 * Σ_{i=1..n} gross / (1 + r)^(i−1), exactly (r as a decimal fraction p/q), rounded half up once:
 * gross × Σ_{i=0..n−1} q^i (q+p)^(n−1−i) / (q+p)^(n−1).
 */
export function discountedSum(grossPerMonth: number, months: number, monthlyReturnRate: number): number {
  if (!Number.isSafeInteger(grossPerMonth) || grossPerMonth < 0) {
    throw argumentError(
      "CONTRIBUTION.INVALID_INPUT",
      ["grossPerMonth"],
      { vi: "một số nguyên đồng không âm", en: "a whole number of đồng ≥ 0" },
      grossPerMonth,
    );
  }
  if (!Number.isSafeInteger(months) || months < 1 || months > 1_200) {
    throw argumentError(
      "CONTRIBUTION.INVALID_INPUT",
      ["months"],
      { vi: "một số nguyên tháng từ 1 đến 1.200", en: "a whole number of months from 1 to 1,200" },
      months,
    );
  }
  if (typeof monthlyReturnRate !== "number" || !(monthlyReturnRate >= 0 && monthlyReturnRate <= MAX_MONTHLY_RETURN_RATE)) {
    throw argumentError(
      "CONTRIBUTION.INVALID_RETURN_RATE",
      ["monthlyReturnRate"],
      { vi: "lãi suất mỗi tháng, số thập phân từ 0 đến 0,02 (0,005 = 0,5%/tháng)", en: "a rate per month, a decimal from 0 to 0.02 (0.005 = 0.5% a month)" },
      monthlyReturnRate,
    );
  }
  const { p, q } = decimalFraction(monthlyReturnRate);
  const a = q + p;
  let num = 0n;
  let qPow = 1n;
  const aPows: bigint[] = [1n];
  for (let i = 1; i < months; i++) aPows.push(aPows[i - 1]! * a);
  for (let i = 0; i < months; i++) {
    num += qPow * aPows[months - 1 - i]!;
    qPow *= q;
  }
  return toSafe(divRoundHalfUp(BigInt(grossPerMonth) * num, aPows[months - 1]!));
}

const line = (gross: number, state: number, local: number): MoneyLine => ({ gross, state, local, net: gross - state - local });

/**
 * The voluntary social-insurance contribution for one payment (docs/rules.md §2).
 *
 * Per month, each amount rounded half up to the đồng:
 * - gross = 22% × chosen income;
 * - state support = k × 22% × rural poverty line in force on the payment date (k of the
 *   highest group only), never above gross; none before 2018-01-01; only for the months
 *   left under the 120-month cap (`supportedMonthsUsed`), the first months of the plan first;
 * - local support = the given amount (or the table's), a separate line, for every month of the
 *   plan, capped so that net never goes below 0;
 * - net = gross − state − local.
 * Totals = Σ per-month × months. Advance plans: the gross total is discounted
 * (Σ gross / (1 + r)^(i−1), computed exactly and rounded once at the end) and the support
 * totals are subtracted undiscounted, as docs/rules.md writes the formula.
 *
 * Throws `DomainError` (`CONTRIBUTION.*`, `RATES.*`) on bad input.
 */
export function voluntaryContribution<D extends string>(input: VoluntaryContributionInput & { paymentDate: IsoDateArg<D> }): VoluntaryContributionResult {
  const command = checkVoluntaryCommand(input);
  return voluntaryContributionOf(command, ratesOnIndex(ratesIndexOf(command.rates), command.paymentDate));
}

/**
 * `voluntaryContribution` without checking anything, for this package's own callers that have
 * checked the command (`checkVoluntaryCommand`) and read the figures in force
 * (`ratesOnIndex(ratesIndexOf(table), date)`): the income range and the amounts are computed
 * as `voluntaryContribution` does. Internal; not a public subpath.
 */
export function voluntaryContributionOf(command: VoluntaryCommand, rates: Rates): VoluntaryContributionResult {
  const { paymentDate, monthlyIncome, plan } = command;
  const months = plan.kind === "periodic" ? plan.months : plan.years * 12;
  const groups = command.supportGroups;

  if (monthlyIncome < rates.incomeFloor) {
    fail(
      "CONTRIBUTION.INCOME_BELOW_FLOOR",
      ["monthlyIncome"],
      `Thu nhập tháng ${formatVnd(monthlyIncome, "vi")} thấp hơn mức tối thiểu ${formatVnd(rates.incomeFloor, "vi")} (chuẩn nghèo khu vực nông thôn ngày ${viDate(paymentDate)})`,
      `The monthly income ${formatVnd(monthlyIncome, "en")} is below the floor of ${formatVnd(rates.incomeFloor, "en")} (the rural poverty line on ${viDate(paymentDate)})`,
      { monthlyIncome, incomeFloor: rates.incomeFloor, paymentDate },
    );
  }
  if (monthlyIncome > rates.incomeCeiling) {
    fail(
      "CONTRIBUTION.INCOME_ABOVE_CEILING",
      ["monthlyIncome"],
      `Thu nhập tháng ${formatVnd(monthlyIncome, "vi")} cao hơn mức tối đa ${formatVnd(rates.incomeCeiling, "vi")} (${rates.incomeCeilingMultiple} lần lương cơ sở ngày ${viDate(paymentDate)})`,
      `The monthly income ${formatVnd(monthlyIncome, "en")} is above the ceiling of ${formatVnd(rates.incomeCeiling, "en")} (${rates.incomeCeilingMultiple} × the base salary on ${viDate(paymentDate)})`,
      { monthlyIncome, incomeCeiling: rates.incomeCeiling, paymentDate },
    );
  }

  const used = command.supportedMonthsUsed ?? 0;
  const localGiven = command.localSupportPerMonth;
  const localPerMonth = localGiven ?? localFromTable(groups, rates);

  // --- per month ----------------------------------------------------------------------
  const rateBp = rates.voluntaryContributionRateBp;
  const gross = applyBp(monthlyIncome, rateBp);
  const group = pickSupportGroup(groups, rates);
  const k = rates.stateSupportBp[group];
  const stateFull = applyBp(rates.ruralPovertyLine, k, rateBp);
  const state = Math.min(stateFull, gross);

  const capLeft = Math.max(0, rates.supportCapMonths - used);
  const supportedMonths = state > 0 ? Math.min(months, capLeft) : 0;
  const unsupportedMonths = months - supportedMonths;

  const supportedLine = line(gross, state, Math.min(localPerMonth, gross - state));
  const unsupportedLine = line(gross, 0, Math.min(localPerMonth, gross));
  const segments: ContributionSegment[] = [];
  if (supportedMonths > 0) segments.push({ months: supportedMonths, stateSupported: true, perMonth: supportedLine });
  if (unsupportedMonths > 0) segments.push({ months: unsupportedMonths, stateSupported: false, perMonth: unsupportedLine });
  const perMonth = supportedMonths > 0 ? supportedLine : unsupportedLine;

  const sum = (f: keyof MoneyLine) => toSafe(segments.reduce((acc, s) => acc + BigInt(s.perMonth[f]) * BigInt(s.months), 0n));
  const undiscountedTotals: MoneyLine = { gross: sum("gross"), state: sum("state"), local: sum("local"), net: sum("net") };

  let totals = undiscountedTotals;
  if (plan.kind === "advance") {
    const discountedGross = discountedSum(gross, months, plan.monthlyReturnRate);
    // Support is subtracted undiscounted; should it ever exceed the discounted gross (only with
    // extreme r), the local line gives way first, then the state's, so net stays ≥ 0.
    const stateTotal = Math.min(undiscountedTotals.state, discountedGross);
    const localTotal = Math.min(undiscountedTotals.local, discountedGross - stateTotal);
    totals = line(discountedGross, stateTotal, localTotal);
  }
  const supportMonthsLeft = capLeft - supportedMonths;

  const usedKeys: RateKey[] = [
    "baseSalary",
    "ruralPovertyLine",
    "voluntaryContributionRateBp",
    "incomeFloorMultiple",
    "incomeCeilingMultiple",
    "stateSupportBp",
    "supportCapMonths",
  ];
  if (localGiven === undefined && localPerMonth > 0) usedKeys.push("localSupport");
  const unconfirmedFigures = rates.unconfirmed.filter((key) => usedKeys.includes(key));

  const explanation = explainVoluntary({
    input: command,
    rates,
    months,
    gross,
    group,
    k,
    state,
    stateFull,
    used,
    capLeft,
    supportedMonths,
    localPerMonth,
    localFromTable: localGiven === undefined,
    segments,
    totals,
    undiscountedTotals,
    supportMonthsLeft,
  });

  return {
    paymentDate,
    plan,
    months,
    monthlyIncome,
    incomeFloor: rates.incomeFloor,
    incomeCeiling: rates.incomeCeiling,
    ruralPovertyLine: rates.ruralPovertyLine,
    contributionRateBp: rateBp,
    supportGroup: group,
    supportRateBp: k,
    perMonth,
    segments,
    totals,
    undiscountedTotals,
    discount: undiscountedTotals.gross - totals.gross,
    supportedMonths,
    supportMonthsLeft,
    unconfirmedFigures,
    explanation,
  };
}

/**
 * `voluntaryContribution` without throwing: `{ ok: true, value }`, or `{ ok: false, error }` with
 * the `DomainError` it would have thrown (as zod's `safeParse`). Anything else (a bug) is thrown.
 */
export function safeVoluntaryContribution<D extends string>(
  input: VoluntaryContributionInput & { paymentDate: IsoDateArg<D> },
): DomainResult<VoluntaryContributionResult, ContributionErrorCode | RatesErrorCode> {
  return attempt(() => voluntaryContribution<string>(input)) as DomainResult<VoluntaryContributionResult, ContributionErrorCode | RatesErrorCode>;
}
