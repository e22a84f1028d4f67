import { TRPCError } from "@trpc/server";
import { z } from "zod";
import {
  agentsInAreas,
  agentsOfCollector,
  areaLabelOf,
  codesInScopeLatest,
  fundReturnOf,
  householdByCode,
  householdJoinsInYear,
  participantByPersonalId,
  provinceNameOn,
  searchCommunesOn,
  type AgentChoice,
  type Db,
} from "@ansinh/db";
import { can } from "@ansinh/domain/access";
import {
  healthCardStart,
  householdHealthContribution,
  householdPaymentMonths as householdMonths,
  paymentPlanFor,
  supportGroups,
  voluntaryContribution,
  voluntaryMonths,
  type SupportGroup,
} from "@ansinh/domain/contributions";
import { isoDateSchema, todayInVietnam as today } from "@ansinh/domain/dates";
import { checkEligibility } from "@ansinh/domain/eligibility";
import { DomainError } from "@ansinh/domain/errors";
import { checkPersonalId, checkSocialInsuranceNumber } from "@ansinh/domain/identity";
import { checkPhone, periodEnd, rankHouseholdMembers, supportGroupsFor, voluntaryStartDate } from "@ansinh/domain/registry";
import { apiError, type ErrorCode } from "../errors.js";
import { audited } from "../services/audited.js";
import { recordEnrolment, type RecordEnrolmentInput, type RecordEnrolmentResult, type RecordIssue } from "../services/record-enrolment.js";
import { forbidden, protectedProcedure, router, type Access } from "../trpc.js";
import { text } from "./inputs.js";

const schemes = ["voluntary_social_insurance", "household_health_insurance"] as const;
const money = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const agentId = z.number().int().positive().max(2_147_483_647);
/** Optional attribution to a campaign and/or an outreach event (checked by the domain's rule in the write path). */
const attribution = { campaignId: agentId.nullish(), outreachEventId: agentId.nullish() };
const months = (allowed: readonly number[]) =>
  z
    .number()
    .int()
    .refine((m) => allowed.includes(m), { message: "months" });

/** The person fields of the form (the rules are the domain's, checked by the service). */
const personFields = {
  personalId: text(20),
  fullName: text(200),
  birthDate: isoDateSchema,
  gender: z.enum(["male", "female"]),
  ethnicity: text(60).nullish(),
  phone: text(30).nullish(),
  socialInsuranceNumber: text(20).nullish(),
};

/** The agents the caller may record for: a collector's own agents; a manager's or admin's, those in their areas. */
async function agentChoicesOf(db: Db, access: Access): Promise<AgentChoice[]> {
  const out = new Map<number, AgentChoice>();
  if (access.assignments.some((a) => a.role === "collector")) for (const a of await agentsOfCollector(db, access.user.id)) out.set(a.id, a);
  const overseeing = access.assignments.filter((a) => a.role !== "collector" && can(a.role, "write"));
  if (overseeing.length > 0) {
    const national = overseeing.some((a) => a.areaCode === null);
    // Agents are bound to areas as of when they were set up: a role outlives a reform, so its lasting scope.
    const scope = national
      ? null
      : await codesInScopeLatest(
          db,
          today(),
          overseeing.map((a) => a.areaCode!),
        );
    for (const a of await agentsInAreas(db, scope)) out.set(a.id, a);
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name, "vi"));
}

async function requireAgent(db: Db, access: Access, id: number): Promise<void> {
  if (!(await agentChoicesOf(db, access)).some((a) => a.id === id)) throw forbidden();
}

/** Thrown inside a transaction to roll it back (and skip its audit row) when nothing was recorded. */
class NotRecorded extends Error {
  constructor(
    readonly result: Exclude<RecordEnrolmentResult, { outcome: "recorded" }>,
    readonly pathPrefix: (path: string[]) => (string | number)[],
  ) {
    super(result.code);
  }
}

/** A unique index refused a row another request stored meanwhile (the same receipt or personal ID at once). */
function isUniqueViolation(e: unknown): boolean {
  for (let x: unknown = e, i = 0; x && i < 4; x = (x as { cause?: unknown }).cause, i++) {
    if ((x as { code?: unknown }).code === "23505") return true;
  }
  return false;
}
const raced = () =>
  apiError(
    "ENROLMENT.CONFLICT",
    "Biên lai hoặc người này vừa được ghi nhận bởi một yêu cầu khác: hãy tải lại và kiểm tra",
    "This receipt or person was just recorded by another request: reload and check",
  );

