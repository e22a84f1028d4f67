/**
 * A collector's worklist: who of their agent's people is due this month or next or has
 * recently lapsed, in the domain's order, with the amount a renewal of the same plan costs today;
 * what happened when they were contacted; and the reminder texts of a selection as CSV for the
 * office's own SMS/Zalo tools. Load → decide (domain) → store.
 */
import { z } from "zod";
import {
  agentIdsOfCollector,
  fundReturnOf,
  insertContactOutcome,
  listWorklist,
  retentionByAgent,
  worklistItemOf,
  type Db,
  type ListCursor,
  type WorklistRow,
} from "@ansinh/db";
import { MAX_SUPPORTED_MONTHS_USED, type SupportGroup } from "@ansinh/domain/contributions";
import { addDays, formatDisplayDate, isoDateSchema, todayInVietnam } from "@ansinh/domain/dates";
import { schemes } from "@ansinh/domain/eligibility";
import {
  checkOutcomeOn,
  contactOutcomeLabels,
  endsEligibility,
  recordOutcomeInputSchema,
  reminderText,
  renewalAmountDue,
  retentionFigure,
  worklistWindow,
} from "@ansinh/domain/registry";
import { apiError } from "../errors.js";
import { audited } from "../services/audited.js";
import { maskPerson, registryView, type RegistryView } from "../services/registry-view.js";
import { protectedProcedure, router, type Access } from "../trpc.js";
import { page, text } from "./inputs.js";
import { listCursor } from "./registry-inputs.js";

const cursor = listCursor;

export const worklistListInput = z.object({
  search: text(100).optional(),
  areaCode: text(12).optional(),
  /** One of the caller's agents, or (a manager, a viewer) any agent in their area. */
  agentId: z.number().int().min(1).max(2_147_483_647).optional(),
  after: cursor.optional(),
  limit: page.limit,
});

const itemRef = z.object({ participantId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), scheme: z.enum(schemes) });
export const remindersInput = z.object({ items: z.array(itemRef).min(1, "worklist.items").max(500, "worklist.items") });

export const retentionInput = z
  .object({ from: isoDateSchema, to: isoDateSchema, areaCode: text(12).optional(), agentId: z.number().int().min(1).max(2_147_483_647).optional() })
  .refine((v) => v.to >= v.from && v.to <= addDays(v.from, 731), { message: "worklist.period", path: ["to"] });

/** A collector sees their own agents' people; anyone else everyone in their area (one agent if asked). */
async function agentsFor(db: Db, access: Access, agentId: number | undefined) {
  const own = await agentIdsOfCollector(db, access.user.id);
  let agentIds: number[] | undefined = own.length > 0 ? own : undefined;
  if (agentId !== undefined) agentIds = agentIds ? agentIds.filter((a) => a === agentId) : [agentId];
  return { agentIds, worksForAgents: own.length > 0 };
}

/** A row as answered: masked where the caller may not read personal data, with the amount due today. */
function present(view: RegistryView, r: WorklistRow, fundReturn: number | null) {
  const due =
    r.lastMonths === null
      ? null
      : renewalAmountDue(
          {
            scheme: r.scheme,
            months: r.lastMonths,
            monthlyIncome: r.lastIncome,
            supportGroups: r.supportGroups as SupportGroup[],
            householdRank: r.householdRank,
            supportedMonthsUsed: Math.min(r.supportedMonthsUsed, MAX_SUPPORTED_MONTHS_USED),
          },
          view.onDate,
          fundReturn,
        );
  const { sortKey: _sortKey, lastIncome: _income, supportGroups: _groups, householdRank: _rank, supportedMonthsUsed: _used, ...rest } = r;
  return { ...maskPerson(view, rest), amountDue: due?.amount ?? null, dueMonths: due?.months ?? null };
}

