/**
 * The one write path of the registry (see the contract in the issue-10 coordination notes): the
 * enrolment form, the import of agents' lists and the demo seed all record an enrolment here.
 * Load → decide (domain) → store, inside the caller's transaction; user and row mistakes come
 * back as data (`rejected`, `duplicate`), never as a throw.
 */
import { z } from "zod";
import {
  agentById,
  ancestryOf,
  campaignById,
  communeOn,
  duplicateCandidates,
  householdByCode,
  householdJoinsInYear,
  insertEnrolment,
  insertHousehold,
  insertParticipant,
  insertPayment,
  openDuplicateReviews,
  outreachEventById,
  participantById,
  participantByPersonalId,
  participantBySocialInsuranceNumber,
  paymentByReceipt,
  previousCoverageEnd,
  setHouseholdHead,
  setParticipantHousehold,
  supportedMonthsUsed,
  type Db,
  type StoredParticipant,
} from "@ansinh/db";
import {
  healthCardStart,
  householdHealthContribution,
  supportGroups as supportGroupList,
  voluntaryContribution,
  type PaymentPlan,
  type SupportGroup,
} from "@ansinh/domain/contributions";
import { isDomainError } from "@ansinh/domain/errors";
import { checkAttribution } from "@ansinh/domain/outreach";
import { ratesOn, type RateKey } from "@ansinh/domain/rates";
import {
  checkAgentRow,
  checkPhone,
  displayName,
  enrolmentKind,
  findDuplicates,
  normaliseName,
  periodEnd,
  rankHouseholdMembers,
  supportGroupsFor,
  voluntaryStartDate,
  type AgentRowInput,
  type CommuneStatus,
  type EnrolmentKind,
} from "@ansinh/domain/registry";
import { issuesFromZod } from "@ansinh/domain/validation";
import { apiMessages } from "../errors.js";

export interface RecordEnrolmentInput {
  participant: {
    personalId: string;
    socialInsuranceNumber?: string | null;
    fullName: string;
    birthDate: string /* YYYY-MM-DD */;
    gender: "male" | "female";
    ethnicity?: string | null;
    phone?: string | null;
    communeCode: string;
    householdCode?: string | null;
    relationship?: string | null;
  };
  scheme: "voluntary_social_insurance" | "household_health_insurance";
  /** voluntary: first month `YYYY-MM`; household: left to the domain (healthCardStart) unless given */
  startMonth?: string | null;
  months: number;
  monthlyIncome?: number | null;
  supportGroups?: string[];
  /** Voluntary advance payments (24–60 months): the fund's monthly return of the previous year. */
  monthlyReturnRate?: number | null;
  householdRank?: number | null;
  facilityCode?: string | null;
  payment: { amount?: number | null; receiptDate: string; receiptNumber: string };
  agentId: number;
  collectorId?: string | null;
  campaignId?: number | null;
  outreachEventId?: number | null;
  source: "form" | "import" | "demo";
  importBatchId?: number | null;
  importLine?: number | null;
  participantMode: "new" | "any";
}

export interface RecordIssue {
  path: string[];
  vi: string;
  en: string;
  /** The problem's own code, when it has one (a `REGISTRY.*` row problem). */
  code?: string;
}

export type RecordEnrolmentResult =
  | {
      outcome: "recorded";
      participantId: number;
      enrolmentId: number;
      paymentId: number;
      kind: EnrolmentKind;
      amount: number;
      duplicateReviewIds: number[];
      /** Whether the participant was created by this call (false: an existing person enrolled again). */
      participantCreated: boolean;
      householdId: number | null;
      householdRank: number | null;
      startDate: string;
      coverTo: string;
    }
  | { outcome: "duplicate"; code: string; existingParticipantId: number | null; issues: RecordIssue[] }
  | { outcome: "rejected"; code: string; issues: RecordIssue[] };

export interface RecordContext {
  actorId: string | null;
  /**
   * The commune codes (in force on the receipt date) the row may be recorded in; a commune
   * outside them is rejected as out of scope. Absent or null: anywhere.
   */
  communeScope?: ReadonlySet<string> | null;
}

