/**
 * What one enrolment becomes — the decision every channel makes once (the form, each line of an
 * import, the demo seed): from a command (what the collector wrote) and a snapshot (what the
 * registry knows of the world on the receipt date) to the rows to store, or a duplicate, or a
 * rejection with its reasons. Pure: the caller loads the snapshot, calls `decideEnrolment`, and
 * stores what it returns. docs/rules.md §2 (voluntary: income, support groups and their months, advance
 * payments), §3 (household: ranks, card start), §4b (what a list holds: the support group, or the
 * group inferred from the amount; personal IDs a spreadsheet shortened), §6 (new / renewal /
 * returning).
 */
import { healthCardStart } from "../contributions/health-card.js";
import { householdHealthContribution } from "../contributions/household-health.js";
import { paymentPlanFor } from "../contributions/plan.js";
import { voluntaryContribution } from "../contributions/voluntary.js";
import { formatDisplayDate, isIsoDate, type IsoDate } from "../dates.js";
import type { Scheme } from "../eligibility/eligibility.js";
import { isDomainError } from "../errors.js";
import { formatVnd } from "../money.js";
import { checkAttribution } from "../outreach/campaign.js";
import { ratesOn } from "../rates/rates-on.js";
import type { RateKey, RatesTable, SupportGroup } from "../rates/types.js";
import { checkAgentRow, checkedRowContext, type AgentRowContext, type AgentRowField, type AgentRowInput, type CommuneStatus } from "./agent-row.js";
import { findDuplicates, type DuplicateReason } from "./duplicates.js";
import { checkedRowOfCommand } from "./enrolment-command.js";
import { rankHouseholdMembers } from "./household.js";
import { displayName, normaliseName } from "./names.js";
import { checkPhone } from "./phone.js";
import { restorePersonalId } from "./spreadsheet-id.js";
import { enrolmentKind, kindOf, periodEnd, periodEndOf, voluntaryStartDate, voluntaryStartOf, type EnrolmentKind } from "./status.js";
import { invalidInput, pricedGroups, supportGroupCandidates, supportGroupsLabel } from "./support-group.js";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** The shape a caller owes (checked once at its own boundary); here only what would otherwise be a TypeError. */
function assertArguments(cmd: unknown, world: unknown): void {
  if (!isObject(cmd) || !isObject(cmd.participant) || !isObject(cmd.payment)) invalidInput("command must be an object with participant and payment");
  if (typeof cmd.payment.receiptDate !== "string" || typeof cmd.payment.receiptNumber !== "string")
    invalidInput("payment.receiptDate and payment.receiptNumber must be text");
  if (typeof cmd.participant.personalId !== "string" && typeof cmd.participant.personalId !== "number") invalidInput("participant.personalId must be text");
  if (cmd.scheme !== "voluntary_social_insurance" && cmd.scheme !== "household_health_insurance") invalidInput("scheme");
  if (!isObject(world) || !Array.isArray(world.duplicateCandidates)) invalidInput("snapshot must be an object with duplicateCandidates");
  if (world.person != null && (!isObject(world.person) || !Array.isArray(world.person.periods))) invalidInput("snapshot.person.periods must be a list");
}

/** What a collector wrote: the form's fields, or an agent's line once its columns are mapped. */
export interface EnrolmentCommand {
  scheme: Scheme;
  participant: {
    /** As written; a number when a spreadsheet cell held one (it may have lost leading zeros). */
    personalId: string | number;
    socialInsuranceNumber?: string | null;
    fullName: string;
    birthDate: IsoDate;
    gender: "male" | "female";
    ethnicity?: string | null;
    nationality?: string | null;
    phone?: string | null;
    communeCode: string;
    householdCode?: string | null;
    relationship?: string | null;
  };
  /** The first month the collector expects (`YYYY-MM` or a day); absent: decided here. */
  startMonth?: string | null;
  months: number;
  /** Voluntary: the chosen monthly income. */
  monthlyIncome?: number | null;
  /**
   * Voluntary: the groups the collector states (poor, near-poor, island; ethnic minority follows
   * the ethnicity). `null`/absent: not stated — the group whose amount equals the amount paid.
   */
  supportGroups?: readonly SupportGroup[] | null;
  /** The evidence of a poor / near-poor claim (certificate number, the commune's list). */
  supportEvidence?: string | null;
  householdRank?: number | null;
  facilityCode?: string | null;
  payment: { amount?: number | null; receiptDate: IsoDate; receiptNumber: string };
  /** "new": a person already registered is a duplicate; "any": enrol them again. */
  participantMode: "new" | "any";
  campaignId?: number | null;
  outreachEventId?: number | null;
}

