import { eq } from "drizzle-orm";
import { z } from "zod";
import { getUser, listUsers, unknownAreaCodes, user, type Db, type UserRow } from "@ansinh/db";
import { mayManageUser, passwordSchema, roleAssignmentListSchema, type RoleAssignment } from "@ansinh/domain/access";
import { todayInVietnam as today } from "@ansinh/domain/dates";
import { personalIdSchema } from "@ansinh/domain/identity";
import { checkPhone } from "@ansinh/domain/registry";
import { apiError } from "../errors.js";
import { audited } from "../services/audited.js";
import { endedRolesOf } from "../services/ended-roles.js";
import { auditView, insertUser, replaceAssignments, revokeSessions } from "../services/users.js";
import { forbidden, protectedProcedure, router, type Access } from "../trpc.js";
import { page, text } from "./inputs.js";

const emailSchema = z.email({ message: "user.email" }).max(254, "user.email");
/**
 * A phone number as people write it ("0912 345 678", "0912.345.678", "+84 912 345 678"), stored
 * in its canonical form; the reading is the registry's (domain/registry checkPhone).
 */
const phoneSchema = z.optional(
  z.nullable(
    text(30).transform((v, ctx) => {
      if (v === "") return null;
      const r = checkPhone(v);
      if (r.ok) return r.phone;
      ctx.addIssue({ code: "custom", message: "bilingual", params: { vi: r.problem.vi, en: r.problem.en } });
      return z.NEVER;
    }),
  ),
);
const userIdSchema = text(64).min(1, "user.id");

const notFound = () => apiError("USER.NOT_FOUND", "Không tìm thấy người dùng", "No such user");

/** The caller's `administer` scope: the area codes it administers (null: the whole country). */
const adminScope = (access: Access) => access.lastingScopeFor("administer", today());

/**
 * Roles the caller may give: on areas that exist, and within the one rule of
 * @ansinh/domain/access (mayManageUser). Refused roles answer "forbidden", unknown areas "bad request".
 */
async function checkAssignable(db: Db, scope: Set<string> | null, assignments: RoleAssignment[]) {
  if (!mayManageUser(scope, assignments)) throw forbidden();
  const unknown = await unknownAreaCodes(
    db,
    assignments.flatMap((a) => (a.areaCode === null ? [] : [a.areaCode])),
  );
  if (unknown.length) {
    throw apiError("USER.UNKNOWN_AREA", `Không có địa bàn mã ${unknown.join(", ")}`, `No area with code ${unknown.join(", ")}`, ["assignments"]);
  }
}

/**
 * The user, if the caller may manage it (mayManageUser). A user the caller cannot see at all
 * (no role in its areas) answers "not found"; one it sees but may not manage, "forbidden".
 */
async function manageableUser(db: Db, scope: Set<string> | null, id: string): Promise<UserRow> {
  const u = await getUser(db, id);
  if (!u) throw notFound();
  if (mayManageUser(scope, u.assignments)) return u;
  const visible = scope === null || u.assignments.some((a) => a.areaCode !== null && scope.has(a.areaCode));
  throw visible ? forbidden() : notFound();
}

export const usersRouter = router({
  list: protectedProcedure
    .meta({ access: "administer" })
    .input(z.object({ search: text(100).optional(), ...page }))
    .query(async ({ ctx, input }) => {
      const scope = await adminScope(ctx.access);
      return listUsers(ctx.readDb, { scope, search: input.search, limit: input.limit, offset: input.offset });
    }),

  create: protectedProcedure
    .meta({ access: "administer" })
    .input(
      z.object({
        email: emailSchema,
        name: text(200).min(1, "user.name"),
        password: passwordSchema,
        phone: phoneSchema,
        personalId: z.optional(z.nullable(personalIdSchema)),
        assignments: roleAssignmentListSchema.refine((l) => l.length > 0, "user.roles"),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await checkAssignable(ctx.db, await adminScope(ctx.access), input.assignments);
      // A taken email is a DomainError (USER.EMAIL_TAKEN, 409) from insertUser.
      return audited(ctx, async (tx) => {
        const created = await insertUser(tx, input);
        return { entity: "user", entityId: created.id, action: "create", before: null, after: auditView(created), result: created };
      });
    }),

  setDisabled: protectedProcedure
    .meta({ access: "administer" })
    .input(z.object({ id: userIdSchema, disabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const before = await manageableUser(ctx.db, await adminScope(ctx.access), input.id);
      if (input.id === ctx.access.user.id && input.disabled) {
        throw apiError("USER.CANNOT_DISABLE_SELF", "Không thể tự khoá tài khoản của mình", "You cannot disable yourself");
      }
      const result = await audited(ctx, async (tx) => {
        await tx.update(user).set({ disabled: input.disabled, updatedAt: new Date() }).where(eq(user.id, input.id));
        // Disabling ends every open session at once, in the same transaction.
        const revoked = input.disabled ? await revokeSessions(tx, input.id) : 0;
        const after = (await getUser(tx, input.id))!;
        return {
          entity: "user",
          entityId: input.id,
          action: input.disabled ? "disable" : "enable",
          before: auditView(before),
          after: { ...auditView(after), sessionsRevoked: revoked },
          result: after,
        };
      });
      // Committed: this process's session cache forgets before answering (others on the notification).
      ctx.authChanged?.();
      return result;
    }),

  /**
   * The user's roles whose unit has ended, each with the units that took over its territory today
   * and the roles that would replace it: the admin reassigns in one step with `setRoles` (audited).
   */
  endedRoles: protectedProcedure
    .meta({ access: "administer" })
    .input(z.object({ id: userIdSchema }))
    .query(async ({ ctx, input }) => {
      const u = await manageableUser(ctx.db, await adminScope(ctx.access), input.id);
      return endedRolesOf(ctx.db, u.assignments, today());
    }),

  setRoles: protectedProcedure
    .meta({ access: "administer" })
    .input(z.object({ id: userIdSchema, assignments: roleAssignmentListSchema }))
    .mutation(async ({ ctx, input }) => {
      const scope = await adminScope(ctx.access);
      // The one rule holds for the user before and after the change.
      const before = await manageableUser(ctx.db, scope, input.id);
      await checkAssignable(ctx.db, scope, input.assignments);
      // A role saved again as it was keeps the day its code named its unit (codes are reused
      // across eras: 91 granted in 2020 is Kiên Giang, not today's An Giang); a new or changed
      // one names the unit of today. The day is the server's, never the client's.
      const kept = input.assignments.map((a) => ({
        ...a,
        areaValidOn: before.assignments.find((b) => b.role === a.role && b.areaCode === a.areaCode)?.areaValidOn ?? null,
      }));
      const result = await audited(ctx, async (tx) => {
        await replaceAssignments(tx, input.id, kept);
        const after = (await getUser(tx, input.id))!;
        return { entity: "user", entityId: input.id, action: "set_roles", before: auditView(before), after: auditView(after), result: after };
      });
      ctx.authChanged?.();
      return result;
    }),
});
