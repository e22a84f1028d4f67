import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { getUser, listAudit, listUsers, user, type Db, type UserRow } from "@ansinh/db";
import { maskPersonalId, maskPhone, roleAssignmentSchema, type RoleAssignment } from "@ansinh/domain/access";
import { isoDateSchema } from "@ansinh/domain/dates";
import { audited } from "../services/audited.js";
import { auditView, insertUser, replaceAssignments, UserInputError } from "../services/users.js";
import { apiError } from "../errors.js";
import { forbidden, protectedProcedure, router, type Access } from "../trpc.js";

const today = () => new Date().toISOString().slice(0, 10);

const page = { limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).default(0) };

const emailSchema = z.email({ message: "user.email" });
const passwordSchema = z
  .string()
  .min(8, "user.password")
  .max(128, "user.password");
const phoneSchema = z
  .string()
  .regex(/^\+?[\d ]{9,15}$/, "user.phone")
  .nullable()
  .optional();
const personalIdSchema = z
  .string()
  .regex(/^\d{12}$/, "personalId.format")
  .nullable()
  .optional();
const userIdSchema = z.string().min(1).max(64);

const notFound = () => apiError("USER.NOT_FOUND", "Không tìm thấy người dùng", "No such user");

/** Admins on an area manage only the users and roles inside it. */
async function checkAssignable(access: Access, assignments: RoleAssignment[]) {
  const scope = await access.lastingScopeFor("administer", today());
  if (scope === null) return;
  for (const a of assignments) {
    if (a.areaCode === null || !scope.has(a.areaCode)) throw forbidden();
  }

}

/** The user, if the caller administers one of its areas (otherwise: not found). */
async function userInScope(db: Db, access: Access, id: string): Promise<UserRow> {
  const u = await getUser(db, id);
  if (!u) throw notFound();
  const scope = await access.lastingScopeFor("administer", today());
  if (scope !== null && !u.assignments.some((a) => a.areaCode !== null && scope.has(a.areaCode))) throw notFound();
  return u;
}

export const usersRouter = router({
  list: protectedProcedure
    .meta({ access: "administer" })
    .input(z.object({ search: z.string().trim().max(100).optional(), ...page }))
    .query(async ({ ctx, input }) => {
      const scope = await ctx.access.lastingScopeFor("administer", today());
      return listUsers(ctx.db, { scope, search: input.search, limit: input.limit, offset: input.offset });
    }),

  create: protectedProcedure
    .meta({ access: "administer" })
    .input(
      z.object({
        email: emailSchema,
        name: z.string().trim().min(1, "user.name").max(200),
        password: passwordSchema,
        phone: phoneSchema,
        personalId: personalIdSchema,
        assignments: z.array(roleAssignmentSchema).min(1, "user.roles").max(20),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await checkAssignable(ctx.access, input.assignments);
      try {
        return await audited(ctx, async (tx) => {
          const created = await insertUser(tx, input);
          return { entity: "user", entityId: created.id, action: "create", before: null, after: auditView(created), result: created };
        });
      } catch (e) {
        if (e instanceof UserInputError) throw new TRPCError({ code: "CONFLICT", message: e.message, cause: e });
        throw e;
      }
    }),

  setDisabled: protectedProcedure
    .meta({ access: "administer" })
    .input(z.object({ id: userIdSchema, disabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const before = await userInScope(ctx.db, ctx.access, input.id);
      if (input.id === ctx.access.user.id && input.disabled) {
        throw apiError("USER.CANNOT_DISABLE_SELF", "Không thể tự khoá tài khoản của mình", "You cannot disable yourself");
      }
      return audited(ctx, async (tx) => {
        await tx.update(user).set({ disabled: input.disabled, updatedAt: new Date() }).where(eq(user.id, input.id));
        const after = (await getUser(tx, input.id))!;
        return { entity: "user", entityId: input.id, action: input.disabled ? "disable" : "enable", before: auditView(before), after: auditView(after), result: after };
      });
    }),

  setRoles: protectedProcedure
    .meta({ access: "administer" })
    .input(z.object({ id: userIdSchema, assignments: z.array(roleAssignmentSchema).max(20) }))
    .mutation(async ({ ctx, input }) => {
      const before = await userInScope(ctx.db, ctx.access, input.id);
      await checkAssignable(ctx.access, input.assignments);
      // An area admin may not touch the roles it does not administer.
      await checkAssignable(ctx.access, before.assignments);
      return audited(ctx, async (tx) => {
        await replaceAssignments(tx, input.id, input.assignments);
        const after = (await getUser(tx, input.id))!;
        return { entity: "user", entityId: input.id, action: "set_roles", before: auditView(before), after: auditView(after), result: after };
      });
    }),
});

export const staffRouter = router({
  /**
   * People holding a role in the caller's areas, e.g. the collectors of a district. Personal ID
   * and phone numbers are masked unless the caller may read personal data on that person's areas.
   */
  list: protectedProcedure
    .meta({ access: "read" })
    .input(z.object({ onDate: isoDateSchema.optional(), search: z.string().trim().max(100).optional(), ...page }))
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

export const auditRouter = router({
  /** The trail, newest first; national admins only (entries are not tied to one area). */
  list: protectedProcedure
    .meta({ access: "administer" })
    .input(
      z.object({
        entity: z.string().max(50).optional(),
        actor: z.string().max(200).optional(),
        from: isoDateSchema.optional(),
        to: isoDateSchema.optional(),
        ...page,
      }),
    )
    .query(async ({ ctx, input }) => {
      if (ctx.access.rootsFor("administer") !== null) throw forbidden();
      return listAudit(ctx.db, input);
    }),
});

export const meRouter = router({
  /** Who is signed in, with their roles: the admin app shapes its menus from this. */
  get: protectedProcedure.meta({ access: "signedIn" }).query(async ({ ctx }) => {
    const national = ctx.access.rootsFor("administer") === null;
    return { user: ctx.access.user, assignments: ctx.access.assignments, nationalAdmin: national };
  }),
});

