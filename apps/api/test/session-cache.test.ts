/**
 * The session cache across API processes that share nothing but the database: two servers
 * (buildServer twice, each with its own cache; on PostgreSQL each with its own connections, as
 * two processes would have) on one database. A change made through one is refused by the other
 * as soon as the database's notification arrives (polled for at most 200 ms), and by the one that
 * made it at once.
 */
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, selectRows, type DbHandle } from "@ansinh/db";
import { buildServer } from "../src/index.js";
import { cookieValue, SessionCache } from "../src/session-cache.js";
import { accounts, call, cookieOf, drivers, PASSWORD, postgresUrl, PUBLIC_URL, signIn, startTestApp, type TestApp } from "./helpers.js";

if (!postgresUrl)
  console.warn("session-cache: TEST_DATABASE_URL not set, the PostgreSQL runs (two connection pools, a lost LISTEN connection) are SKIPPED; PGlite only.");

/**
 * Calls `fn` until `done(result)` or `ms` have passed; returns the last result and `waited`: when
 * the call that gave it started, after the first (a request's own time on a busy machine is not
 * the notification's delay).
 */
async function poll<T>(fn: () => Promise<T>, done: (r: T) => boolean, ms = 200): Promise<{ result: T; waited: number }> {
  const start = Date.now();
  for (;;) {
    const began = Date.now() - start;
    const result = await fn();
    if (done(result) || Date.now() - start >= ms) return { result, waited: began };
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.each(drivers)("session cache on $name", ({ name, open }) => {
  let t: TestApp;
  let handleB: DbHandle;
  let b: FastifyInstance;
  const cacheA = new SessionCache();
  const cacheB = new SessionCache();
  const me = (app: FastifyInstance, cookie: string) => call(app, "me.get", undefined, { cookie });

  beforeAll(async () => {
    t = await startTestApp(open, { server: { sessionCache: cacheA } });
    // Another process: its own connections on PostgreSQL; PGlite is one process, one handle.
    handleB = name === "PostgreSQL" ? await createDb({ databaseUrl: postgresUrl!, migrate: false }) : t.handle;
    b = await buildServer({ handle: handleB, logLevel: "silent", publicUrl: PUBLIC_URL, signInPerMinute: 1000, sessionCache: cacheB });
  });
  afterAll(async () => {
    await b?.close();
    if (handleB && handleB !== t?.handle) await handleB.close();
    await t?.close();
  });

  it("is in use on both servers (LISTEN up)", () => {
    expect(cacheA.active).toBe(true);
    expect(cacheB.active).toBe(true);
  });

  it("a session opened on A is served by B; the second call is a hit (no better-auth, no roles read)", async () => {
    const before = { ...cacheB.stats };
    const first = await me(b, t.cookies.viewer);
    expect(first.status).toBe(200);
    expect((first.body.result!.data as { user: { email: string } }).user.email).toBe(accounts.viewer.email);
    expect(cacheB.stats.misses).toBe(before.misses + 1);
    const second = await me(b, t.cookies.viewer);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(cacheB.stats.hits).toBe(before.hits + 1);
    expect(cacheB.stats.misses).toBe(before.misses + 1);
  });

  it("a forged or unknown cookie is never served from the cache", async () => {
    const value = cookieValue(t.cookies.viewer, "ansinh.session_token")!;
    const forged = `ansinh.session_token=${value.slice(0, -3)}abc`;
    expect((await me(b, forged)).status).toBe(401);
    expect((await me(b, forged)).status).toBe(401);
    expect((await me(b, "ansinh.session_token=nothing")).status).toBe(401);
  });

  it("disabling a user on A: A refuses at once, B as soon as the notification arrives", async () => {
    const cookie = cookieOf(await signIn(t.app, accounts.manager.email, PASSWORD));
    for (const app of [t.app, b, t.app, b]) expect((await me(app, cookie)).status).toBe(200);
    const hitsB = cacheB.stats.hits;
    expect(hitsB).toBeGreaterThan(0);
    const res = await call(t.app, "users.setDisabled", { id: t.ids.manager, disabled: true }, { cookie: t.cookies.admin, mutation: true });
    expect(res.status).toBe(200);
    // The process that made the change: refused on the very next request.
    expect((await me(t.app, cookie)).status).toBe(401);
    const { result, waited } = await poll(
      () => me(b, cookie),
      (r) => r.status === 401,
    );
    expect(result.status).toBe(401);
    expect(waited).toBeLessThan(200);
    expect(cacheB.stats.clears).toBeGreaterThan(0);
    // Enabled again, the old session stays over (revoked with the disabling).
    await call(t.app, "users.setDisabled", { id: t.ids.manager, disabled: false }, { cookie: t.cookies.admin, mutation: true });
    expect(
      (
        await poll(
          () => me(b, cookie),
          (r) => r.status === 200,
          100,
        )
      ).result.status,
    ).toBe(401);
  });

  it("a role removed on A: B's scope shrinks as soon as the notification arrives", async () => {
    const created = await call(
      t.app,
      "users.create",
      {
        email: "two-roles@test.vn",
        name: "Hai vai trò",
        password: PASSWORD,
        assignments: [
          { role: "viewer", areaCode: "913" },
          { role: "viewer", areaCode: "911" },
        ],
      },
      { cookie: t.cookies.admin, mutation: true },
    );
    expect(created.status).toBe(200);
    const id = (created.body.result!.data as { id: string }).id;
    const cookie = cookieOf(await signIn(t.app, "two-roles@test.vn", PASSWORD));
    const roles = async (app: FastifyInstance) =>
      ((await me(app, cookie)).body.result!.data as { assignments: { areaCode: string }[] }).assignments.map((a) => a.areaCode).sort();
    const coverage911 = (app: FastifyInstance) => call(app, "areas.coverage", { code: "911", onDate: "2020-06-30" }, { cookie });
    expect(await roles(b)).toEqual(["911", "913"]);
    expect(await roles(b)).toEqual(["911", "913"]);
    expect((await coverage911(b)).status).toBe(200);
    expect((await coverage911(t.app)).status).toBe(200);
    const hits = cacheB.stats.hits;
    expect(hits).toBeGreaterThan(0);

    const res = await call(t.app, "users.setRoles", { id, assignments: [{ role: "viewer", areaCode: "913" }] }, { cookie: t.cookies.admin, mutation: true });
    expect(res.status).toBe(200);
    expect((await coverage911(t.app)).status).not.toBe(200);
    const { result, waited } = await poll(
      () => coverage911(b),
      (r) => r.status !== 200,
    );
    expect(result.status).not.toBe(200);
    expect(waited).toBeLessThan(200);
    expect(await roles(b)).toEqual(["913"]);
  });

  it("signing out on A: B refuses the session as soon as the notification arrives", async () => {
    const cookie = cookieOf(await signIn(t.app, accounts.collector.email, PASSWORD));
    for (const app of [b, b, t.app, t.app]) expect((await me(app, cookie)).status).toBe(200);
    const out = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-out",
      headers: { origin: PUBLIC_URL, cookie, "content-type": "application/json" },
      payload: "{}",
    });
    expect(out.statusCode).toBe(200);
    expect((await me(t.app, cookie)).status).toBe(401);
    const { result, waited } = await poll(
      () => me(b, cookie),
      (r) => r.status === 401,
    );
    expect(result.status).toBe(401);
    expect(waited).toBeLessThan(200);
  });

  it("a change made by another writer (no API process: the CLI, psql) empties the caches too", async () => {
    const cookie = cookieOf(await signIn(t.app, accounts.areaAdmin.email, PASSWORD));
    for (const app of [b, b, t.app, t.app]) expect((await me(app, cookie)).status).toBe(200);
    await t.handle.db.execute(sql`update auth_user set disabled = true where id = ${t.ids.areaAdmin}`);
    for (const app of [t.app, b]) {
      const { result } = await poll(
        () => me(app, cookie),
        (r) => r.status === 401,
      );
      expect(result.status).toBe(401);
    }
    await t.handle.db.execute(sql`update auth_user set disabled = false where id = ${t.ids.areaAdmin}`);
  });

  it("while its LISTEN connection is down the cache is bypassed (and emptied), and used again once it is back", async () => {
    const cookie = t.cookies.otherCollector;
    await me(b, cookie);
    await me(b, cookie);
    cacheB.setActive(false);
    const { hits, misses } = cacheB.stats;
    expect((await me(b, cookie)).status).toBe(200);
    expect((await me(b, cookie)).status).toBe(200);
    expect(cacheB.stats).toMatchObject({ hits, misses });
    expect(cacheB.snapshot().size).toBe(0);
    cacheB.setActive(true);
    await me(b, cookie);
    await me(b, cookie);
    expect(cacheB.stats.hits).toBe(hits + 1);
  });

  // PostgreSQL only (PGlite listens in-process, there is no connection to lose).
  if (name === "PostgreSQL")
    it("a LISTEN connection killed by the server: the cache goes off, then on again once it listens again", async () => {
      const cookie = t.cookies.otherCollector;
      await me(b, cookie);
      const killed = await selectRows<{ ok: boolean }>(
        t.handle.db,
        sql`select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and application_name = 'ansinh-listen-ansinh_auth'`,
      );
      expect(killed.length).toBeGreaterThanOrEqual(2);
      const off = await poll(
        async () => cacheB.active,
        (a) => !a,
        2000,
      );
      expect(off.result).toBe(false);
      const { hits } = cacheB.stats;
      expect((await me(b, cookie)).status).toBe(200);
      expect(cacheB.stats.hits).toBe(hits);
      const on = await poll(
        async () => cacheB.active && cacheA.active,
        (a) => a,
        5000,
      );
      expect(on.result).toBe(true);
      // Listening again: a change is heard.
      const fresh = cookieOf(await signIn(t.app, accounts.otherCollector.email, PASSWORD));
      await me(b, fresh);
      await me(b, fresh);
      await t.handle.db.execute(sql`delete from auth_session where user_id = ${t.ids.otherCollector}`);
      const { result } = await poll(
        () => me(b, fresh),
        (r) => r.status === 401,
      );
      expect(result.status).toBe(401);
    }, 15_000);
});

