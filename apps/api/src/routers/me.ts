import { todayInVietnam } from "@ansinh/domain/dates";
import { endedRolesOf } from "../services/ended-roles.js";
import { protectedProcedure, router } from "../trpc.js";

export const meRouter = router({
  /** Who is signed in, with their roles: the admin app shapes its menus from this. */
  get: protectedProcedure.meta({ access: "signedIn" }).query(async ({ ctx }) => {
    const national = ctx.access.rootsFor("administer") === null;
    // Roles whose unit ended: the app says so in words (the date it ended, the units that took it
    // over, or that an administrator must reassign the role), never an empty search.
    const endedRoles = await endedRolesOf(ctx.db, ctx.access.assignments, todayInVietnam());
    return { user: ctx.access.user, assignments: ctx.access.assignments, nationalAdmin: national, endedRoles };
  }),
});