/** A person the registry holds under the command's personal ID (merges followed). */
export interface KnownPerson {
  id: number;
  fullName: string;
  birthDate: IsoDate;
  gender: "male" | "female";
  householdId: number | null;
  /** Whether the person's own area is in the caller's write scope. */
  inScope: boolean;
  /** The name of the area whose office holds the person (said to callers outside it). */
  areaName: string;
  /** Every paid period of the person, any scheme. */
  periods: readonly { scheme: Scheme; from: IsoDate; to: IsoDate }[];
  /** Months of state support for voluntary insurance already had. */
  supportedMonthsUsed: number;
}

/** What the registry knows that the decision needs, loaded by the caller (`packages/db`). */
export interface EnrolmentSnapshot {
  agent: { id: number; name: string } | null;
  /** The agent already recorded this receipt number: for this participant. */
  receiptTaken: { participantId: number } | null;
  /** The commune in force on the receipt date, its province and its ancestors' codes; null: none. */
  commune: { code: string; provinceCode: string; path: readonly string[] } | null;
  /** Whether that commune is in the caller's write scope. */
  communeInScope: boolean;
  person: KnownPerson | null;
  /** Another person holding the social-insurance number, if any. */
  sinHolder: { id: number; fullName: string; inScope: boolean; areaName: string } | null;
  /** Household schemes: the household of the command's code, its members' joins. */
  household: { id: number; inScope: boolean; areaName: string; joins: readonly { participantId: number; joinedOn: IsoDate }[] } | null;
  /** The campaign named (or the event's own); "unknown": named but not found. */
  campaign: { id: number; startDate: IsoDate; endDate: IsoDate; areaCodes: readonly string[] } | null | "unknown";
  event: { id: number; campaignId: number | null; eventDate: IsoDate; areaCode: string } | null | "unknown";
  /** The fund's average monthly return of the year before the receipt (advance payments); null: not set. */
  fundMonthlyReturn: number | null;
  /** People who may be the same as a new person (same name key, birth date and commune, or phone and birth date). */
  duplicateCandidates: readonly {
    id: number;
    personalId: string;
    socialInsuranceNumber: string | null;
    fullName: string;
    birthDate: IsoDate;
    phone: string | null;
    communeCode: string | null;
  }[];
  /** The rates table (default: the national one). */
  rates?: RatesTable;
}

export interface EnrolmentIssue {
  path: string[];
  code: string;
  vi: string;
  en: string;
}

/** The rows to store, as decided. */
export interface DecidedEnrolment {
  scheme: Scheme;
  existingParticipantId: number | null;
  personalId: string;
  socialInsuranceNumber: string | null;
  fullName: string;
  nameKey: string;
  birthDate: IsoDate;
  gender: "male" | "female";
  ethnicity: string | null;
  phone: string | null;
  relationship: string | null;
  communeCode: string;
  provinceCode: string;
  householdCode: string | null;
  /** The household to join: an existing one, or null with `householdCode` set (a new household). */
  householdId: number | null;
  householdRank: number | null;
  facilityCode: string | null;
  supportGroups: SupportGroup[];
  /** How the group came: stated by the collector, inferred from the amount, or none claimed. */
  supportClaim: "stated" | "inferred" | "none";
  supportEvidence: string | null;
  kind: EnrolmentKind;
  startDate: IsoDate;
  coverTo: IsoDate;
  months: number;
  monthlyIncome: number | null;
  amount: number;
  amountPaid: number;
  breakdown: unknown;
  /** The first day in force of the figures the price used (the latest of their rows). */
  ratesEffectiveFrom: IsoDate;
  receiptDate: IsoDate;
  receiptNumber: string;
  agentId: number;
  campaignId: number | null;
  outreachEventId: number | null;
  duplicateMatches: { participantId: number; score: number; reasons: DuplicateReason[] }[];
}

export type EnrolmentDecision =
  | { outcome: "record"; record: DecidedEnrolment }
  | { outcome: "duplicate"; code: string; existingParticipantId: number | null; issues: EnrolmentIssue[] }
  | { outcome: "rejected"; code: string; issues: EnrolmentIssue[] };

