import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { getUser, listAudit, listUsers, unknownAreaCodes, user, type Db, type UserRow } from "@ansinh/db";
import { maskPersonalId, maskPhone, mayManageUser, roleAssignmentListSchema, type RoleAssignment } from "@ansinh/domain/access";
import { isoDateSchema, todayInVietnam as today } from "@ansinh/domain/dates";
import { audited } from "../services/audited.js";
import { auditView, insertUser, replaceAssignments, revokeSessions, UserInputError } from "../services/users.js";
import { forbidden, protectedProcedure, router, type Access } from "../trpc.js";

const page = { limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).default(0) };

/** Free text stored in PostgreSQL: NUL cannot be stored, so it is refused here with a clear message. */
const text = (max: number) =>
  z
    .string({ message: "Phải là chuỗi ký tự / Must be text" })
    .trim()
    .max(max, `Tối đa ${max} ký tự / At most ${max} characters`)
    .refine((v) => !v.includes("\u0000"), "Không được chứa ký tự NUL / Must not contain the NUL character");

const emailSchema = z.email({ message: "Email không hợp lệ / Invalid email" }).max(254, "Email quá dài / Email is too long");
const passwordSchema = z
  .string()
  .min(8, "Mật khẩu tối thiểu 8 ký tự / Password needs at least 8 characters")
  .max(128, "Mật khẩu tối đa 128 ký tự / Password is at most 128 characters");
const phoneSchema = z
  .string()
  .regex(/^\+?[\d ]{9,15}$/, "Số điện thoại không hợp lệ / Invalid phone number")
  .nullable()
  .optional();
const personalIdSchema = z
  .string()
  .regex(/^\d{12}$/, "Số định danh cá nhân gồm 12 chữ số / A personal ID has 12 digits")
  .nullable()
  .optional();
const userIdSchema = text(64).min(1, "Thiếu mã người dùng / User id is missing");

const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "Không tìm thấy người dùng / No such user" });

/** The caller's `administer` scope: the area codes it administers (null: the whole country). */
const adminScope = (access: Access) => access.lastingScopeFor("administer", today());

/**
 * Roles the caller may give: on areas that exist, and within the one rule of
 * @ansinh/domain/access (mayManageUser). Refused roles answer "forbidden", unknown areas "bad request".
 */
async function checkAssignable(db: Db, scope: Set<string> | null, assignments: RoleAssignment[]) {
  if (!mayManageUser(scope, assignments)) throw forbidden();
  const unknown = await unknownAreaCodes(db, assignments.flatMap((a) => (a.areaCode === null ? [] : [a.areaCode])));
  if (unknown.length) {
    throw new TRPCError({ code: "BAD_REQUEST", message: `Không có địa bàn mã ${unknown.join(", ")} / No area with code ${unknown.join(", ")}` });
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
      return listUsers(ctx.db, { scope, search: input.search, limit: input.limit, offset: input.offset });
    }),

  create: protectedProcedure
    .meta({ access: "administer" })
    .input(
      z.object({
        email: emailSchema,
        name: text(200).min(1, "Thiếu họ tên / Name is missing"),
        password: passwordSchema,
        phone: phoneSchema,
        personalId: personalIdSchema,
        assignments: roleAssignmentListSchema.refine((l) => l.length > 0, "Cần ít nhất một vai trò / At least one role is needed"),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await checkAssignable(ctx.db, await adminScope(ctx.access), input.assignments);
      try {
        return await audited(ctx, async (tx) => {
          const created = await insertUser(tx, input);
          return { entity: "user", entityId: created.id, action: "create", before: null, after: auditView(created), result: created };
        });
      } catch (e) {
        if (e instanceof UserInputError) throw new TRPCError({ code: "CONFLICT", message: e.message });
        throw e;
      }
    }),

  setDisabled: protectedProcedure
    .meta({ access: "administer" })
    .input(z.object({ id: userIdSchema, disabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const before = await manageableUser(ctx.db, await adminScope(ctx.access), input.id);
      if (input.id === ctx.access.user.id && input.disabled) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "Không thể tự khoá tài khoản của mình / You cannot disable yourself" });
      }
      return audited(ctx, async (tx) => {
        await tx.update(user).set({ disabled: input.disabled, updatedAt: new Date() }).where(eq(user.id, input.id));
        // Disabling ends every open session at once, in the same transaction.
        const revoked = input.disabled ? await revokeSessions(tx, input.id) : 0;
        const after = (await getUser(tx, input.id))!;
        return { entity: "user", entityId: input.id, action: input.disabled ? "disable" : "enable", before: auditView(before), after: { ...auditView(after), sessionsRevoked: revoked }, result: after };
      });
    }),

  setRoles: protectedProcedure
    .meta({ access: "administer" })
    .input(z.object({ id: userIdSchema, assignments: roleAssignmentListSchema }))
    .mutation(async ({ ctx, input }) => {
      const scope = await adminScope(ctx.access);
      // The one rule holds for the user before and after the change.
      const before = await manageableUser(ctx.db, scope, input.id);
      await checkAssignable(ctx.db, scope, input.assignments);
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

export const auditRouter = router({
  /** The trail, newest first; national admins only (entries are not tied to one area). */
  list: protectedProcedure
    .meta({ access: "administer", national: true })
    .input(
      z.object({
        entity: text(50).optional(),
        actor: text(200).optional(),
        from: isoDateSchema.optional(),
        to: isoDateSchema.optional(),
        ...page,
      }),
    )
    .query(async ({ ctx, input }) => {
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