const opt = (max: number) => z.string().max(max).nullish();
const monthOrDay = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const id = z.number().int().positive().max(2_147_483_647);

/** The shape of a command (the rules are the domain's); unknown keys refused. */
export const recordEnrolmentInputSchema = z
  .object({
    participant: z
      .object({
        personalId: z.string().max(20),
        socialInsuranceNumber: opt(20),
        fullName: z.string().max(200),
        birthDate: isoDay,
        gender: z.enum(["male", "female"]),
        ethnicity: opt(60),
        phone: opt(30),
        communeCode: z.string().max(10),
        householdCode: opt(30),
        relationship: opt(60),
      })
      .strict(),
    scheme: z.enum(["voluntary_social_insurance", "household_health_insurance"]),
    startMonth: monthOrDay.nullish(),
    months: z.number().int().min(1).max(1200),
    monthlyIncome: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullish(),
    supportGroups: z.array(z.enum(supportGroupList)).max(5).optional(),
    monthlyReturnRate: z.number().min(0).lt(1).nullish(),
    householdRank: z.number().int().min(1).max(1000).nullish(),
    facilityCode: opt(10),
    payment: z
      .object({
        amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullish(),
        receiptDate: isoDay,
        receiptNumber: z.string().trim().min(1).max(50),
      })
      .strict(),
    agentId: id,
    collectorId: opt(100),
    campaignId: id.nullish(),
    outreachEventId: id.nullish(),
    source: z.enum(["form", "import", "demo"]),
    importBatchId: id.nullish(),
    importLine: id.nullish(),
    participantMode: z.enum(["new", "any"]),
  })
  .strict();

/** Where each field of an agent's row lives in the command (for issue paths). */
const ROW_PATHS: Record<string, string[]> = {
  fullName: ["participant", "fullName"],
  socialInsuranceNumber: ["participant", "socialInsuranceNumber"],
  birthDate: ["participant", "birthDate"],
  gender: ["participant", "gender"],
  personalId: ["participant", "personalId"],
  phone: ["participant", "phone"],
  ethnicity: ["participant", "ethnicity"],
  nationality: ["participant"],
  householdCode: ["participant", "householdCode"],
  householdRank: ["householdRank"],
  monthsPaid: ["months"],
  incomeOrBaseShare: ["monthlyIncome"],
  amountPaid: ["payment", "amount"],
  receiptDate: ["payment", "receiptDate"],
  facilityCode: ["facilityCode"],
  communeCode: ["participant", "communeCode"],
  newCardFrom: ["startMonth"],
  row: [],
};

/** The path of a domain issue about `voluntaryContribution` / `householdHealthContribution` input. */
const CONTRIBUTION_PATHS: Record<string, string[]> = {
  monthlyIncome: ["monthlyIncome"],
  paymentDate: ["payment", "receiptDate"],
  months: ["months"],
  plan: ["months"],
};

const rejectedOnly = (code: string, issues: RecordIssue[]): Extract<RecordEnrolmentResult, { outcome: "rejected" }> => ({ outcome: "rejected", code, issues });
const rejected = (code: string, issues: RecordIssue[]): RecordEnrolmentResult => rejectedOnly(code, issues);

/** An ID a spreadsheet kept as a number loses its leading zero: every personal ID starts with 0. */
function normalisePersonalId(raw: string): string {
  const id = raw.replace(/\s/g, "");
  return /^\d{10,11}$/.test(id) ? id.padStart(12, "0") : id;
}

/** The first day in force among the figures a breakdown used: the rates' effective date. */
function ratesEffectiveFrom(date: string, keys: readonly RateKey[]): string {
  const r = ratesOn(date);
  let from = "0000-01-01";
  for (const k of keys) {
    const p = r.provenance[k];
    if (p && p.from > from) from = p.from;
  }
  return from;
}

const VOLUNTARY_KEYS: RateKey[] = [
  "baseSalary",
  "ruralPovertyLine",
  "voluntaryContributionRateBp",
  "incomeFloorMultiple",
  "incomeCeilingMultiple",
  "stateSupportBp",
  "supportCapMonths",
  "localSupport",
];
const HOUSEHOLD_KEYS: RateKey[] = ["baseSalary", "healthInsuranceRateBp", "healthMemberFactorsBp"];