/** Where each field of an agent's row lives in the command (for issue paths). */
const ROW_PATHS: Partial<Record<AgentRowField | "row", string[]>> = {
  fullName: ["participant", "fullName"],
  socialInsuranceNumber: ["participant", "socialInsuranceNumber"],
  birthDate: ["participant", "birthDate"],
  gender: ["participant", "gender"],
  personalId: ["participant", "personalId"],
  phone: ["participant", "phone"],
  ethnicity: ["participant", "ethnicity"],
  nationality: ["participant", "nationality"],
  householdCode: ["participant", "householdCode"],
  householdRank: ["householdRank"],
  monthsPaid: ["months"],
  incomeOrBaseShare: ["monthlyIncome"],
  amountPaid: ["payment", "amount"],
  receiptDate: ["payment", "receiptDate"],
  facilityCode: ["facilityCode"],
  communeCode: ["participant", "communeCode"],
  supportGroup: ["supportGroups"],
  row: [],
};

/** The path in a command of a field of an agent's row. */
export function commandPathOfField(field: string): string[] {
  return ROW_PATHS[field as AgentRowField] ?? [field];
}

const rejected = (code: string, issues: EnrolmentIssue[]): EnrolmentDecision => ({ outcome: "rejected", code, issues });
const issue = (path: string[], code: string, vi: string, en: string): EnrolmentIssue => ({ path, code, vi, en });
const vnd = (n: number) => formatVnd(n, "vi");
const usd = (n: number) => formatVnd(n, "en");
const month = (d: string) => `${d.slice(5, 7)}/${d.slice(0, 4)}`;

/** An office to ask, never a name: what a caller outside a person's area learns of them. */
function askTheOffice(path: string[], code: string, what: { vi: string; en: string }, areaName: string): EnrolmentIssue {
  return issue(
    path,
    code,
    `${what.vi} đã được đăng ký ở địa bàn khác — đề nghị liên hệ cơ quan BHXH ${areaName} để xử lý`,
    `${what.en} is already registered in another area — ask the social-insurance office of ${areaName}`,
  );
}

const contexts = new Map<string, AgentRowContext>();
/** The row check's context for a scheme and a commune's status, one object each (checked once). */
function rowContext(scheme: Scheme, status: CommuneStatus, rates: RatesTable | undefined): AgentRowContext {
  if (rates) return { scheme, communeStatus: () => status, rates };
  const key = `${scheme}|${status}`;
  let c = contexts.get(key);
  if (!c) contexts.set(key, (c = { scheme, communeStatus: () => status }));
  return c;
}

/** The command's fields as an agent's row, for the row rules of `checkAgentRow`. */
function rowOf(cmd: EnrolmentCommand, personalId: string, rank: number | null): AgentRowInput {
  const p = cmd.participant;
  return {
    fullName: p.fullName,
    socialInsuranceNumber: p.socialInsuranceNumber ?? null,
    birthDate: p.birthDate,
    gender: p.gender,
    personalId,
    phone: p.phone ?? null,
    ethnicity: p.ethnicity ?? null,
    nationality: p.nationality ?? null,
    householdCode: p.householdCode ?? null,
    householdRank: rank,
    monthsPaid: cmd.months,
    incomeOrBaseShare: cmd.scheme === "household_health_insurance" ? null : (cmd.monthlyIncome ?? null),
    amountPaid: cmd.payment.amount ?? 0,
    receiptDate: cmd.payment.receiptDate,
    facilityCode: cmd.facilityCode ?? null,
    communeCode: p.communeCode,
  };
}

/** The last day a person's paid periods of a scheme cover, among those starting before `before` (all when absent). */
function lastCoverEnd(person: KnownPerson | null, scheme: Scheme, before?: IsoDate): IsoDate | null {
  let end: IsoDate | null = null;
  for (const p of person?.periods ?? []) {
    if (p.scheme !== scheme || (before !== undefined && p.from >= before)) continue;
    if (end === null || p.to > end) end = p.to;
  }
  return end;
}

