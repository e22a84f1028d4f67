import { z } from "zod";
import { listUsers } from "@ansinh/db";
import { maskPersonalId, maskPhone, mayManageUser, staffDataVisibility } from "@ansinh/domain/access";
import { isoDateSchema, todayInVietnam as today } from "@ansinh/domain/dates";
import { endedRolesOf } from "../services/ended-roles.js";
import { protectedProcedure, router } from "../trpc.js";
import { page, text } from "./inputs.js";

export const staffRouter = router({
  /**
   * People holding a role in the caller's areas, e.g. the collectors of a district. Personal ID
   * and phone numbers are masked as domain/access's staffDataVisibility decides: IDs for the
   * admins who manage the person, phones for admins and managers over the person's areas.
   * `ended`: the person's roles whose unit has ended on the date, with the units that took over
   *; `mayManage`: the caller may reassign them (users.endedRoles, users.setRoles).
   */
  list: protectedProcedure
    .meta({ access: "read" })
    .input(z.object({ onDate: z.optional(isoDateSchema), search: text(100).optional(), ...page }))
    .query(async ({ ctx, input }) => {
      // People outlive a reform: a role on a district dissolved in 2025 still covers its people.
      const onDate = input.onDate ?? today();
      const scope = await ctx.access.lastingScopeFor("read", onDate);
      const scopes = {
        administer: await ctx.access.lastingScopeFor("administer", onDate),
        manage: await ctx.access.lastingScopeFor("manage", onDate),
      };
      const { rows, total } = await listUsers(ctx.readDb, { scope, search: input.search, limit: input.limit, offset: input.offset });
      const ended = new Map<string, Awaited<ReturnType<typeof endedRolesOf>>>();
      for (const u of rows) ended.set(u.id, await endedRolesOf(ctx.readDb, u.assignments, onDate));
      return {
        total,
        rows: rows.map((u) => {
          const visible = staffDataVisibility(scopes, u.assignments);
          return {
            id: u.id,
            name: u.name,
            email: u.email,
            disabled: u.disabled,
            assignments: u.assignments,
            phone: visible.phone ? u.phone : maskPhone(u.phone),
            personalId: visible.personalId ? u.personalId : maskPersonalId(u.personalId),
            masked: !visible.phone || !visible.personalId,
            ended: ended.get(u.id)!.map(({ proposed: _, ...e }) => e),
            mayManage: mayManageUser(scopes.administer, u.assignments),
          };
        }),
      };
    }),
});
