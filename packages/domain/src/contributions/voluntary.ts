import type { IsoDate } from "../dates.js";
import { DomainError, type ContributionErrorCode } from "../errors.js";
import { applyBp, decimalFraction, divRoundHalfUp, formatBp, formatVnd, toSafe } from "../money.js";
import { ratesOn } from "../rates/rates-on.js";
import { supportGroupNames, supportGroups, type RateKey, type Rates, type RatesTable, type SupportGroup } from "../rates/types.js";
import { contributionCode, viDate, type ExplanationStep, type MoneyLine } from "./common.js";
import type { PeriodicMonths } from "./constants.js";
import { voluntaryContributionFunctionSchema } from "./schemas.js";
import { argumentError, parseOrThrow } from "../validation.js";

export { periodicMonths, ADVANCE_MIN_YEARS, ADVANCE_MAX_YEARS } from "./constants.js";
export type { PeriodicMonths } from "./constants.js";

/**
 * How the participant pays.
 * - `periodic`: monthly, or every 3, 6 or 12 months (hằng tháng / 3 / 6 / 12 tháng).
 * - `advance`: once for 2 to 5 years ahead (một lần cho nhiều năm về sau), discounted with
 *   `monthlyReturnRate` r, the fund's average monthly investment return of the previous year
 *   (a decimal: 0.005 means 0.5% a month; taken at its shortest decimal representation).
 */
export type PaymentPlan =
  | { kind: "periodic"; months: PeriodicMonths }
  | { kind: "advance"; years: number; monthlyReturnRate: number };

