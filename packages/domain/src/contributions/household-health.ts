import type { IsoDate, IsoDateArg } from "../dates.js";
import { attempt, type ContributionErrorCode, type DomainResult, type RatesErrorCode } from "../errors.js";
import { applyBp, formatBp, formatVnd, toSafe } from "../money.js";
import { ratesIndexOf, ratesOnIndex } from "../rates/table.js";
import type { RateKey, Rates, RatesTable } from "../rates/types.js";
import { checkHouseholdCommand, type HouseholdCommand } from "./check.js";
import { viDate, type ExplanationStep } from "./common.js";
import type { HouseholdMonths } from "./constants.js";

export { householdMonths, MAX_HOUSEHOLD_MEMBERS } from "./constants.js";
export type { HouseholdMonths } from "./constants.js";

export interface HouseholdMemberInput {
  /** 1 for the first member to join within the calendar year, 2 for the second, … */
  rank: number;
  /** The state budget pays part of this member's contribution: no reduction (factor 100%). */
  stateSupported?: boolean;
  /** Your own id, echoed back; two members of one household cannot have the same id. */
  id?: string;
}

export interface HouseholdHealthInput {
  paymentDate: IsoDate;
  /** The number of members (ranked 1…n), or each member with its rank. */
  members: number | readonly HouseholdMemberInput[];
  /** 3, 6 or 12 months. */
  months: HouseholdMonths;
  /** Default for every member: the state budget pays part of the contribution (no reduction). */
  stateSupported?: boolean;
  rates?: RatesTable;
}

export interface HouseholdMemberContribution {
  rank: number;
  id?: string;
  stateSupported: boolean;
  /** The member's factor in bp (10,000 = 100%, 7,000 = 70%, …). */
  factorBp: number;
  /** 4.5% × base salary × factor, rounded half up to the đồng. */
  perMonth: number;
  /** perMonth × months. */
  total: number;
}

export interface HouseholdHealthResult {
  paymentDate: IsoDate;
  months: HouseholdMonths;
  baseSalary: number;
  healthInsuranceRateBp: number;
  /** In the order given (count form: rank 1…n). */
  members: HouseholdMemberContribution[];
  /** Σ members' perMonth. */
  perMonth: number;
  /** Σ members' total = household total for the period. */
  total: number;
  unconfirmedFigures: RateKey[];
  explanation: ExplanationStep[];
}

function normaliseMembers(input: HouseholdCommand): Array<Required<Omit<HouseholdMemberInput, "id">> & { id?: string }> {
  const dflt = input.stateSupported === true;
  const m = input.members;
  if (typeof m === "number") return Array.from({ length: m }, (_, i) => ({ rank: i + 1, stateSupported: dflt }));
  return m.map((member) => ({
    rank: member.rank,
    stateSupported: member.stateSupported ?? dflt,
    ...(member.id === undefined ? {} : { id: member.id }),
  }));
}

/**
 * Household health insurance for one period (docs/rules.md §3): per member and month,
 * 4.5% × base salary in force on the payment date × the member's factor (1st 100%, 2nd 70%,
 * 3rd 60%, 4th 50%, 5th and later 40%), rounded half up to the đồng once, then × months.
 * A member whose contribution the state budget partly pays gets no reduction (100%) and keeps
 * the rank given; the ranks of the others are not shifted. docs/rules.md ranks every member by the
 * order they join in the calendar year and only removes the reduction where the state pays part,
 * so a state-supported member still holds a place in that order (`rankHouseholdMembers` ranks
 * them the same way): the 4th member to join pays 100% if state-supported, and the 5th pays 40%.
 * Two members with the same rank, or the same `id`, are refused
 * (`CONTRIBUTION.DUPLICATE_MEMBER_RANK`, `CONTRIBUTION.DUPLICATE_MEMBER_ID`): a person is charged once.
 */
export function householdHealthContribution<D extends string>(input: HouseholdHealthInput & { paymentDate: IsoDateArg<D> }): HouseholdHealthResult {
  const command = checkHouseholdCommand(input);
  return householdHealthContributionOf(command, ratesOnIndex(ratesIndexOf(command.rates), command.paymentDate));
}

