import { z } from "zod";
import {
  areaLabelOf,
  duplicateReviewForUpdate,
  duplicateReviewStatusList,
  listDuplicateReviews,
  mergeParticipants,
  setDuplicateReviewDecision,
  undoMerge,
  type Db,
  type DuplicatePerson,
  type MergeRecord,
} from "@ansinh/db";
import { maskPersonalId, maskPhone } from "@ansinh/domain/access";
import { todayInVietnam as today } from "@ansinh/domain/dates";
import { apiError } from "../errors.js";
import { audited } from "../services/audited.js";
import { protectedProcedure, router, type Access } from "../trpc.js";
import { page } from "./inputs.js";
import { listCursor } from "./registry-inputs.js";

type ShownPerson = DuplicatePerson & { masked: boolean; outOfScope: boolean; area?: string };

const positive = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/**
 * A decision names the review and the records the admin looked at: a stale screen (the review
 * changed since) is refused rather than acted on.
 */
const decision = z.object({ id: positive, participantId: positive, matchId: positive });

function samePair(r: { participantId: number; matchId: number }, input: { participantId: number; matchId: number }) {
  if (r.participantId !== input.participantId || r.matchId !== input.matchId) {
    throw conflict("Mục này không còn như trên màn hình: hãy tải lại", "This review is not what the screen shows: reload it");
  }
}

const notFound = () => apiError("DUPLICATE_REVIEW.NOT_FOUND", "Không tìm thấy mục cần xem xét", "No such duplicate review", ["id"]);
const conflict = (vi: string, en: string) => apiError("DUPLICATE_REVIEW.CONFLICT", vi, en, ["id"]);

/**
 * Reviews are people's records: a role's scope outlives a reform (a district's communes stay its
 * own), so the lasting scope of `manage` decides which reviews a caller sees and decides on.
 */
const scopeOf = (access: Access) => access.lastingScopeFor("manage", today());

/**
 * The review, locked, if the caller's areas (`scope`, read before the transaction: PGlite has one
 * connection) hold both records; otherwise "not found" (nothing revealed).
 */
async function reviewInScope(tx: Db, scope: ReadonlySet<string> | null, id: number) {
  const r = await duplicateReviewForUpdate(tx, id);
  if (!r || (scope !== null && (!scope.has(r.participantCommune) || !scope.has(r.matchCommune)))) throw notFound();
  return r;
}