export interface VoluntaryContributionInput {
  /** The payment date: every figure is the one in force on this date. */
  paymentDate: IsoDate;
  /** The chosen monthly income, integer VND, between the income floor and ceiling. */
  monthlyIncome: number;
  /** The person's groups; the highest k among them (and "other") applies. Empty = "other". */
  supportGroups: readonly SupportGroup[];
  plan: PaymentPlan;
  /** Months of state support the person has already had (default 0); the total is capped. */
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

const PLAN_NAMES: Record<PeriodicMonths, { vi: string; en: string }> = {
  1: { vi: "hằng tháng", en: "monthly" },
  3: { vi: "3 tháng một lần", en: "every 3 months" },
  6: { vi: "6 tháng một lần", en: "every 6 months" },
  12: { vi: "12 tháng một lần", en: "every 12 months" },
};

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
    const amount =
      "amount" in rule ? rule.amount : applyBp(rates.ruralPovertyLine, rule.rateBp, rates.voluntaryContributionRateBp);
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
    throw argumentError("CONTRIBUTION.INVALID_INPUT", ["grossPerMonth"], { vi: "một số nguyên đồng không âm", en: "a whole number of đồng ≥ 0" }, grossPerMonth);
  }
  if (!Number.isSafeInteger(months) || months < 1) throw argumentError("CONTRIBUTION.INVALID_INPUT", ["months"], { vi: "một số nguyên tháng từ 1", en: "a whole number of months from 1" }, months);
  if (typeof monthlyReturnRate !== "number" || !(monthlyReturnRate >= 0 && monthlyReturnRate < 1)) {
    throw argumentError("CONTRIBUTION.INVALID_RETURN_RATE", ["monthlyReturnRate"], { vi: "một số thập phân từ 0 đến dưới 1", en: "a decimal from 0 to below 1" }, monthlyReturnRate);
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
 * The voluntary social-insurance contribution for one payment (RULES.md §2).
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
 * totals are subtracted undiscounted, as RULES.md writes the formula.
 *
 * Throws `DomainError` (`CONTRIBUTION.*`, `RATES.*`) on bad input.
 */
export function voluntaryContribution(input: VoluntaryContributionInput): VoluntaryContributionResult {
  const command = parseOrThrow(voluntaryContributionFunctionSchema, input, contributionCode);
  const { paymentDate, monthlyIncome, plan } = command;
  const rates = ratesOn(paymentDate, command.rates);
  const months = plan.kind === "periodic" ? plan.months : plan.years * 12;
  const groups = command.supportGroups;

  if (monthlyIncome < rates.incomeFloor) {
    fail(
      "CONTRIBUTION.INCOME_BELOW_FLOOR",
      ["monthlyIncome"],
      `Thu nhập tháng ${formatVnd(monthlyIncome, "vi")} thấp hơn mức tối thiểu ${formatVnd(rates.incomeFloor, "vi")} (chuẩn nghèo nông thôn ngày ${viDate(paymentDate)})`,
      `The monthly income ${formatVnd(monthlyIncome, "en")} is below the floor of ${formatVnd(rates.incomeFloor, "en")} (the rural poverty line on ${paymentDate})`,
      { monthlyIncome, incomeFloor: rates.incomeFloor, paymentDate },
    );
  }
  if (monthlyIncome > rates.incomeCeiling) {
    fail(
      "CONTRIBUTION.INCOME_ABOVE_CEILING",
      ["monthlyIncome"],
      `Thu nhập tháng ${formatVnd(monthlyIncome, "vi")} cao hơn mức tối đa ${formatVnd(rates.incomeCeiling, "vi")} (${rates.incomeCeilingMultiple} lần lương cơ sở ngày ${viDate(paymentDate)})`,
      `The monthly income ${formatVnd(monthlyIncome, "en")} is above the ceiling of ${formatVnd(rates.incomeCeiling, "en")} (${rates.incomeCeilingMultiple} × the base salary on ${paymentDate})`,
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

interface ExplainArgs {
  input: VoluntaryContributionInput;
  rates: Rates;
  months: number;
  gross: number;
  group: SupportGroup;
  k: number;
  state: number;
  stateFull: number;
  used: number;
  capLeft: number;
  supportedMonths: number;
  localPerMonth: number;
  localFromTable: boolean;
  segments: ContributionSegment[];
  totals: MoneyLine;
  undiscountedTotals: MoneyLine;
  supportMonthsLeft: number;
}

function explainVoluntary(a: ExplainArgs): ExplanationStep[] {
  const { rates, input } = a;
  const vi = (n: number) => formatVnd(n, "vi");
  const en = (n: number) => formatVnd(n, "en");
  const src = (key: RateKey) => rates.provenance[key]?.source ?? "";
  const date = input.paymentDate;
  const rate = rates.voluntaryContributionRateBp;
  const steps: ExplanationStep[] = [];

  steps.push({
    id: "rates",
    vi: `Áp dụng các mức có hiệu lực ngày đóng ${viDate(date)}: chuẩn nghèo khu vực nông thôn ${vi(rates.ruralPovertyLine)}/tháng, lương cơ sở ${vi(rates.baseSalary)}/tháng.`,
    en: `Figures in force on the payment date ${date}: rural poverty line ${en(rates.ruralPovertyLine)} a month, base salary ${en(rates.baseSalary)} a month.`,
    source: `${src("ruralPovertyLine")}; ${src("baseSalary")}`,
  });
  steps.push({
    id: "income",
    vi: `Thu nhập tháng làm căn cứ đóng ${vi(input.monthlyIncome)} nằm trong khung từ ${vi(rates.incomeFloor)} (chuẩn nghèo nông thôn) đến ${vi(rates.incomeCeiling)} (${rates.incomeCeilingMultiple} lần lương cơ sở).`,
    en: `The chosen monthly income ${en(input.monthlyIncome)} is within the range from ${en(rates.incomeFloor)} (the rural poverty line) to ${en(rates.incomeCeiling)} (${rates.incomeCeilingMultiple} × the base salary).`,
    source: `${src("incomeFloorMultiple")}`,
  });
  steps.push({
    id: "gross",
    vi: `Mức đóng mỗi tháng = ${formatBp(rate, "vi")} × ${vi(input.monthlyIncome)} = ${vi(a.gross)}.`,
    en: `Contribution per month = ${formatBp(rate, "en")} × ${en(input.monthlyIncome)} = ${en(a.gross)}.`,
    source: src("voluntaryContributionRateBp"),
    amount: a.gross,
  });

  const g = supportGroupNames[a.group];
  const several = (input.supportGroups ?? []).length > 1;
  if (a.k === 0) {
    steps.push({
      id: "state-support",
      vi: `Ngày ${viDate(date)} Nhà nước chưa hỗ trợ mức đóng (hỗ trợ áp dụng từ 01/01/2018).`,
      en: `On ${date} the state gives no support (support applies from 2018-01-01).`,
      source: src("stateSupportBp"),
      amount: 0,
    });
  } else {
    steps.push({
      id: "state-support",
      vi:
        `Nhóm hỗ trợ: ${g.vi}${several ? " (chỉ áp dụng mức hỗ trợ cao nhất trong các nhóm)" : ""}; Nhà nước hỗ trợ mỗi tháng = ` +
        `${formatBp(a.k, "vi")} × ${formatBp(rate, "vi")} × ${vi(rates.ruralPovertyLine)} (chuẩn nghèo nông thôn) = ${vi(a.stateFull)}` +
        `${a.state < a.stateFull ? `, không quá mức đóng: ${vi(a.state)}` : ""}.`,
      en:
        `Support group: ${g.en}${several ? " (only the highest support among the groups applies)" : ""}; state support per month = ` +
        `${formatBp(a.k, "en")} × ${formatBp(rate, "en")} × ${en(rates.ruralPovertyLine)} (rural poverty line) = ${en(a.stateFull)}` +
        `${a.state < a.stateFull ? `, capped at the contribution: ${en(a.state)}` : ""}.`,
      source: src("stateSupportBp"),
      amount: a.state,
    });
    steps.push({
      id: "support-months",
      vi:
        `Hỗ trợ tối đa ${rates.supportCapMonths} tháng; đã hưởng ${a.used} tháng, còn ${a.capLeft} tháng: ` +
        `${a.supportedMonths}/${a.months} tháng của lần đóng này được hỗ trợ.`,
      en:
        `Support is paid for at most ${rates.supportCapMonths} months; ${a.used} used, ${a.capLeft} left: ` +
        `${a.supportedMonths} of the ${a.months} months of this payment are supported.`,
      source: src("supportCapMonths"),
    });
  }

  if (a.localPerMonth > 0) {
    const applied = a.segments[0]!.perMonth.local;
    steps.push({
      id: "local-support",
      vi: `Địa phương hỗ trợ thêm ${vi(a.localPerMonth)}/tháng${applied < a.localPerMonth ? `, không quá phần còn phải đóng: ${vi(applied)}` : ""}.`,
      en: `Local support of ${en(a.localPerMonth)} a month${applied < a.localPerMonth ? `, capped at what is left to pay: ${en(applied)}` : ""}.`,
      source: a.localFromTable ? (rates.provenance.localSupport?.source ?? "") : "Quyết định của tỉnh / the province's decision",
      amount: applied,
    });
  }

  for (const s of a.segments) {
    const p = s.perMonth;
    steps.push({
      id: s.stateSupported ? "net-per-month" : "net-per-month-unsupported",
      vi: `Số tiền đóng mỗi tháng${a.segments.length > 1 ? (s.stateSupported ? " (tháng được hỗ trợ)" : " (tháng không còn hỗ trợ)") : ""} = ${vi(p.gross)} − ${vi(p.state)} − ${vi(p.local)} = ${vi(p.net)}.`,
      en: `Payable per month${a.segments.length > 1 ? (s.stateSupported ? " (supported months)" : " (months without support)") : ""} = ${en(p.gross)} − ${en(p.state)} − ${en(p.local)} = ${en(p.net)}.`,
      source: src("voluntaryContributionRateBp"),
      amount: p.net,
    });
  }

  const plan = input.plan;
  const u = a.undiscountedTotals;
  if (plan.kind === "periodic") {
    const name = PLAN_NAMES[plan.months];
    const parts = a.segments.map((s) => `${s.months} × ${formatVnd(s.perMonth.net, "vi")}`).join(" + ");
    const partsEn = a.segments.map((s) => `${s.months} × ${formatVnd(s.perMonth.net, "en")}`).join(" + ");
    steps.push({
      id: "total",
      vi: `Đóng ${name.vi}: ${parts} = ${vi(a.totals.net)} (mức đóng ${vi(u.gross)}, Nhà nước hỗ trợ ${vi(u.state)}, địa phương hỗ trợ ${vi(u.local)}).`,
      en: `Paying ${name.en}: ${partsEn} = ${en(a.totals.net)} (contribution ${en(u.gross)}, state support ${en(u.state)}, local support ${en(u.local)}).`,
      source: src("voluntaryContributionRateBp"),
      amount: a.totals.net,
    });
  } else {
    const r = plan.monthlyReturnRate;
    steps.push({
      id: "advance-discount",
      vi:
        `Đóng một lần cho ${plan.years} năm (${a.months} tháng) về sau, chiết khấu theo lãi suất đầu tư bình quân tháng r = ${String(r).replace(".", ",")}: ` +
        `Σ (i = 1…${a.months}) ${vi(a.gross)} / (1 + r)^(i−1) = ${vi(a.totals.gross)} (chưa chiết khấu ${vi(u.gross)}, làm tròn một lần đến đồng).`,
      en:
        `Paying once for ${plan.years} years (${a.months} months) ahead, discounted at the monthly return r = ${r}: ` +
        `Σ (i = 1…${a.months}) ${en(a.gross)} / (1 + r)^(i−1) = ${en(a.totals.gross)} (undiscounted ${en(u.gross)}, rounded once to the đồng).`,
      source: src("voluntaryContributionRateBp"),
      amount: a.totals.gross,
    });
    steps.push({
      id: "total",
      vi: `Số tiền phải đóng = ${vi(a.totals.gross)} − ${vi(a.totals.state)} (Nhà nước hỗ trợ) − ${vi(a.totals.local)} (địa phương hỗ trợ) = ${vi(a.totals.net)}.`,
      en: `Payable = ${en(a.totals.gross)} − ${en(a.totals.state)} (state support) − ${en(a.totals.local)} (local support) = ${en(a.totals.net)}.`,
      source: src("stateSupportBp"),
      amount: a.totals.net,
    });
  }
  if (a.k > 0) {
    steps.push({
      id: "support-left",
      vi: `Sau lần đóng này còn ${a.supportMonthsLeft} tháng được Nhà nước hỗ trợ.`,
      en: `After this payment, ${a.supportMonthsLeft} months of state support are left.`,
      source: src("supportCapMonths"),
    });
  }
  return steps;
}
