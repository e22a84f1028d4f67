import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { createDb, resetDatabase, seedDemo, type Db, type DbHandle } from "@ansinh/db";
import type { RoleAssignment } from "@ansinh/domain/access";
import { buildServer } from "../src/index.js";
import type { ServerOptions } from "../src/server.js";
import { insertUser } from "../src/services/users.js";

export const postgresUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

if (!postgresUrl) console.warn("TEST_DATABASE_URL/DATABASE_URL not set: API tests run on PGlite only.");

/** Each database the suite runs on; a real PostgreSQL is emptied first (tests own it). */
export const drivers: { name: string; open: () => Promise<DbHandle> }[] = [
  { name: "PGlite", open: () => createDb({ dataDir: "memory://" }) },
  ...(postgresUrl
    ? [
        {
          name: "PostgreSQL",
          open: async () => {
            const h = await createDb({ databaseUrl: postgresUrl });
            await resetDatabase(h.db);
            return h;
          },
        },
      ]
    : []),
];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
/** The shared reference data beside the checkout, when present. */
export const adminUnitsDir = path.resolve(repoRoot, "../shared/data/admin-units");
export const hasAdminUnits = existsSync(path.join(adminUnitsDir, "units-2024.csv"));
if (!hasAdminUnits) console.warn(`shared admin-unit data not found at ${adminUnitsDir}: real-list import tests do not run.`);

export const PUBLIC_URL = "http://127.0.0.1:3000";
export const PASSWORD = "correct horse battery";

/**
 * Test accounts: one per role on U Minh Thượng (913) or Kiên Giang (91), and the national admin.
 * "Out of scope" for them is Phú Quốc (911).
 */
export const accounts = {
  admin: { email: "admin@test.vn", assignments: [{ role: "admin", areaCode: null }] },
  manager: { email: "manager@test.vn", assignments: [{ role: "manager", areaCode: "913" }] },
  collector: { email: "collector@test.vn", assignments: [{ role: "collector", areaCode: "913" }] },
  viewer: { email: "viewer@test.vn", assignments: [{ role: "viewer", areaCode: "913" }] },
  areaAdmin: { email: "area-admin@test.vn", assignments: [{ role: "admin", areaCode: "913" }] },
  otherCollector: { email: "other@test.vn", assignments: [{ role: "collector", areaCode: "911" }] },
} satisfies Record<string, { email: string; assignments: RoleAssignment[] }>;
export type AccountName = keyof typeof accounts;

export interface TestApp {
  handle: DbHandle;
  app: FastifyInstance;
  cookies: Record<AccountName, string>;
  ids: Record<AccountName, string>;
  close(): Promise<void>;
}

export async function signIn(app: FastifyInstance, email: string, password: string) {
  return app.inject({
    method: "POST",
    url: "/api/auth/sign-in/email",
    headers: { origin: PUBLIC_URL, "content-type": "application/json" },
    payload: { email, password },
  });
}

export function cookieOf(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers["set-cookie"];
  const list = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  return list.map((c: string) => c.split(";")[0]).join("; ");
}

/** A server on the demo areas with one signed-in account per role. */
export async function startTestApp(
  open: () => Promise<DbHandle>,
  options: { signInPerMinute?: number; server?: Partial<Omit<ServerOptions, "handle">> } = {},
): Promise<TestApp> {
  const handle = await open();
  await seedDemo(handle.db);
  const ids = {} as Record<AccountName, string>;
  for (const [name, a] of Object.entries(accounts) as [AccountName, (typeof accounts)[AccountName]][]) {
    const u = await insertUser(handle.db as Db, {
      email: a.email,
      name: `Test ${name}`,
      password: PASSWORD,
      phone: "0912345678",
      personalId: "091203004567",
      assignments: a.assignments as RoleAssignment[],
    });
    ids[name] = u.id;
  }
  // The dashboard's answer cache is off unless a test asks for it: tests write straight into the
  // tables and ask at once, before the database's notification could reach the cache
  // (answer-cache.test.ts tests the cache itself).
  const app = await buildServer({
    handle,
    logLevel: "silent",
    publicUrl: PUBLIC_URL,
    signInPerMinute: options.signInPerMinute ?? 1000,
    figuresCache: null,
    ...options.server,
  });
  const cookies = {} as Record<AccountName, string>;
  for (const [name, a] of Object.entries(accounts) as [AccountName, (typeof accounts)[AccountName]][]) {
    const res = await signIn(app, a.email, PASSWORD);
    if (res.statusCode !== 200) throw new Error(`sign-in of ${name} failed: ${res.statusCode} ${res.body}`);
    cookies[name] = cookieOf(res);
  }
  return {
    handle,
    app,
    cookies,
    ids,
    async close() {
      await app.close();
      await handle.close();
    },
  };
}

export interface CallResult {
  status: number;
  body: { result?: { data: unknown }; error?: { message: string; data: { code: string } } };
}

/** Calls a procedure over HTTP as a browser of the admin app would. */
export async function call(app: FastifyInstance, proc: string, input: unknown, opts: { cookie?: string; mutation?: boolean } = {}): Promise<CallResult> {
  const headers: Record<string, string> = { origin: PUBLIC_URL };
  if (opts.cookie) headers.cookie = opts.cookie;
  const res = opts.mutation
    ? await app.inject({
        method: "POST",
        url: `/trpc/${proc}`,
        headers: { ...headers, "content-type": "application/json" },
        payload: JSON.stringify(input ?? null),
      })
    : await app.inject({ method: "GET", url: `/trpc/${proc}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, headers });
  let body: CallResult["body"];
  try {
    body = res.json();
  } catch {
    body = { error: { message: res.body, data: { code: "NOT_JSON" } } };
  }
  return { status: res.statusCode, body };
}
