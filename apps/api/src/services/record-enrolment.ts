/**
 * The one write path of the registry: the enrolment form, the import of agents' lists and the
 * demo seed all record an enrolment here. Load (what the registry knows: `loadSnapshot`) →
 * decide (the domain's `decideEnrolment`, the only place the rules are) → store, inside the
 * caller's transaction; user and row mistakes come back as data (`rejected`, `duplicate`),
 * never as a throw. See docs/registry-write-path.md.
 */
import { z } from "zod";
import {
  agentById,
  ancestryOf,
  campaignById,
  communeOn,
  duplicateCandidates,
  fundReturnOf,
  householdByCode,
  householdJoinsInYear,
  insertEnrolment,
  insertHousehold,
  insertParticipant,
  insertPayment,
  openDuplicateReviews,
  outreachEventById,
  paidPeriods,
  participantById,
  participantByPersonalId,
  participantBySocialInsuranceNumber,
  paymentByReceipt,
  provinceNameOn,
  setHouseholdHead,
  setParticipantHousehold,
  supportedMonthsUsed,
  type Db,
  type StoredParticipant,
} from "@ansinh/db";
import { supportGroups as supportGroupList, type SupportGroup } from "@ansinh/domain/contributions";
import type { Scheme } from "@ansinh/domain/eligibility";
import {
  decideEnrolment,
  normaliseName,
  restorePersonalId,
  type DecidedEnrolment,
  type EnrolmentCommand,
  type EnrolmentKind,
  type EnrolmentSnapshot,
  type KnownPerson,
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
    nationality?: string | null;
    phone?: string | null;
    communeCode: string;
    householdCode?: string | null;
    relationship?: string | null;
  };
  scheme: Scheme;
  /** voluntary: first month `YYYY-MM`; household: left to the domain (healthCardStart) unless given */
  startMonth?: string | null;
  months: number;
  monthlyIncome?: number | null;
  /** Voluntary: the groups stated (poor, near-poor, island); null/absent: inferred from the amount paid. */
  supportGroups?: string[] | null;
  /** The evidence of a poor / near-poor claim (certificate number, the commune's certified list). */
  supportEvidence?: string | null;
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
        nationality: opt(60),
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
    supportGroups: z.array(z.enum(supportGroupList)).max(5).nullish(),
    supportEvidence: opt(200),
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

/** A command that passed its shape check. */
export type RecordCommand = z.infer<typeof recordEnrolmentInputSchema>;

/** Step 1: the command's shape (zod, once, at this boundary); a malformed one is `rejected` with `INPUT.INVALID`. */
export function parseRecordCommand(input: RecordEnrolmentInput): { ok: true; cmd: RecordCommand } | { ok: false; result: RecordEnrolmentResult } {
  const parsed = recordEnrolmentInputSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      result: {
        outcome: "rejected",
        code: "INPUT.INVALID",
        issues: issuesFromZod(parsed.error, { input, catalogue: apiMessages }).map((i) => ({ path: i.path.map(String), vi: i.vi, en: i.en })),
      },
    };
  }
  return { ok: true, cmd: parsed.data };
}

/** The domain's command for a checked one. */
export function enrolmentCommandOf(cmd: RecordCommand): EnrolmentCommand {
  return {
    scheme: cmd.scheme,
    participant: cmd.participant,
    startMonth: cmd.startMonth ?? null,
    months: cmd.months,
    monthlyIncome: cmd.monthlyIncome ?? null,
    supportGroups: cmd.supportGroups === undefined ? null : (cmd.supportGroups as SupportGroup[] | null),
    supportEvidence: cmd.supportEvidence ?? null,
    householdRank: cmd.householdRank ?? null,
    facilityCode: cmd.facilityCode ?? null,
    payment: cmd.payment,
    participantMode: cmd.participantMode,
    campaignId: cmd.campaignId ?? null,
    outreachEventId: cmd.outreachEventId ?? null,
  };
}

async function followMerges(tx: Db, p: StoredParticipant | undefined): Promise<StoredParticipant | undefined> {
  for (let i = 0; p?.mergedIntoId != null && i < 10; i++) p = await participantById(tx, p.mergedIntoId);
  return p;
}

const isDay = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d);

/**
 * Step 2: what the registry knows that the decision needs, one query each (the form's path; an
 * import decides its new people in bulk with what it loaded for the whole file).
 */