function rejection(code: string, issues: { path: (string | number)[]; vi: string; en: string }[]): TRPCError {
  const cause = new DomainError<ErrorCode>(code as ErrorCode, issues.length ? issues : [{ path: [], vi: "Không ghi nhận được", en: "Not recorded" }]);
  return new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
}

const collectorOf = (access: Access) => (access.assignments.some((a) => a.role === "collector") ? access.user.id : null);

/** Where an issue of member `i`'s command goes in the household form. */
function memberPath(i: number) {
  return (path: string[]): (string | number)[] => {
    const key = path.join(".");
    if (key === "participant.communeCode") return ["communeCode"];
    if (key === "participant.householdCode") return ["householdCode"];
    if (key === "payment.receiptDate") return ["receiptDate"];
    if (key === "payment.receiptNumber") return ["members", i, "receiptNumber"];
    if (["facilityCode", "months", "agentId", "campaignId", "outreachEventId"].includes(key)) return path;
    if (path[0] === "participant") return ["members", i, ...path.slice(1)];
    return ["members", i, ...path];
  };
}

const householdMember = z.object({
  ...personFields,
  relationship: text(60).nullish(),
  receiptNumber: text(50).min(1, "text.empty"),
});

const householdInput = z.object({
  householdCode: text(20).min(1, "text.empty"),
  communeCode: text(10),
  facilityCode: text(10),
  months: months(householdMonths),
  receiptDate: isoDateSchema,
  agentId,
  ...attribution,
  members: z.array(householdMember).min(1).max(20),
});

type HouseholdCommand = z.infer<typeof householdInput>;

/** Records each member in order (the domain ranks and prices each), in one audited transaction. */
async function recordHousehold(ctx: { db: Db; access: Access; requestId: string | null }, input: HouseholdCommand, mustExist: boolean) {
  await requireAgent(ctx.db, ctx.access, input.agentId);
  const code = input.householdCode.trim().toUpperCase();
  const existing = await householdByCode(ctx.db, code);
  const communeScope = await ctx.access.scopeFor("write", input.receiptDate);
  // A household outside the caller's area is, for them, not there: members are added where the household lives.
  const householdScope = existing && existing.communeValidOn !== input.receiptDate ? await ctx.access.scopeFor("write", existing.communeValidOn) : communeScope;
  const reachable = existing && (!householdScope || householdScope.has(existing.communeCode));
  if (existing && !reachable) throw await householdElsewhere(ctx.db, existing);
  if (mustExist && !reachable) throw apiError("ENROLMENT.NOT_FOUND", `Chưa có hộ gia đình mã ${code}`, `There is no household ${code}`, ["householdCode"]);
  if (!mustExist && existing)
    throw apiError("ENROLMENT.CONFLICT", `Hộ gia đình mã ${code} đã có: hãy thêm thành viên vào hộ đó`, `Household ${code} exists already: add members to it`, [
      "householdCode",
    ]);
  try {
    return await audited({ ...ctx, user: ctx.access.user }, async (tx) => {
      const recorded: Extract<RecordEnrolmentResult, { outcome: "recorded" }>[] = [];
      for (const [i, m] of input.members.entries()) {
        const command: RecordEnrolmentInput = {
          participant: {
            personalId: m.personalId,
            fullName: m.fullName,
            birthDate: m.birthDate,
            gender: m.gender,
            ethnicity: m.ethnicity ?? null,
            phone: m.phone ?? null,
            socialInsuranceNumber: m.socialInsuranceNumber ?? null,
            communeCode: input.communeCode,
            householdCode: code,
            relationship: m.relationship ?? null,
          },
          scheme: "household_health_insurance",
          months: input.months,
          facilityCode: input.facilityCode,
          payment: { receiptDate: input.receiptDate, receiptNumber: m.receiptNumber },
          agentId: input.agentId,
          collectorId: collectorOf(ctx.access),
          campaignId: input.campaignId ?? null,
          outreachEventId: input.outreachEventId ?? null,
          source: "form",
          participantMode: "any",
        };
        const r = await recordEnrolment(tx, command, { actorId: ctx.access.user.id, communeScope });
        if (r.outcome !== "recorded") throw new NotRecorded(r, memberPath(i));
        recorded.push(r);
      }
      const householdId = recorded[0]!.householdId!;
      const members = recorded.map((r) => ({
        participantId: r.participantId,
        enrolmentId: r.enrolmentId,
        rank: r.householdRank,
        amount: r.amount,
        kind: r.kind,
        startDate: r.startDate,
        coverTo: r.coverTo,
        duplicateReviewIds: r.duplicateReviewIds,
      }));
      return {
        entity: "household",
        entityId: String(householdId),
        action: mustExist ? "add_members" : "create",
        before: null,
        after: {
          code,
          agentId: input.agentId,
          campaignId: input.campaignId ?? null,
          outreachEventId: input.outreachEventId ?? null,
          members: members.map((m) => ({ participantId: m.participantId, enrolmentId: m.enrolmentId, rank: m.rank, amount: m.amount })),
        },
        result: { householdId, code, members, total: members.reduce((a, m) => a + m.amount, 0) },
      };
    });
  } catch (e) {
    if (e instanceof NotRecorded)
      throw rejection(
        e.result.code,
        e.result.issues.map((i) => ({ ...i, path: e.pathPrefix(i.path) })),
      );
    if (isUniqueViolation(e)) throw raced();
    throw e;
  }
}

