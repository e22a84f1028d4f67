/**
 * The holes found by an outside test, each tried as an attacker would, through the real entry point: HTTP
 * against the Fastify server (app.inject, or a listening server where raw paths matter), on
 * PGlite and on PostgreSQL.
 */
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "@ansinh/db";
import { EnvError, readEnv } from "../src/env.js";
import { buildServer } from "../src/index.js";
import { accounts, call, cookieOf, drivers, PASSWORD, PUBLIC_URL, signIn, startTestApp, type TestApp } from "./helpers.js";

const json = { origin: PUBLIC_URL, "content-type": "application/json" };

/** A request on the wire, with the path exactly as given (no client-side normalisation). */
function raw(port: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(
      { host: "127.0.0.1", port, method, path, headers: { ...json, ...headers, ...(payload ? { "content-length": Buffer.byteLength(payload) } : {}) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

async function auditRows(t: TestApp, action: string) {
  return selectRows<{ actor_email: string | null; entity_id: string; after: Record<string, unknown> | null; request_id: string | null }>(
    t.handle.db,
    sql`select actor_email, entity_id, after, request_id from audit_log where action = ${action} order by id`,
  );
}

describe.each(drivers)("security on $name", ({ open }) => {
  let t: TestApp;
  /** A second server on the same database with a strict limit of 3 attempts a minute. */
  let strict: FastifyInstance;
  let strictPort: number;
  beforeAll(async () => {
    t = await startTestApp(open);
    strict = await buildServer({ handle: t.handle, logLevel: "silent", publicUrl: PUBLIC_URL, signInPerMinute: 3 });
    await strict.listen({ port: 0, host: "127.0.0.1" });
    strictPort = (strict.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await strict?.close();
    await t?.close();
  });

  it("1. believes X-Forwarded-For only from the trusted proxy: a fresh fake address per request does not escape the limit", async () => {
    const attacker = "198.51.100.7";
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await strict.inject({
        method: "POST",
        url: "/api/auth/sign-in/email",
        remoteAddress: attacker,
        headers: { ...json, "x-forwarded-for": `203.0.113.${i + 1}`, "x-real-ip": `203.0.113.${i + 1}` },
        payload: { email: accounts.viewer.email, password: "wrong password!" },
      });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429, 429, 429]);
    // the failed attempts are audited with the socket's address, not the forged one
    const failed = (await auditRows(t, "sign_in_failed")).filter((r) => r.after?.ipAddress === attacker);
    expect(failed.length).toBe(3);
    expect(JSON.stringify(await auditRows(t, "sign_in_failed"))).not.toContain("203.0.113.");
  });

  it("1. a victim's address sent by someone else does not lock the victim out, and a forged IP never reaches the session", async () => {
    const victim = "192.0.2.10";
    for (let i = 0; i < 4; i++) {
      await strict.inject({
        method: "POST",
        url: "/api/auth/sign-in/email",
        remoteAddress: "198.51.100.8",
        headers: { ...json, "x-forwarded-for": victim },
        payload: { email: accounts.viewer.email, password: "wrong password!" },
      });
    }
    const ok = await strict.inject({
      method: "POST",
      url: "/api/auth/sign-in/email",
      remoteAddress: victim,
      headers: json,
      payload: { email: accounts.viewer.email, password: PASSWORD },
    });
    expect(ok.statusCode).toBe(200);
    const forged = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in/email",
      remoteAddress: "198.51.100.9",
      headers: { ...json, "x-forwarded-for": "6.6.6.6" },
      payload: { email: accounts.viewer.email, password: PASSWORD },
    });
    expect(forged.statusCode).toBe(200);
    const [s] = await selectRows<{ ip_address: string }>(t.handle.db, sql`select ip_address from auth_session order by created_at desc limit 1`);
    expect(s!.ip_address).toBe("198.51.100.9");
  });

  it("1. from the trusted proxy (loopback), each forwarded client has its own count", async () => {
    for (const client of ["192.0.2.21", "192.0.2.22"]) {
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await strict.inject({
          method: "POST",
          url: "/api/auth/sign-in/email",
          headers: { ...json, "x-forwarded-for": client },
          payload: { email: accounts.viewer.email, password: "wrong password!" },
        });
        codes.push(res.statusCode);
      }
      expect(codes).toEqual([401, 401, 401]);
    }
  });

  it("2. no spelling of the sign-in path gets around its rate limit", async () => {
    const wrong = { email: accounts.collector.email, password: "wrong password!" };
    const good = { email: accounts.collector.email, password: PASSWORD };
    const first: number[] = [];
    for (let i = 0; i < 3; i++) first.push((await raw(strictPort, "POST", "/api/auth/sign-in/email", wrong)).status);
    expect(first).toEqual([401, 401, 401]);
    const tricks = [
      "/api/auth/./sign-in/email",
      "/api/auth/x/../sign-in/email",
      "/api/auth/%2e/sign-in/email",
      "/api/auth/sign-in/./email",
      "/api/auth//sign-in/email",
      "/api/auth/sign-in//email",
      "/api/auth/sign-in/email/",
      "/api/auth/Sign-In/email",
      "/api/auth/sign-in/email?x=1",
      "/api/auth/sign%2Din/email",
    ];
    const seen: Record<string, number> = {};
    for (const path of tricks) seen[path] = (await raw(strictPort, "POST", path, good)).status;
    for (const [path, status] of Object.entries(seen)) expect([path, [404, 429].includes(status)]).toEqual([path, true]);
  });

  it("3. an area admin cannot disable a national admin, nor a user with a role outside its area", async () => {
    const national = await call(t.app, "users.setDisabled", { id: t.ids.admin, disabled: true }, { cookie: t.cookies.areaAdmin, mutation: true });
    expect(national.status).toBeGreaterThanOrEqual(400);
    expect(national.status).toBeLessThan(500);
    const mixed = await call(
      t.app,
      "users.create",
      {
        email: "mixed@test.vn",
        name: "Mixed",
        password: PASSWORD,
        assignments: [
          { role: "viewer", areaCode: "913" },
          { role: "viewer", areaCode: "911" },
        ],
      },
      { cookie: t.cookies.admin, mutation: true },
    );
    expect(mixed.status).toBe(200);
    const mixedId = (mixed.body.result!.data as { id: string }).id;
    expect((await call(t.app, "users.setDisabled", { id: mixedId, disabled: true }, { cookie: t.cookies.areaAdmin, mutation: true })).status).toBe(403);
    expect(
      (
        await call(
          t.app,
          "users.setRoles",
          { id: mixedId, assignments: [{ role: "viewer", areaCode: "913" }] },
          { cookie: t.cookies.areaAdmin, mutation: true },
        )
      ).status,
    ).toBe(403);
    const rows = await selectRows<{ disabled: boolean }>(t.handle.db, sql`select disabled from auth_user where id in (${t.ids.admin}, ${mixedId})`);
    expect(rows.map((r) => r.disabled)).toEqual([false, false]);
    // the national admin may
    expect(
      (await call(t.app, "users.setRoles", { id: mixedId, assignments: [{ role: "viewer", areaCode: "913" }] }, { cookie: t.cookies.admin, mutation: true }))
        .status,
    ).toBe(200);
  });

  it("3. an area admin cannot create or promote admins; nobody may give a role on an area that does not exist", async () => {
    const create = await call(
      t.app,
      "users.create",
      { email: "sub-admin@test.vn", name: "Sub", password: PASSWORD, assignments: [{ role: "admin", areaCode: "91301" }] },
      { cookie: t.cookies.areaAdmin, mutation: true },
    );
    expect(create.status).toBe(403);
    const promote = await call(
      t.app,
      "users.setRoles",
      { id: t.ids.collector, assignments: [{ role: "admin", areaCode: "913" }] },
      { cookie: t.cookies.areaAdmin, mutation: true },
    );
    expect(promote.status).toBe(403);
    // nor change its own roles (it is an admin)
    expect(
      (
        await call(
          t.app,
          "users.setRoles",
          { id: t.ids.areaAdmin, assignments: [{ role: "admin", areaCode: "91" }] },
          { cookie: t.cookies.areaAdmin, mutation: true },
        )
      ).status,
    ).toBe(403);
    const unknown = await call(
      t.app,
      "users.create",
      { email: "ghost@test.vn", name: "Ghost", password: PASSWORD, assignments: [{ role: "viewer", areaCode: "99999" }] },
      { cookie: t.cookies.admin, mutation: true },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error!.message).toMatch(/Không có địa bàn mã 99999 .* No area with code 99999/);
  });

  it("4. refuses year 0000/0001 dates, NUL characters and duplicate roles with a 4xx in both languages", async () => {
    const cases: [string, unknown, boolean][] = [
      ["audit.list", { from: "0001-01-01" }, false],
      ["audit.list", { to: "0000-01-01" }, false],
      ["staff.list", { onDate: "0000-01-01" }, false],
      ["areas.tree", { onDate: "0001-01-01" }, false],
      ["areas.coverage", { onDate: "0000-12-31", code: "91" }, false],
      ["users.list", { search: "a\u0000b" }, false],
      ["staff.list", { search: "\u0000" }, false],
      ["audit.list", { actor: "x\u0000" }, false],
      ["users.setDisabled", { id: "\u0000", disabled: true }, true],
      ["users.create", { email: "nul@test.vn", name: "N\u0000", password: PASSWORD, assignments: [{ role: "viewer", areaCode: "913" }] }, true],
      [
        "users.create",
        {
          email: "dup@test.vn",
          name: "Dup",
          password: PASSWORD,
          assignments: [
            { role: "viewer", areaCode: "913" },
            { role: "viewer", areaCode: "913" },
          ],
        },
        true,
      ],
      [
        "users.setRoles",
        {
          id: "x",
          assignments: [
            { role: "viewer", areaCode: "913" },
            { role: "viewer", areaCode: "913" },
          ],
        },
        true,
      ],
    ];
    for (const [proc, input, mutation] of cases) {
      const r = await call(t.app, proc, input, { cookie: t.cookies.admin, mutation });
      expect([proc, r.status]).toEqual([proc, 400]);
      expect(r.body.error!.message).toMatch(/ \/ /);
    }
    // through better-auth too
    const nul = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in/email",
      headers: json,
      payload: { email: "a\u0000@test.vn", password: PASSWORD },
    });
    expect(nul.statusCode).toBe(400);
  });

  it("4. takes % and _ in a search literally", async () => {
    const all = await call(t.app, "users.list", { search: "" }, { cookie: t.cookies.admin });
    expect((all.body.result!.data as { total: number }).total).toBeGreaterThan(3);
    for (const search of ["%", "_", "\\"]) {
      const r = await call(t.app, "users.list", { search }, { cookie: t.cookies.admin });
      expect([search, (r.body.result!.data as { total: number }).total]).toEqual([search, 0]);
    }
  });

  it("5. disabling ends every session at once, on every auth endpoint", async () => {
    const created = await call(
      t.app,
      "users.create",
      { email: "leaver@test.vn", name: "Leaver", password: PASSWORD, assignments: [{ role: "viewer", areaCode: "913" }] },
      { cookie: t.cookies.admin, mutation: true },
    );
    const id = (created.body.result!.data as { id: string }).id;
    const cookie = cookieOf(await signIn(t.app, "leaver@test.vn", PASSWORD));
    const session = () => t.app.inject({ method: "GET", url: "/api/auth/get-session", headers: { cookie } });
    expect(JSON.parse((await session()).body)).toMatchObject({ user: { email: "leaver@test.vn" } });
    expect((await call(t.app, "users.setDisabled", { id, disabled: true }, { cookie: t.cookies.admin, mutation: true })).status).toBe(200);
    const [n] = await selectRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from auth_session where user_id = ${id}`);
    expect(n!.n).toBe(0);
    const after = await session();
    expect(after.body).not.toContain("leaver@test.vn");
    for (const [method, url] of [
      ["POST", "/api/auth/update-user"],
      ["GET", "/api/auth/list-sessions"],
      ["POST", "/api/auth/change-password"],
    ] as const) {
      const r = await t.app.inject({
        method,
        url,
        headers: { ...json, cookie },
        ...(method === "POST" ? { payload: { name: "x", currentPassword: PASSWORD, newPassword: "another long one" } } : {}),
      });
      expect([url, r.statusCode >= 400]).toEqual([url, true]);
    }
    expect((await call(t.app, "me.get", undefined, { cookie })).status).toBe(401);
  });

  it("5. a correct password on a disabled account answers exactly as a wrong one", async () => {
    const created = await call(
      t.app,
      "users.create",
      { email: "locked@test.vn", name: "Locked", password: PASSWORD, assignments: [{ role: "viewer", areaCode: "913" }] },
      { cookie: t.cookies.admin, mutation: true },
    );
    const id = (created.body.result!.data as { id: string }).id;
    await call(t.app, "users.setDisabled", { id, disabled: true }, { cookie: t.cookies.admin, mutation: true });
    const right = await signIn(t.app, "locked@test.vn", PASSWORD);
    const wrong = await signIn(t.app, "locked@test.vn", "wrong password!");
    expect(right.statusCode).toBe(401);
    expect([right.statusCode, right.body]).toEqual([wrong.statusCode, wrong.body]);
    expect(right.headers["set-cookie"]).toBeUndefined();
  });

  it("6. update-user and the endpoints the product does not use are gone: no rename, no image", async () => {
    for (const [method, url, payload] of [
      ["POST", "/api/auth/update-user", { name: "Test admin", image: "javascript:alert(1)" }],
      ["GET", "/api/auth/list-sessions", undefined],
      ["POST", "/api/auth/revoke-sessions", {}],
      ["POST", "/api/auth/sign-up/email", { email: "self@test.vn", password: PASSWORD, name: "Self" }],
      ["POST", "/api/auth/change-email", { newEmail: "x@test.vn" }],
    ] as const) {
      const r = await t.app.inject({ method, url, headers: { ...json, cookie: t.cookies.viewer }, ...(payload ? { payload } : {}) });
      expect([url, r.statusCode]).toEqual([url, 404]);
    }
    const [u] = await selectRows<{ name: string; image: string | null }>(t.handle.db, sql`select name, image from auth_user where id = ${t.ids.viewer}`);
    expect(u).toEqual({ name: "Test viewer", image: null });
  });

  it("6. audits failed sign-ins and sign-outs, with the server's request id, never the client's", async () => {
    const chosen = "attacker-chosen-request-id";
    const failed = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in/email",
      headers: { ...json, "x-request-id": chosen },
      payload: { email: "Nobody@Test.vn", password: "wrong password!" },
    });
    expect(failed.statusCode).toBe(401);
    expect(failed.headers["x-request-id"]).not.toBe(chosen);
    const row = (await auditRows(t, "sign_in_failed")).find((r) => r.entity_id === "nobody@test.vn");
    expect(row).toMatchObject({ request_id: failed.headers["x-request-id"] });
    const cookie = cookieOf(await signIn(t.app, accounts.manager.email, PASSWORD));
    const out = await t.app.inject({ method: "POST", url: "/api/auth/sign-out", headers: { ...json, cookie, "x-request-id": chosen }, payload: {} });
    expect(out.statusCode).toBe(200);
    const signOut = (await auditRows(t, "sign_out")).at(-1);
    expect(signOut).toMatchObject({ actor_email: accounts.manager.email, request_id: out.headers["x-request-id"] });
    const signIns = await auditRows(t, "sign_in");
    expect(signIns.at(-1)!.request_id).toMatch(/^[0-9a-f-]{36}$/);
    const all = await selectRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from audit_log where request_id = ${chosen}`);
    expect(all[0]!.n).toBe(0);
  });

  it("changing a password is rate limited and always ends the other sessions", async () => {
    const other = cookieOf(await signIn(t.app, accounts.otherCollector.email, PASSWORD));
    const mine = cookieOf(await signIn(t.app, accounts.otherCollector.email, PASSWORD));
    const change = await t.app.inject({
      method: "POST",
      url: "/api/auth/change-password",
      headers: { ...json, cookie: mine },
      payload: { currentPassword: PASSWORD, newPassword: "a new long password", revokeOtherSessions: false },
    });
    expect(change.statusCode).toBe(200);
    expect(change.body).not.toMatch(/"token"/);
    expect((await call(t.app, "me.get", undefined, { cookie: other })).status).toBe(401);
    // this session goes on under a new cookie
    expect((await call(t.app, "me.get", undefined, { cookie: cookieOf(change) })).status).toBe(200);
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await strict.inject({
        method: "POST",
        url: "/api/auth/change-password",
        remoteAddress: "198.51.100.30",
        headers: { ...json, cookie: cookieOf(change) },
        payload: { currentPassword: "guess number " + i, newPassword: "whatever long enough" },
      });
      codes.push(r.statusCode);
    }
    expect(codes.slice(3)).toEqual([429, 429]);
  });

  it("sends no session token in response bodies", async () => {
    const res = await signIn(t.app, accounts.viewer.email, PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).not.toHaveProperty("token");
    expect(res.headers["set-auth-token"]).toBeUndefined();
    const session = await t.app.inject({ method: "GET", url: "/api/auth/get-session", headers: { cookie: cookieOf(res) } });
    const body = JSON.parse(session.body) as { session: Record<string, unknown>; user: { email: string } };
    expect(body.user.email).toBe(accounts.viewer.email);
    expect(body.session).not.toHaveProperty("token");
  });

  it("marks personal data answers Cache-Control: no-store", async () => {
    for (const proc of ["staff.list", "users.list", "audit.list"]) {
      const r = await t.app.inject({ method: "GET", url: `/trpc/${proc}?input=${encodeURIComponent("{}")}`, headers: { cookie: t.cookies.admin } });
      expect([proc, r.statusCode, r.headers["cache-control"]]).toEqual([proc, 200, "no-store"]);
    }
  });

  it("caps the number of procedures in one batch", async () => {
    const n = 30;
    const paths = Array.from({ length: n }, () => "areas.coverage").join(",");
    const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { code: "91", onDate: "2020-12-31" }]));
    const r = await t.app.inject({
      method: "GET",
      url: `/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`,
      headers: { cookie: t.cookies.admin },
    });
    expect(r.statusCode).toBe(400);
    const few = Array.from({ length: 5 }, () => "areas.coverage").join(",");
    const ok = await t.app.inject({
      method: "GET",
      url: `/trpc/${few}?batch=1&input=${encodeURIComponent(JSON.stringify(Object.fromEntries([0, 1, 2, 3, 4].map((i) => [i, { code: "91", onDate: "2020-12-31" }]))))}`,
      headers: { cookie: t.cookies.admin },
    });
    expect(ok.statusCode).toBe(200);
  });
});