async function followMerges(tx: Db, p: StoredParticipant | undefined): Promise<StoredParticipant | undefined> {
  for (let i = 0; p?.mergedIntoId != null && i < 10; i++) p = await participantById(tx, p.mergedIntoId);
  return p;
}

/** A command that passed its shape check. */
export type RecordCommand = z.infer<typeof recordEnrolmentInputSchema>;

/** Step 1: the command's shape (zod); a malformed one is `rejected` with `INPUT.INVALID`. */
export function parseRecordCommand(input: RecordEnrolmentInput): { ok: true; cmd: RecordCommand } | { ok: false; result: RecordEnrolmentResult } {
  const parsed = recordEnrolmentInputSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      result: rejected(
        "INPUT.INVALID",
        issuesFromZod(parsed.error, { input, catalogue: apiMessages }).map((i) => ({ path: i.path.map(String), vi: i.vi, en: i.en })),
      ),
    };
  }
  return { ok: true, cmd: parsed.data };
}

/**
 * Step 6: every rule of a row (the domain's `checkAgentRow`: identity, eligibility, months,
 * income, amount, facility, commune), once the loads are done; null when the row is good.
 */
export function checkRecordRow(
  cmd: RecordCommand,
  loaded: {
    personalId: string;
    sin: string | null;
    householdCode: string | null;
    communeCode: string;
    rank: number | null;
    communeStatus: CommuneStatus;
    used: number;
    groups: SupportGroup[];
  },
): RecordEnrolmentResult | null {
  const p = cmd.participant;
  const household = cmd.scheme === "household_health_insurance";
  const amountGiven = cmd.payment.amount ?? null;
  const row: AgentRowInput = {
    fullName: p.fullName,
    socialInsuranceNumber: loaded.sin,
    birthDate: p.birthDate,
    gender: p.gender,
    personalId: loaded.personalId,
    phone: p.phone ?? null,
    ethnicity: p.ethnicity ?? null,
    householdCode: loaded.householdCode,
    householdRank: loaded.rank,
    monthsPaid: cmd.months,
    incomeOrBaseShare: household ? null : (cmd.monthlyIncome ?? null),
    amountPaid: amountGiven,
    receiptDate: cmd.payment.receiptDate,
    facilityCode: cmd.facilityCode ?? null,
    communeCode: loaded.communeCode,
  };
  const check = checkAgentRow(row, {
    scheme: cmd.scheme,
    communeStatus: () => loaded.communeStatus,
    supportGroups: loaded.groups,
    supportedMonthsUsed: loaded.used,
    ...(cmd.monthlyReturnRate == null ? {} : { monthlyReturnRate: cmd.monthlyReturnRate }),
  });
  const problems = check.ok ? [] : check.problems.filter((x) => !(amountGiven === null && x.field === "amountPaid" && x.code === "REGISTRY.REQUIRED"));
  if (problems.length > 0) {
    return rejected(
      problems[0]!.code,
      problems.map((x) => ({ path: ROW_PATHS[x.field] ?? [x.field], vi: x.vi, en: x.en, code: x.code })),
    );
  }
  return null;
}

/**
 * Step 7a: the first day covered — voluntary: the command's start month, else the month after
 * the last one covered (`voluntaryStartDate`); household: the card's first day (`healthCardStart`).
 * `lastEnd`: the last day the person's payments in the scheme cover (null: none). May throw a DomainError.
 */
export function recordStart(cmd: RecordCommand, lastEnd: string | null): { start: string; card: ReturnType<typeof healthCardStart> | null } {
  const receiptDate = cmd.payment.receiptDate;
  if (cmd.scheme !== "household_health_insurance") {
    return { start: cmd.startMonth ? `${cmd.startMonth.slice(0, 7)}-01` : voluntaryStartDate(receiptDate, lastEnd), card: null };
  }
  const card = healthCardStart({ paymentDate: receiptDate, previousCardEnd: lastEnd });
  return { start: cmd.startMonth ? (cmd.startMonth.length === 7 ? `${cmd.startMonth}-01` : cmd.startMonth) : card.validFrom, card };
}

