import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { account, appendAudit, getUser, session, user, verification, type Db } from "@ansinh/db";

export interface AuthOptions {
  db: Db;
  /** The origin the browser sees (the admin app), e.g. http://127.0.0.1:3000. */
  publicUrl: string;
  secret: string;
  trustedOrigins: string[];
}

/**
 * Email + password sign-in with sessions in httpOnly, SameSite=Lax cookies (Secure when the
 * public URL is HTTPS). There is no self sign-up: admins create accounts.
 */
export function createAuth({ db, publicUrl, secret, trustedOrigins }: AuthOptions) {
  const emailOf = async (id: string) => (await getUser(db, id))?.email ?? null;
  return betterAuth({
    appName: "ansinh",
    baseURL: publicUrl,
    basePath: "/api/auth",
    secret,
    trustedOrigins,
    database: drizzleAdapter(db, { provider: "pg", schema: { user, session, account, verification } }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8, maxPasswordLength: 128 },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60, cookieCache: { enabled: false } },
    user: {
      additionalFields: {
        disabled: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    databaseHooks: {
      session: {
        create: {
          // A disabled account cannot open a session.
          before: async (s) => {
            const [u] = await db.query.user.findMany({ where: (t, { eq }) => eq(t.id, s.userId), limit: 1 });
            if (!u || u.disabled) return false;
            return { data: s };
          },
          // Sign-ins are in the audit trail too (the session id, never its token).
          after: async (s) => {
            await appendAudit(db, { actorId: s.userId, actorEmail: await emailOf(s.userId), action: "sign_in", entity: "session", entityId: s.id, before: null, after: { ipAddress: s.ipAddress ?? null, userAgent: s.userAgent ?? null } });
          },
        },
      },
      account: {
        update: {
          after: async (a) => {
            if (a.providerId === "credential" && "password" in a) {
              await appendAudit(db, { actorId: a.userId, actorEmail: await emailOf(a.userId), action: "change_password", entity: "user", entityId: a.userId, before: null, after: null });
            }
          },
        },
      },
    },
    rateLimit: { enabled: false }, // done by @fastify/rate-limit, in front of every sign-in route
    telemetry: { enabled: false },
    advanced: {
      useSecureCookies: publicUrl.startsWith("https://"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      cookiePrefix: "ansinh",
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