export async function loadSnapshot(tx: Db, cmd: RecordCommand, ctx: RecordContext): Promise<EnrolmentSnapshot> {
  const p = cmd.participant;
  const { receiptDate } = cmd.payment;
  const inScope = (communeCode: string) => !ctx.communeScope || ctx.communeScope.has(communeCode);
  const agent = await agentById(tx, cmd.agentId);
  const prior = agent ? await paymentByReceipt(tx, agent.id, cmd.payment.receiptNumber.trim()) : undefined;
  const receiptTaken = prior ? { participantId: prior.participantId } : null;
  const communeCode = p.communeCode.trim();
  const commune = /^\d{5}$/.test(communeCode) && isDay(receiptDate) ? await communeOn(tx, communeCode, receiptDate) : undefined;
  const personalId = restorePersonalId(p.personalId);
  const stored = await followMerges(tx, await participantByPersonalId(tx, personalId));
  let person: KnownPerson | null = null;
  if (stored) {
    person = {
      id: stored.id,
      fullName: stored.fullName,
      birthDate: stored.birthDate,
      gender: stored.gender as "male" | "female",
      householdId: stored.householdId,
      inScope: inScope(stored.communeCode),
      areaName: await provinceNameOn(tx, stored.provinceCode, stored.communeValidOn),
      periods: await paidPeriods(tx, stored.id),
      supportedMonthsUsed: await supportedMonthsUsed(tx, stored.id),
    };
  }
  const sin = p.socialInsuranceNumber?.trim() || null;
  const sinStored = sin ? await participantBySocialInsuranceNumber(tx, sin) : undefined;
  const sinHolder = sinStored
    ? {
        id: sinStored.id,
        fullName: sinStored.fullName,
        inScope: inScope(sinStored.communeCode),
        areaName: await provinceNameOn(tx, sinStored.provinceCode, sinStored.communeValidOn),
      }
    : null;
  const householdCode = p.householdCode?.trim().toUpperCase() || null;
  const hh = cmd.scheme === "household_health_insurance" && householdCode ? await householdByCode(tx, householdCode) : undefined;
  const household = hh
    ? {
        id: hh.id,
        inScope: inScope(hh.communeCode),
        areaName: await provinceNameOn(tx, hh.provinceCode, hh.communeValidOn),
        joins: isDay(receiptDate) ? await householdJoinsInYear(tx, hh.id, Number(receiptDate.slice(0, 4))) : [],
      }
    : null;
  const event = cmd.outreachEventId != null ? ((await outreachEventById(tx, cmd.outreachEventId)) ?? "unknown") : null;
  const campaignRef = cmd.campaignId ?? (event !== null && event !== "unknown" ? event.campaignId : null);
  const campaign = campaignRef != null ? ((await campaignById(tx, campaignRef)) ?? (cmd.campaignId != null ? "unknown" : null)) : null;
  const candidates =
    !stored && isDay(p.birthDate)
      ? await duplicateCandidates(tx, { nameKey: normaliseName(p.fullName), birthDate: p.birthDate, communeCode, phone: p.phone?.replace(/\D/g, "") || null })
      : [];
  return {
    agent: agent ? { id: agent.id, name: agent.name } : null,
    receiptTaken,
    commune: commune ? { code: commune.code, provinceCode: commune.provinceCode, path: await ancestryOf(tx, commune.code, receiptDate) } : null,
    communeInScope: commune ? inScope(commune.code) : false,
    person,
    sinHolder,
    household,
    campaign:
      campaign === null || campaign === "unknown"
        ? campaign
        : { id: campaign.id, startDate: campaign.startDate, endDate: campaign.endDate, areaCodes: campaign.areaCodes },
    event: event === null || event === "unknown" ? event : { id: event.id, campaignId: event.campaignId, eventDate: event.eventDate, areaCode: event.areaCode },
    fundMonthlyReturn: isDay(receiptDate) ? await fundReturnOf(tx, Number(receiptDate.slice(0, 4)) - 1) : null,
    duplicateCandidates: candidates.map((c) => ({
      id: c.id,
      personalId: c.personalId,
      socialInsuranceNumber: c.socialInsuranceNumber,
      fullName: c.fullName,
      birthDate: c.birthDate,
      phone: c.phone,
      communeCode: c.communeCode,
    })),
  };
}