/**
 * `householdHealthContribution` without checking anything, for this package's own callers that
 * have checked the command (`checkHouseholdCommand`) and read the figures in force
 * (`ratesOnIndex(ratesIndexOf(table), date)`). Internal; not a public subpath.
 */
export function householdHealthContributionOf(command: HouseholdCommand, rates: Rates): HouseholdHealthResult {
  const { paymentDate, months } = command;
  const members = normaliseMembers(command);
  const factors = rates.healthMemberFactorsBp;
  const rateBp = rates.healthInsuranceRateBp;

  const out: HouseholdMemberContribution[] = members.map((m) => {
    const factorBp = m.stateSupported ? 10_000 : factors[Math.min(m.rank, factors.length) - 1]!;
    const perMonth = applyBp(rates.baseSalary, rateBp, factorBp);
    return {
      rank: m.rank,
      ...(m.id === undefined ? {} : { id: m.id }),
      stateSupported: m.stateSupported,
      factorBp,
      perMonth,
      total: toSafe(BigInt(perMonth) * BigInt(months)),
    };
  });
  const perMonth = toSafe(out.reduce((a, m) => a + BigInt(m.perMonth), 0n));
  const total = toSafe(out.reduce((a, m) => a + BigInt(m.total), 0n));

  const used: RateKey[] = ["baseSalary", "healthInsuranceRateBp", "healthMemberFactorsBp"];
  const source = rates.provenance.healthMemberFactorsBp?.source ?? "";
  const vi = (n: number) => formatVnd(n, "vi");
  const en = (n: number) => formatVnd(n, "en");
  const explanation: ExplanationStep[] = [
    {
      id: "rates",
      vi: `Lương cơ sở ngày đóng ${viDate(paymentDate)}: ${vi(rates.baseSalary)}; mức đóng ${formatBp(rateBp, "vi")} lương cơ sở.`,
      en: `Base salary on the payment date ${viDate(paymentDate)}: ${en(rates.baseSalary)}; contribution ${formatBp(rateBp, "en")} of it.`,
      source: `${rates.provenance.baseSalary?.source ?? ""}; ${rates.provenance.healthInsuranceRateBp?.source ?? ""}`,
    },
    ...out.map((m): ExplanationStep => ({
      id: `member-${m.rank}`,
      vi:
        `Thành viên thứ ${m.rank}${m.stateSupported ? " (được ngân sách nhà nước hỗ trợ, không giảm trừ)" : ""}: ` +
        `${formatBp(rateBp, "vi")} × ${vi(rates.baseSalary)} × ${formatBp(m.factorBp, "vi")} = ${vi(m.perMonth)}/tháng × ${months} tháng = ${vi(m.total)}.`,
      en:
        `Member ${m.rank}${m.stateSupported ? " (partly paid by the state budget, no reduction)" : ""}: ` +
        `${formatBp(rateBp, "en")} × ${en(rates.baseSalary)} × ${formatBp(m.factorBp, "en")} = ${en(m.perMonth)} a month × ${months} months = ${en(m.total)}.`,
      source,
      amount: m.total,
    })),
    {
      id: "total",
      vi: `Cả hộ đóng ${vi(total)} cho ${months} tháng.`,
      en: `The household pays ${en(total)} for ${months} months.`,
      source,
      amount: total,
    },
  ];

  return {
    paymentDate,
    months,
    baseSalary: rates.baseSalary,
    healthInsuranceRateBp: rateBp,
    members: out,
    perMonth,
    total,
    unconfirmedFigures: rates.unconfirmed.filter((k) => used.includes(k)),
    explanation,
  };
}

/** `householdHealthContribution` without throwing (see `safeVoluntaryContribution`). */
export function safeHouseholdHealthContribution<D extends string>(
  input: HouseholdHealthInput & { paymentDate: IsoDateArg<D> },
): DomainResult<HouseholdHealthResult, ContributionErrorCode | RatesErrorCode> {
  return attempt(() => householdHealthContribution<string>(input)) as DomainResult<HouseholdHealthResult, ContributionErrorCode | RatesErrorCode>;
}