/**
 * Decides one enrolment: see the file's comment. The command's shape is the caller's to check
 * (at its boundary); the rules are all here, in this order — the agent and its receipt, the row
 * (identity, eligibility, months, income, commune), the person (a registered one outside the
 * caller's area is named by their office only; "new" mode makes a registered one a duplicate;
 * birth date and gender must agree), the social-insurance number, the household and the rank,
 * attribution, the start (cover continues; a start month the rules do not give is refused), the
 * amount (stated groups, or the group inferred from the amount), likely duplicates of a new
 * person. Never throws for bad data.
 */
export function decideEnrolment(cmd: EnrolmentCommand, world: EnrolmentSnapshot): EnrolmentDecision {
  assertArguments(cmd, world);
  const p = cmd.participant;
  const household = cmd.scheme === "household_health_insurance";
  const { receiptDate } = cmd.payment;
  const receiptNumber = cmd.payment.receiptNumber.trim();

  // --- the agent and its receipt
  if (!world.agent)
    return rejected("ENROLMENT.AGENT_UNKNOWN", [issue(["agentId"], "ENROLMENT.AGENT_UNKNOWN", "Không có đại lý thu này", "There is no such collection agent")]);
  if (world.receiptTaken) {
    return {
      outcome: "duplicate",
      code: "ENROLMENT.DUPLICATE_RECEIPT",
      existingParticipantId: world.receiptTaken.participantId,
      issues: [
        issue(
          ["payment", "receiptNumber"],
          "ENROLMENT.DUPLICATE_RECEIPT",
          `Biên lai số ${receiptNumber} của đại lý ${world.agent.name} đã được ghi nhận`,
          `Receipt ${receiptNumber} of agent ${world.agent.name} is already recorded`,
        ),
      ],
    };
  }

  // --- the row's own rules
  const personalId = restorePersonalId(p.personalId);
  const person = world.person;
  const householdCode = p.householdCode?.trim().toUpperCase() || null;
  let rank = cmd.householdRank ?? null;
  if (household && rank === null) rank = rankOf(world, person, receiptDate);
  const communeStatus: CommuneStatus = !world.commune ? "unknown" : world.communeInScope ? "ok" : "out_of_scope";
  // A command made of a checked row (`commandFromAgentRow`) is not checked again when the row was
  // checked as this decision would check it: the same scheme, commune status, rates and rank.
  const given = checkedRowOfCommand(cmd);
  const givenWith = given ? checkedRowContext(given) : undefined;
  const check =
    given &&
    givenWith &&
    givenWith.scheme === cmd.scheme &&
    givenWith.communeStatus === communeStatus &&
    givenWith.rates === world.rates &&
    given.householdRank === rank &&
    given.personalId === personalId
      ? ({ ok: true, row: given } as const)
      : checkAgentRow(rowOf(cmd, personalId, rank), rowContext(cmd.scheme, communeStatus, world.rates));
  const problems = check.ok ? [] : check.problems.filter((x) => !(household && rank === null && x.field === "householdRank" && x.code === "REGISTRY.REQUIRED"));
  if (problems.length > 0)
    return rejected(
      problems[0]!.code,
      problems.map((x) => issue(commandPathOfField(x.field), x.code, x.vi, x.en)),
    );
  if (!check.ok || !world.commune) return rejected("REGISTRY.COMMUNE_UNKNOWN", []);
  const row = check.row;

  // --- the person: new, or the one holding this personal ID
  const idWhat = { vi: `Số định danh cá nhân ${personalId}`, en: `Personal ID ${personalId}` };
  if (person && !person.inScope) {
    return {
      outcome: "duplicate",
      code: "ENROLMENT.PERSON_OUT_OF_SCOPE",
      existingParticipantId: null,
      issues: [askTheOffice(["participant", "personalId"], "ENROLMENT.PERSON_OUT_OF_SCOPE", idWhat, person.areaName)],
    };
  }
  if (person && cmd.participantMode === "new") {
    return {
      outcome: "duplicate",
      code: "REGISTRY.DUPLICATE_PERSONAL_ID",
      existingParticipantId: person.id,
      issues: [
        issue(
          ["participant", "personalId"],
          "REGISTRY.DUPLICATE_PERSONAL_ID",
          `${idWhat.vi} đã có trong danh sách người tham gia (${person.fullName})`,
          `${idWhat.en} already belongs to a participant (${person.fullName})`,
        ),
      ],
    };
  }
  if (person && (person.birthDate !== row.birthDate || person.gender !== row.gender)) {
    const field = person.birthDate !== row.birthDate ? "birthDate" : "gender";
    return rejected("ENROLMENT.PARTICIPANT_MISMATCH", [
      issue(
        ["participant", field],
        "ENROLMENT.PARTICIPANT_MISMATCH",
        `${idWhat.vi} đã ghi nhận với ngày sinh ${formatDisplayDate(person.birthDate)}, giới tính ${person.gender === "male" ? "nam" : "nữ"}: khác với dòng này`,
        `${idWhat.en} is recorded with birth date ${formatDisplayDate(person.birthDate)} and gender ${person.gender}, which differ from this row`,
      ),
    ]);
  }
  const sin = row.socialInsuranceNumber;
  if (sin !== null && world.sinHolder && world.sinHolder.id !== person?.id) {
    const holder = world.sinHolder;
    const what = { vi: `Mã số BHXH ${sin}`, en: `Social-insurance number ${sin}` };
    return {
      outcome: "duplicate",
      code: holder.inScope ? "REGISTRY.DUPLICATE_SOCIAL_INSURANCE_NUMBER" : "ENROLMENT.PERSON_OUT_OF_SCOPE",
      existingParticipantId: holder.inScope ? holder.id : null,
      issues: [
        holder.inScope
          ? issue(
              ["participant", "socialInsuranceNumber"],
              "REGISTRY.DUPLICATE_SOCIAL_INSURANCE_NUMBER",
              `${what.vi} đã thuộc về người tham gia khác (${holder.fullName})`,
              `${what.en} already belongs to another participant (${holder.fullName})`,
            )
          : askTheOffice(["participant", "socialInsuranceNumber"], "ENROLMENT.PERSON_OUT_OF_SCOPE", what, holder.areaName),
      ],
    };
  }

  // --- the household
  if (household && world.household && !world.household.inScope) {
    return rejected("ENROLMENT.HOUSEHOLD_OUT_OF_SCOPE", [
      askTheOffice(
        ["participant", "householdCode"],
        "ENROLMENT.HOUSEHOLD_OUT_OF_SCOPE",
        { vi: `Mã hộ gia đình ${householdCode}`, en: `Household code ${householdCode}` },
        world.household.areaName,
      ),
    ]);
  }

  // --- attribution to a campaign and/or an outreach event
  if (world.event === "unknown") {
    return rejected("ENROLMENT.EVENT_UNKNOWN", [
      issue(
        ["outreachEventId"],
        "ENROLMENT.EVENT_UNKNOWN",
        `Không có sự kiện vận động số ${cmd.outreachEventId}`,
        `There is no outreach event ${cmd.outreachEventId}`,
      ),
    ]);
  }
  if (world.campaign === "unknown") {
    return rejected("ENROLMENT.CAMPAIGN_UNKNOWN", [
      issue(["campaignId"], "ENROLMENT.CAMPAIGN_UNKNOWN", `Không có đợt vận động số ${cmd.campaignId}`, `There is no campaign ${cmd.campaignId}`),
    ]);
  }
  if (world.campaign || world.event) {
    const attribution = checkAttribution({
      enrolment: { date: receiptDate, communePath: [...world.commune.path] },
      campaign: world.campaign,
      event: world.event,
    });
    if (attribution.length > 0)
      return rejected(
        attribution[0]!.code,
        attribution.map((x) => issue([x.field], x.code, x.vi, x.en)),
      );
  }

  // --- the start: cover continues; the collector's start month must be the one the rules give
  const lastEnd = lastCoverEnd(person, cmd.scheme);
  let start: IsoDate;
  let card: ReturnType<typeof healthCardStart> | null = null;
  try {
    if (household) {
      card = healthCardStart({ paymentDate: receiptDate, previousCardEnd: lastEnd });
      start = card.validFrom;
    } else
      start =
        isIsoDate(receiptDate) && (lastEnd === null || isIsoDate(lastEnd)) ? voluntaryStartOf(receiptDate, lastEnd) : voluntaryStartDate(receiptDate, lastEnd);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return rejected(e.code, [issue(["payment", "receiptDate"], e.code, e.messageVi, e.messageEn)]);
  }
  if (cmd.startMonth && cmd.startMonth.slice(0, 7) !== start.slice(0, 7)) {
    return rejected("ENROLMENT.START_MONTH_INVALID", [
      issue(
        ["startMonth"],
        "ENROLMENT.START_MONTH_INVALID",
        `Tháng bắt đầu ${month(cmd.startMonth)} không đúng: với biên lai ngày ${formatDisplayDate(receiptDate)}${lastEnd ? ` và thẻ/quá trình đóng đến ${formatDisplayDate(lastEnd)}` : ""}, thời gian tham gia bắt đầu từ ${formatDisplayDate(start)}`,
        `Start month ${month(cmd.startMonth)} is not right: with a receipt dated ${formatDisplayDate(receiptDate)}${lastEnd ? ` and cover paid to ${formatDisplayDate(lastEnd)}` : ""}, cover starts on ${formatDisplayDate(start)}`,
      ),
    ]);
  }
  // `start` is a real day made above, the months the row check's: checked already.
  const previousEnd = lastCoverEnd(person, cmd.scheme, start);
  const kind = previousEnd === null || isIsoDate(previousEnd) ? kindOf(previousEnd, start) : enrolmentKind(previousEnd, start);
  const coverTo =
    Number.isInteger(row.monthsPaid) && row.monthsPaid >= 1 && row.monthsPaid <= 1200
      ? periodEndOf(start, row.monthsPaid)
      : periodEnd({ from: start, months: row.monthsPaid });

  // --- the amount
  const amountGiven = cmd.payment.amount ?? null;
  const priced = household
    ? priceHousehold(cmd, row.monthsPaid, rank!, card, world)
    : priceVoluntary(cmd, row.monthsPaid, row.monthlyIncome!, row.ethnicity, person?.supportedMonthsUsed ?? 0, amountGiven, world);
  if ("outcome" in priced) return priced;

  // --- likely duplicates of a new person
  const phoneCheck = row.phone ? checkPhone(row.phone) : null;
  const phone = phoneCheck?.ok ? phoneCheck.phone : null;
  const fullName = displayName(row.fullName);
  let duplicateMatches: DecidedEnrolment["duplicateMatches"] = [];
  if (!person && world.duplicateCandidates.length > 0) {
    duplicateMatches = findDuplicates(
      { personalId, socialInsuranceNumber: sin, fullName, birthDate: row.birthDate, phone, communeCode: row.communeCode },
      world.duplicateCandidates.map((c) => ({ ...c, id: String(c.id) })),
    ).matches.map((m) => ({ participantId: Number(m.participantId), score: m.score, reasons: m.reasons }));
  }

  return {
    outcome: "record",
    record: {
      scheme: cmd.scheme,
      existingParticipantId: person?.id ?? null,
      personalId,
      socialInsuranceNumber: sin,
      fullName,
      nameKey: normaliseName(fullName),
      birthDate: row.birthDate,
      gender: row.gender,
      ethnicity: row.ethnicity,
      phone,
      relationship: p.relationship?.trim() || null,
      communeCode: world.commune.code,
      provinceCode: world.commune.provinceCode,
      householdCode: household ? householdCode : null,
      householdId: household ? (world.household?.id ?? null) : null,
      householdRank: household ? rank : null,
      facilityCode: household ? row.facilityCode : null,
      supportGroups: priced.groups,
      supportClaim: priced.claim,
      supportEvidence: priced.claim === "none" ? null : cmd.supportEvidence?.trim() || null,
      kind,
      startDate: start,
      coverTo,
      months: row.monthsPaid,
      monthlyIncome: household ? null : row.monthlyIncome,
      amount: priced.charged,
      amountPaid: amountGiven ?? priced.charged,
      breakdown: priced.breakdown,
      ratesEffectiveFrom: ratesEffectiveFrom(receiptDate, cmd.scheme, world.rates),
      receiptDate,
      receiptNumber,
      agentId: world.agent.id,
      campaignId: world.campaign?.id ?? null,
      outreachEventId: world.event?.id ?? null,
      duplicateMatches,
    },
  };
}