describe("TRUST_PROXY", () => {
  it("defaults to loopback, takes IPs and CIDR ranges, none trusts nobody, and refuses anything else in one line", () => {
    expect(readEnv({}).TRUST_PROXY).toEqual(["loopback"]);
    expect(readEnv({ TRUST_PROXY: "10.0.0.5, 10.1.0.0/16,::1" }).TRUST_PROXY).toEqual(["10.0.0.5", "10.1.0.0/16", "::1"]);
    expect(readEnv({ TRUST_PROXY: "none" }).TRUST_PROXY).toBe(false);
    expect(() => readEnv({ TRUST_PROXY: "everyone" })).toThrow(EnvError);
    expect(() => readEnv({ TRUST_PROXY: "everyone" })).toThrow(/TRUST_PROXY.*IP/);
  });

  it("with none, even the loopback proxy's X-Forwarded-For is not believed", async () => {
    const t = await startTestApp(drivers[0]!.open);
    const app = await buildServer({ handle: t.handle, logLevel: "silent", publicUrl: PUBLIC_URL, signInPerMinute: 2, trustProxy: false });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await app.inject({
          method: "POST",
          url: "/api/auth/sign-in/email",
          headers: { ...json, "x-forwarded-for": `192.0.2.${i + 1}` },
          payload: { email: accounts.viewer.email, password: "wrong password!" },
        });
        codes.push(r.statusCode);
      }
      expect(codes).toEqual([401, 401, 429]);
    } finally {
      await app.close();
      await t.close();
    }
  });
});
