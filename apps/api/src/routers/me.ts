import { protectedProcedure, router } from "../trpc.js";

export const meRouter = router({
  /** Who is signed in, with their roles: the admin app shapes its menus from this. */
  get: protectedProcedure.meta({ access: "signedIn" }).query(async ({ ctx }) => {
    const national = ctx.access.rootsFor("administer") === null;
    return { user: ctx.access.user, assignments: ctx.access.assignments, nationalAdmin: national };
  }),
});