/** The figures each scheme's price uses. */
export const schemeRateKeys: Readonly<Record<Scheme, readonly RateKey[]>> = {
  voluntary_social_insurance: [
    "baseSalary",
    "ruralPovertyLine",
    "voluntaryContributionRateBp",
    "incomeFloorMultiple",
    "incomeCeilingMultiple",
    "stateSupportBp",
    "supportCapMonths",
    "localSupport",
  ],
  household_health_insurance: ["baseSalary", "healthInsuranceRateBp", "healthMemberFactorsBp"],
};

const effectiveFromMemo = new Map<string, IsoDate>();
function ratesEffectiveFrom(date: IsoDate, scheme: Scheme, table?: RatesTable): IsoDate {
  const key = table ? null : `${date}|${scheme}`;
  const hit = key === null ? undefined : effectiveFromMemo.get(key);
  if (hit) return hit;
  const from = effectiveFromOf(date, scheme, table);
  if (key !== null) {
    if (effectiveFromMemo.size > 5_000) effectiveFromMemo.clear();
    effectiveFromMemo.set(key, from);
  }
  return from;
}

function effectiveFromOf(date: IsoDate, scheme: Scheme, table?: RatesTable): IsoDate {
  const r = ratesOn(date, table);
  let from = "0000-01-01";
  for (const k of schemeRateKeys[scheme]) {
    const p = r.provenance[k];
    if (p && p.from > from) from = p.from;
  }
  return from;
}

