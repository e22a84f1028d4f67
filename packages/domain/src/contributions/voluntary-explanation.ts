/**
 * The step-by-step explanation of a voluntary contribution, in Vietnamese and English, each step
 * with its legal source: what the admin reads under the figures. Computation lives in
 * voluntary.ts; this file only words what it decided.
 */
import { formatBp, formatVnd } from "../money.js";
import { supportGroupNames, type RateKey, type Rates, type SupportGroup } from "../rates/types.js";
import type { VoluntaryCommand } from "./check.js";
import { viDate, type ExplanationStep, type MoneyLine } from "./common.js";
import type { PeriodicMonths } from "./constants.js";
import type { ContributionSegment } from "./voluntary.js";

const PLAN_NAMES: Record<PeriodicMonths, { vi: string; en: string }> = {
  1: { vi: "hằng tháng", en: "monthly" },
  3: { vi: "3 tháng một lần", en: "every 3 months" },
  6: { vi: "6 tháng một lần", en: "every 6 months" },
  12: { vi: "12 tháng một lần", en: "every 12 months" },
};

export interface ExplainArgs {
  input: VoluntaryCommand;
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

export function explainVoluntary(a: ExplainArgs): ExplanationStep[] {
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
    en: `Figures in force on the payment date ${viDate(date)}: rural poverty line ${en(rates.ruralPovertyLine)} a month, base salary ${en(rates.baseSalary)} a month.`,
    source: `${src("ruralPovertyLine")}; ${src("baseSalary")}`,
  });
  steps.push({
    id: "income",
    vi: `Thu nhập tháng làm căn cứ đóng ${vi(input.monthlyIncome)} nằm trong khung từ ${vi(rates.incomeFloor)} (chuẩn nghèo khu vực nông thôn) đến ${vi(rates.incomeCeiling)} (${rates.incomeCeilingMultiple} lần lương cơ sở).`,
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
      en: `On ${viDate(date)} the state gives no support (support applies from 01/01/2018).`,
      source: src("stateSupportBp"),
      amount: 0,
    });
  } else {
    steps.push({
      id: "state-support",
      vi:
        `Nhóm hỗ trợ: ${g.vi}${several ? " (chỉ áp dụng mức hỗ trợ cao nhất trong các nhóm)" : ""}; ngân sách nhà nước hỗ trợ mỗi tháng = ` +
        `${formatBp(a.k, "vi")} × ${formatBp(rate, "vi")} × ${vi(rates.ruralPovertyLine)} (chuẩn nghèo khu vực nông thôn) = ${vi(a.stateFull)}` +
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
      vi: `Đóng ${name.vi}: ${parts} = ${vi(a.totals.net)} (mức đóng ${vi(u.gross)}, ngân sách nhà nước hỗ trợ ${vi(u.state)}, ngân sách địa phương hỗ trợ ${vi(u.local)}).`,
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
      vi: `Số tiền phải đóng = ${vi(a.totals.gross)} − ${vi(a.totals.state)} (ngân sách nhà nước hỗ trợ) − ${vi(a.totals.local)} (ngân sách địa phương hỗ trợ) = ${vi(a.totals.net)}.`,
      en: `Payable = ${en(a.totals.gross)} − ${en(a.totals.state)} (state support) − ${en(a.totals.local)} (local support) = ${en(a.totals.net)}.`,
      source: src("stateSupportBp"),
      amount: a.totals.net,
    });
  }
  if (a.k > 0) {
    steps.push({
      id: "support-left",
      vi: `Sau lần đóng này còn ${a.supportMonthsLeft} tháng được ngân sách nhà nước hỗ trợ.`,
      en: `After this payment, ${a.supportMonthsLeft} months of state support are left.`,
      source: src("supportCapMonths"),
    });
  }
  return steps;
}