export interface PricedRecord {
  outcome: "priced";
  charged: number;
  breakdown: unknown;
  effectiveFrom: string;
}

/**
 * Step 7b: the price by the domain with the figures in force on the receipt date, and the
 * amount paid against it. May throw a DomainError (see `contributionRejected`).
 */
export function priceRecord(
  cmd: RecordCommand,
  x: { rank: number | null; groups: SupportGroup[]; used: number; start: string; card: ReturnType<typeof healthCardStart> | null },
): PricedRecord | Extract<RecordEnrolmentResult, { outcome: "rejected" }> {
  const receiptDate = cmd.payment.receiptDate;
  const amountGiven = cmd.payment.amount ?? null;
  let charged: number;
  let breakdown: unknown;
  let effectiveFrom: string;
  if (cmd.scheme !== "household_health_insurance") {
    let plan: PaymentPlan;
    if (cmd.months === 1 || cmd.months === 3 || cmd.months === 6 || cmd.months === 12) plan = { kind: "periodic", months: cmd.months };
    else if (cmd.monthlyReturnRate == null) {
      return rejectedOnly("ENROLMENT.RETURN_RATE_MISSING", [
        {
          path: ["monthlyReturnRate"],
          vi: "Đóng một lần cho nhiều năm về sau cần lãi suất đầu tư bình quân tháng của quỹ năm trước",
          en: "Paying several years in advance needs the fund's average monthly return of the previous year",
        },
      ]);
    } else plan = { kind: "advance", years: cmd.months / 12, monthlyReturnRate: cmd.monthlyReturnRate };
    const result = voluntaryContribution({
      paymentDate: receiptDate,
      monthlyIncome: cmd.monthlyIncome!,
      supportGroups: supportGroupsFor(x.groups, cmd.participant.ethnicity ?? null),
      plan,
      supportedMonthsUsed: x.used,
    });
    charged = result.totals.net;
    breakdown = result;
    effectiveFrom = ratesEffectiveFrom(receiptDate, VOLUNTARY_KEYS);
  } else {
    const contribution = householdHealthContribution({ paymentDate: receiptDate, months: cmd.months as 3 | 6 | 12, members: [{ rank: x.rank!, id: "member" }] });
    charged = contribution.members[0]!.total;
    breakdown = { rank: x.rank, member: contribution.members[0], contribution, cardStart: x.card };
    effectiveFrom = ratesEffectiveFrom(receiptDate, HOUSEHOLD_KEYS);
  }
  if (amountGiven !== null && amountGiven !== charged) {
    return rejectedOnly("REGISTRY.AMOUNT_MISMATCH", [
      {
        path: ["payment", "amount"],
        vi: `Số tiền đóng ${amountGiven.toLocaleString("vi-VN")} đ khác số tiền phải đóng ${charged.toLocaleString("vi-VN")} đ`,
        en: `Amount paid ${amountGiven.toLocaleString("en-US")} VND differs from the amount due, ${charged.toLocaleString("en-US")} VND`,
        code: "REGISTRY.AMOUNT_MISMATCH",
      },
    ]);
  }
  return { outcome: "priced", charged, breakdown, effectiveFrom };
}

/** A DomainError of the contributions module (thrown by steps 7a/7b) as the command's rejection. */
export function contributionRejected(e: { code: string; issues: readonly { path: readonly PropertyKey[]; vi: string; en: string }[] }): Extract<RecordEnrolmentResult, { outcome: "rejected" }> {
  return rejectedOnly(
    e.code,
    e.issues.map((i) => ({ path: CONTRIBUTION_PATHS[String(i.path[0])] ?? i.path.map(String), vi: i.vi, en: i.en, code: e.code })),
  );
}

/**
 * Records one enrolment with its payment: see `RecordEnrolmentInput`. Runs inside the caller's
 * transaction `tx`; writes the participant (and household) when new, the enrolment with the
 * breakdown as charged and the rates' effective date, the payment (cover from, cover to =
 * `periodEnd`), and opens duplicate reviews for likely duplicates of a new participant.
 * The same (agent, receipt number) again is a `duplicate` and writes nothing. Never throws for
 * a user or row mistake; throws only on bugs and database failures.
 */