/** The member's rank among the household's joins of the receipt's year (the person joining now last). */
function rankOf(world: EnrolmentSnapshot, person: KnownPerson | null, receiptDate: IsoDate): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(receiptDate)) return null;
  const year = Number(receiptDate.slice(0, 4));
  const me = person ? String(person.id) : "new";
  const members = (world.household?.joins ?? [])
    .filter((j) => j.joinedOn.startsWith(`${year}-`))
    .map((j) => ({ id: String(j.participantId), joinedOn: j.joinedOn }));
  if (!members.some((m) => m.id === me)) members.push({ id: me, joinedOn: receiptDate });
  try {
    return rankHouseholdMembers(members, year).members.find((m) => m.id === me)?.rank ?? null;
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return null;
  }
}

interface Priced {
  charged: number;
  breakdown: unknown;
  groups: SupportGroup[];
  claim: DecidedEnrolment["supportClaim"];
}

function amountMismatch(given: number, due: number, receiptDate: IsoDate, groups?: { vi: string; en: string }): EnrolmentDecision {
  return rejected("REGISTRY.AMOUNT_MISMATCH", [
    issue(
      ["payment", "amount"],
      "REGISTRY.AMOUNT_MISMATCH",
      `Số tiền đóng ${vnd(given)} khác số tiền phải đóng ${vnd(due)}${groups ? ` (${groups.vi})` : ""}, tính theo mức có hiệu lực ngày ${formatDisplayDate(receiptDate)}`,
      `Amount paid ${usd(given)} differs from the amount due, ${usd(due)}${groups ? ` (${groups.en})` : ""}, with the figures in force on ${formatDisplayDate(receiptDate)}`,
    ),
  ]);
}

