import { randomBytes, randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import { account, getUser, roleAssignments, session, user, type Db, type UserRow } from "@ansinh/db";
import type { RoleAssignment } from "@ansinh/domain/access";
import { DomainError } from "@ansinh/domain/errors";

/** A user that cannot be created as asked (e.g. the email is taken): a coded error like any other. */
export class UserInputError extends DomainError<"USER.EMAIL_TAKEN"> {}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  phone?: string | null | undefined;
  personalId?: string | null | undefined;
  assignments: RoleAssignment[];
}

/** A password for demo users and for `user:create` without one: 16 random characters. */
export function generatePassword(): string {
  return randomBytes(12).toString("base64url");
}

/** Creates a user with an email + password credential and its roles; returns the stored row. */
export async function insertUser(tx: Db, input: NewUser): Promise<UserRow> {
  const email = input.email.trim().toLowerCase();
  const [existing] = await tx.select({ id: user.id }).from(user).where(eq(user.email, email));
  if (existing) {
    throw new UserInputError("USER.EMAIL_TAKEN", [{ path: ["email"], vi: `Email ${email} đã được dùng`, en: `Email ${email} is already used` }]);
  }
  const id = randomUUID();
  await tx.insert(user).values({
    id,
    email,
    name: input.name.trim(),
    emailVerified: true,
    phone: input.phone ?? null,
    personalId: input.personalId ?? null,
  });
  await tx.insert(account).values({
    id: randomUUID(),
    accountId: id,
    providerId: "credential",
    userId: id,
    password: await hashPassword(input.password),
  });
  if (input.assignments.length) {
    await tx.insert(roleAssignments).values(input.assignments.map((a) => ({ userId: id, ...a })));
  }
  return (await getUser(tx, id))!;
}

export async function replaceAssignments(tx: Db, userId: string, assignments: RoleAssignment[]): Promise<void> {
  await tx.delete(roleAssignments).where(eq(roleAssignments.userId, userId));
  if (assignments.length) await tx.insert(roleAssignments).values(assignments.map((a) => ({ userId, ...a })));
}

/** What an audit row keeps of a user: no password, no hash. */
export function auditView(u: UserRow) {
  return {
    email: u.email,
    name: u.name,
    disabled: u.disabled,
    phone: u.phone,
    personalId: u.personalId,
    assignments: u.assignments,
  };
}

/** Ends every session of a user at once (on disabling; the cookie stops working on its next use). */
export async function revokeSessions(tx: Db, userId: string): Promise<number> {
  const gone = await tx.delete(session).where(eq(session.userId, userId)).returning({ id: session.id });
  return gone.length;
}