/**
 * A household outside the caller's area: they learn that the code is registered and which office
 * to ask — never its members, ranks or amounts (the same rule as for a person, in the domain's
 * decision).
 */
async function householdElsewhere(db: Db, hh: { code: string; provinceCode: string; communeValidOn: string }) {
  const office = await provinceNameOn(db, hh.provinceCode, hh.communeValidOn);
  return apiError(
    "ENROLMENT.HOUSEHOLD_OUT_OF_SCOPE",
    `Mã hộ gia đình ${hh.code} đã được đăng ký ở địa bàn khác — đề nghị liên hệ cơ quan BHXH ${office} để xử lý`,
    `Household code ${hh.code} is already registered in another area — ask the social-insurance office of ${office}`,
    ["householdCode"],
  );
}

export const enrolmentsRouter = router({
  /** Communes in force on a date where the caller may record enrolments, by name or code (the form's commune picker). */
  communes: protectedProcedure
    .meta({ access: "write" })
    .input(z.object({ text: text(100).min(1, "text.empty"), onDate: z.optional(isoDateSchema) }))
    .query(async ({ ctx, input }) => {
      const onDate = input.onDate ?? today();
      return searchCommunesOn(ctx.db, { text: input.text, onDate, within: await ctx.access.scopeFor("write", onDate), limit: 20 });
    }),

  /** The agents the caller may record enrolments for. */
  agentChoices: protectedProcedure
    .meta({ access: "write" })
    .input(z.object({}).optional())
    .query(({ ctx }) => agentChoicesOf(ctx.db, ctx.access)),

  /**
   * The person's details as they are typed: each field's problems (personal ID against birth date
   * and gender, eligibility on the date, phone, social-insurance number), and whether a
   * participant already holds this personal ID (its id, for a link).
   */
  checkParticipant: protectedProcedure
    .meta({ access: "write" })
    .input(
      z.object({
        scheme: z.enum(schemes),
        onDate: z.optional(isoDateSchema),
        personalId: text(20).optional(),
        birthDate: z.optional(isoDateSchema),
        gender: z.enum(["male", "female"]).optional(),
        phone: text(30).optional(),
        socialInsuranceNumber: text(20).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const issues: (RecordIssue & { code: string })[] = [];
      const onDate = input.onDate ?? today();
      let existingParticipantId: number | null = null;
      if (input.personalId) {
        const c = checkPersonalId(input.personalId, { birthDate: input.birthDate ?? null, gender: input.gender ?? null });
        for (const p of c.problems) issues.push({ path: ["participant", "personalId"], code: p.code, vi: p.messageVi, en: p.messageEn });
        // Who holds a personal ID is told only to a caller who may record for that
        // person (their commune in the caller's write scope, and an agent to record with); a
        // caller elsewhere learns only where to ask; a caller with no agent, nothing.
        const holder = c.parsed ? await participantByPersonalId(ctx.db, c.parsed.id) : undefined;
        if (holder && (await agentChoicesOf(ctx.db, ctx.access)).length > 0) {
          const scope = await ctx.access.lastingScopeFor("write", today());
          if (scope === null || scope.has(holder.communeCode)) {
            existingParticipantId = holder.id;
            issues.push({
              path: ["participant", "personalId"],
              code: "REGISTRY.DUPLICATE_PERSONAL_ID",
              vi: "Số định danh cá nhân này đã có trong danh sách người tham gia",
              en: "This personal ID already belongs to a participant",
            });
          } else {
            const office = await areaLabelOf(ctx.db, holder.communeCode);
            issues.push({
              path: ["participant", "personalId"],
              code: "REGISTRY.REGISTERED_ELSEWHERE",
              vi: `Số định danh cá nhân này đã được đăng ký: hãy hỏi cơ quan của ${office}`,
              en: `This personal ID is already registered: ask the office of ${office}`,
            });
          }
        }
      }
      if (input.birthDate) {
        if (input.birthDate > onDate) {
          issues.push({
            path: ["participant", "birthDate"],
            code: "REGISTRY.BIRTH_AFTER_RECEIPT",
            vi: "Ngày sinh sau ngày đóng tiền",
            en: "The birth date is after the payment date",
          });
        } else {
          for (const r of checkEligibility({ scheme: input.scheme, birthDate: input.birthDate, onDate }).reasons) {
            issues.push({ path: ["participant", "birthDate"], code: r.code, vi: r.messageVi, en: r.messageEn });
          }
        }
      }
      if (input.phone) {
        const c = checkPhone(input.phone);
        if (!c.ok) issues.push({ path: ["participant", "phone"], code: c.problem.code, vi: c.problem.vi, en: c.problem.en });
      }
      if (input.socialInsuranceNumber) {
        const c = checkSocialInsuranceNumber(input.socialInsuranceNumber);
        for (const p of c.problems) issues.push({ path: ["participant", "socialInsuranceNumber"], code: p.code, vi: p.messageVi, en: p.messageEn });
      }
      return { issues, existingParticipantId };
    }),

  /** The live breakdown for the form, from the domain: voluntary, or each household member ranked and priced. */
  quote: protectedProcedure
    .meta({ access: "write" })
    .input(
      z.discriminatedUnion("scheme", [
        z.object({
          scheme: z.literal("voluntary_social_insurance"),
          receiptDate: isoDateSchema,
          monthlyIncome: money,
          months: months(voluntaryMonths),
          supportGroups: z.array(z.enum(supportGroups)).max(5).default([]),
          ethnicity: text(60).nullish(),
        }),
        z.object({
          scheme: z.literal("household_health_insurance"),
          receiptDate: isoDateSchema,
          months: months(householdMonths),
          householdCode: text(20).nullish(),
          /** The members joining now, in the order they join. */
          members: z.number().int().min(1).max(20),
        }),
      ]),
    )
    .query(async ({ ctx, input }) => {
      if (input.scheme === "voluntary_social_insurance") {
        const returnYear = Number(input.receiptDate.slice(0, 4)) - 1;
        const fundMonthlyReturn = await fundReturnOf(ctx.db, returnYear);
        const plan = paymentPlanFor(input.months, fundMonthlyReturn);
        if (plan === "needs_return") {
          throw apiError(
            "ENROLMENT.RETURN_RATE_MISSING",
            `Đóng một lần cho nhiều năm về sau cần lãi suất đầu tư bình quân tháng của quỹ năm ${returnYear}, chưa được nhập: đề nghị quản trị viên nhập tại trang "Lãi suất quỹ"`,
            `Paying several years in advance needs the fund's average monthly return of ${returnYear}, which is not set yet: ask an administrator to set it on the "Fund returns" page`,
            ["months"],
          );
        }
        const contribution = voluntaryContribution({
          paymentDate: input.receiptDate,
          monthlyIncome: input.monthlyIncome,
          supportGroups: supportGroupsFor(input.supportGroups as SupportGroup[], input.ethnicity ?? null),
          plan,
        });
        const startDate = voluntaryStartDate(input.receiptDate, null);
        return {
          scheme: input.scheme,
          contribution,
          startDate,
          coverTo: periodEnd({ from: startDate, months: contribution.months }),
          fundMonthlyReturn: plan.kind === "advance" ? plan.monthlyReturnRate : null,
        };
      }
      const year = Number(input.receiptDate.slice(0, 4));
      const code = input.householdCode?.trim().toUpperCase() || null;
      const hh = code ? await householdByCode(ctx.db, code) : undefined;
      if (hh) {
        const scope = await ctx.access.scopeFor("write", hh.communeValidOn);
        if (scope && !scope.has(hh.communeCode)) throw await householdElsewhere(ctx.db, hh);
      }
      const joins = hh ? await householdJoinsInYear(ctx.db, hh.id, year) : [];
      const ranking = rankHouseholdMembers(
        [
          ...joins.map((j) => ({ id: `p${j.participantId}`, joinedOn: j.joinedOn })),
          ...Array.from({ length: input.members }, (_, i) => ({ id: `new${i}`, joinedOn: input.receiptDate })),
        ],
        year,
      );
      const newRanks = ranking.members.filter((m) => m.id.startsWith("new")).map((m) => ({ id: m.id, rank: m.rank }));
      const contribution = householdHealthContribution({ paymentDate: input.receiptDate, months: input.months as 3 | 6 | 12, members: newRanks });
      const card = healthCardStart({ paymentDate: input.receiptDate });
      return {
        scheme: input.scheme,
        existingMembers: joins.length,
        householdExists: hh !== undefined,
        contribution,
        cardStart: card,
        coverTo: periodEnd({ from: card.validFrom, months: input.months }),
      };
    }),

  /** Records a new person's voluntary enrolment and payment (one audit row); a known personal ID answers `duplicate` with a link. */
  create: protectedProcedure
    .meta({ access: "write" })
    .input(
      z
        .object({
          participant: z.object({ ...personFields, communeCode: text(10) }),
          months: months(voluntaryMonths),
          monthlyIncome: money,
          supportGroups: z.array(z.enum(supportGroups)).max(5).default([]),
          supportEvidence: text(200).nullish(),
          startMonth: z
            .string()
            .regex(/^\d{4}-\d{2}$/, "months")
            .nullish(),
          payment: z.object({ receiptDate: isoDateSchema, receiptNumber: text(50).min(1, "text.empty"), amount: money.nullish() }).strict(),
          agentId,
          ...attribution,
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      await requireAgent(ctx.db, ctx.access, input.agentId);
      const communeScope = await ctx.access.scopeFor("write", input.payment.receiptDate);
      try {
        return await audited(ctx, async (tx) => {
          const r = await recordEnrolment(
            tx,
            {
              participant: {
                ...input.participant,
                ethnicity: input.participant.ethnicity ?? null,
                phone: input.participant.phone ?? null,
                socialInsuranceNumber: input.participant.socialInsuranceNumber ?? null,
              },
              scheme: "voluntary_social_insurance",
              months: input.months,
              monthlyIncome: input.monthlyIncome,
              supportGroups: input.supportGroups,
              supportEvidence: input.supportEvidence ?? null,
              startMonth: input.startMonth ?? null,
              payment: { ...input.payment, amount: input.payment.amount ?? null },
              agentId: input.agentId,
              collectorId: collectorOf(ctx.access),
              campaignId: input.campaignId ?? null,
              outreachEventId: input.outreachEventId ?? null,
              source: "form",
              participantMode: "new",
            },
            { actorId: ctx.access.user.id, communeScope },
          );
          if (r.outcome !== "recorded") throw new NotRecorded(r, (p) => p);
          return {
            entity: "enrolment",
            entityId: String(r.enrolmentId),
            action: "create",
            before: null,
            after: {
              participantId: r.participantId,
              enrolmentId: r.enrolmentId,
              paymentId: r.paymentId,
              kind: r.kind,
              amount: r.amount,
              agentId: input.agentId,
              receiptNumber: input.payment.receiptNumber,
              campaignId: input.campaignId ?? null,
              outreachEventId: input.outreachEventId ?? null,
            },
            result: r,
          };
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw raced();
        if (!(e instanceof NotRecorded)) throw e;
        if (e.result.outcome === "duplicate") return e.result;
        throw rejection(e.result.code, e.result.issues);
      }
    }),

  /** A new household with its first members: each ranked in join order and priced by the domain. */
  createHousehold: protectedProcedure
    .meta({ access: "write" })
    .input(householdInput)
    .mutation(({ ctx, input }) => recordHousehold(ctx, input, false)),

  /** Members joining an existing household: ranked after the year's members and priced by the domain. */
  addMembers: protectedProcedure
    .meta({ access: "write" })
    .input(householdInput)
    .mutation(({ ctx, input }) => recordHousehold(ctx, input, true)),
});