function domainRejected(e: {
  code: string;
  messageVi: string;
  messageEn: string;
  issues?: readonly { path: readonly PropertyKey[]; vi: string; en: string }[];
}): EnrolmentDecision {
  const paths: Record<string, string[]> = { monthlyIncome: ["monthlyIncome"], paymentDate: ["payment", "receiptDate"], months: ["months"], plan: ["months"] };
  const list = e.issues && e.issues.length > 0 ? e.issues : [{ path: [], vi: e.messageVi, en: e.messageEn }];
  return rejected(
    e.code,
    list.map((i) => issue(paths[String(i.path[0])] ?? i.path.map(String), e.code, i.vi, i.en)),
  );
}

/** A price as stored with the enrolment: the figures as charged, without the worded explanation (regenerated on demand; ~80% of the bytes). */
function stored<T extends { explanation?: unknown }>(result: T): Omit<T, "explanation"> {
  const { explanation: _explanation, ...rest } = result;
  return rest;
}

const memo = new Map<string, { net: number; result: unknown }>();
/** The contribution for a (date, income, groups, plan, months used), memoised: a list prices the same few thousand times. */
function voluntaryPrice(input: Parameters<typeof voluntaryContribution>[0]): { net: number; result: unknown } {
  const key = input.rates ? null : JSON.stringify(input);
  const hit = key === null ? undefined : memo.get(key);
  if (hit) return hit;
  const result = voluntaryContribution(input);
  const priced = { net: result.totals.net, result: stored(result) };
  if (key !== null) {
    if (memo.size > 5_000) memo.clear();
    memo.set(key, priced);
  }
  return priced;
}

