/**
 * Sign-in and password-change limits counted in the database (rate_limits): several API
 * processes on one database share one count per client.
 */
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, hitRateLimit, purgeRateLimits, selectRows, type DbHandle } from "@ansinh/db";
import { buildServer } from "../src/index.js";
import { accounts, drivers, PASSWORD, postgresUrl, PUBLIC_URL, startTestApp, type TestApp } from "./helpers.js";

if (!postgresUrl) console.warn("rate-limit-store: TEST_DATABASE_URL not set, the PostgreSQL run (two connection pools) is SKIPPED; PGlite only.");

const json = { origin: PUBLIC_URL, "content-type": "application/json" };

describe.each(drivers)("rate limits in the database on $name", ({ name, open }) => {
  let t: TestApp;
  let handleB: DbHandle;
  let a: FastifyInstance;
  let b: FastifyInstance;

  beforeAll(async () => {
    t = await startTestApp(open);
    handleB = name === "PostgreSQL" ? await createDb({ databaseUrl: postgresUrl!, migrate: false }) : t.handle;
    // Two processes configured alike: 10 attempts a minute.
    a = await buildServer({ handle: t.handle, logLevel: "silent", publicUrl: PUBLIC_URL, signInPerMinute: 10 });
    b = await buildServer({ handle: handleB, logLevel: "silent", publicUrl: PUBLIC_URL, signInPerMinute: 10 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (handleB && handleB !== t?.handle) await handleB.close();
    await t?.close();
  });

  const attempt = (app: FastifyInstance, remoteAddress: string, password = "wrong password!") =>
    app.inject({ method: "POST", url: "/api/auth/sign-in/email", remoteAddress, headers: json, payload: { email: accounts.viewer.email, password } });

  it("10 failed sign-ins spread over A and B: the next is refused (429) on either", async () => {
    const client = "198.51.100.40";
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) codes.push((await attempt(i % 2 ? b : a, client)).statusCode);
    expect(codes).toEqual(Array(10).fill(401));
    const onA = await attempt(a, client, PASSWORD);
    const onB = await attempt(b, client, PASSWORD);
    expect([onA.statusCode, onB.statusCode]).toEqual([429, 429]);
    expect(Number(onB.headers["x-ratelimit-remaining"])).toBe(0);
    expect(Number(onB.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(onB.headers["retry-after"])).toBeLessThanOrEqual(60);
    // Another client is not held back.
    expect((await attempt(b, "198.51.100.41", PASSWORD)).statusCode).toBe(200);
    const [row] = await selectRows<{ count: number }>(t.handle.db, sql`select count from rate_limits where key like ${"%|198.51.100.40"}`);
    expect(Number(row!.count)).toBe(12);
  });

  it("the password change counts apart from the sign-in", async () => {
    const client = "198.51.100.42";
    for (let i = 0; i < 11; i++) await attempt(a, client);
    expect((await attempt(b, client, PASSWORD)).statusCode).toBe(429);
    const res = await b.inject({
      method: "POST",
      url: "/api/auth/change-password",
      remoteAddress: client,
      headers: { ...json, cookie: t.cookies.viewer },
      payload: { currentPassword: "wrong password!", newPassword: "another horse battery" },
    });
    expect(res.statusCode).not.toBe(429);
  });

  it("a window that ran out starts again at 1, and the clean-up removes only keys whose window ran out", async () => {
    expect(await hitRateLimit(t.handle.db, "test|x", 60_000)).toMatchObject({ count: 1 });
    expect(await hitRateLimit(t.handle.db, "test|x", 60_000)).toMatchObject({ count: 2 });
    await t.handle.db.execute(sql`update rate_limits set window_start = now() - interval '61 seconds' where key = 'test|x'`);
    const again = await hitRateLimit(t.handle.db, "test|x", 60_000);
    expect(again.count).toBe(1);
    expect(again.ttlMs).toBeGreaterThan(59_000);
    await hitRateLimit(t.handle.db, "test|y", 60_000);
    await t.handle.db.execute(sql`update rate_limits set window_start = now() - interval '61 seconds' where key = 'test|y'`);
    expect(await purgeRateLimits(t.handle.db, "test|", 60_000)).toBe(1);
    const left = await selectRows<{ key: string }>(t.handle.db, sql`select key from rate_limits where key like 'test|%'`);
    expect(left.map((r) => r.key)).toEqual(["test|x"]);
  });

  it("hits from many clients at once are each counted once (one atomic statement)", async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => hitRateLimit(i % 2 ? handleB.db : t.handle.db, "test|burst", 60_000)));
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});
