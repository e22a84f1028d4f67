import { z } from "zod";
import { listAudit } from "@ansinh/db";
import { isoDateSchema } from "@ansinh/domain/dates";
import { protectedProcedure, router } from "../trpc.js";
import { page, text } from "./inputs.js";

export const auditRouter = router({
  /** The trail, newest first; national admins only (entries are not tied to one area). */
  list: protectedProcedure
    .meta({ access: "administer", national: true })
    .input(
      z.object({
        entity: text(50).optional(),
        actor: text(200).optional(),
        from: z.optional(isoDateSchema),
        to: z.optional(isoDateSchema),
        ...page,
      }),
    )
    .query(async ({ ctx, input }) => {
      return listAudit(ctx.db, input);
    }),
});