export const duplicatesRouter = router({
  /** The review queue in the caller's areas, highest score first; personal data masked without `read_personal`. */
  list: protectedProcedure
    .meta({ access: "manage" })
    .input(
      z.object({
        status: z.enum(duplicateReviewStatusList).default("open"),
        /** Keyset paging: the `nextCursor` of the page before; `offset` is then ignored. */
        after: listCursor.optional(),
        ...page,
      }),
    )
    .query(async ({ ctx, input }) => {
      const communes = await scopeOf(ctx.access);
      const { total, totalExact, nextCursor, rows } = await listDuplicateReviews(ctx.readDb, {
        communes,
        status: input.status,
        limit: input.limit,
        offset: input.offset,
        after: input.after,
      });
      const personal = await ctx.access.lastingScopeFor("read_personal", today());
      const labels = new Map<string, string>();
      const labelOf = async (code: string) => labels.get(code) ?? labels.set(code, await areaLabelOf(ctx.readDb, code)).get(code)!;
      // A record outside the caller's scope is "a person in <area>" — nothing of them
      // (no name, id, birth date, gender, ID or phone), for that area's office to resolve.
      const show = async (p: DuplicatePerson): Promise<ShownPerson> => {
        if (communes !== null && !communes.has(p.communeCode)) {
          const area = await labelOf(p.communeCode);
          return {
            id: 0,
            fullName: `Một người ở ${area} / A person in ${area}`,
            birthDate: "",
            gender: "",
            personalId: "",
            phone: null,
            communeCode: p.communeCode,
            mergedIntoId: null,
            enrolments: 0,
            masked: true,
            outOfScope: true,
            area,
          };
        }
        const visible = personal === null || personal.has(p.communeCode);
        return visible
          ? { ...p, masked: false, outOfScope: false }
          : { ...p, personalId: maskPersonalId(p.personalId)!, phone: maskPhone(p.phone), masked: true, outOfScope: false };
      };
      const out = [];
      for (const r of rows) out.push({ ...r, participant: await show(r.participant), match: await show(r.match) });
      return { total, totalExact, nextCursor, rows: out };
    }),

  /**
   * Merges the two records of a review: the enrolments and payments of one move to the other
   * (by default the older record is kept), the moved record is marked merged into the kept one,
   * and what moved is stored with the review so the merge can be undone. Audited.
   */
  merge: protectedProcedure
    .meta({ access: "manage" })
    .input(decision.extend({ keep: z.enum(["match", "participant"]).default("match") }))
    .mutation(async ({ ctx, input }) => {
      const scope = await scopeOf(ctx.access);
      return audited(ctx, async (tx) => {
        const r = await reviewInScope(tx, scope, input.id);
        samePair(r, input);
        if (r.status !== "open") throw conflict("Mục này đã được xử lý", "This review has been decided already");
        if (r.participantMergedInto !== null || r.matchMergedInto !== null) {
          throw conflict("Một trong hai hồ sơ đã được gộp vào hồ sơ khác", "One of the two records has been merged into another already");
        }
        const [keptId, mergedId] = input.keep === "match" ? [r.matchId, r.participantId] : [r.participantId, r.matchId];
        const record = await mergeParticipants(tx, keptId, mergedId);
        await setDuplicateReviewDecision(tx, r.id, { status: "merged", mergeRecord: record, decidedBy: ctx.access.user.id });
        return {
          entity: "duplicate_review",
          entityId: String(r.id),
          action: "merge",
          before: { status: r.status },
          after: { status: "merged", mergeRecord: record },
          result: record,
        };
      });
    }),

  /** Undoes a merge exactly: the moved enrolments and payments go back, the record is no longer merged; the review is open again. Audited. */
  undoMerge: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object({ id: positive, mergedId: positive }))
    .mutation(async ({ ctx, input }) => {
      const scope = await scopeOf(ctx.access);
      return audited(ctx, async (tx) => {
        const r = await reviewInScope(tx, scope, input.id);
        if (r.status === "merged" && (r.mergeRecord as MergeRecord | null)?.mergedId !== input.mergedId) {
          throw conflict("Mục này không còn như trên màn hình: hãy tải lại", "This review is not what the screen shows: reload it");
        }
        if (r.status !== "merged" || r.mergeRecord === null) throw conflict("Mục này chưa được gộp", "This review is not merged");
        const record = r.mergeRecord as MergeRecord;
        if (!(await undoMerge(tx, record))) {
          throw conflict("Hồ sơ đã thay đổi sau khi gộp: không hoàn tác được", "The records changed after the merge: it cannot be undone");
        }
        await setDuplicateReviewDecision(tx, r.id, { status: "open", mergeRecord: null, decidedBy: null });
        return {
          entity: "duplicate_review",
          entityId: String(r.id),
          action: "undo_merge",
          before: { status: "merged", mergeRecord: record },
          after: { status: "open" },
          result: { id: r.id, status: "open" as const },
        };
      });
    }),

  /** Not the same person: the review is closed without a change to the records. Audited. */
  dismiss: protectedProcedure
    .meta({ access: "manage" })
    .input(decision)
    .mutation(async ({ ctx, input }) => {
      const scope = await scopeOf(ctx.access);
      return audited(ctx, async (tx) => {
        const r = await reviewInScope(tx, scope, input.id);
        samePair(r, input);
        if (r.status !== "open") throw conflict("Mục này đã được xử lý", "This review has been decided already");
        await setDuplicateReviewDecision(tx, r.id, { status: "dismissed", mergeRecord: null, decidedBy: ctx.access.user.id });
        return {
          entity: "duplicate_review",
          entityId: String(r.id),
          action: "dismiss",
          before: { status: "open" },
          after: { status: "dismissed" },
          result: { id: r.id, status: "dismissed" as const },
        };
      });
    }),
});
