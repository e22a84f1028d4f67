import { AsyncLocalStorage } from "node:async_hooks";
import { BASE_ERROR_CODES, betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError } from "better-auth/api";
import { account, appendAudit, getUser, session, user, verification, type Db } from "@ansinh/db";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@ansinh/domain/access";

export interface AuthOptions {
  db: Db;
  /** The origin the browser sees (the admin app), e.g. http://127.0.0.1:3000. */
  publicUrl: string;
  secret: string;
  trustedOrigins: string[];
}

/** The HTTP request an auth call serves: its audit rows carry the server's request id. */
export const authRequest = new AsyncLocalStorage<{ requestId: string }>();

/** The one answer to a failed sign-in, whatever the reason (unknown email, wrong password, disabled). */
export const invalidCredentials = () => APIError.from("UNAUTHORIZED", BASE_ERROR_CODES.INVALID_EMAIL_OR_PASSWORD);

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
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: PASSWORD_MIN_LENGTH, maxPasswordLength: PASSWORD_MAX_LENGTH },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60, cookieCache: { enabled: false } },
    user: {
      additionalFields: {
        disabled: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    databaseHooks: {
      session: {
        create: {
          // A disabled account cannot open a session. This runs after the password check, so a
          // disabled account answers exactly as a wrong password does, in the same time.
          before: async (s) => {
            const [u] = await db.query.user.findMany({ where: (t, { eq }) => eq(t.id, s.userId), limit: 1 });
            if (!u || u.disabled) throw invalidCredentials();
            return { data: s };
          },
          // Sign-ins are in the audit trail too (the session id, never its token).
          after: async (s) => {
            await appendAudit(db, {
              actorId: s.userId,
              actorEmail: await emailOf(s.userId),
              action: "sign_in",
              entity: "session",
              entityId: s.id,
              before: null,
              after: { ipAddress: s.ipAddress ?? null, userAgent: s.userAgent ?? null },
              requestId: authRequest.getStore()?.requestId ?? null,
            });
          },
        },
      },
      account: {
        update: {
          after: async (a) => {
            if (a.providerId === "credential" && "password" in a) {
              await appendAudit(db, {
                actorId: a.userId,
                actorEmail: await emailOf(a.userId),
                action: "change_password",
                entity: "user",
                entityId: a.userId,
                before: null,
                after: null,
                requestId: authRequest.getStore()?.requestId ?? null,
              });
            }
          },
        },
      },
    },
    // Only what the product uses is served (the API forwards an allow-list, see server.ts); these
    // are refused here too, should a route ever be forwarded by mistake.
    disabledPaths: [
      "/update-user",
      "/change-email",
      "/delete-user",
      "/list-sessions",
      "/revoke-session",
      "/revoke-sessions",
      "/revoke-other-sessions",
      "/list-accounts",
      "/unlink-account",
      "/link-social",
      "/set-password",
      "/request-password-reset",
      "/reset-password",
      "/sign-up/email",
      "/refresh-token",
      "/get-access-token",
      "/account-info",
    ],
    rateLimit: { enabled: false }, // done by @fastify/rate-limit, in front of sign-in and change-password
    telemetry: { enabled: false },
    advanced: {
      useSecureCookies: publicUrl.startsWith("https://"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      cookiePrefix: "ansinh",
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