describe("session cache, alone", () => {
  it("keeps an entry until min(session expiry, TTL), holds at most maxEntries, and does not keep an answer loaded across a clear", async () => {
    let now = 1_000_000;
    const cache = new SessionCache({ ttlMs: 60_000, maxEntries: 2, now: () => now });
    cache.setActive(true);
    let loads = 0;
    const session = (expiresAt: number) => async () => {
      loads++;
      return { user: { id: "u", email: "u@test.vn", name: "U" }, assignments: [], expiresAt };
    };
    await cache.get("a", session(now + 10_000_000));
    await cache.get("a", session(now + 10_000_000));
    expect(loads).toBe(1);
    now += 60_000;
    await cache.get("a", session(now + 10_000_000));
    expect(loads).toBe(2);
    await cache.get("b", session(now + 5_000));
    now += 5_000;
    await cache.get("b", session(now + 5_000));
    expect(loads).toBe(4);
    await cache.get("c", session(now + 10_000_000));
    expect(cache.snapshot().size).toBe(2);
    // A clear while a miss is loading: the answer is served, not kept.
    const slow = cache.get("d", async () => {
      cache.clear();
      return session(now + 10_000_000)();
    });
    expect(await slow).not.toBeNull();
    expect(cache.snapshot().size).toBe(0);
    // No session: nothing kept.
    expect(await cache.get("e", async () => null)).toBeNull();
    expect(cache.snapshot().size).toBe(0);
  });

  it("lets concurrent misses on one cookie share one lookup, but never across a clear", async () => {
    const cache = new SessionCache();
    cache.setActive(true);
    let loads = 0;
    const gates: (() => void)[] = [];
    const slow = (id: string) => async () => {
      loads++;
      await new Promise<void>((r) => gates.push(r));
      return { user: { id, email: `${id}@test.vn`, name: id }, assignments: [], expiresAt: Date.now() + 600_000 };
    };
    // Fifty requests arriving together with the same cookie: one lookup.
    const together = Array.from({ length: 50 }, () => cache.get("k", slow("old")));
    expect(loads).toBe(1);
    // A change (say the user was disabled) while that lookup is under way: a request arriving
    // now does not get the answer read before the change; it looks up for itself.
    cache.clear();
    const after = cache.get("k", slow("new"));
    expect(loads).toBe(2);
    expect(cache.peek("k")).toBeUndefined();
    for (const open of gates) open();
    expect(new Set((await Promise.all(together)).map((s) => s?.user.id))).toEqual(new Set(["old"]));
    expect((await after)?.user.id).toBe("new");
    expect(cache.stats.shared).toBe(49);
    // Only the lookup started after the clear is kept, and then served at once.
    expect(cache.peek("k")?.user.id).toBe("new");
    expect(await cache.get("k", slow("again"))).toMatchObject({ user: { id: "new" } });
    expect(loads).toBe(2);
  });

  it("reads the session cookie only when it is there once", () => {
    expect(cookieValue("a=1; ansinh.session_token=abc.def; b=2", "ansinh.session_token")).toBe("abc.def");
    expect(cookieValue("ansinh.session_token=x; ansinh.session_token=y", "ansinh.session_token")).toBeNull();
    expect(cookieValue("__Secure-ansinh.session_token=x", "ansinh.session_token")).toBeNull();
    expect(cookieValue(undefined, "ansinh.session_token")).toBeNull();
  });
});
