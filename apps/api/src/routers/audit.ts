import { z } from "zod";
import { listAudit } from "@ansinh/db";
import { auditChanges, maskAuditValue } from "@ansinh/domain/access";
import { isoDateSchema } from "@ansinh/domain/dates";
import { protectedProcedure, router } from "../trpc.js";
import { page, text } from "./inputs.js";
import { listCursor } from "./registry-inputs.js";

export const auditRouter = router({
  /**
   * The trail, newest first; national admins only (entries are not tied to one area). Each entry
   * says who (name), on whom (name), and what changed field by field; personal data is masked
   * (the stored trail keeps it, as evidence).
   */
  list: protectedProcedure
    .meta({ access: "administer", national: true })
    .input(
      z.object({
        entity: text(50).optional(),
        action: text(50).optional(),
        actor: text(200).optional(),
        subject: text(200).optional(),
        from: z.optional(isoDateSchema),
        to: z.optional(isoDateSchema),
        /** Keyset paging: the `nextCursor` of the page before; `offset` is then ignored. */
        after: listCursor.optional(),
        ...page,
      }),
    )
    .query(async ({ ctx, input }) => {
      const { rows, total, totalExact, nextCursor } = await listAudit(ctx.readDb, input);
      return {
        total,
        totalExact,
        nextCursor,
        rows: rows.map((r) => ({
          id: r.id,
          at: r.at,
          actorName: r.actorName,
          actorEmail: r.actorEmail,
          action: r.action,
          entity: r.entity,
          entityId: r.entityId,
          subjectName: r.subjectName,
          subjectEmail: r.subjectEmail,
          changes: auditChanges(r.before, r.after),
          before: maskAuditValue(r.before),
          after: maskAuditValue(r.after),
        })),
      };
    }),
});