/** Step 4: the decided rows stored (participant and household when new, enrolment, payment, duplicate reviews). */
export async function storeDecision(
  tx: Db,
  cmd: RecordCommand,
  d: DecidedEnrolment,
  ctx: RecordContext,
): Promise<Extract<RecordEnrolmentResult, { outcome: "recorded" }>> {
  const household = d.scheme === "household_health_insurance";
  let householdId = d.householdId;
  if (household && householdId === null) {
    householdId = (
      await insertHousehold(tx, { provinceCode: d.provinceCode, code: d.householdCode!, communeCode: d.communeCode, communeValidOn: d.receiptDate })
    ).id;
  }
  let participantId = d.existingParticipantId;
  if (participantId === null) {
    participantId = (
      await insertParticipant(tx, {
        provinceCode: d.provinceCode,
        personalId: d.personalId,
        socialInsuranceNumber: d.socialInsuranceNumber,
        fullName: d.fullName,
        nameKey: d.nameKey,
        birthDate: d.birthDate,
        gender: d.gender,
        ethnicity: d.ethnicity,
        phone: d.phone,
        communeCode: d.communeCode,
        communeValidOn: d.receiptDate,
        householdId,
        relationship: d.relationship,
        householdJoinedOn: household ? d.receiptDate : null,
      })
    ).id;
  } else if (householdId !== null) {
    const current = await participantById(tx, participantId);
    if (current?.householdId !== householdId) await setParticipantHousehold(tx, participantId, householdId, d.relationship, d.receiptDate);
  }
  if (householdId !== null) await setHouseholdHead(tx, householdId, participantId);
  const enrolmentId = await insertEnrolment(tx, {
    provinceCode: d.provinceCode,
    participantId,
    scheme: d.scheme,
    kind: d.kind,
    startDate: d.startDate,
    months: d.months,
    monthlyIncome: d.monthlyIncome,
    supportGroups: d.supportGroups,
    supportClaim: household ? null : d.supportClaim,
    supportEvidence: d.supportEvidence,
    householdRank: d.householdRank,
    householdId,
    facilityCode: d.facilityCode,
    breakdown: d.breakdown,
    ratesEffectiveFrom: d.ratesEffectiveFrom,
    amount: d.amount,
    communeCode: d.communeCode,
    agentId: d.agentId,
    collectorId: cmd.collectorId ?? null,
    campaignId: d.campaignId,
    outreachEventId: d.outreachEventId,
    source: cmd.source,
    importBatchId: cmd.importBatchId ?? null,
    importLine: cmd.importLine ?? null,
    createdBy: ctx.actorId,
  });
  const paymentId = await insertPayment(tx, {
    provinceCode: d.provinceCode,
    enrolmentId,
    participantId,
    coverFrom: d.startDate,
    months: d.months,
    coverTo: d.coverTo,
    amount: d.amountPaid,
    receiptDate: d.receiptDate,
    receiptNumber: d.receiptNumber,
    agentId: d.agentId,
  });
  const duplicateReviewIds = await openDuplicateReviews(
    tx,
    d.duplicateMatches.map((m) => ({
      provinceCode: d.provinceCode,
      participantId: participantId!,
      matchId: m.participantId,
      score: m.score,
      reasons: m.reasons,
    })),
  );
  return {
    outcome: "recorded",
    participantId,
    enrolmentId,
    paymentId,
    kind: d.kind,
    amount: d.amount,
    duplicateReviewIds,
    participantCreated: d.existingParticipantId === null,
    householdId,
    householdRank: d.householdRank,
    startDate: d.startDate,
    coverTo: d.coverTo,
  };
}

/** The domain's rejection or duplicate as the write path's result (paths and codes kept). */
function undecided(d: Exclude<ReturnType<typeof decideEnrolment>, { outcome: "record" }>): RecordEnrolmentResult {
  const issues = d.issues.map((i) => ({ path: i.path, vi: i.vi, en: i.en, code: i.code }));
  return d.outcome === "duplicate"
    ? { outcome: "duplicate", code: d.code, existingParticipantId: d.existingParticipantId, issues }
    : { outcome: "rejected", code: d.code, issues };
}

/**
 * Records one enrolment with its payment: load → decide → store, in the caller's transaction `tx`
 * (see the file's comment). The same (agent, receipt number) again is a `duplicate` and writes
 * nothing. Never throws for a user or row mistake; throws only on bugs and database failures.
 */
export async function recordEnrolment(tx: Db, input: RecordEnrolmentInput, ctx: RecordContext): Promise<RecordEnrolmentResult> {
  const parsed = parseRecordCommand(input);
  if (!parsed.ok) return parsed.result;
  const cmd = parsed.cmd;
  const decision = decideEnrolment(enrolmentCommandOf(cmd), await loadSnapshot(tx, cmd, ctx));
  if (decision.outcome !== "record") return undecided(decision);
  return storeDecision(tx, cmd, decision.record, ctx);
}

export type { EnrolmentKind };