async function load(
  ctx: { readDb: Db; access: Access },
  input: {
    search?: string | undefined;
    areaCode?: string | undefined;
    agentId?: number | undefined;
    after?: ListCursor | undefined;
    limit: number;
    items?: z.infer<typeof itemRef>[];
  },
) {
  const view = await registryView(ctx.readDb, ctx.access, input.areaCode);
  const { agentIds, worksForAgents } = await agentsFor(ctx.readDb, ctx.access, input.agentId);
  const window = worklistWindow(view.onDate);
  const [pageOf, fundReturn] = await Promise.all([
    listWorklist(ctx.readDb, {
      communes: view.communes,
      agentIds,
      search: input.search,
      items: input.items,
      onDate: view.onDate,
      ...window,
      limit: input.limit,
      after: input.after,
    }),
    fundReturnOf(ctx.readDb, Number(view.onDate.slice(0, 4)) - 1),
  ]);
  return { view, window, worksForAgents, pageOf, rows: pageOf.rows.map((r) => present(view, r, fundReturn)) };
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const worklistRouter = router({
  /** The caller's worklist, a page at a time (keyset), in the domain's order. */
  list: protectedProcedure
    .meta({ access: "read" })
    .input(worklistListInput)
    .query(async ({ ctx, input }) => {
      const { view, window, worksForAgents, pageOf, rows } = await load(ctx, input);
      return { onDate: view.onDate, ...window, worksForAgents, total: pageOf.total, totalExact: pageOf.totalExact, nextCursor: pageOf.nextCursor, rows };
    }),

  /**
   * Records what a contact came to, on the person's current item (their cover's end in the
   * scheme); an outcome that ends eligibility marks the person. Anyone who may write on the
   * person's commune may record it. Audited.
   */
  recordOutcome: protectedProcedure
    .meta({ access: "write" })
    .input(recordOutcomeInputSchema)
    .mutation(async ({ ctx, input }) => {
      const onDate = todayInVietnam();
      checkOutcomeOn(input, onDate);
      const item = await worklistItemOf(ctx.db, input.participantId, input.scheme, onDate);
      const notFound = () => apiError("PARTICIPANT.NOT_FOUND", "Không tìm thấy người tham gia này trong danh sách", "No such person on the list");
      if (!item) throw notFound();
      const scope = await ctx.access.scopeFor("write", item.communeValidOn);
      if (scope !== null && !scope.has(item.communeCode)) throw notFound();
      const note = input.note?.trim() ? input.note.trim() : null;
      const promisedOn = input.outcome === "promised" ? (input.promisedOn ?? null) : null;
      return audited({ ...ctx, user: ctx.access.user }, async (tx) => {
        const saved = await insertContactOutcome(
          tx,
          {
            provinceCode: item.provinceCode,
            participantId: item.participantId,
            scheme: item.scheme,
            coveredUntil: item.coveredUntil,
            outcome: input.outcome,
            promisedOn,
            note,
            agentId: item.agentId,
            recordedBy: ctx.access.user.id,
          },
          endsEligibility(input.outcome) && item.eligibilityEndedOn === null,
          onDate,
        );
        const after = { participantId: item.participantId, scheme: item.scheme, coveredUntil: item.coveredUntil, outcome: input.outcome, promisedOn, note };
        return {
          entity: "contact_outcome",
          entityId: String(saved.id),
          action: "create",
          before: null,
          after,
          result: { id: saved.id, recordedAt: saved.recordedAt, ...after, endsEligibility: endsEligibility(input.outcome) },
        };
      });
    }),

  /**
   * The reminder of each selected person still on the caller's worklist, as CSV (UTF-8 with a BOM,
   * for Excel and the SMS/Zalo tools): name, phone (masked where the caller may not read it),
   * scheme, amount due, deadline and the Vietnamese message. Audited as an export.
   */
  reminders: protectedProcedure
    .meta({ access: "read" })
    .input(remindersInput)
    .mutation(async ({ ctx, input }) => {
      // The primary: what was just recorded or paid is in it.
      const { view, rows } = await load({ readDb: ctx.db, access: ctx.access }, { items: input.items, limit: input.items.length });
      const header = ["Họ và tên", "Số điện thoại", "Loại hình", "Số tiền cần đóng", "Hạn đóng", "Kết quả liên hệ gần nhất", "Nội dung tin nhắn"];
      const schemeVi = { voluntary_social_insurance: "BHXH tự nguyện", household_health_insurance: "BHYT hộ gia đình" } as const;
      const lines = rows.map((r) =>
        [
          r.fullName,
          r.phone,
          schemeVi[r.scheme],
          r.amountDue,
          formatDisplayDate(r.coveredUntil),
          r.lastOutcome ? contactOutcomeLabels[r.lastOutcome].vi : null,
          reminderText({ fullName: r.fullName, scheme: r.scheme, amount: r.amountDue, coveredUntil: r.coveredUntil, onDate: view.onDate }),
        ]
          .map(csvCell)
          .join(","),
      );
      const csv = `\uFEFF${[header.map(csvCell).join(","), ...lines].join("\r\n")}\r\n`;
      const fileName = `nhac-dong-${view.onDate}.csv`;
      return audited({ ...ctx, user: ctx.access.user }, async () => ({
        entity: "worklist_reminders",
        entityId: view.onDate,
        action: "export",
        before: null,
        after: { asked: input.items.length, rows: rows.length, participantIds: rows.map((r) => r.participantId) },
        result: { fileName, csv, rows: rows.length },
      }));
    }),

  /**
   * Retention (the domain's definition, docs/worklist.md): of the people whose cover ended in the
   * period, the share who renewed within 30 and 90 days — in the caller's area (a collector: their
   * agents' people), per agent and in total. Computed from the payments on demand.
   */
  retention: protectedProcedure
    .meta({ access: "read" })
    .input(retentionInput)
    .query(async ({ ctx, input }) => {
      const view = await registryView(ctx.readDb, ctx.access, input.areaCode);
      const { agentIds } = await agentsFor(ctx.readDb, ctx.access, input.agentId);
      const rows = await retentionByAgent(ctx.readDb, { communes: view.communes, agentIds, from: input.from, to: input.to });
      const figures = (r: { ended30: number; renewed30: number; ended90: number; renewed90: number }) => [
        retentionFigure(30, r.ended30, r.renewed30),
        retentionFigure(90, r.ended90, r.renewed90),
      ];
      const sum = (k: "ended30" | "renewed30" | "ended90" | "renewed90") => rows.reduce((a, r) => a + r[k], 0);
      return {
        from: input.from,
        to: input.to,
        total: figures({ ended30: sum("ended30"), renewed30: sum("renewed30"), ended90: sum("ended90"), renewed90: sum("renewed90") }),
        byAgent: rows.map((r) => ({ agentId: r.agentId, agentName: r.agentName, figures: figures(r) })),
      };
    }),
});
