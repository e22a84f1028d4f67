import { z } from "zod";
import { listUsers } from "@ansinh/db";
import { maskPersonalId, maskPhone } from "@ansinh/domain/access";
import { isoDateSchema, todayInVietnam as today } from "@ansinh/domain/dates";
import { protectedProcedure, router } from "../trpc.js";
import { page, text } from "./inputs.js";

export const staffRouter = router({
  /**
   * People holding a role in the caller's areas, e.g. the collectors of a district. Personal ID
   * and phone numbers are masked unless the caller may read personal data on that person's areas.
   */
  list: protectedProcedure
    .meta({ access: "read" })
    .input(z.object({ onDate: isoDateSchema.optional(), search: text(100).optional(), ...page }))
    .query(async ({ ctx, input }) => {
      // People outlive a reform: a role on a district dissolved in 2025 still covers its people.
      const onDate = input.onDate ?? today();
      const scope = await ctx.access.lastingScopeFor("read", onDate);
      const personal = await ctx.access.lastingScopeFor("read_personal", onDate);
      const { rows, total } = await listUsers(ctx.db, { scope, search: input.search, limit: input.limit, offset: input.offset });
      return {
        total,
        rows: rows.map((u) => {
          const visible = personal === null || u.assignments.some((a) => a.areaCode !== null && personal.has(a.areaCode));
          return {
            id: u.id,
            name: u.name,
            email: u.email,
            disabled: u.disabled,
            assignments: u.assignments,
            phone: visible ? u.phone : maskPhone(u.phone),
            personalId: visible ? u.personalId : maskPersonalId(u.personalId),
            masked: !visible,
          };
        }),
      };
    }),
});