export async function recordEnrolment(tx: Db, input: RecordEnrolmentInput, ctx: RecordContext): Promise<RecordEnrolmentResult> {
  const parsed = parseRecordCommand(input);
  if (!parsed.ok) return parsed.result;
  const cmd = parsed.cmd;
  const p = cmd.participant;
  const household = cmd.scheme === "household_health_insurance";
  const { receiptDate } = cmd.payment;
  const receiptNumber = cmd.payment.receiptNumber.trim();
  const amountGiven = cmd.payment.amount ?? null;

  // --- the agent and its receipt
  const agent = await agentById(tx, cmd.agentId);
  if (!agent) {
    return rejected("ENROLMENT.AGENT_UNKNOWN", [
      { path: ["agentId"], vi: `Không có đại lý thu mã ${cmd.agentId}`, en: `There is no collection agent ${cmd.agentId}` },
    ]);
  }
  const prior = await paymentByReceipt(tx, agent.id, receiptNumber);
  if (prior) {
    return {
      outcome: "duplicate",
      code: "ENROLMENT.DUPLICATE_RECEIPT",
      existingParticipantId: prior.participantId,
      issues: [
        {
          path: ["payment", "receiptNumber"],
          vi: `Biên lai số ${receiptNumber} của đại lý ${agent.name} đã được ghi nhận`,
          en: `Receipt ${receiptNumber} of agent ${agent.name} is already recorded`,
        },
      ],
    };
  }

  // --- the commune on the receipt date, and its province
  const communeCode = p.communeCode.trim();
  const commune = /^\d{5}$/.test(communeCode) && /^\d{4}-\d{2}-\d{2}$/.test(receiptDate) ? await communeOn(tx, communeCode, receiptDate) : undefined;
  const communeStatus: CommuneStatus = !commune ? "unknown" : ctx.communeScope && !ctx.communeScope.has(commune.code) ? "out_of_scope" : "ok";

  // --- the person: new, or the one holding this personal ID
  const personalId = normalisePersonalId(p.personalId);
  const sin = p.socialInsuranceNumber?.trim() || null;
  const existing = await followMerges(tx, await participantByPersonalId(tx, personalId));
  if (existing && cmd.participantMode === "new") {
    return {
      outcome: "duplicate",
      code: "REGISTRY.DUPLICATE_PERSONAL_ID",
      existingParticipantId: existing.id,
      issues: [
        {
          path: ["participant", "personalId"],
          vi: `Số định danh cá nhân ${personalId} đã có trong danh sách người tham gia (${existing.fullName})`,
          en: `Personal ID ${personalId} already belongs to a participant (${existing.fullName})`,
          code: "REGISTRY.DUPLICATE_PERSONAL_ID",
        },
      ],
    };
  }
  if (existing && (existing.birthDate !== p.birthDate || existing.gender !== p.gender)) {
    return rejected("ENROLMENT.PARTICIPANT_MISMATCH", [
      {
        path: ["participant", existing.birthDate !== p.birthDate ? "birthDate" : "gender"],
        vi: `Số định danh ${personalId} đã ghi nhận với ngày sinh ${existing.birthDate.split("-").reverse().join("/")}, giới tính ${existing.gender === "male" ? "nam" : "nữ"}: khác với dòng này`,
        en: `Personal ID ${personalId} is recorded with birth date ${existing.birthDate} and gender ${existing.gender}, which differ from this row`,
      },
    ]);
  }
  if (sin !== null) {
    const holder = await participantBySocialInsuranceNumber(tx, sin);
    if (holder && holder.id !== existing?.id) {
      return {
        outcome: "duplicate",
        code: "REGISTRY.DUPLICATE_SOCIAL_INSURANCE_NUMBER",
        existingParticipantId: holder.id,
        issues: [
          {
            path: ["participant", "socialInsuranceNumber"],
            vi: `Mã số BHXH ${sin} đã thuộc về người tham gia khác (${holder.fullName})`,
            en: `Social-insurance number ${sin} already belongs to another participant (${holder.fullName})`,
            code: "REGISTRY.DUPLICATE_SOCIAL_INSURANCE_NUMBER",
          },
        ],
      };
    }
  }

  // --- household: find it, and rank the member among the year's members (unless the row says)
  const householdCode = p.householdCode?.trim().toUpperCase() || null;
  const hh = household && householdCode !== null ? await householdByCode(tx, householdCode) : undefined;
  let rank = cmd.householdRank ?? null;
  if (household && rank === null && /^\d{4}-\d{2}-\d{2}$/.test(receiptDate)) {
    const year = Number(receiptDate.slice(0, 4));
    const joins = hh ? await householdJoinsInYear(tx, hh.id, year) : [];
    const me = existing ? String(existing.id) : "new";
    const members = joins.map((j) => ({ id: String(j.participantId), joinedOn: j.joinedOn }));
    if (!members.some((m) => m.id === me)) members.push({ id: me, joinedOn: receiptDate });
    try {
      rank = rankHouseholdMembers(members, year).members.find((m) => m.id === me)?.rank ?? null;
    } catch (e) {
      if (!isDomainError(e)) throw e;
    }
  }

  const used = existing ? await supportedMonthsUsed(tx, existing.id) : 0;
  const groups = (cmd.supportGroups ?? []) as SupportGroup[];

  // --- every rule of a row (identity, eligibility, months, income, amount, facility, commune)
  const rowRejected = checkRecordRow(cmd, { personalId, sin, householdCode, communeCode, rank, communeStatus, used, groups });
  if (rowRejected) return rowRejected;
  if (!commune || rank === null && household) throw new Error("unreachable: a checked row has a commune and, for a household, a rank");

  // --- attribution to a campaign and/or an outreach event (the domain's rule, on the receipt date)
  let campaignId: number | null = null;
  let outreachEventId: number | null = null;
  if (cmd.campaignId != null || cmd.outreachEventId != null) {
    const event = cmd.outreachEventId != null ? await outreachEventById(tx, cmd.outreachEventId) : undefined;
    if (cmd.outreachEventId != null && !event) {
      return rejected("ENROLMENT.EVENT_UNKNOWN", [
        { path: ["outreachEventId"], vi: `Không có sự kiện vận động số ${cmd.outreachEventId}`, en: `There is no outreach event ${cmd.outreachEventId}`, code: "ENROLMENT.EVENT_UNKNOWN" },
      ]);
    }
    const campaignRef = cmd.campaignId ?? event?.campaignId ?? null;
    const campaign = campaignRef !== null ? await campaignById(tx, campaignRef) : undefined;
    if (cmd.campaignId != null && !campaign) {
      return rejected("ENROLMENT.CAMPAIGN_UNKNOWN", [
        { path: ["campaignId"], vi: `Không có đợt vận động số ${cmd.campaignId}`, en: `There is no campaign ${cmd.campaignId}`, code: "ENROLMENT.CAMPAIGN_UNKNOWN" },
      ]);
    }
    const attribution = checkAttribution({
      enrolment: { date: receiptDate, communePath: await ancestryOf(tx, commune.code, receiptDate) },
      campaign: campaign ? { id: campaign.id, startDate: campaign.startDate, endDate: campaign.endDate, areaCodes: campaign.areaCodes } : null,
      event: event ? { id: event.id, campaignId: event.campaignId, eventDate: event.eventDate, areaCode: event.areaCode } : null,
    });
    if (attribution.length > 0) {
      return rejected(
        attribution[0]!.code,
        attribution.map((x) => ({ path: [x.field], vi: x.vi, en: x.en, code: x.code })),
      );
    }
    campaignId = campaign?.id ?? null;
    outreachEventId = event?.id ?? null;
  }

  // --- price it and date it (the domain's figures in force on the receipt date)
  let priced: PricedRecord;
  let start: string;
  let previousEnd: string | null;
  try {
    const lastEnd = existing ? await previousCoverageEnd(tx, existing.id, cmd.scheme) : null;
    const dated = recordStart(cmd, lastEnd);
    start = dated.start;
    previousEnd = existing ? await previousCoverageEnd(tx, existing.id, cmd.scheme, start) : null;
    const r = priceRecord(cmd, { rank, groups, used, start, card: dated.card });
    if (r.outcome === "rejected") return r;
    priced = r;
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return contributionRejected(e);
  }
  const { charged, breakdown, effectiveFrom } = priced;
  const kind = enrolmentKind(previousEnd, start);
  const coverTo = periodEnd({ from: start, months: cmd.months });
  const provinceCode = commune.provinceCode;

  // --- store
  let householdId: number | null = null;
  if (household) {
    householdId = (hh ?? (await insertHousehold(tx, { provinceCode, code: householdCode!, communeCode, communeValidOn: receiptDate }))).id;
  }
  const phoneCheck = p.phone ? checkPhone(p.phone) : null;
  const phone = phoneCheck?.ok ? phoneCheck.phone : null;
  const fullName = displayName(p.fullName);
  const nameKey = normaliseName(p.fullName);
  const relationship = p.relationship?.trim() || null;
  let participant = existing;
  if (!participant) {
    participant = await insertParticipant(tx, {
      provinceCode,
      personalId,
      socialInsuranceNumber: sin,
      fullName,
      nameKey,
      birthDate: p.birthDate,
      gender: p.gender,
      ethnicity: p.ethnicity?.trim() || null,
      phone,
      communeCode,
      communeValidOn: receiptDate,
      householdId,
      relationship,
      householdJoinedOn: household ? receiptDate : null,
    });
  } else if (householdId !== null && participant.householdId !== householdId) {
    await setParticipantHousehold(tx, participant.id, householdId, relationship, receiptDate);
  }
  if (householdId !== null) await setHouseholdHead(tx, householdId, participant.id);

  const enrolmentId = await insertEnrolment(tx, {
    provinceCode,
    participantId: participant.id,
    scheme: cmd.scheme,
    kind,
    startDate: start,
    months: cmd.months,
    monthlyIncome: household ? null : (cmd.monthlyIncome ?? null),
    supportGroups: household ? [] : groups,
    householdRank: household ? rank : null,
    householdId,
    facilityCode: household ? (cmd.facilityCode ?? null) : null,
    breakdown,
    ratesEffectiveFrom: effectiveFrom,
    amount: charged,
    communeCode,
    agentId: agent.id,
    collectorId: cmd.collectorId ?? null,
    campaignId,
    outreachEventId,
    source: cmd.source,
    importBatchId: cmd.importBatchId ?? null,
    importLine: cmd.importLine ?? null,
    createdBy: ctx.actorId,
  });
  const paymentId = await insertPayment(tx, {
    provinceCode,
    enrolmentId,
    participantId: participant.id,
    coverFrom: start,
    months: cmd.months,
    coverTo,
    amount: amountGiven ?? charged,
    receiptDate,
    receiptNumber,
    agentId: agent.id,
  });

  // --- likely duplicates of a new person go to the review queue
  let duplicateReviewIds: number[] = [];
  if (!existing) {
    const candidates = await duplicateCandidates(tx, { nameKey, birthDate: p.birthDate, communeCode, phone, excludeId: participant.id });
    if (candidates.length > 0) {
      const found = findDuplicates(
        { id: String(participant.id), personalId, socialInsuranceNumber: sin, fullName, birthDate: p.birthDate, phone, communeCode },
        candidates.map((c) => ({
          id: String(c.id),
          personalId: c.personalId,
          socialInsuranceNumber: c.socialInsuranceNumber,
          fullName: c.fullName,
          birthDate: c.birthDate,
          phone: c.phone,
          communeCode: c.communeCode,
        })),
      );
      duplicateReviewIds = await openDuplicateReviews(
        tx,
        found.matches.map((m) => ({
          provinceCode,
          participantId: participant.id,
          matchId: Number(m.participantId),
          score: m.score,
          reasons: m.reasons,
        })),
      );
    }
  }

  return {
    outcome: "recorded",
    participantId: participant.id,
    enrolmentId,
    paymentId,
    kind,
    amount: charged,
    duplicateReviewIds,
    participantCreated: !existing,
    householdId,
    householdRank: household ? rank : null,
    startDate: start,
    coverTo,
  };
}