function priceVoluntary(
  cmd: EnrolmentCommand,
  months: number,
  monthlyIncome: number,
  ethnicity: string | null,
  used: number,
  amountGiven: number | null,
  world: EnrolmentSnapshot,
): Priced | EnrolmentDecision {
  const receiptDate = cmd.payment.receiptDate;
  const plan = paymentPlanFor(months, world.fundMonthlyReturn);
  if (plan === "needs_return") {
    const y = Number(receiptDate.slice(0, 4)) - 1;
    return rejected("ENROLMENT.RETURN_RATE_MISSING", [
      issue(
        ["months"],
        "ENROLMENT.RETURN_RATE_MISSING",
        `Đóng một lần cho nhiều năm về sau cần lãi suất đầu tư bình quân tháng của quỹ năm ${y}, chưa được nhập: đề nghị quản trị viên nhập tại trang "Lãi suất quỹ"`,
        `Paying several years in advance needs the fund's average monthly return of ${y}, which is not set yet: ask an administrator to set it on the "Fund returns" page`,
      ),
    ]);
  }
  const price = (groups: SupportGroup[]) =>
    voluntaryPrice({
      paymentDate: receiptDate,
      monthlyIncome,
      supportGroups: groups,
      plan,
      supportedMonthsUsed: used,
      ...(world.rates ? { rates: world.rates } : {}),
    });
  try {
    if (cmd.supportGroups != null) {
      const groups = pricedGroups(cmd.supportGroups, ethnicity);
      const { net, result } = price(groups);
      if (amountGiven !== null && amountGiven !== net) {
        return amountMismatch(amountGiven, net, receiptDate, {
          vi: `nhóm ${supportGroupsLabel(groups, "vi")}`,
          en: `group ${supportGroupsLabel(groups, "en")}`,
        });
      }
      const claim = cmd.supportGroups.some((g) => g === "poor" || g === "near_poor" || g === "island") ? "stated" : "none";
      return { charged: net, breakdown: result, groups, claim };
    }
    const candidates = supportGroupCandidates(ethnicity);
    if (amountGiven === null) {
      const { net, result } = price(candidates[0]!);
      return { charged: net, breakdown: result, groups: candidates[0]!, claim: "none" };
    }
    const amounts: { groups: SupportGroup[]; net: number }[] = [];
    for (const groups of candidates) {
      const { net, result } = price(groups);
      if (net === amountGiven) {
        const inferred = groups.some((g) => g === "poor" || g === "near_poor");
        return { charged: net, breakdown: result, groups, claim: inferred ? "inferred" : "none" };
      }
      amounts.push({ groups, net });
    }
    return rejected("REGISTRY.AMOUNT_MISMATCH", [
      issue(
        ["payment", "amount"],
        "REGISTRY.AMOUNT_MISMATCH",
        `Số tiền đóng ${vnd(amountGiven)} không khớp với nhóm đối tượng nào (danh sách không ghi đối tượng): ${amounts.map((a) => `${supportGroupsLabel(a.groups, "vi")} ${vnd(a.net)}`).join("; ")} — tính theo mức có hiệu lực ngày ${formatDisplayDate(receiptDate)}`,
        `Amount paid ${usd(amountGiven)} matches no support group (the list does not state the group): ${amounts.map((a) => `${supportGroupsLabel(a.groups, "en")} ${usd(a.net)}`).join("; ")} — with the figures in force on ${formatDisplayDate(receiptDate)}`,
      ),
    ]);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return domainRejected(e);
  }
}

function priceHousehold(
  cmd: EnrolmentCommand,
  months: number,
  rank: number,
  card: ReturnType<typeof healthCardStart> | null,
  world: EnrolmentSnapshot,
): Priced | EnrolmentDecision {
  try {
    const contribution = householdHealthContribution({
      paymentDate: cmd.payment.receiptDate,
      months: months as 3 | 6 | 12,
      members: [{ rank, id: "member" }],
      ...(world.rates ? { rates: world.rates } : {}),
    });
    const member = contribution.members[0]!;
    const given = cmd.payment.amount ?? null;
    if (given !== null && given !== member.total)
      return amountMismatch(given, member.total, cmd.payment.receiptDate, { vi: `thành viên thứ ${rank} của hộ`, en: `household member ${rank}` });
    return { charged: member.total, breakdown: { rank, member, contribution: stored(contribution), cardStart: card }, groups: [], claim: "none" };
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return domainRejected(e);
  }
}
